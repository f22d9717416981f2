"""The checks over the dev split of real published excerpts (../shared/eval/real_excerpts_dev.jsonl).

Each excerpt is checked as a draft for its own unit and year, its unit typed in full and without
its province/city prefix, with the other excerpts in the library or shown as precedents: it holds
no real leak, so error findings are false alarms (at most 0.2 per excerpt on average). Then a
unit, a place, a 文号 prefix and a brand of another excerpt are planted: each must be an error."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.checks import Reference, check_draft
from assistant.library.facade import Library
from tests.dev_split import (
    FRAGMENT_KINDS,
    LEAK_KINDS,
    all_rows,
    clean_text,
    excerpt_draft,
    excerpts,
    half,
    planted,
    seed_rows,
    short_unit,
    with_sentence,
)
from tests.helpers import make_settings

ROWS = excerpts()


def _reference(row: dict) -> Reference:
    return Reference(
        row["id"], row["title"], row["unit"], row["year_reported"], text=clean_text(row)
    ).filled()


REFERENCES = {row["id"]: _reference(row) for row in ROWS}


def _others(row: dict) -> list[Reference]:
    return [REFERENCES[o["id"]] for o in ROWS if o["id"] != row["id"]]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The 41 excerpts in a real library (fake embedder), with their true unit, year and title."""
    lib = Library(make_settings(tmp_path_factory.mktemp("dev")))
    for row in ROWS:
        prepared = lib.prepare_text(row["text"], source=f"{row['id']}.txt")
        report = replace(prepared.report, unit=row["unit"], year=row["year_reported"])
        lib.commit(replace(prepared, report=report, title=row["title"]))
    return lib


def _false_errors(findings: list) -> list:
    return [f for f in findings if f.severity == "error" and f.kind not in FRAGMENT_KINDS]


@pytest.mark.parametrize("typed", ["full", "short"])
def test_real_excerpts_checked_for_their_own_unit_give_few_errors(typed: str) -> None:
    errors = 0
    for row in ROWS:
        unit = row["unit"] if typed == "full" else short_unit(row["unit"])
        errors += len(_false_errors(check_draft(excerpt_draft(row, unit), references=_others(row))))
    assert errors / len(ROWS) <= 0.2


def test_real_excerpts_checked_against_the_library_give_few_errors(library: Library) -> None:
    errors = 0
    for row in ROWS:
        findings = check_draft(excerpt_draft(row, short_unit(row["unit"])), library=library)
        errors += len(_false_errors([f for f in findings if f.kind != "copy"]))
    assert errors / len(ROWS) <= 0.2


def _caught(row: dict, kind: str, **context: object) -> bool | None:
    plant = planted(row, ROWS, kind)
    if plant is None:
        return None
    sentence, name = plant
    draft, key, at = with_sentence(excerpt_draft(row, short_unit(row["unit"])), sentence)
    a = at + sentence.index(name)
    findings = check_draft(draft, **context)  # type: ignore[arg-type]
    return any(
        f.part == key and f.severity == "error" and f.start < a + len(name) and f.end > a for f in findings
    )


@pytest.mark.parametrize("kind", LEAK_KINDS)
def test_planted_leaks_from_precedents_are_all_caught(kind: str) -> None:
    results = [_caught(row, kind, references=_others(row)) for row in ROWS]
    tried = [r for r in results if r is not None]
    assert tried and all(tried)


@pytest.mark.parametrize("kind", LEAK_KINDS)
def test_planted_leaks_from_the_library_are_all_caught(library: Library, kind: str) -> None:
    results = [_caught(row, kind, library=library) for row in ROWS[::4]]
    tried = [r for r in results if r is not None]
    assert tried and all(tried)


BOTH_FILES = all_rows()
WITH_SEEDS = {row["id"]: _reference(row) for row in BOTH_FILES + seed_rows()}


def test_the_two_halves_of_both_dev_files_are_fixed_and_both_used() -> None:
    halves = [half(row) for row in BOTH_FILES]
    assert len(BOTH_FILES) == 67 and 25 <= halves.count("A") <= 42 and halves == [half(r) for r in all_rows()]


@pytest.mark.parametrize("name", ["A", "B"])
@pytest.mark.parametrize("typed", ["full", "short"])
def test_each_half_checked_for_its_own_unit_gives_at_most_one_false_error_in_ten_checks(
    name: str, typed: str
) -> None:
    """Half A was developed on; half B is the untouched figure (bench/eval_checks.py reports both)."""
    rows = [row for row in BOTH_FILES if half(row) == name]
    errors = []
    for row in rows:
        unit = row["unit"] if typed == "full" else short_unit(row["unit"])
        others = [ref for key, ref in WITH_SEEDS.items() if key != row["id"]]
        errors += [
            (row["id"], f.message)
            for f in _false_errors(check_draft(excerpt_draft(row, unit), references=others))
        ]
    assert len(errors) / len(rows) <= 0.1, errors
