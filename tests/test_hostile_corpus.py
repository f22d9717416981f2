"""A fixed-seed subset of bench/hostile_corpus.py: no hostile file may raise anything but a
domain error (AssistantError, with its Chinese message). Time per file is measured by the bench,
not asserted here."""

from __future__ import annotations

from assistant.readers import ReadOptions
from assistant.readers.limits import PdfLimits
from bench.hostile_corpus import run
from bench.hostile_files import KINDS

# No OCR here: a flipped PDF that loses its text layer would be OCR'd for seconds per page; the
# OCR path has its own test (test_formats) and the full corpus (bench) runs it.
NO_OCR = ReadOptions(pdf=PdfLimits(max_ocr_pages=0))


def test_hostile_subset_raises_only_domain_errors() -> None:
    result = run(count=150, seed=7, budget_s=30.0, quick=True, options=NO_OCR)
    assert result["tried"] == 150
    assert result["non_domain_exceptions"] == 0, result["failures"]
    assert set(result["by_kind"]) == {kind for kind, _ in KINDS}


def test_hostile_garbage_kinds_are_refused_not_accepted() -> None:
    result = run(count=2 * len(KINDS), seed=11, quick=True, options=NO_OCR)
    for kind in ("wrong_encoding", "odd_docx", "many_members", "truncated", "random_high_bytes", "docx_bomb"):
        assert result["by_kind"][kind]["accepted"] == 0, (kind, result["by_kind"][kind])
