"""The derived search index, persisted beside Chroma and rebuilt from it when stale.

Chroma stays the source of truth. This index holds, in chunk order: the chunk metadata as
numpy arrays (so a section/year/unit filter is a boolean mask, not a Chroma `where` scan),
a float32 mirror of the vectors (exact dense scores over the filtered rows), and the BM25 side.
It records the library state it was built from (revision, chunk count, collection)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from assistant.types import Chunk, as_level
from vectorstore.chroma_store import ChromaStore, Snapshot
from vectorstore.lexical import LexicalIndex

log = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 5.0  # a reader waits this long to save; past it, it serves its index unsaved


@dataclass
class ChunkIndex:
    chunks: list[Chunk]
    vectors: np.ndarray  # (n, dim) float32, L2-normalised
    lexical: LexicalIndex
    sections: np.ndarray  # (n,) <U12
    years: np.ndarray  # (n,) int32, 0 = unknown
    units: np.ndarray  # (n,) str: unit + title, for the unit substring filter
    levels: np.ndarray | None = None  # (n,) str: the document's level (省/市/县/乡镇/部门)
    built_from: Snapshot | None = None  # the read of Chroma it was built from (None: loaded from disk)

    def __post_init__(self) -> None:
        self.position = {c.id: i for i, c in enumerate(self.chunks)}
        # Few distinct sections and units: filters test each distinct value once, then gather.
        self._section_values, self._section_codes = _codes(self.sections)
        self._unit_values, self._unit_codes = _codes(self.units)
        if self.levels is None:
            self.levels = np.array([c.level for c in self.chunks], dtype=object)
        self._level_values, self._level_codes = _codes(self.levels)

    def __len__(self) -> int:
        return len(self.chunks)

    @classmethod
    def build(cls, chunks: Sequence[Chunk], vectors: np.ndarray) -> ChunkIndex:
        chunks = list(chunks)
        lexical = LexicalIndex.build([c.id for c in chunks], [c.text for c in chunks])
        return cls.assemble(chunks, vectors, lexical)

    @classmethod
    def assemble(cls, chunks: list[Chunk], vectors: np.ndarray, lexical: LexicalIndex) -> ChunkIndex:
        return cls(
            chunks=chunks,
            vectors=_matrix(vectors, len(chunks)),
            lexical=lexical,
            sections=np.array([c.section for c in chunks], dtype="<U12"),
            years=np.array([c.year or 0 for c in chunks], dtype=np.int32),
            units=np.array([f"{c.unit}\t{c.title}" for c in chunks], dtype=object),
        )

    @classmethod
    def from_store(cls, store: ChromaStore) -> ChunkIndex:
        """The index over the documents that are complete in a consistent read of Chroma: chunks
        without a document record, and documents missing chunks, are left out (and reported in
        `built_from`, for the library to repair)."""
        started = time.perf_counter()
        snapshot = store.snapshot()
        levels = {doc_id: as_level(meta.get("level")) for doc_id, meta in snapshot.documents.items()}
        pairs = [
            (replace(c, level=levels.get(c.doc_id, "")), v)
            for c, v in snapshot.pairs
            if c.doc_id in snapshot.complete
        ]
        pairs.sort(key=lambda p: p[0].id)
        vectors = (
            np.vstack([v for _, v in pairs if v is not None])
            if pairs
            else np.zeros((0, store.dim), np.float32)
        )
        index = cls.build([c for c, _ in pairs], vectors)
        index.built_from = snapshot
        log.info(
            "search index rebuilt from Chroma: %d chunks in %.2fs", len(pairs), time.perf_counter() - started
        )
        return index

    def mask(
        self,
        sections: Sequence[str] = (),
        year_from: int | None = None,
        year_to: int | None = None,
        unit: str = "",
        levels: Sequence[str] = (),
    ) -> np.ndarray | None:
        """Rows that pass the filters, or None when nothing is filtered."""
        keep = np.ones(len(self), dtype=bool)
        if sections:
            wanted = set(sections)
            keep &= _select(self._section_values, self._section_codes, lambda v: v in wanted)
        if year_from is not None:
            keep &= self.years >= year_from
        if year_to is not None:
            keep &= self.years <= year_to
        if unit:
            keep &= _select(self._unit_values, self._unit_codes, lambda v: unit in v)
        if levels:
            wanted_levels = set(levels)
            keep &= _select(self._level_values, self._level_codes, lambda v: v in wanted_levels)
        filtered = sections or unit or year_from or year_to or levels
        return None if keep.all() and not filtered else keep

    # --- persistence --------------------------------------------------------------------------
    # Layout: <directory>/<key>/ per library state (key = hash of the manifest). A state's folder
    # is written complete under a temporary name and renamed into place (atomic), under a file
    # lock so one process writes at a time; once it exists it never changes, so readers need no
    # lock. Older states' folders are pruned by the next writer; a reader that loses one mid-load
    # gets None and rebuilds from Chroma.
    def save(self, directory: Path, manifest: dict) -> bool:
        """Write the index for `manifest`; False when another writer held the lock too long."""
        directory.mkdir(parents=True, exist_ok=True)
        final = directory / manifest_key(manifest)
        try:
            with FileLock(str(directory) + ".lock", timeout=LOCK_TIMEOUT_S):
                if (final / "manifest.json").exists():
                    return True  # another process saved this very state meanwhile
                tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=directory))
                try:
                    self._write(tmp, manifest)
                    os.replace(tmp, final)
                except BaseException:
                    shutil.rmtree(tmp, ignore_errors=True)
                    raise
                _prune(directory, keep=final, revision=int(manifest.get("revision", 0)))
        except Timeout:
            log.info("search index at %s is being written by another process; not saved", directory)
            return False
        return True

    def _write(self, folder: Path, manifest: dict) -> None:
        np.save(folder / "vectors.npy", self.vectors)
        rows = [_chunk_row(c) for c in self.chunks]
        (folder / "chunks.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        self.lexical.save(folder)
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")  # last: complete

    @classmethod
    def load(cls, directory: Path, manifest: dict) -> ChunkIndex | None:
        """The saved index if it was built from the library state `manifest` describes, else None."""
        folder = directory / manifest_key(manifest)
        if not (folder / "manifest.json").exists():
            return None
        try:
            if json.loads((folder / "manifest.json").read_text(encoding="utf-8")) != manifest:
                return None
            rows = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
            chunks = [_row_chunk(r) for r in rows]
            vectors = _matrix(np.load(folder / "vectors.npy"), len(chunks))
            lexical = LexicalIndex.load(folder, [c.id for c in chunks])
        # A derived cache: whatever went wrong (pruned under us, damaged by hand, truncated by a full
        # disk: OSError, ValueError, EOFError, KeyError, ...), the answer is to rebuild from Chroma.
        except Exception as exc:  # noqa: BLE001
            log.info("search index at %s not usable (%s); rebuilding", folder, exc)
            return None
        return cls.assemble(chunks, vectors, lexical)


def _matrix(vectors: np.ndarray, rows: int) -> np.ndarray:
    """`vectors` as a (rows, dim) float32 matrix. No rows is an empty matrix whatever shape the
    empty array came in (np.array([]) cannot be reshaped to (0, -1)); a count that does not match
    is a ValueError (a damaged saved index: rebuilt by the caller)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if rows == 0:
        return vectors if vectors.ndim == 2 and len(vectors) == 0 else np.zeros((0, 0), np.float32)
    matrix = vectors if vectors.ndim == 2 else vectors.reshape(rows, -1)
    if len(matrix) != rows or matrix.shape[1] == 0:
        raise ValueError(f"vectors of shape {matrix.shape} for {rows} chunks")
    return matrix


