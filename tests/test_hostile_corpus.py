"""A fixed-seed subset of bench/hostile_corpus.py: no hostile file may raise anything but a
domain error (AssistantError, with its Chinese message). Time per file is measured by the bench,
not asserted here."""

from __future__ import annotations

from bench.hostile_corpus import run
from bench.hostile_files import KINDS


def test_hostile_subset_raises_only_domain_errors() -> None:
    result = run(count=150, seed=7, budget_s=30.0, quick=True)
    assert result["tried"] == 150
    assert result["non_domain_exceptions"] == 0, result["failures"]
    assert set(result["by_kind"]) == {kind for kind, _ in KINDS}


def test_hostile_garbage_kinds_are_refused_not_accepted() -> None:
    result = run(count=2 * len(KINDS), seed=11, quick=True)
    for kind in ("wrong_encoding", "odd_docx", "many_members", "truncated", "random_high_bytes", "docx_bomb"):
        assert result["by_kind"][kind]["accepted"] == 0, (kind, result["by_kind"][kind])
