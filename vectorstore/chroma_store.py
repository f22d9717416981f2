"""Chroma, the source of truth: chunk texts + metadata + vectors, and one record per document
(its full normalised text, so the library can be re-chunked and re-embedded from Chroma alone).

Embedded PersistentClient under the data dir by default; HttpClient when a host is configured.
We always pass our own vectors: Chroma's default embedding function would download a model."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from assistant.errors import ConfigError, StoreError
from assistant.types import Chunk

log = logging.getLogger(__name__)

PAGE = 2000
READ_ATTEMPTS = 40  # a read that meets a concurrent change is retried, waiting READ_WAIT_S between
READ_WAIT_S = 0.05
T = TypeVar("T")
_JSON_FIELDS = ("sections", "names")
_HEADING_SEP = "\u241f"  # a separator that never occurs in report text
# What SQLite says of a damaged database file (codes 11 SQLITE_CORRUPT and 26 SQLITE_NOTADB).
_DAMAGED = re.compile(r"malformed|not a database|file is encrypted|code: (?:11|26)\)", re.IGNORECASE)


@dataclass(frozen=True)
class StoredDocument:
    id: str
    text: str
    meta: dict[str, Any]


@dataclass
class Snapshot:
    """Everything the search index needs, read from Chroma while nothing changed (`stable`), or,
    when a writer kept changing the library, the last read (then only `complete` documents count)."""

    state: dict[str, Any]
    documents: dict[str, dict[str, Any]]  # document id → metadata
    pairs: list[tuple[Chunk, np.ndarray | None]]
    stable: bool
    complete: set[str] = field(default_factory=set)  # documents with their record and every chunk
    orphans: set[str] = field(default_factory=set)  # doc ids of chunks without a document record
    partial: set[str] = field(default_factory=set)  # records whose chunks are missing or too many

    def __post_init__(self) -> None:
        counts: dict[str, int] = {}
        for chunk, _ in self.pairs:
            counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
        self.orphans = set(counts) - set(self.documents)
        self.partial = {d for d, m in self.documents.items() if counts.get(d, 0) != int(m.get("chunks", -1))}
        self.complete = set(self.documents) - self.partial


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    return {
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "unit": chunk.unit,
        "year": chunk.year or 0,
        "section": chunk.section,
        "heading_path": _HEADING_SEP.join(chunk.heading_path),
        "position": chunk.position,
    }


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    path = str(meta.get("heading_path") or "")
    return Chunk(
        id=chunk_id,
        doc_id=str(meta.get("doc_id", "")),
        text=text,
        title=str(meta.get("title", "")),
        unit=str(meta.get("unit", "")),
        year=int(meta["year"]) or None if meta.get("year") else None,
        section=str(meta.get("section", "other")),
        heading_path=tuple(path.split(_HEADING_SEP)) if path else (),
        position=int(meta.get("position", 0)),
    )


def open_client(data_dir: Path, host: str = "", port: int = 8000) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if host:
            return chromadb.HttpClient(host=host, port=port, settings=settings)
        data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)
    except Exception as exc:  # chromadb raises ValueError/ConnectionError/... depending on the mode
        where = f"{host}:{port}" if host else str(data_dir / "chroma")
        if not host:
            raise_if_damaged(data_dir / "chroma", exc)
        raise StoreError(
            f"无法打开向量库（{where}）：{exc}。请检查 FAZHI_CHROMA_HOST/FAZHI_CHROMA_PORT 指向的 Chroma 服务"
            "是否已启动，或 FAZHI_DATA_DIR 目录是否可写。"
        ) from exc


def raise_if_damaged(folder: Path, exc: BaseException) -> None:
    """A StoreError naming the damaged library file and the way back, when `exc` says so."""
    if not _DAMAGED.search(str(exc)):
        return
    database = folder / "chroma.sqlite3"
    raise StoreError(
        f"资料库文件 {database} 已损坏（{exc}），无法读取。恢复办法：先把资料库目录 {folder.parent} "
        "整个复制一份留底；有备份时，用备份的 chroma 目录替换它；没有备份时，可试运行 `fazhi reindex` "
        "重建索引，仍不行就把 chroma 目录改名，再用 `fazhi ingest` 重新导入原文件。"
    ) from exc


def forget_embedded_client(client: Any) -> None:
    """Make the next PersistentClient for this path start afresh. Chroma keeps one System per
    path for the whole process and never sees what another process wrote to the same folder
    (its queries then fail or return deleted ids); a fresh System reads the folder anew."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(getattr(client, "_identifier", ""), None)


