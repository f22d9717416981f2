"""A document's record and its chunks as Chroma metadata: DocumentInfo to and from the record's
metadata (warnings newline-joined, year 0 for unknown), what a chunk says of its document, and
corrections written through to the chunks' metadata."""

from __future__ import annotations

import time
from collections import Counter
from typing import TYPE_CHECKING

from assistant.types import Chunk, DocumentInfo, as_level

if TYPE_CHECKING:  # `fazhi list` reads records through the catalog: no numpy, readers or jieba
    from assistant.library.dedup import Fingerprint
    from assistant.library.prepare import PreparedDocument
    from vectorstore.chroma_store import ChromaStore

# Record fields a correction also writes into every chunk of the document (search filters read them).
CHUNK_FIELDS = ("title", "unit", "year")


def info_of(prepared: PreparedDocument) -> DocumentInfo:
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
        level=prepared.report.level,
        warnings=prepared.report.warnings,
    )


def record_meta(prepared: PreparedDocument, info: DocumentInfo, fingerprint: Fingerprint) -> dict:
    """The metadata stored with a document's record (its text is the record's document)."""
    from assistant.text.names import names_in

    text = prepared.clean_text or prepared.text
    return {
        "title": info.title,
        "unit": info.unit,
        "year": info.year or 0,
        "doc_number": info.doc_number,
        "source": info.source,
        "chunks": info.chunks,
        "sections": info.sections,
        "names": sorted(names_in(text)),
        "level": info.level,
        "warnings": "\n".join(info.warnings),
        **fingerprint.to_meta(),
        "added_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def stored_warnings(meta: dict) -> tuple[str, ...]:
    """The warnings a document record keeps (newline-joined in Chroma's metadata)."""
    return tuple(w for w in str(meta.get("warnings") or "").split("\n") if w)


def info_from_meta(doc_id: str, meta: dict) -> DocumentInfo:
    return DocumentInfo(
        id=doc_id,
        title=str(meta.get("title", "")),
        unit=str(meta.get("unit", "")),
        year=int(meta.get("year") or 0) or None,
        chunks=int(meta.get("chunks", 0)),
        sections=dict(meta.get("sections") or {}),
        source=str(meta.get("source", "")),
        doc_number=str(meta.get("doc_number", "")),
        level=as_level(meta.get("level")),
        warnings=stored_warnings(meta),
    )


def info_from_chunk(chunk: Chunk) -> DocumentInfo:
    """What a document's chunk says of it (for a document whose record is gone)."""
    return DocumentInfo(chunk.doc_id, chunk.title, chunk.unit, chunk.year, 0, {})


def update_chunk_metadata(store: ChromaStore, doc_id: str, changes: dict) -> None:
    """Write the corrected CHUNK_FIELDS into the metadata of every chunk of `doc_id`."""
    fields = {k: v for k, v in changes.items() if k in CHUNK_FIELDS}
    if not fields:
        return
    found = store.chunks.get(where={"doc_id": doc_id}, include=["metadatas"])
    if found["ids"]:
        metas = [{**(m or {}), **fields} for m in found["metadatas"]]
        store.chunks.update(ids=found["ids"], metadatas=metas)
