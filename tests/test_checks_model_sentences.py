"""A table of sentences as models write them, per new rule: what must be flagged (kind and span)
and what must not (the same rule on text a careful clerk writes)."""

from __future__ import annotations

import pytest

from assistant.checks import check_passage

FACTS = "召开党组会议专题学习4次；印发《青川县司法局2024年普法依法治理工作要点》；审核规范性文件12件"
UNIT = "青川县司法局"


def _found(text: str, key: str = "achievements", year: int = 2024) -> set[tuple[str, str]]:
    return {
        (f.kind, text[f.start : f.end])
        for f in check_passage(text, key=key, year=year, unit=UNIT, facts=FACTS)
    }


@pytest.mark.parametrize(
    "sentence, kind, span",
    [
        ("召开全县法治政府建设推进会，部署年度重点任务。", "meeting", "全县法治政府建设推进会"),
        ("组织召开行政执法工作座谈会，听取基层意见。", "meeting", "行政执法工作座谈会"),
        ("印发《青川县2025年法治政府建设工作要点》。", "document", "青川县2025年法治政府建设工作要点"),
        (
            "出台《关于进一步规范行政裁量权基准的实施意见》。",
            "document",
            "关于进一步规范行政裁量权基准的实施意见",
        ),
        ("今年以来，审核规范性文件12件。", "year", "今年以来"),
        ("本年度共审核规范性文件12件。", "year", "本年度"),
        ("较去年有明显提升。", "year", "去年"),
        ("深入宣讲《深圳经济特区矛盾纠纷多元化解条例》。", "name", "深圳"),
        ("执法力量薄弱.主要原因是人员不足。", "format", "."),
        ("审核规范性文件12件,全部按期办结。", "format", ","),
        ("建立问题清单，逐项follow up。", "format", "follow up"),
        ("**坚持依法决策**，审核规范性文件12件。", "format", "**坚持依法决策**"),
        ("（一）加强领导。\n内容。\n（三）完善制度。", "structure", "（三）"),
        ("1.加强领导。\n内容。", "structure", "1."),
        (
            "贯彻落实《法治政府建设实施纲要（2020—2025年）》。",
            "document",
            "《法治政府建设实施纲要（2020—2025年）》",
        ),
    ],
)
def test_a_models_fault_is_flagged_on_its_span(sentence: str, kind: str, span: str) -> None:
    assert (kind, span) in _found(sentence)


def test_in_the_plans_next_year_is_named_as_the_year_after_the_report() -> None:
    [finding] = [
        f
        for f in check_passage("明年，我局将继续深化普法。", key="plans", year=2025, unit=UNIT)
        if f.kind == "year"
    ]
    assert finding.suggestion == "改为“2025年”"


@pytest.mark.parametrize(
    "sentence",
    [
        "召开党组会议专题学习4次。",
        "印发《青川县司法局2024年普法依法治理工作要点》。",
        "贯彻落实《法治政府建设实施纲要（2021—2025年）》。",
        "推进政务服务APP建设，网址为www.gov.cn。",
        "全县青年干部参加培训，审核规范性文件12件，占比达3.5%。",
        "（一）加强领导。\n1、完善制度。\n2、压实责任。\n（二）规范执法。",
        "深入宣讲《中华人民共和国行政复议法》。",
    ],
)
def test_what_a_careful_clerk_writes_is_not_flagged(sentence: str) -> None:
    new_kinds = {"meeting", "document", "year", "format", "structure", "name"}
    assert {k for k, _ in _found(sentence)} & new_kinds == set()


def test_stars_between_characters_stay_a_redaction() -> None:
    assert ("redaction", "**") in _found("涉**地产项目审核规范性文件12件。")
