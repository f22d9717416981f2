"""The repair pass takes warnings too (invented meetings, documents, figures, format), gives the
model the part's own facts, keeps the version with fewer findings by severity and records every
attempt, an unchanged or rejected one as such."""

from __future__ import annotations

from assistant.checks import check_draft
from assistant.compose.repair import repair_draft, repairable, weight
from assistant.llm.fakes import FakeChatModel
from assistant.types import Draft, Finding
from tests.faulty_answers import FACTS, FAULTS, answer, planted

PART_FACTS = {
    "achievements": "召开党组会议专题学习习近平法治思想4次",
    "plans": "计划开展行政执法人员全员轮训",
}


def _fault(name: str) -> tuple[Draft, dict]:
    fault = next(f for f in FAULTS if f["id"] == name)
    return planted(fault)[0], fault


def _check(draft: Draft) -> list[Finding]:
    return check_draft(draft, facts=FACTS)


def _repair(draft: Draft, replies: list[str]) -> tuple[Draft, list[Finding], FakeChatModel]:
    model = FakeChatModel(replies)
    repaired, findings = repair_draft(
        draft, _check(draft), model=model, check=_check, clean=lambda raw, _: raw.strip(), facts=PART_FACTS
    )
    return repaired, findings, model


def _clean_text(key: str) -> str:
    return next(p.text for p in answer("clean").parts if p.key == key)


def test_an_invented_meeting_goes_to_the_repair_with_the_parts_own_facts_and_is_removed() -> None:
    draft, fault = _fault("invented_meeting")
    assert any(f.kind == "meeting" for f in repairable(_check(draft), "achievements"))
    repaired, findings, model = _repair(draft, [_clean_text("achievements")])
    [(_, user)] = model.calls
    given = user.split("<<<事实", 1)[1].split("事实>>>", 1)[0]
    assert fault["span"] in user and given.strip() == PART_FACTS["achievements"]
    [attempt] = repaired.repairs
    assert attempt.outcome == "kept" and attempt.fixed
    assert not [f for f in findings if f.kind == "meeting"]


def test_format_and_invented_figure_warnings_are_repaired_too() -> None:
    for name in ("half_width_full_stop", "invented_figure", "invented_document"):
        draft, fault = _fault(name)
        repaired, findings, _ = _repair(draft, [_clean_text(fault["part"])])
        assert [r.outcome for r in repaired.repairs] == ["kept"], name
        assert not [f for f in findings if f.part == fault["part"] and f.kind == fault["kind"]], name


def test_an_unchanged_answer_is_recorded_as_unchanged() -> None:
    draft, fault = _fault("invented_meeting")
    text = next(p.text for p in draft.parts if p.key == "achievements")
    repaired, _, _ = _repair(draft, [text])
    [attempt] = repaired.repairs
    assert attempt.outcome == "unchanged" and attempt.before == attempt.after == text


def test_a_revision_that_is_not_better_is_rejected_and_recorded() -> None:
    draft, _ = _fault("invented_meeting")
    worse = next(p.text for p in draft.parts if p.key == "achievements") + "今年以来召开座谈会3次。"
    repaired, _, _ = _repair(draft, [worse])
    [attempt] = repaired.repairs
    assert attempt.outcome == "rejected" and attempt.after == worse
    assert next(p.text for p in repaired.parts if p.key == "achievements") != worse


def test_errors_weigh_more_than_any_number_of_warnings() -> None:
    error = Finding("achievements", 0, 1, "error", "e", kind="name")
    warning = Finding("achievements", 0, 1, "warning", "w", kind="figure")
    assert weight([warning] * 5) < weight([error])


def test_the_drafter_repairs_a_warning_with_that_parts_routed_facts_only() -> None:
    from assistant.compose.drafter import Drafter
    from assistant.types import DraftRequest

    clean = {p.key: p.text for p in answer("clean").parts}
    meeting = clean["achievements"] + "同时召开全县法治政府建设推进会。"
    replies = [meeting, clean["shortcomings"], clean["leadership"], clean["plans"], clean["achievements"]]
    model = FakeChatModel(replies)
    request = DraftRequest(unit="青川县司法局", year=2024, facts=FACTS)
    outcome = Drafter(None, model).draft(request)
    repair_prompt = model.calls[-1][1]
    given = repair_prompt.split("<<<事实", 1)[1].split("事实>>>", 1)[0]
    assert "全县法治政府建设推进会" in repair_prompt and "审核县政府规范性文件12件" in given
    assert "全员轮训" not in given  # a plan is part 四's fact, not part 一's
    assert [(r.part, r.outcome) for r in outcome.draft.repairs] == [("achievements", "kept")]


def test_a_revision_that_throws_most_of_the_part_away_is_rejected() -> None:
    from assistant.compose.repair import repair_draft
    from assistant.llm.fakes import FakeChatModel
    from assistant.types import Draft, DraftPart, Finding

    text = "召开全县法治政府建设推进会，部署全年任务。" * 10
    draft = Draft("t", "某县司法局", 2024, "llm", (DraftPart("achievements", "一、", text),))
    invented = Finding("achievements", 0, 12, "warning", "未见于事实材料的会议", kind="meeting")
    repaired, findings = repair_draft(
        draft,
        [invented],
        model=FakeChatModel(["好的。"]),
        check=lambda d: [],
        clean=lambda raw, heading: raw,
        facts="",
    )
    assert repaired.parts[0].text == text and repaired.repairs[-1].outcome == "rejected"
