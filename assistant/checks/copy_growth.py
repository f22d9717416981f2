"""The copy index grown or shrunk by one document (library_view replays the library's change log),
at a cost that does not depend on how many documents the index holds beyond array copies.

A document's winnowed fingerprints are merged into (or filtered out of) the sorted postings. The
boilerplate 5-grams depend on every unit: the index keeps, for each 5-gram, the number of units
using it (`CopyIndex.unit_grams`); a document adds to that count only the 5-grams its unit did
not use yet (and a removal subtracts those no other document of its unit uses), which is why the
caller passes the texts of the unit's other documents — usually none or a few."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from assistant.checks.copying import CopyIndex, IndexedDoc, boilerplate_units, gram_hashes, normalized, winnow

Texts = Callable[[str], str | None]  # a document's text (as indexed) by id, None when gone


def unit_key(doc: IndexedDoc) -> str:
    return doc.unit or doc.doc_id


def add_document(index: CopyIndex, doc: IndexedDoc, text: str, texts: Texts) -> CopyIndex:
    assert index.unit_grams is not None
    h = gram_hashes(normalized(text)[0])
    fp = winnow(h)
    at = np.searchsorted(index.fp_hash, fp)
    fp_hash = np.insert(index.fp_hash, at, fp)
    fp_doc = np.insert(index.fp_doc, at, np.full(len(fp), len(index.docs), dtype=np.uint32))
    docs = [*index.docs, doc]
    fresh = np.setdiff1d(np.unique(h), _unit_grams(index.docs, unit_key(doc), texts), assume_unique=True)
    values, counts = _counted(index.unit_grams, fresh, +1)
    return CopyIndex(docs, fp_hash, fp_doc, _boiler(values, counts, docs), (values, counts))


def remove_document(index: CopyIndex, doc_id: str, text: str, texts: Texts) -> CopyIndex:
    assert index.unit_grams is not None
    where = [i for i, d in enumerate(index.docs) if d.doc_id == doc_id]
    if not where:
        return index
    d = where[0]
    keep = index.fp_doc != d
    fp_doc = index.fp_doc[keep]
    fp_doc[fp_doc > d] -= 1
    removed, docs = index.docs[d], index.docs[:d] + index.docs[d + 1 :]
    gone = np.setdiff1d(
        np.unique(gram_hashes(normalized(text)[0])),
        _unit_grams(docs, unit_key(removed), texts),
        assume_unique=True,
    )
    values, counts = _counted(index.unit_grams, gone, -1)
    return CopyIndex(docs, index.fp_hash[keep], fp_doc, _boiler(values, counts, docs), (values, counts))


def _unit_grams(docs: Sequence[IndexedDoc], key: str, texts: Texts) -> np.ndarray:
    """The 5-grams the other documents of unit `key` use."""
    grams = []
    for doc in docs:
        if unit_key(doc) == key and (text := texts(doc.doc_id)) is not None:
            grams.append(gram_hashes(normalized(text)[0]))
    return np.unique(np.concatenate(grams)) if grams else np.zeros(0, np.uint64)


def _counted(
    unit_grams: tuple[np.ndarray, np.ndarray], grams: np.ndarray, step: int
) -> tuple[np.ndarray, np.ndarray]:
    values, counts = unit_grams
    at = np.searchsorted(values, grams)
    known = at < len(values)
    known[known] = values[at[known]] == grams[known]
    counts = counts.astype(np.int64)
    counts[at[known]] += step
    if step > 0:
        new = grams[~known]
        where = np.searchsorted(values, new)
        values = np.insert(values, where, new)
        counts = np.insert(counts, where, np.ones(len(new), dtype=np.int64))
    alive = counts > 0
    return values[alive], counts[alive].astype(np.uint32)


def _boiler(values: np.ndarray, counts: np.ndarray, docs: Sequence[IndexedDoc]) -> np.ndarray:
    units = len({unit_key(d) for d in docs})
    return values[counts >= boilerplate_units(units)] if units else np.zeros(0, np.uint64)


# --- the unit counts on disk, beside the index (read only to grow it) ------------------------------
def save_unit_grams(index: CopyIndex, directory: Path) -> None:
    if index.unit_grams is not None:
        values, counts = index.unit_grams
        np.savez(directory / "grams.npz", values=values, counts=counts)


def load_unit_grams(index: CopyIndex, directory: Path) -> bool:
    """Attach the saved unit counts to a loaded index; False when they are missing or damaged."""
    try:
        with np.load(directory / "grams.npz", allow_pickle=False) as saved:
            index.unit_grams = (saved["values"], saved["counts"])
    except (OSError, ValueError, KeyError):
        return False
    return True
