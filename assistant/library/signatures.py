"""The stored documents' dedup fingerprints, held between adds: read from Chroma once per library
revision (a document stored before fingerprints existed is fingerprinted from its text, in
memory only)."""

from __future__ import annotations

from assistant.library.dedup import Fingerprint, find_duplicate, fingerprint
from assistant.library.prepare import PreparedDocument
from assistant.parsing.webclean import clean_published
from vectorstore.chroma_store import ChromaStore


def fingerprint_of(prepared: PreparedDocument) -> Fingerprint:
    return fingerprint(prepared.clean_text or prepared.text, prepared.report.unit, prepared.report.year)


class SignatureCache:
    def __init__(self) -> None:
        self._held: tuple[int, list[str], list[Fingerprint]] | None = None

    def near_duplicate(self, store: ChromaStore, prepared: PreparedDocument) -> str:
        """The id of a document in `store` that is the same report as `prepared` in another format
        or from another source (see dedup), or ''."""
        ids, kept = self.stored(store)
        return find_duplicate(
            fingerprint_of(prepared),
            prepared.clean_text or prepared.text,
            ids,
            kept,
            lambda doc_id: clean_text_of(store, doc_id),
        )

    def stored(self, store: ChromaStore) -> tuple[list[str], list[Fingerprint]]:
        """(ids, fingerprints) of the stored documents, re-read when the revision moves."""
        if self._held is not None and self._held[0] == store.revision:
            return self._held[1], self._held[2]
        ids: list[str] = []
        kept: list[Fingerprint] = []
        for doc in store.list_documents():
            found = Fingerprint.from_meta(doc.meta)
            if found is None and (text := clean_text_of(store, doc.id)):
                found = fingerprint(
                    text, str(doc.meta.get("unit", "")), int(doc.meta.get("year") or 0) or None
                )
            if found is not None:
                ids.append(doc.id)
                kept.append(found)
        self._held = (store.revision, ids, kept)
        return ids, kept


def clean_text_of(store: ChromaStore, doc_id: str) -> str:
    doc = store.get_document(doc_id)
    return clean_published(doc.text).text if doc and doc.text else ""
