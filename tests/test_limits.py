"""The user-facing limits: one figure and one Chinese message each, the same wherever they are met."""

from __future__ import annotations

import pytest

from assistant.errors import AssistantError, IngestError
from assistant.library.corrections import validated_changes
from assistant.limits import MAX_FACT_CHARS, MAX_FACT_LINES, YEAR_MAX, YEAR_MIN, check_facts, check_year


def test_a_year_at_either_end_of_the_range_is_accepted_and_may_end_in_nian():
    assert check_year(YEAR_MIN) == YEAR_MIN
    assert check_year(f" {YEAR_MAX}年 ") == YEAR_MAX


@pytest.mark.parametrize("year", [YEAR_MIN - 1, YEAR_MAX + 1])
def test_a_year_outside_the_range_is_refused_naming_the_range(year):
    with pytest.raises(AssistantError, match=f"{year} 超出范围：请填写 {YEAR_MIN}–{YEAR_MAX} 之间"):
        check_year(year)


def test_text_that_is_not_a_year_is_refused_saying_what_to_write():
    with pytest.raises(AssistantError, match="“二〇二四”不是年份"):
        check_year("二〇二四", "起始年度")


def test_a_library_correction_refuses_a_bad_year_with_the_same_message_as_an_ingest_error():
    with pytest.raises(IngestError, match=f"年度 {YEAR_MAX + 1} 超出范围"):
        validated_changes(unit=None, year=YEAR_MAX + 1, level=None, title=None)


def test_facts_at_the_limits_pass_and_one_over_is_refused_naming_the_limit():
    check_facts("学" * MAX_FACT_CHARS)
    check_facts("学\n" * MAX_FACT_LINES)
    with pytest.raises(AssistantError, match=f"超过上限 {MAX_FACT_CHARS:,} 字"):
        check_facts("学" * (MAX_FACT_CHARS + 1))
    with pytest.raises(AssistantError, match=f"超过上限 {MAX_FACT_LINES} 行"):
        check_facts("学\n" * (MAX_FACT_LINES + 1))
