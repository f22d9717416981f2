"""The knowledge base: add / list / edit / remove / reindex report documents, and open the
derived search index.

Each file is prepared (prepare.py) in memory before anything is written; a file that fails
anywhere leaves the library as it was.

Writes are one at a time (a thread lock and a file lock in the data dir) and journalled: a writer
records the change it begins ("add:ID" / "remove:ID") in Chroma with the revision, and clears it
when done. A process killed mid-change leaves the journal behind; the next open finishes the
change (journal.py: an add whose record and chunks are all there is kept, anything else is
removed), so a document is either fully present or fully gone."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError, IngestError
from assistant.library.catalog import Catalog, Rows, TextMirror, catalog_path, listing, sorted_for_listing
from assistant.library.changes import ChangeLog
from assistant.library.corrections import validated_changes, with_corrections
from assistant.library.derived import DerivedIndex
from assistant.library.disk import DiskFullError, check_free_space, disk_full_error, is_disk_full
from assistant.library.files import expand_paths
from assistant.library.fsnames import readable
from assistant.library.journal import WriteLock, finish_change, repair_damage
from assistant.library.prepare import (
    UNKNOWN_UNIT_MESSAGE,
    UNKNOWN_UNIT_WARNING,
    PreparedDocument,
    prepare_file,
    prepare_text,
)
from assistant.library.records import (
    info_from_chunk,
    info_from_meta,
    info_of,
    record_meta,
    stored_warnings,
    update_chunk_metadata,
)
from assistant.library.signatures import SignatureCache, fingerprint_of
from assistant.settings import Settings
from assistant.text import divisions, names
from assistant.types import Chunk, DocumentInfo, LibraryChange, Progress
from vectorstore.chroma_store import (
    ChromaStore,
    Snapshot,
    StoredDocument,
    forget_embedded_client,
    open_client,
)
from vectorstore.embeddings import Embedder, make_embedder
from vectorstore.index import ChunkIndex
from vectorstore.lexical import use_cache_dir
from vectorstore.peek import peek_state

log = logging.getLogger(__name__)

Step = Callable[[str], None]  # called with each step's name as a change passes it (crash tests)

# Progress messages: per file ("正在处理《name》", done/total files) and, while a file's chunks
# are embedded, per batch (EMBEDDING_MESSAGE, done/total chunks of that file).
# The reader's own messages (OCR pages, conversion) pass through unchanged in between.
FILE_MESSAGE = "正在处理《{name}》"
EMBEDDING_MESSAGE = "正在向量化《{name}》的段落"
EMBED_BATCH = 32
# The steps of a change, in order (a Step hook sees each name once the step is done).
ADD_STEPS = ("add:begin", "add:chunks", "add:record", "add:end")
REMOVE_STEPS = ("remove:begin", "remove:record", "remove:chunks", "remove:end")


class Skipped(tuple):
    """(path, reason) — still unpacks as a pair — and `duplicate_of`, the id of the document
    already in the library that this file repeats ('' when skipped for another reason)."""

    duplicate_of: str

    def __new__(cls, path: str, reason: str, duplicate_of: str = "") -> Skipped:
        entry = super().__new__(cls, (path, reason))
        entry.duplicate_of = duplicate_of
        return entry

    @property
    def path(self) -> str:
        return str(self[0])

    @property
    def reason(self) -> str:
        return str(self[1])


@dataclass
class IngestResult:
    added: list[DocumentInfo] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # Skipped(path, reason, duplicate_of)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, error)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, warning)
    added_paths: dict[str, str] = field(default_factory=dict)  # doc id → the path it was read from


class Library:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        *,
        reindexing: bool = False,
        step: Step | None = None,
    ) -> None:
        """`reindexing=True` opens a library built with another embedder, for `reindex` only.
        `step` is called with the name of each step of a change once it is done (ADD_STEPS,
        REMOVE_STEPS): the crash-point tests kill the process there."""
        self.settings = settings
        self.embedder = embedder or make_embedder(settings.embedding)
        self._reindexing = reindexing
        self._step = step or (lambda name: None)
        # One lock for this process's writes, refreshes and index builds (the UI's sessions share
        # one Library); the writer's file lock makes writers in other processes wait their turn.
        self._lock = threading.RLock()
        self._writer = WriteLock(settings.data_dir / "library.lock", self._lock)
        self._store: ChromaStore | None = None  # opened when first needed (see current_state)
        use_cache_dir(settings.data_dir / "cache" / "jieba")  # jieba itself only when searching
        divisions.use_cache_dir(settings.data_dir / "cache")
        names.use_cache_dir(settings.data_dir / "cache" / "jieba")
        host = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else ""
        self.derived = DerivedIndex(
            settings.data_dir / "index", settings.collection_prefix, self.embedder.name, host
        )
        name = self.derived.directory_name()
        self.changes = ChangeLog(settings.data_dir / "changes" / f"{name}.jsonl")
        self._signatures = SignatureCache(
            settings.data_dir / "index" / f"{name}.signatures.npz", self.changes
        )
        embedded = not settings.chroma_host
        self._catalog = (
            Catalog(catalog_path(settings), self.changes, settings.embedding) if embedded else None
        )
        self._texts = (
            TextMirror(settings.data_dir / "texts" / settings.collection_prefix) if embedded else None
        )
        self.finish_interrupted_change()

    @property
    def store(self) -> ChromaStore:
        """Chroma, opened on first use: a `fazhi list` or `fazhi check` whose derived files are
        current never imports chromadb."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = self._open_store()
        return self._store

    @store.setter
    def store(self, store: ChromaStore) -> None:
        self._store = store

    def current_state(self) -> dict:
        """Chroma's state now — the documents collection's `id`, `revision`, `pending` journal and
        `embedder` — read from its SQLite file while the store is not open (vectorstore/peek.py),
        else from the store. A library built with another embedder opens the store (which says so)."""
        if self._store is None and not self.settings.chroma_host:
            peeked = peek_state(self.settings.data_dir, f"{self.settings.collection_prefix}_documents")
            if peeked is not None and peeked.get("embedder") in (None, self.embedder.name):
                return peeked
        store = self.store
        state = store.state
        return {
            **state,
            "id": str(store.documents.id),
            "revision": int(state.get("revision", 0)),
            "pending": str(state.get("pending") or ""),
        }

    def _open_store(self) -> ChromaStore:
        s = self.settings
        client = open_client(s.data_dir, s.chroma_host, s.chroma_port)
        return ChromaStore(
            client,
            s.collection_prefix,
            self.embedder.name,
            self.embedder.dim,
            check_embedder=not self._reindexing,
        )

    def refresh(self) -> bool:
        """Pick up changes another process made (e.g. `fazhi ingest` while the UI runs); True if any."""
        with self._lock:
            if self._store is None:  # nothing read yet: the store opens on what is there now
                return False
            if self.store.current_revision() == self.store.revision:
                return False
            log.info("library changed by another process; reopening the store")
            if not self.settings.chroma_host:
                forget_embedded_client(self.store.client)
            self.store = self._open_store()
            return True

    def _writing(self) -> AbstractContextManager[None]:
        """This process's and every other local process's only writer while inside."""
        return self._writer.hold(before=self._before_write)

    def _before_write(self) -> None:
        self.refresh()
        if self.store.pending():  # we hold the write lock: the writer that left it is dead
            finish_change(self.store)

    # --- reading ------------------------------------------------------------------------------
    def prepare(self, path: Path, progress: Progress | None = None) -> PreparedDocument:
        """Read and parse one file (see prepare.prepare_file)."""
        max_bytes = self.settings.max_file_mb * 1024 * 1024
        return prepare_file(
            path, max_bytes=max_bytes, count_tokens=self.embedder.count_tokens, progress=progress
        )

    def prepare_text(self, text: str, source: str, warnings: Sequence[str] = ()) -> PreparedDocument:
        """Parse and chunk `text`; `warnings` (from the reader) are kept with the document."""
        return prepare_text(text, source, count_tokens=self.embedder.count_tokens, warnings=warnings)

    def _prepare_stored(self, doc: StoredDocument) -> PreparedDocument:
        """A stored record prepared again from its own text (reindex, repair)."""
        source = str(doc.meta.get("source") or doc.id)
        return self.prepare_text(doc.text, source=source, warnings=stored_warnings(doc.meta))

    # --- writing ------------------------------------------------------------------------------
    def add_paths(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestResult:
        """Add every file (folders expanded); `progress` hears of each file and of each batch of a
        file's chunks embedded."""
        self.refresh()
        result = IngestResult()
        files = expand_paths(paths)
        for done, path in enumerate(files):
            if progress:
                progress(FILE_MESSAGE.format(name=readable(path.name)), done, len(files))
            added = len(result.added)
            try:
                self._add_one(path, result, progress)
            except DiskFullError as exc:  # every later file would fail the same way: stop here
                result.failed.append((readable(str(path)), str(exc)))
                result.failed.extend(
                    (readable(str(p)), "未收录：磁盘已满，收录已停止。") for p in files[done + 1 :]
                )
                break
            if progress and len(result.added) > added and not result.added[-1].unit:
                progress(UNKNOWN_UNIT_MESSAGE.format(name=readable(path.name)), done, len(files))
        if progress:
            progress("完成", len(files), len(files))
        self._signatures.save()
        if result.added:
            with self._writer.attempt() as alone:  # another writer at work: a later reader catches up
                if alone:
                    self._keep_catalog()
        return result

    def _keep_catalog(self) -> None:
        """The catalog brought to the present after this process's changes, by the writer holding
        its lock (a derived file: failing only costs the next reader a listing from Chroma)."""
        try:
            self._listing()
        except Exception:  # noqa: BLE001 - never lose a finished change over derived data
            log.warning("catalog not brought up to date", exc_info=True)

    def _add_one(self, path: Path, result: IngestResult, progress: Progress | None = None) -> None:
        shown = readable(str(path))
        try:
            check_free_space(self.settings.data_dir)
            prepared = self.prepare(path, progress)
            if self.store.has_document(prepared.doc_id):
                reason = f"内容已在资料库中（编号 {prepared.doc_id}），未重复收录"
                result.skipped.append(Skipped(shown, reason, prepared.doc_id))
                return
            if kept := self.near_duplicate(prepared):
                reason = f"与资料库中的文档 {kept} 是同一篇报告（格式或来源不同），未重复收录"
                result.skipped.append(Skipped(shown, reason, kept))
                return
            info = self.commit(prepared, progress)
            result.added.append(info)
            result.added_paths[info.id] = shown
            result.warnings.extend((shown, w) for w in prepared.report.warnings)
            if not info.unit:
                result.warnings.append((shown, UNKNOWN_UNIT_WARNING))
        except DiskFullError:
            raise
        except AssistantError as exc:
            result.failed.append((shown, readable(str(exc))))
        except Exception as exc:  # a bug or a store failure must not abort the other files
            if is_disk_full(exc):
                raise disk_full_error(self.settings.data_dir) from exc
            log.exception("ingest of %s failed", shown)
            name = readable(path.name)
            result.failed.append(
                (shown, f"《{name}》收录失败：{exc.__class__.__name__}: {readable(str(exc))}")
            )

    def embed_chunks(self, prepared: PreparedDocument, progress: Progress | None = None) -> np.ndarray:
        """The chunks' vectors, embedded EMBED_BATCH at a time with progress after each batch."""
        texts = [c.text for c in prepared.chunks]
        message = EMBEDDING_MESSAGE.format(name=prepared.source)
        parts = []
        for start in range(0, len(texts), EMBED_BATCH):
            parts.append(self.embedder.embed(texts[start : start + EMBED_BATCH], "document"))
            if progress:
                progress(message, min(start + EMBED_BATCH, len(texts)), len(texts))
        return np.vstack(parts) if parts else np.zeros((0, self.embedder.dim), dtype=np.float32)

    def commit(self, prepared: PreparedDocument, progress: Progress | None = None) -> DocumentInfo:
        """Write one prepared document: journal, chunks, record, journal cleared (ADD_STEPS)."""
        vectors = self.embed_chunks(prepared, progress)
        info = info_of(prepared)
        with self._writing():
            before = self.store.bump_revision(pending=f"add:{prepared.doc_id}") - 1
            self._step("add:begin")
            try:
                meta = self._write_document(prepared, info, vectors)
            except BaseException as exc:  # Ctrl-C included: never leave chunks without their record
                if is_disk_full(exc):
                    # Chroma cannot delete on a full disk either (it blocks): the journal keeps
                    # "add:ID", and the next open removes the half-written document.
                    raise disk_full_error(self.settings.data_dir) from exc
                self.store.delete_document(prepared.doc_id)
                self.store.bump_revision(pending="")
                raise
            after = self.store.bump_revision(pending="")
            self.changes.append(LibraryChange(before, after, "add", prepared.doc_id, record=listing(meta)))
        self._step("add:end")
        return info

    def _write_document(self, prepared: PreparedDocument, info: DocumentInfo, vectors: np.ndarray) -> dict:
        self.store.add_chunks(prepared.chunks, vectors)
        self._step("add:chunks")
        meta = record_meta(prepared, info, fingerprint_of(prepared))
        self.store.put_document(StoredDocument(prepared.doc_id, prepared.text, meta))
        if self._texts is not None:
            self._texts.put(prepared.doc_id, prepared.text)
        self._step("add:record")
        return meta

    # --- one document per report --------------------------------------------------------------
    def near_duplicate(self, prepared: PreparedDocument) -> str:
        """The id of a document already in the library that is the same report in another format
        or from another source (see dedup), or ''."""
        return self._signatures.near_duplicate(self.store, prepared)

    # --- corrections ----------------------------------------------------------------------------
    def edit(
        self,
        doc_id: str,
        *,
        unit: str | None = None,
        year: int | None = None,
        level: str | None = None,
        title: str | None = None,
    ) -> DocumentInfo:
        """Correct a document's unit, year, level or title: its record, its chunks' metadata and
        (through the revision) the search index."""
        changes = validated_changes(unit=unit, year=year, level=level, title=title)
        if not changes:
            raise IngestError("没有要修改的内容：请至少给出 --unit、--year、--level、--title 中的一项。")
        with self._writing():
            doc = self.store.get_document(doc_id)
            if doc is None:
                raise IngestError(
                    f"资料库中没有编号为 {doc_id} 的文档。请用 `fazhi list` 查看已有文档的编号。"
                )
            meta = {**doc.meta, **changes}
            update_chunk_metadata(self.store, doc_id, changes)
            self.store.put_document(StoredDocument(doc_id, doc.text, meta))
            after = self.store.bump_revision()
            change = LibraryChange(after - 1, after, "edit", doc_id, meta=doc.meta, record=listing(meta))
            self.changes.append(change)
            self.derived.forget()
            self._keep_catalog()
        return info_from_meta(doc_id, meta)

    def remove(self, doc_id: str) -> DocumentInfo:
        """Remove whatever exists under `doc_id` (its record, its chunks, or both): journal, record,
        chunks, journal cleared (REMOVE_STEPS)."""
        with self._writing():
            doc = self.store.get_document(doc_id)
            chunk = self.store.first_chunk_of(doc_id) if doc is None else None
            if doc is None and chunk is None:
                raise AssistantError(
                    f"资料库中没有编号为 {doc_id} 的文档。请用 `fazhi list` 查看已有文档的编号。"
                )
            before = self.store.bump_revision(pending=f"remove:{doc_id}") - 1
            self._step("remove:begin")
            self.store.delete_record(doc_id)
            self._step("remove:record")
            self.store.delete_chunks_of(doc_id)
            self._step("remove:chunks")
            after = self.store.bump_revision(pending="")
            old = doc or StoredDocument(doc_id, "", {})
            self.changes.append(LibraryChange(before, after, "remove", doc_id, meta=old.meta, text=old.text))
            if self._texts is not None:
                self._texts.drop(doc_id)
            self._keep_catalog()
        self._step("remove:end")
        if doc is not None:
            return info_from_meta(doc.id, doc.meta)
        return info_from_chunk(chunk)  # type: ignore[arg-type]

    def finish_interrupted_change(self) -> str:
        """Finish a change a killed writer left in the journal (one metadata read when there is
        none): an add is kept if its record and all its chunks are there, else removed; a remove
        is completed. Returns what was done ("" when nothing was pending)."""
        if not self.current_state()["pending"]:
            return ""
        with self._writer.attempt() as alone:  # a live writer elsewhere: its change is not over
            return finish_change(self.store) if alone else ""

    def repair(self, snapshot: Snapshot) -> dict[str, list[str]]:
        """Remove chunks without a document record; re-chunk and re-embed, from the record's own
        text, a document whose chunks are missing (removed if that fails). Only when `snapshot` was
        read while no change was under way and no other local writer runs."""
        if not snapshot.stable or not (snapshot.orphans or snapshot.partial):
            return {}
        with self._writer.attempt() as alone:
            return repair_damage(self.store, snapshot, self._prepare_stored, self.commit) if alone else {}

    # --- listing ------------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return sorted_for_listing(self.stored_documents())

    def stored_documents(self) -> list[DocumentInfo]:
        """Every document, in the order Chroma keeps the records."""
        return [info_from_meta(doc_id, meta) for doc_id, meta in self._listing()]

    def _listing(self) -> Rows:
        """Every record's listing fields: from the catalog while it is current, else from Chroma
        (and the catalog written again when nothing changed during the read)."""
        if self._catalog is not None:
            rows = self._catalog.rows(self.current_state())
            if rows is not None:
                return rows
        self.refresh()
        before = self.current_state()
        rows = [(d.id, d.meta) for d in self.store.list_documents()]
        if self._catalog is not None and not before["pending"]:
            after = self.current_state()
            if (after["id"], after["revision"], after["pending"]) == (before["id"], before["revision"], ""):
                self._catalog.write(after, rows)
        return rows

    def foreign_names(self, own: set[str]) -> set[str]:
        """Unit and place names of the library's documents that are not the user's own (leak checks)."""
        return {name for names in self.document_names().values() for name in names} - own

    def document_names(self) -> dict[str, set[str]]:
        """For each document, the unit and place names found in it (for leak checks)."""
        self.refresh()
        return {d.id: set(d.meta.get("names") or []) for d in self.store.list_documents()}

    def documents_with_text(self) -> Iterator[tuple[DocumentInfo, list[str], str]]:
        """Every document's record, its unit/place names and its text (read-only; the checks build
        their copy index and leak model from it)."""
        self.refresh()
        for d in self.store.list_documents(with_text=True):
            yield info_from_meta(d.id, d.meta), list(d.meta.get("names") or []), d.text

    def document_record(self, doc_id: str) -> tuple[DocumentInfo, list[str], str] | None:
        """One document's record, its unit/place names and its text (as documents_with_text): from
        the catalog and the text mirror while they are current, else from Chroma."""
        return self.document_records([doc_id]).get(doc_id)

    def document_records(
        self, doc_ids: Sequence[str]
    ) -> dict[str, tuple[DocumentInfo, list[str], str] | None]:
        """document_record for many documents at once: one look at Chroma's state, the catalog and
        the text mirror while current, the rest from Chroma in pages (and mirrored)."""
        records: dict[str, tuple[DocumentInfo, list[str], str] | None] = {}
        known = None
        if self._catalog is not None and doc_ids:
            known = self._catalog.by_id(self.current_state())  # None: the catalog cannot say
        if known is not None and self._texts is not None:
            for doc_id in doc_ids:
                meta = known.get(doc_id)
                if meta is None:
                    records[doc_id] = None  # not in the library
                elif (text := self._texts.get(doc_id)) is not None:
                    records[doc_id] = (info_from_meta(doc_id, meta), list(meta.get("names") or []), text)
        missing = [d for d in dict.fromkeys(doc_ids) if d not in records]
        stored = {doc.id: doc for doc in self.store.get_documents(missing)} if missing else {}
        for doc_id in missing:
            doc = stored.get(doc_id)
            if doc is None:
                records[doc_id] = None
                continue
            if self._texts is not None:
                self._texts.put(doc_id, doc.text)
            records[doc_id] = (info_from_meta(doc_id, doc.meta), list(doc.meta.get("names") or []), doc.text)
        return records

    def document_text(self, doc_id: str) -> str | None:
        found = self.document_record(doc_id)
        return found[2] if found else None

    # --- derived data -------------------------------------------------------------------------
    def reindex(self, progress: Progress | None = None) -> int:
        """Re-chunk and re-embed every document with the current embedder; returns the chunk count."""
        docs = self.store.list_documents(with_text=True)
        chunks: list[Chunk] = []
        for done, doc in enumerate(docs):
            if progress:
                progress(f"正在切分《{doc.meta.get('title', doc.id)}》", done, len(docs))
            prepared = self._prepare_stored(doc)
            chunks.extend(with_corrections(prepared.chunks, doc.id, doc.meta))
        if progress:
            progress(f"正在向量化 {len(chunks)} 个段落", len(docs), len(docs))
        vectors = self.embedder.embed([c.text for c in chunks], "document")
        vectors = vectors if len(chunks) else np.zeros((0, self.embedder.dim), dtype=np.float32)
        with self._writing():
            self.store.replace_chunk_collection(chunks, vectors, self.embedder.name, self.embedder.dim)
            self.store.bump_revision()
            self.derived.forget()
        return len(chunks)

    def index(self) -> ChunkIndex:
        """The derived search index (derived.py), loaded from disk or rebuilt from Chroma when stale."""
        with self._lock:
            if self.derived.held is not None and self.store.pending():
                return self.derived.held  # another process is mid-change: serve the whole index held
            self.refresh()
            return self.derived.current(self.store, self.repair)