def manifest_key(manifest: dict) -> str:
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()[:16]


def _prune(directory: Path, keep: Path, revision: int) -> None:
    """Remove older states' folders, crashed writers' temporary folders and the old flat layout.
    A folder saved from a later revision (by a process that saw the library later) is kept."""
    for entry in directory.iterdir():
        if entry == keep:
            continue
        if entry.is_dir() and not entry.name.startswith("."):
            try:
                saved = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
                if int(saved.get("revision", 0)) > revision:
                    continue
            except (OSError, ValueError):
                pass
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _codes(values: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Distinct values (first-seen order) and, per row, the number of its value."""
    numbers: dict[str, int] = {}
    codes = np.fromiter((numbers.setdefault(v, len(numbers)) for v in values), np.int32, count=len(values))
    return list(numbers), codes


def _select(values: list[str], codes: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Rows whose value passes `test`, testing each distinct value once."""
    passes = np.fromiter((test(v) for v in values), dtype=bool, count=len(values))
    return passes[codes] if len(codes) else np.zeros(0, dtype=bool)


def _chunk_row(c: Chunk) -> list:
    row = [c.id, c.doc_id, c.text, c.title, c.unit, c.year or 0, c.section, list(c.heading_path), c.position]
    return [*row, c.level]


def _row_chunk(r: list) -> Chunk:
    level = as_level(r[9]) if len(r) > 9 else ""
    return Chunk(r[0], r[1], r[2], r[3], r[4], r[5] or None, r[6], tuple(r[7]), r[8], level)
