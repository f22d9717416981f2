"""Last year's promises: extracted from real plans parts and matched to this year's facts and draft."""

from pathlib import Path

import pytest

from assistant.compose.carryover import carryover, keywords
from assistant.compose.drafter import Drafter
from assistant.compose.part_prompt import render_part_prompt
from assistant.compose.promises import plan_items, promises_of
from assistant.types import DraftRequest
from tests.helpers import SAMPLES
from vectorstore.embeddings import FakeEmbedder

CASE = Path(__file__).parent / "fixtures" / "carryover"
PREVIOUS = (CASE / "county_bureau_2023.txt").read_text(encoding="utf-8")
FACTS = (CASE / "county_bureau_2024_facts.txt").read_text(encoding="utf-8")
UNIT = "某县司法局"


def _seed(prefix: str) -> str:
    return next(SAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _offline_draft(previous: str = PREVIOUS, facts: str = FACTS):
    request = DraftRequest(unit=UNIT, year=2024, level="县", facts=facts, previous=previous)
    return Drafter(None, None).draft(request).draft


def test_a_plans_part_with_numbered_items_gives_one_promise_per_item():
    promises = [p.short for p in promises_of(_seed("000"))]
    assert promises == ["进一步加强法治宣传教育", "进一步压实法治政府建设责任", "进一步加强科学民主决策"]


def test_plans_written_as_the_second_part_of_seed_003_are_split_into_clauses():
    promises = [p.short for p in promises_of(_seed("003"))]
    assert "大力推进“放管服”改革" in promises and "做好行政复议工作" in promises
    assert not any("为指导" in p for p in promises)


def test_inline_enumeration_items_are_promises():
    items = plan_items(["2025年，我局将重点做好以下工作：一是深化执法监督。二是推进政务公开；三是加强培训。"])
    assert [p.short for p in items] == ["深化执法监督", "推进政务公开", "加强培训"]


def test_a_report_without_plans_has_no_promises():
    assert promises_of("一、2023年主要举措和成效\n（一）加强学习。组织学法6次。") == []


def test_keywords_leave_out_the_words_every_report_uses():
    assert keywords("进一步加强法治宣传教育") == {"宣传", "传教", "教育"}


def test_acceptance_five_promises_two_done_one_shortfall_two_missing_with_findings():
    draft = _offline_draft()
    statuses = {e.promise: e.status for e in draft.carryover}
    assert statuses == {
        "深化行政执法三项制度改革": "done",
        "推进公共法律服务平台建设": "done",
        "加强行政复议规范化建设": "shortfall",
        "开展突发事件应急演练": "missing",
        "推进政务公开标准化": "missing",
    }
    messages = [f.message for f in draft.findings if f.kind == "carryover"]
    assert messages == [
        "去年承诺的“开展突发事件应急演练”在今年的报告中未见回应",
        "去年承诺的“推进政务公开标准化”在今年的报告中未见回应",
    ]
    assert all(f.severity == "warning" for f in draft.findings if f.kind == "carryover")


def test_a_done_promise_points_at_the_sentence_of_the_draft_that_answers_it():
    draft = _offline_draft()
    texts = {p.key: p.text for p in draft.parts}
    spans = {
        e.promise: (e.part, texts[e.part][e.start : e.end], e.fact)
        for e in draft.carryover
        if e.status == "done"
    }
    part, sentence, fact = spans["推进公共法律服务平台建设"]
    assert part == "achievements" and "公共法律服务平台" in sentence and "公共法律服务平台" in fact
    assert "三项制度" in spans["深化行政执法三项制度改革"][1]


def test_the_offline_part_two_asks_why_a_missing_promise_was_not_done_and_claims_nothing():
    draft = _offline_draft()
    parts = {p.key: p.text for p in draft.parts}
    assert "【待补充：去年承诺的“开展突发事件应急演练”未完成的原因】" in parts["shortcomings"]
    assert "应急演练" not in parts["achievements"]


def test_a_promise_listed_only_under_shortcomings_is_a_shortfall():
    facts = "- 存在不足：突发事件应急演练开展不够，主要原因是经费紧张"
    entries = carryover(PREVIOUS, None, facts, 2024, FakeEmbedder().embed)
    assert {e.promise: e.status for e in entries}["开展突发事件应急演练"] == "shortfall"


def test_a_promise_answered_in_part_is_a_shortfall():
    facts = "- 政务公开标准化目录已初步编制，尚未全面推行"
    entries = carryover(PREVIOUS, None, facts, 2024, FakeEmbedder().embed)
    assert {e.promise: e.status for e in entries}["推进政务公开标准化"] == "shortfall"


def test_without_a_previous_report_there_is_no_carryover():
    draft = _offline_draft(previous="")
    assert draft.carryover == () and not any(f.kind == "carryover" for f in draft.findings)


def test_the_part_two_prompt_names_the_missing_promises():
    request = DraftRequest(unit=UNIT, year=2024, facts=FACTS, previous=PREVIOUS)
    _, user = render_part_prompt(
        request, "shortcomings", "二、存在的不足和原因", [], "", [], missing_promises=["推进政务公开标准化"]
    )
    _, plans_user = render_part_prompt(
        request, "plans", "四、安排", [], "", [], missing_promises=["推进政务公开标准化"]
    )
    assert "“推进政务公开标准化”" in user and "未完成的原因" in user
    assert "推进政务公开标准化" not in plans_user


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_every_seed_with_a_plans_part_yields_its_items(prefix):
    promises = promises_of(_seed(prefix))
    assert len(promises) == 3 and all(2 <= len(p.short) <= 41 for p in promises)
