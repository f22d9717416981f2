"""The defects the checks used to miss (issue 9 item 2), as real-style sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.checks import check_draft, check_passage
from assistant.drafts.codec import load_draft
from assistant.types import Draft, DraftPart

FACTS = "办理行政复议案件37件；审核规范性文件12件；组织学法6次"


def kinds(text: str, key: str = "achievements", facts: str = FACTS) -> list[tuple[str, str, str]]:
    year = 2025 if key == "plans" else 2024  # check_passage takes the year the part speaks of
    return [
        (f.kind, f.severity, text[f.start : f.end])
        for f in check_passage(text, key=key, year=year, facts=facts)
    ]


@pytest.mark.parametrize(
    "sentence",
    ["2024年，我局将深化行政执法监督。", "2024年要持续推进依法行政。", "2024年我局将继续完善制度。"],
)
def test_plans_speaking_of_the_report_year_as_the_year_of_action_are_errors(sentence: str) -> None:
    assert ("year", "error", "2024年") in kinds(sentence, key="plans")


def test_plans_speaking_of_the_next_year_are_fine() -> None:
    assert [k for k in kinds("2025年，我局将深化行政执法监督。", key="plans") if k[0] == "year"] == []


@pytest.mark.parametrize(
    ("sentence", "marker"),
    [
        ("开展培训××次。", "××"),
        ("XX镇组织宣传。", "XX"),
        ("走访企业○○家。", "○○"),
        ("某某同志带头述法。", "某某"),
    ],
)
def test_template_placeholders_are_found_and_are_not_figures(sentence: str, marker: str) -> None:
    found = kinds(sentence)
    assert ("placeholder", "warning", marker) in found
    assert not [k for k in found if k[0] == "figure" and marker in k[2]]


def test_a_written_out_year_with_zeros_is_no_placeholder() -> None:
    assert [k for k in kinds("对标二〇三五年远景目标。") if k[0] == "placeholder"] == []


@pytest.mark.parametrize(
    ("sentence", "severity"), [("2024 年全面推进依法行政。", None), ("2022 年全面推进。", "warning")]
)
def test_a_year_written_with_spaces_is_a_year(sentence: str, severity: str | None) -> None:
    years = [k for k in kinds(sentence) if k[0] == "year"]
    assert [k[1] for k in years] == ([severity] if severity else [])


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("2020年以来，持续深化“放管服”改革。", "2020年"),
        ("在2023年度法治政府建设考评中被评为优秀。", "2023年"),
        ("对标二〇三五年远景目标。", "二〇三五年"),
        ("较2023年增长12%。", "2023年"),
    ],
)
def test_legitimate_references_to_other_years_are_info(sentence: str, year: str) -> None:
    assert [k for k in kinds(sentence, facts=FACTS + "，增长12%") if k[0] == "year"] == [
        ("year", "info", year)
    ]


def test_a_figure_the_facts_give_for_another_thing_is_caught() -> None:
    found = kinds("审核规范性文件37件，合法性审核率100%。", facts=FACTS + "，审核率100%")
    [(kind, severity, text)] = [k for k in found if k[0] == "figure"]
    assert (kind, severity, text) == ("figure", "warning", "37件")


def test_figure_support_is_the_same_once_the_librarys_domain_terms_are_in_jiebas_dictionary(tmp_path) -> None:
    from assistant.checks.support import keywords
    from vectorstore.lexical import warm_up

    warm_up(tmp_path / "jieba")  # what opening a Library does (合法性审核 becomes one word)
    keywords.cache_clear()
    found = kinds("审核规范性文件37件，合法性审核率100%。", facts=FACTS + "，审核率100%")
    assert [k for k in found if k[0] == "figure"] == [("figure", "warning", "37件")]


@pytest.mark.parametrize(
    "sentence", ["审核规范性文件12件。", "全年办理行政复议案件37件。", "组织干部学法六次。"]
)
def test_a_figure_the_facts_give_for_the_same_thing_is_supported(sentence: str) -> None:
    assert [k for k in kinds(sentence) if k[0] == "figure"] == []


def test_a_markdown_draft_of_four_topical_parts_gets_structure_errors(tmp_path: Path) -> None:
    headings = ["深学笃用习近平法治思想", "优化法治化营商环境", "提升行政执法质效", "加强法治宣传教育"]
    body = "\n\n".join(
        f"## {n}、{h}\n\n组织学法6次，审核规范性文件12件。" for n, h in zip("一二三四", headings, strict=True)
    )
    path = tmp_path / "draft.md"
    path.write_text(f"# 某县司法局2024年法治政府建设工作报告\n\n{body}\n", encoding="utf-8")
    findings = check_draft(load_draft(path, unit="某县司法局", year=2024), facts=FACTS)
    flagged = {f.part for f in findings if f.kind == "structure" and f.severity == "error"}
    assert flagged == {"shortcomings", "leadership", "plans"}


def test_every_finding_has_a_kind() -> None:
    draft = Draft(
        "某县司法局关于2023年法治政府建设情况的报告", "某县司法局", 2024, "imported",
        (DraftPart("achievements", "", "开展培训××次，**市**区，2022年开展工作，赴椒江区学习。"),),
    )  # fmt: skip
    findings = check_draft(draft)
    assert findings and all(
        f.kind in {"name", "year", "figure", "placeholder", "redaction", "structure", "length"}
        for f in findings
    )
