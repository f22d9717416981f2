"""The knowledge base: add / list / remove / reindex report documents.

Ids come from content hashes of the normalised text, so re-adding a file (in any encoding) adds
nothing. Each file is read, parsed, chunked and embedded in memory before anything is written;
a file that fails anywhere leaves the library as it was."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vectorstore.chroma_store import ChromaStore, StoredDocument, forget_embedded_client, open_client
from vectorstore.embeddings import Embedder, make_embedder
from vectorstore.index import ChunkIndex
from vectorstore.lexical import warm_up

from .chunking import chunk_report
from .errors import AssistantError, IngestError
from .names import names_in
from .readers import SUPPORTED_SUFFIXES, read_file
from .settings import Settings
from .structure import parse_report
from .types import Chunk, DocumentInfo, Report

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (message, done, total)


@dataclass
class IngestResult:
    added: list[DocumentInfo] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, error)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, warning)


@dataclass(frozen=True)
class PreparedDocument:
    doc_id: str
    text: str
    report: Report
    title: str
    source: str
    chunks: list[Chunk]


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def untitled_name(report: Report, source: str) -> str:
    """A name for a report printed without a title line (seeds 003, 004): unit and year if known."""
    if report.year:
        return f"{report.unit}{report.year}年法治政府建设情况（原文无标题）"
    return Path(source).stem


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the supported files inside any folder given (sorted, recursive)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():  # a folder's README is about the folder, not a report
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in SUPPORTED_SUFFIXES and not p.stem.upper().startswith("README")
                )
            )
        else:
            files.append(path)
    return files


class Library:
    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, *, reindexing: bool = False
    ) -> None:
        """`reindexing=True` opens a library built with another embedder, for `reindex` only."""
        self.settings = settings
        self.embedder = embedder or make_embedder(settings.embedding)
        self._reindexing = reindexing
        self.store = self._open_store()
        warm_up(settings.data_dir / "cache" / "jieba")
        self._index: ChunkIndex | None = None
        self._index_manifest: dict = {}

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
        if self.store.current_revision() == self.store.revision:
            return False
        log.info("library changed by another process; reopening the store")
        if not self.settings.chroma_host:
            forget_embedded_client(self.store.client)
        self.store = self._open_store()
        return True

    # --- reading ------------------------------------------------------------------------------
    def prepare(self, path: Path) -> PreparedDocument:
        text = read_file(path, max_bytes=self.settings.max_file_mb * 1024 * 1024)
        return self.prepare_text(text, source=path.name)

    def prepare_text(self, text: str, source: str) -> PreparedDocument:
        report = parse_report(text, filename=source)
        doc_id = document_id(text)
        title = report.title or untitled_name(report, source)
        chunks = chunk_report(report, doc_id, title=title, count_tokens=self.embedder.count_tokens)
        if not chunks:
            raise IngestError(f"《{source}》没有可检索的正文内容，未收录。请检查文件内容。")
        return PreparedDocument(doc_id, text, report, title, source, chunks)

    # --- writing ------------------------------------------------------------------------------
    def add_paths(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestResult:
        self.refresh()
        result = IngestResult()
        files = expand_paths(paths)
        for done, path in enumerate(files):
            if progress:
                progress(f"正在处理《{path.name}》", done, len(files))
            self._add_one(path, result)
        if progress:
            progress("完成", len(files), len(files))
        return result

    def _add_one(self, path: Path, result: IngestResult) -> None:
        try:
            prepared = self.prepare(path)
            if self.store.has_document(prepared.doc_id):
                result.skipped.append((str(path), f"内容已在资料库中（编号 {prepared.doc_id}），未重复收录"))
                return
            result.added.append(self.commit(prepared))
            result.warnings.extend((str(path), w) for w in prepared.report.warnings)
        except AssistantError as exc:
            result.failed.append((str(path), str(exc)))
        except Exception as exc:  # a bug or a store failure must not abort the other files
            log.exception("ingest of %s failed", path)
            result.failed.append((str(path), f"《{path.name}》收录失败：{exc.__class__.__name__}: {exc}"))

    def commit(self, prepared: PreparedDocument) -> DocumentInfo:
        vectors = self.embedder.embed([c.text for c in prepared.chunks], "document")
        info = self._info(prepared)
        try:
            self.store.add_chunks(prepared.chunks, vectors)
            self.store.put_document(
                StoredDocument(prepared.doc_id, prepared.text, self._meta(prepared, info))
            )
        except BaseException:  # Ctrl-C included: never leave chunks without their document record
            self.store.delete_document(prepared.doc_id)
            raise
        finally:
            self.store.bump_revision()
        return info

    def _info(self, prepared: PreparedDocument) -> DocumentInfo:
        counts = Counter(c.section for c in prepared.chunks)
        return DocumentInfo(
            id=prepared.doc_id,
            title=prepared.title,
            unit=prepared.report.unit,
            year=prepared.report.year,
            chunks=len(prepared.chunks),
            sections=dict(counts),
            source=prepared.source,
            doc_number=prepared.report.doc_number,
        )

    def _meta(self, prepared: PreparedDocument, info: DocumentInfo) -> dict:
        return {
            "title": info.title,
            "unit": info.unit,
            "year": info.year or 0,
            "doc_number": info.doc_number,
            "source": info.source,
            "chunks": info.chunks,
            "sections": info.sections,
            "names": sorted(names_in(prepared.text)),
            "added_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        }

    def remove(self, doc_id: str) -> DocumentInfo:
        self.refresh()
        doc = self.store.get_document(doc_id)
        if doc is None:
            raise AssistantError(
                f"资料库中没有编号为 {doc_id} 的文档。请用 `fazhi list` 查看已有文档的编号。"
            )
        self.store.delete_document(doc_id)
        self.store.bump_revision()
        return _info_from_meta(doc.id, doc.meta)

    # --- listing ------------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        self.refresh()
        docs = [_info_from_meta(d.id, d.meta) for d in self.store.list_documents()]
        return sorted(docs, key=lambda d: (-(d.year or 0), d.unit, d.title))

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
            yield _info_from_meta(d.id, d.meta), list(d.meta.get("names") or []), d.text

    def document_text(self, doc_id: str) -> str | None:
        doc = self.store.get_document(doc_id)
        return doc.text if doc else None

    # --- derived data -------------------------------------------------------------------------
    def reindex(self, progress: Progress | None = None) -> int:
        """Re-chunk and re-embed every document with the current embedder; returns the chunk count."""
        docs = self.store.list_documents(with_text=True)
        chunks: list[Chunk] = []
        for done, doc in enumerate(docs):
            if progress:
                progress(f"正在切分《{doc.meta.get('title', doc.id)}》", done, len(docs))
            prepared = self.prepare_text(doc.text, source=str(doc.meta.get("source") or doc.id))
            chunks.extend(prepared.chunks)
        if progress:
            progress(f"正在向量化 {len(chunks)} 个段落", len(docs), len(docs))
        vectors = self.embedder.embed([c.text for c in chunks], "document")
        vectors = vectors if len(chunks) else np.zeros((0, self.embedder.dim), dtype=np.float32)
        self.store.replace_chunk_collection(chunks, vectors, self.embedder.name, self.embedder.dim)
        self.store.bump_revision()
        self._index = None
        return len(chunks)

    def index(self) -> ChunkIndex:
        """The derived search index, loaded from disk or rebuilt from Chroma when stale."""
        self.refresh()
        manifest = {
            "revision": self.store.revision,
            "count": self.store.chunk_count(),
            "collection": self.settings.collection_prefix,
            "embedder": self.embedder.name,
            "host": f"{self.settings.chroma_host}:{self.settings.chroma_port}"
            if self.settings.chroma_host
            else "",
        }
        if self._index is not None and self._index_manifest == manifest:
            return self._index
        directory = self.settings.data_dir / "index" / _safe_name(manifest)
        index = ChunkIndex.load(directory, manifest)
        if index is None:
            index = ChunkIndex.from_store(self.store)
            index.save(directory, manifest)
        self._index, self._index_manifest = index, manifest
        return index


def _safe_name(manifest: dict) -> str:
    host = str(manifest["host"]).replace(":", "_").replace("/", "_")
    return f"{manifest['collection']}" + (f"@{host}" if host else "")


def _info_from_meta(doc_id: str, meta: dict) -> DocumentInfo:
    return DocumentInfo(
        id=doc_id,
        title=str(meta.get("title", "")),
        unit=str(meta.get("unit", "")),
        year=int(meta.get("year") or 0) or None,
        chunks=int(meta.get("chunks", 0)),
        sections=dict(meta.get("sections") or {}),
        source=str(meta.get("source", "")),
        doc_number=str(meta.get("doc_number", "")),
    )
