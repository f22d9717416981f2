"""The stored documents' dedup fingerprints, held between adds and saved in the data dir's index
folder with the revision they reflect. A new process loads them and catches up through the change
log one document at a time (changes.py); they are read from every document's record only when the
log cannot say what changed. A document stored before fingerprints existed is fingerprinted from
its text, in memory only."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.library.changes import ChangeLog
from assistant.library.dedup import NUM_PERM, Fingerprint, find_duplicate, fingerprint
from assistant.library.prepare import PreparedDocument
from assistant.parsing.webclean import clean_published
from assistant.types import LibraryChange
from vectorstore.chroma_store import ChromaStore

log = logging.getLogger(__name__)


def fingerprint_of(prepared: PreparedDocument) -> Fingerprint:
    return fingerprint(prepared.clean_text or prepared.text, prepared.report.unit, prepared.report.year)


@dataclass
class Held:
    revision: int
    ids: list[str]
    kept: list[Fingerprint]


class SignatureCache:
    def __init__(self, path: Path | None = None, changes: ChangeLog | None = None) -> None:
        """`path`: where the fingerprints are saved (None: memory only); `changes`: the library's log."""
        self.path, self.changes = path, changes
        self._held: Held | None = None
        self._saved = -1  # the revision last saved to `path`

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
        """(ids, fingerprints) of the stored documents at the store's revision."""
        held = self._held if self._held is not None else self._load()
        if held is None or held.revision != store.revision:
            chain = self.changes.between(held.revision, store.revision) if held and self.changes else None
            held = self._caught_up(store, held, chain) if held and chain is not None else _read_all(store)
        self._held = held
        return held.ids, held.kept

    def _caught_up(self, store: ChromaStore, held: Held, chain: list[LibraryChange]) -> Held:
        ids, kept = list(held.ids), list(held.kept)
        for change in chain:
            if change.doc_id in ids:
                at = ids.index(change.doc_id)
                del ids[at], kept[at]
            doc = store.get_document(change.doc_id) if change.kind != "remove" else None
            found = _fingerprint_of_record(store, doc.id, doc.meta) if doc else None
            if found is not None:
                ids.append(change.doc_id)
                kept.append(found)
        return Held(store.revision, ids, kept)

    # --- saved between processes ---------------------------------------------------------------
    def save(self) -> None:
        """Save the fingerprints held (if they moved since the last save); a failure costs only a
        slower next start."""
        held = self._held
        if self.path is None or held is None or held.revision == self._saved:
            return
        arrays: dict[str, Any] = {
            "revision": np.asarray(held.revision),
            "ids": np.asarray(held.ids, dtype=str),
            "units": np.asarray([k.unit for k in held.kept], dtype=str),
            "years": np.asarray([k.year or 0 for k in held.kept], dtype=np.int32),
            "figures": np.asarray([" ".join(k.figures) for k in held.kept], dtype=str),
            "signatures": np.asarray([k.signature for k in held.kept], dtype=np.uint32).reshape(-1, NUM_PERM),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp.npz")
            with os.fdopen(handle, "wb") as out:
                np.savez(out, **arrays)
            os.replace(temporary, self.path)
            self._saved = held.revision
        except OSError as exc:
            log.warning("dedup fingerprints not saved to %s: %s", self.path, exc)

    def _load(self) -> Held | None:
        if self.path is None:
            return None
        try:
            with np.load(self.path, allow_pickle=False) as saved:
                years = saved["years"].tolist()
                kept = [
                    Fingerprint(sig, tuple(figures.split()), unit, year or None)
                    for sig, figures, unit, year in zip(
                        saved["signatures"],
                        saved["figures"].tolist(),
                        saved["units"].tolist(),
                        years,
                        strict=True,
                    )
                ]
                held = Held(int(saved["revision"]), saved["ids"].tolist(), kept)
        except (OSError, ValueError, KeyError):
            return None
        self._saved = held.revision
        return held


def _read_all(store: ChromaStore) -> Held:
    ids: list[str] = []
    kept: list[Fingerprint] = []
    revision = store.revision
    for doc in store.list_documents():
        found = _fingerprint_of_record(store, doc.id, doc.meta)
        if found is not None:
            ids.append(doc.id)
            kept.append(found)
    return Held(revision, ids, kept)


def _fingerprint_of_record(store: ChromaStore, doc_id: str, meta: dict) -> Fingerprint | None:
    found = Fingerprint.from_meta(meta)
    if found is None and (text := clean_text_of(store, doc_id)):
        found = fingerprint(text, str(meta.get("unit", "")), int(meta.get("year") or 0) or None)
    return found


def clean_text_of(store: ChromaStore, doc_id: str) -> str:
    doc = store.get_document(doc_id)
    return clean_published(doc.text).text if doc and doc.text else ""
