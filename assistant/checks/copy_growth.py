"""The copy index grown or shrunk by one document (library_view replays the library's change log),
at a cost that depends on the changed document, not on how many documents the index holds (beyond
array copies of the postings).

A document's winnowed fingerprints are merged into (or filtered out of) the sorted postings. The
boilerplate 5-grams depend on every unit: the index keeps, for each 5-gram, the number of units
using it (`UnitGrams`); a document adds to that count only the 5-grams its unit did not use yet
(and a removal subtracts those no other document of its unit uses), which is why the caller passes
the texts of the unit's other documents — usually none or a few. A gram enters or leaves the
boilerplate when its count crosses `boilerplate_units`; only when the number of units moves that
threshold is the boilerplate read again from every count.

On disk the counts are a sorted base (`grams.<generation>.values.npy` / `.counts.npy`, written by a
build or a compaction, memory-mapped when loaded: a change looks up its own grams only) and a small
sorted delta of the changes since (`grams-delta.npz`, rewritten per catch-up). The delta is merged
into a new base generation when it grows past a fraction of the base (`COMPACT_FRACTION`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.checks.copying import CopyIndex, IndexedDoc, boilerplate_units, gram_hashes, normalized, winnow

Texts = Callable[[str], str | None]  # a document's text (as indexed) by id, None when gone
COMPACT_MIN = 200_000  # the delta is merged into the base past this many grams …
COMPACT_FRACTION = 8  # … and past 1/8 of the base
DELTA = "grams-delta.npz"


class UnitGrams:
    """For every 5-gram, the number of units whose documents use it: `values`/`counts` sorted (the
    base, possibly memory-mapped) plus `delta_values`/`delta_counts` sorted (signed changes since)."""

    def __init__(
        self,
        values: np.ndarray,
        counts: np.ndarray,
        delta_values: np.ndarray | None = None,
        delta_counts: np.ndarray | None = None,
        generation: int = 0,
        saved: bool = False,
    ) -> None:
        self.values, self.counts = values, counts
        self.delta_values = np.zeros(0, np.uint64) if delta_values is None else delta_values
        self.delta_counts = np.zeros(0, np.int64) if delta_counts is None else delta_counts
        self.generation, self.saved = generation, saved  # saved: the base is on disk as `generation`

    def count(self, grams: np.ndarray) -> np.ndarray:
        """The number of units using each of `grams` (int64)."""
        return _lookup(self.values, self.counts, grams) + _lookup(self.delta_values, self.delta_counts, grams)

    def moved(self, grams: np.ndarray, step: int) -> UnitGrams:
        """The counts with `step` added to each of `grams` (unique)."""
        values = np.concatenate([self.delta_values, grams.astype(np.uint64)])
        steps = np.concatenate([self.delta_counts, np.full(len(grams), step, dtype=np.int64)])
        merged, where = np.unique(values, return_inverse=True)
        sums = np.zeros(len(merged), dtype=np.int64)
        np.add.at(sums, where, steps)
        keep = sums != 0
        grown = UnitGrams(self.values, self.counts, merged[keep], sums[keep], self.generation, self.saved)
        big = len(grown.delta_values) > max(COMPACT_MIN, len(self.values) // COMPACT_FRACTION)
        return grown.compacted() if big else grown

    def at_least(self, threshold: int) -> np.ndarray:
        """The grams used by `threshold` units or more, sorted (reads every count)."""
        mask = np.asarray(self.counts) >= threshold
        at = np.searchsorted(self.values, self.delta_values)
        inside = at < len(self.values)
        inside[inside] = np.asarray(self.values)[at[inside]] == self.delta_values[inside]
        total = self.count(self.delta_values)
        mask[at[inside]] = total[inside] >= threshold
        fresh = self.delta_values[~inside & (total >= threshold)]
        return np.union1d(np.asarray(self.values)[mask], fresh).astype(np.uint64)

    def compacted(self) -> UnitGrams:
        """The delta merged into a new base (grams no unit uses dropped); not saved yet."""
        values = np.union1d(np.asarray(self.values), self.delta_values).astype(np.uint64)
        counts = _lookup(self.values, self.counts, values) + _lookup(
            self.delta_values, self.delta_counts, values
        )
        alive = counts > 0
        return UnitGrams(values[alive], counts[alive].astype(np.uint32), generation=self.generation + 1)

    def full(self) -> tuple[np.ndarray, np.ndarray]:
        """(values, counts) with the delta applied — what a rebuild from every document gives."""
        merged = self.compacted()
        return merged.values, merged.counts


def _lookup(values: np.ndarray, counts: np.ndarray, grams: np.ndarray) -> np.ndarray:
    found = np.zeros(len(grams), dtype=np.int64)
    if not len(values) or not len(grams):
        return found
    at = np.searchsorted(values, grams)
    inside = at < len(values)
    hit = np.zeros(len(grams), dtype=bool)
    hit[inside] = np.asarray(values[at[inside]]) == grams[inside]
    found[hit] = np.asarray(counts[at[hit]], dtype=np.int64)
    return found


def unit_key(doc: IndexedDoc) -> str:
    return doc.unit or doc.doc_id


def unit_grams(index: CopyIndex) -> UnitGrams:
    grams = index.unit_grams
    assert grams is not None
    return grams if isinstance(grams, UnitGrams) else UnitGrams(*grams)


def add_document(index: CopyIndex, doc: IndexedDoc, text: str, texts: Texts) -> CopyIndex:
    h = gram_hashes(normalized(text)[0])
    fp = winnow(h)
    at = np.searchsorted(index.fp_hash, fp)
    fp_hash = np.insert(index.fp_hash, at, fp)
    fp_doc = np.insert(index.fp_doc, at, np.full(len(fp), len(index.docs), dtype=np.uint32))
    docs = [*index.docs, doc]
    fresh = np.setdiff1d(np.unique(h), _unit_grams(index.docs, unit_key(doc), texts), assume_unique=True)
    grams, boiler = _counted(index, fresh, +1, docs)
    return CopyIndex(docs, fp_hash, fp_doc, boiler, grams)


def remove_document(index: CopyIndex, doc_id: str, text: str, texts: Texts) -> CopyIndex:
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
    grams, boiler = _counted(index, gone, -1, docs)
    return CopyIndex(docs, index.fp_hash[keep], fp_doc, boiler, grams)


def _unit_grams(docs: Sequence[IndexedDoc], key: str, texts: Texts) -> np.ndarray:
    """The 5-grams the other documents of unit `key` use."""
    grams = []
    for doc in docs:
        if unit_key(doc) == key and (text := texts(doc.doc_id)) is not None:
            grams.append(gram_hashes(normalized(text)[0]))
    return np.unique(np.concatenate(grams)) if grams else np.zeros(0, np.uint64)


def _counted(
    index: CopyIndex, grams: np.ndarray, step: int, docs: Sequence[IndexedDoc]
) -> tuple[UnitGrams, np.ndarray]:
    """The unit counts with `step` added to `grams`, and the boilerplate after it: the grams whose
    count crossed the threshold enter or leave; a new threshold reads every count."""
    counts = unit_grams(index)
    before = counts.count(grams)
    if step < 0:  # a gram no unit is counted for stays uncounted
        grams, before = grams[before > 0], before[before > 0]
    grown = counts.moved(grams, step)
    units_before = len({unit_key(d) for d in index.docs})
    units = len({unit_key(d) for d in docs})
    if not units:
        return grown, np.zeros(0, np.uint64)
    threshold = boilerplate_units(units)
    if not units_before or boilerplate_units(units_before) != threshold:
        return grown, grown.at_least(threshold)
    after = before + step
    entering = grams[(before < threshold) & (after >= threshold)]
    leaving = grams[(before >= threshold) & (after < threshold)]
    boiler = np.setdiff1d(index.boiler, leaving, assume_unique=True)
    return grown, np.union1d(boiler, entering).astype(np.uint64)


# --- the unit counts on disk, beside the index (read only to grow it) ------------------------------
def save_unit_grams(index: CopyIndex, directory: Path) -> None:
    """The delta, and the base when it is not on disk yet (after a build or a compaction)."""
    if index.unit_grams is None:
        return
    grams = unit_grams(index)
    if not grams.saved:
        for name, array in (("values", grams.values), ("counts", grams.counts)):
            temporary = directory / f"grams.{grams.generation}.{name}.tmp.npy"
            np.save(temporary, np.asarray(array))
            temporary.replace(directory / f"grams.{grams.generation}.{name}.npy")
        grams.saved = True
        _drop_other_generations(directory, grams.generation)
    temporary = directory / "grams-delta.tmp.npz"
    np.savez(
        temporary, values=grams.delta_values, counts=grams.delta_counts, generation=np.int64(grams.generation)
    )
    temporary.replace(directory / DELTA)
    index.unit_grams = grams


def load_unit_grams(index: CopyIndex, directory: Path) -> bool:
    """Attach the saved unit counts to a loaded index (the base memory-mapped); False when they
    are missing or damaged."""
    try:
        with np.load(directory / DELTA, allow_pickle=False) as delta:
            generation = int(delta["generation"])
            delta_values, delta_counts = delta["values"], delta["counts"]
        values = np.load(directory / f"grams.{generation}.values.npy", mmap_mode="r", allow_pickle=False)
        counts = np.load(directory / f"grams.{generation}.counts.npy", mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError, KeyError):
        return False
    if len(values) != len(counts) or len(delta_values) != len(delta_counts):
        return False
    index.unit_grams = UnitGrams(values, counts, delta_values, delta_counts, generation, saved=True)
    return True


def _drop_other_generations(directory: Path, generation: int) -> None:
    for path in directory.glob("grams.*.npy"):
        if not path.name.startswith(f"grams.{generation}."):
            try:
                path.unlink()
            except OSError:  # still mapped by a reader (Windows): the next save tries again
                pass
    (directory / "grams.npz").unlink(missing_ok=True)  # the form before the base and delta


def as_full(grams: Any) -> tuple[np.ndarray, np.ndarray]:
    """(values, counts) of either form (tests compare a grown index with a rebuild)."""
    return grams.full() if isinstance(grams, UnitGrams) else grams
