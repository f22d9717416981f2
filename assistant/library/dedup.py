"""One document per report: the same report as .txt, .pdf, .docx or OCR text is recognised.

A MinHash (datasketch) over character 3-grams of the report's text with whitespace and
punctuation removed estimates how much two texts share, whatever the format did to line breaks,
TABs or quotes. A high estimate alone is not enough: offices copy one template, so a report is a
duplicate only when it also has the same year and the same unit (or one of them unknown) and
nearly the same figures. Signatures are stored with each document (Chroma metadata)."""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
# Measured on the five seeds: different reports share at most 0.11 of their 3-gram sets; a copy
# with 10 % of its characters dropped, replaced or doubled (bad OCR) still shares 0.60.
SHINGLE = 3
SAME_TEXT = 0.5  # estimated Jaccard of the 3-gram sets
SAME_FIGURES = 0.6  # Jaccard of the figure multisets
MAX_CHARS = 200_000  # reports are 5–30k characters; a longer text is signed by its start
_NOT_TEXT = re.compile(r"[\W_]+")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_UNIT_TAIL = re.compile(r"(?:人民政府|政府|办事处)$")


@dataclass(frozen=True)
class Fingerprint:
    """What a document is compared by: text signature, figures, unit and year."""

    signature: np.ndarray  # (NUM_PERM,) uint32
    figures: tuple[str, ...]
    unit: str
    year: int | None

    def to_meta(self) -> dict[str, str]:
        return {
            "minhash": base64.b64encode(self.signature.astype("<u4").tobytes()).decode("ascii"),
            "figures": " ".join(self.figures),
        }

    @classmethod
    def from_meta(cls, meta: dict) -> Fingerprint | None:
        raw = str(meta.get("minhash") or "")
        try:
            signature = np.frombuffer(base64.b64decode(raw), dtype="<u4").astype(np.uint32)
        except ValueError:
            return None
        if len(signature) != NUM_PERM:
            return None
        figures = tuple(str(meta.get("figures") or "").split())
        return cls(signature, figures, str(meta.get("unit") or ""), int(meta.get("year") or 0) or None)


def fingerprint(text: str, unit: str, year: int | None) -> Fingerprint:
    from datasketch import MinHash

    flat = _NOT_TEXT.sub("", text[:MAX_CHARS])
    shingles = {flat[i : i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    figures = tuple(sorted(_FIGURE.findall(text[:MAX_CHARS])))
    return Fingerprint(minhash.hashvalues.astype(np.uint32), figures, unit, year)


def find_duplicate(
    new: Fingerprint, text: str, ids: list[str], kept: list[Fingerprint], text_of: Callable[[str], str]
) -> str:
    """The id of a stored document that is the same report as `new` (whose text is `text`), or
    ''. `text_of(id)` gives a stored document's text; it is asked only for close candidates."""
    if not kept:
        return ""
    matrix = np.vstack([k.signature for k in kept])
    similarity = (matrix == new.signature).mean(axis=1)
    for row in np.argsort(-similarity, kind="stable"):
        if similarity[row] < SAME_TEXT:
            break
        other = kept[row]
        if _same_report(new, other) and _same_unit(new.unit, text, other.unit, text_of(ids[row])):
            return ids[row]
    return ""


def _same_report(a: Fingerprint, b: Fingerprint) -> bool:
    if a.year and b.year and a.year != b.year:
        return False
    return _figure_overlap(a.figures, b.figures) >= SAME_FIGURES


def _same_unit(unit_a: str, text_a: str, unit_b: str, text_b: str) -> bool:
    """Each unit is named in the other's text: a template filled in by another office names
    another unit; the same report read from another format names the same one, even when its
    parse found the unit under other words."""
    key_a, key_b = _unit_key(unit_a), _unit_key(unit_b)
    if key_a == key_b:
        return True
    flat_a, flat_b = _NOT_TEXT.sub("", text_a[:MAX_CHARS]), _NOT_TEXT.sub("", text_b[:MAX_CHARS])
    return (not key_a or key_a in flat_b) and (not key_b or key_b in flat_a)


def _unit_key(unit: str) -> str:
    return _UNIT_TAIL.sub("", _NOT_TEXT.sub("", unit))


def _figure_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Jaccard of the two multisets of figures (1.0 when neither has any)."""
    if not a and not b:
        return 1.0
    ca, cb = Counter(a), Counter(b)
    return sum((ca & cb).values()) / max(1, sum((ca | cb).values()))
