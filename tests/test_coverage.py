"""The 纲要's areas in part 一, and the share of same-level reports covering each."""

from assistant.compose.coverage import coverage, peer_texts
from assistant.drafts.followup_table import peer_note
from assistant.text.gangyao import GANGYAO_2021, plan_for
from assistant.text.identity import same_unit
from assistant.types import DocumentInfo, Draft, DraftPart

ENFORCEMENT = "（一）严格规范执法。全面落实行政执法公示制度，执法案卷合格率98%。"
EMERGENCY_REPORT = (
    "关于2023年法治政府建设情况的报告\n一、2023年主要举措和成效\n（一）依法履职。完善突发事件应急预案3件。"
)


def _draft(text: str, year: int = 2024) -> Draft:
    return Draft("t", "某县司法局", year, "offline", (DraftPart("achievements", "一、", text),))


def _doc(doc_id: str, unit: str, level: str = "县") -> DocumentInfo:
    return DocumentInfo(doc_id, "报告", unit, 2023, 3, {}, level=level)


def test_facts_on_enforcement_and_none_on_emergencies():
    entries = {e.area: e for e in coverage(_draft(ENFORCEMENT))}
    assert list(entries) == [a.name for a in GANGYAO_2021.areas]
    assert entries["行政执法工作体系"].covered and "行政执法公示" in entries["行政执法工作体系"].evidence
    assert not entries["突发事件应对体系"].covered and entries["突发事件应对体系"].evidence == ""


def test_a_placeholder_covers_no_area():
    entries = {e.area: e for e in coverage(_draft("【待补充：突发事件应急处置情况】"))}
    assert not entries["突发事件应对体系"].covered


def test_the_share_of_same_level_reports_is_said_for_an_uncovered_area():
    documents = [
        (_doc("a", "甲县司法局"), EMERGENCY_REPORT),
        (_doc("b", "乙县司法局"), EMERGENCY_REPORT.replace("突发事件应急预案", "执法人员培训")),
        (_doc("c", "丙市司法局", level="市"), EMERGENCY_REPORT),
        (_doc("d", "某省某市某县司法局"), EMERGENCY_REPORT),  # the clerk's own unit: not a peer
    ]
    peers = peer_texts(documents, "某县司法局", "县")
    entry = next(e for e in coverage(_draft(ENFORCEMENT), peers) if e.area == "突发事件应对体系")
    assert entry.peers == 2 and entry.peer_share == 0.5
    assert peer_note(entry) == "同级单位中 50% 报告了突发事件应对体系（共 2 份）"


def test_without_peers_no_share_is_claimed():
    entry = next(e for e in coverage(_draft(ENFORCEMENT)) if e.area == "突发事件应对体系")
    assert entry.peer_share is None and peer_note(entry) == ""


def test_the_plan_in_force_is_chosen_by_year_and_the_last_one_holds_until_the_next():
    assert plan_for(2023) is GANGYAO_2021 and plan_for(2027) is GANGYAO_2021


def test_the_same_unit_under_another_name_form():
    assert same_unit("某市某区人民政府", "某区人民政府")
    assert same_unit("某区政府", "某区人民政府")
    assert same_unit("四川省广元市青川县司法局", "青川县司法局")
    assert not same_unit("司法局", "青川县司法局")
    assert not same_unit("青川县司法局", "荣昌区司法局")
    assert not same_unit("某县教育局某县司法局", "某县司法局")