class ChromaStore:
    """Two collections: `<prefix>_chunks` (cosine, our vectors) and `<prefix>_documents`."""

    def __init__(
        self, client: Any, prefix: str, embedder_name: str, dim: int, check_embedder: bool = True
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.embedder_name = embedder_name
        self.dim = dim
        self._renewing = threading.Lock()
        self.documents = client.get_or_create_collection(
            f"{prefix}_documents", embedding_function=None, metadata={"embedder": embedder_name, "dim": dim}
        )
        self.chunks = self._chunk_collection(f"{prefix}_chunks")
        # The library revision this process last read or wrote (cheap to compare on every search).
        self.revision = self.current_revision()
        if check_embedder:
            self._check_embedder()

    def _chunk_collection(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    @property
    def state(self) -> dict[str, Any]:
        """The library's state as Chroma holds it now (a Collection object caches its metadata,
        so another process's changes are only seen through a fresh get_collection)."""
        name = f"{self.prefix}_documents"
        fresh = self._retry(lambda: self.client.get_collection(name, embedding_function=None))
        return dict(fresh.metadata or {})

    def _retry(self, read: Callable[[], T]) -> T:
        """`read()`, retried while Chroma fails because a writer changes the rows under it (the
        server raises InternalError "Error finding id" for a row deleted during a get; an embedded
        client raises it for rows another process deleted, until it is renewed)."""
        from chromadb.errors import ChromaError

        for attempt in range(READ_ATTEMPTS):
            client = self.client
            try:
                return read()
            except ChromaError as exc:
                self._raise_if_damaged(exc)
                if attempt == READ_ATTEMPTS - 1:
                    raise StoreError(
                        f"向量库读取失败：{exc}。资料库可能正被其他程序大量改动，请稍后重试。"
                    ) from exc
                log.debug("chroma read failed (%s); retrying", exc)
                self.renew(client)
                time.sleep(READ_WAIT_S * min(attempt, 4))
        raise AssertionError("unreachable")

    def _raise_if_damaged(self, exc: BaseException) -> None:
        settings = self.client.get_settings()
        if settings.is_persistent:
            raise_if_damaged(Path(settings.persist_directory), exc)

    def renew(self, failed_client: Any) -> None:
        """A fresh embedded client on the same folder, unless another thread renewed it already
        (an embedded client never sees rows that another process deleted or added; see
        forget_embedded_client). A server client needs none."""
        settings = failed_client.get_settings()
        if not settings.is_persistent:
            return
        with self._renewing:
            if self.client is not failed_client:
                return
            forget_embedded_client(failed_client)
            self.client = open_client(Path(settings.persist_directory).parent)
            name = f"{self.prefix}_documents"
            self.documents = self.client.get_collection(name, embedding_function=None)
            self.chunks = self._chunk_collection(f"{self.prefix}_chunks")

    def _check_embedder(self) -> None:
        built_with = self.state.get("embedder")
        if built_with and built_with != self.embedder_name and self.documents.count():
            raise ConfigError(
                f"资料库是用向量模型“{built_with}”建立的，当前设置为“{self.embedder_name}”，两者不能混用。"
                f"请运行 `fazhi reindex` 用当前模型重建索引，或把 FAZHI_EMBEDDING 改回 {built_with}。"
            )

    def current_revision(self) -> int:
        """The revision in Chroma now; differs from `self.revision` when another process wrote."""
        return int(self.state.get("revision", 0))

    def bump_revision(self, pending: str | None = None) -> int:
        """Move the revision on; `pending` (when given) replaces the journal of the change under
        way ("add:ID" / "remove:ID", "" when none)."""
        state = self.state
        self.revision = int(state.get("revision", 0)) + 1
        meta = {**state, "embedder": self.embedder_name, "dim": self.dim, "revision": self.revision}
        if pending is not None:
            meta["pending"] = pending
        self.documents.modify(metadata=meta)
        return self.revision

    def pending(self) -> str:
        """The change a writer began and has not finished ("" when none)."""
        return str(self.state.get("pending") or "")

    def snapshot(self) -> Snapshot:
        """Documents and chunks read while nothing changed: the revision and journal are the same
        before and after the read, and no change was under way (writers move the revision before
        they touch a row). While a writer keeps changing, retried; finally the last read."""
        for attempt in range(READ_ATTEMPTS):
            before, client = self.state, self.client
            try:
                documents = {d.id: d.meta for d in self._list_documents()}
                pairs = list(self.iter_chunks(with_vectors=True))
            except Exception as exc:  # noqa: BLE001 - rows deleted under a paged read; read again
                log.debug("chroma read met a concurrent change (%s); retrying", exc)
                self._raise_if_damaged(exc)
                if attempt == READ_ATTEMPTS - 1:
                    raise StoreError(f"向量库读取失败：{exc}。请稍后重试。") from exc
                self.renew(client)
                time.sleep(READ_WAIT_S)
                continue
            after = self.state
            stable = before == after and not before.get("pending")
            if stable or attempt == READ_ATTEMPTS - 1:
                return Snapshot(after, documents, pairs, stable)
            time.sleep(READ_WAIT_S)
        raise AssertionError("unreachable")

    # --- chunks -------------------------------------------------------------------------------
    def add_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray, collection: Any = None) -> None:
        target = collection if collection is not None else self.chunks
        for start in range(0, len(chunks), PAGE):
            batch = chunks[start : start + PAGE]
            target.upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[chunk_metadata(c) for c in batch],
                embeddings=vectors[start : start + PAGE].tolist(),
            )

    def delete_chunks_of(self, doc_id: str) -> None:
        self.chunks.delete(where={"doc_id": doc_id})

    def chunk_ids_of(self, doc_id: str) -> list[str]:
        return list(self._retry(lambda: self.chunks.get(where={"doc_id": doc_id}, include=[]))["ids"])

    def first_chunk_of(self, doc_id: str) -> Chunk | None:
        page = self._retry(
            lambda: self.chunks.get(where={"doc_id": doc_id}, include=["documents", "metadatas"], limit=1)
        )
        if not page["ids"]:
            return None
        return chunk_from_record(page["ids"][0], page["documents"][0], page["metadatas"][0])

    def chunk_count(self) -> int:
        return int(self._retry(self.chunks.count))

    def iter_chunks(self, with_vectors: bool = False) -> Iterator[tuple[Chunk, np.ndarray | None]]:
        include = ["documents", "metadatas"] + (["embeddings"] if with_vectors else [])
        total = self.chunk_count()
        for offset in range(0, total, PAGE):
            page = self.chunks.get(include=include, limit=PAGE, offset=offset)
            vectors = page.get("embeddings") if with_vectors else None
            for i, chunk_id in enumerate(page["ids"]):
                vector = np.asarray(vectors[i], dtype=np.float32) if vectors is not None else None
                yield chunk_from_record(chunk_id, page["documents"][i], page["metadatas"][i]), vector

    # --- documents ----------------------------------------------------------------------------
    def put_document(self, doc: StoredDocument) -> None:
        meta = {
            k: (json.dumps(v, ensure_ascii=False) if k in _JSON_FIELDS else v) for k, v in doc.meta.items()
        }
        self.documents.upsert(ids=[doc.id], documents=[doc.text], metadatas=[meta], embeddings=[[1.0]])

    def has_document(self, doc_id: str) -> bool:
        return bool(self._retry(lambda: self.documents.get(ids=[doc_id], include=[]))["ids"])

    def list_documents(self, with_text: bool = False) -> list[StoredDocument]:
        return self._retry(lambda: self._list_documents(with_text))

    def _list_documents(self, with_text: bool = False) -> list[StoredDocument]:
        include = ["metadatas"] + (["documents"] if with_text else [])
        docs: list[StoredDocument] = []
        total = int(self.documents.count())
        for offset in range(0, total, PAGE):
            page = self.documents.get(include=include, limit=PAGE, offset=offset)
            for i, doc_id in enumerate(page["ids"]):
                text = page["documents"][i] if with_text else ""
                docs.append(StoredDocument(doc_id, text, _decode_meta(page["metadatas"][i])))
        return docs

    def get_document(self, doc_id: str) -> StoredDocument | None:
        page = self._retry(lambda: self.documents.get(ids=[doc_id], include=["documents", "metadatas"]))
        if not page["ids"]:
            return None
        return StoredDocument(doc_id, page["documents"][0], _decode_meta(page["metadatas"][0]))

    def get_documents(self, doc_ids: Sequence[str]) -> list[StoredDocument]:
        """The records of `doc_ids` that exist, read PAGE at a time."""
        found: list[StoredDocument] = []
        for start in range(0, len(doc_ids), PAGE):
            ids = list(doc_ids[start : start + PAGE])

            def read(ids: list[str] = ids) -> Any:
                return self.documents.get(ids=ids, include=["documents", "metadatas"])

            page = self._retry(read)
            found.extend(
                StoredDocument(doc_id, page["documents"][i], _decode_meta(page["metadatas"][i]))
                for i, doc_id in enumerate(page["ids"])
            )
        return found

    def delete_document(self, doc_id: str) -> None:
        """The record first, then the chunks: an interrupted delete leaves chunks without a record,
        which the search index never serves and the library's repair removes."""
        self.delete_record(doc_id)
        self.delete_chunks_of(doc_id)

    def delete_record(self, doc_id: str) -> None:
        self.documents.delete(ids=[doc_id])

    def replace_chunk_collection(
        self, chunks: Sequence[Chunk], vectors: np.ndarray, embedder_name: str, dim: int
    ) -> None:
        """Build a new chunk collection, then swap it in: a failed reindex leaves the old one intact."""
        staging_name = f"{self.prefix}_chunks_staging"
        try:
            self.client.delete_collection(staging_name)
        except Exception:  # noqa: BLE001 - absent staging collection is the normal case
            pass
        staging = self._chunk_collection(staging_name)
        self.add_chunks(chunks, vectors, collection=staging)
        self.client.delete_collection(f"{self.prefix}_chunks")
        staging.modify(name=f"{self.prefix}_chunks")
        self.chunks = self._chunk_collection(f"{self.prefix}_chunks")
        self.embedder_name, self.dim = embedder_name, dim
        self.documents.modify(metadata={**self.state, "embedder": embedder_name, "dim": dim})


def _decode_meta(meta: dict[str, Any] | None) -> dict[str, Any]:
    """Chroma metadata holds only scalars: put_document stored dicts and lists as JSON strings."""
    decoded = dict(meta or {})
    for key in _JSON_FIELDS:
        if isinstance(decoded.get(key), str):
            decoded[key] = json.loads(decoded[key])
    return decoded
