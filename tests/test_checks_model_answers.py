"""Realistic model answers: the clean, fact-faithful answer gets no error and no warning (besides
placeholders and length); each fault real models make, planted into it, is flagged on its span;
an answer that ignores the facts and repeats a paragraph is told so."""

from __future__ import annotations

import pytest

from assistant.checks import check_draft
from tests.faulty_answers import FACTS, FAULTS, answer, covers, planted, references


def test_the_clean_fact_faithful_answer_gets_no_error_and_no_warning() -> None:
    findings = check_draft(answer("clean"), facts=FACTS, references=references())
    serious = [f for f in findings if f.severity != "info" and f.kind not in ("placeholder", "length")]
    assert serious == []


@pytest.mark.parametrize("fault", FAULTS, ids=[f["id"] for f in FAULTS])
def test_each_planted_fault_is_flagged_on_its_span(fault: dict) -> None:
    draft, at = planted(fault)
    findings = check_draft(draft, facts=FACTS, references=references())
    assert any(covers(f, fault, at) for f in findings), [
        (f.kind, f.part, f.start, f.end, f.message) for f in findings
    ]


def test_an_answer_ignoring_the_facts_and_repeating_a_paragraph_is_told_both() -> None:
    findings = check_draft(answer("generic"), facts=FACTS, references=references())
    unused = {f.part for f in findings if f.kind == "unused_facts"}
    repeats = {f.part for f in findings if f.kind == "repeat"}
    assert "achievements" in unused and "plans" in unused
    assert repeats == {"shortcomings", "leadership", "plans"}


def test_a_leftover_bold_mark_is_markdown_not_a_redaction() -> None:
    fault = next(f for f in FAULTS if f["id"] == "markdown_bold")
    findings = check_draft(planted(fault)[0], facts=FACTS)
    assert not [f for f in findings if f.kind == "redaction"]


def test_a_misquoted_gangyao_title_is_an_error_with_the_right_title() -> None:
    fault = next(f for f in FAULTS if f["id"] == "gangyao_misquoted")
    draft, at = planted(fault)
    [found] = [f for f in check_draft(draft, facts=FACTS) if covers(f, fault, at)]
    assert found.severity == "error" and "2021—2025年" in found.suggestion
