"""check_draft flags what a good draft must never do, each at the exact span of the offending text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.checks import check_draft
from assistant.text.names import names_in
from assistant.text.sections import standard_heading
from assistant.types import PART_KEYS, Draft, DraftPart, Finding

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
YEAR = 2024
UNIT = "某县司法局"

CLEAN_TEXTS = {
    "achievements": (
        "2024年，某县司法局坚持以习近平法治思想为指导，认真贯彻《法治政府建设实施纲要（2021—2025年）》，"
        "全面推进依法行政。一是强化学法用法，局党组理论学习中心组集中学法6次，开展“八五”普法主题宣传活动12场，"
        "落实“第一议题”制度。二是规范行政执法，全面落实行政执法三项制度，审核重大执法决定15件，合法性审核率100%。"
        "三是化解矛盾纠纷，办理行政复议案件23件，于2024年12月4日组织开展宪法宣传周活动。"
    ),
    "shortcomings": (
        "一是部分干部运用法治思维和法治方式解决问题的能力还有待提高，学法用法的主动性不够。"
        "二是行政执法监督的信息化水平不高，执法案卷评查发现的问题整改还不够及时。"
        "三是普法宣传的针对性和实效性有待增强，法治宣传形式较为单一。"
    ),
    "leadership": (
        "局主要负责人认真履行推进法治建设第一责任人职责，对法治建设重要工作亲自部署、重大问题亲自过问、"
        "重点环节亲自协调、重要任务亲自督办。全年主持召开局党组会专题研究法治建设工作4次，"
        "在年终述职中专题述法，带头参加旁听庭审活动。"
    ),
    "plans": (
        "2025年，我局将深入学习贯彻习近平法治思想，在2024年工作基础上，持续推进严格规范公正文明执法。"
        "一是加强法治宣传教育，丰富普法形式；二是加强行政执法监督，提升执法质量；"
        "三是加强法治队伍建设，提高干部依法行政能力，推动法治政府建设再上新台阶。"
    ),
}
FACTS = (
    "2024年中心组集中学法6次；普法宣传活动12场；审核重大执法决定15件，审核率100%；"
    "行政复议案件23件；2024年12月4日宪法宣传周；党组会专题研究法治建设4次。"
)


def part(key: str, text: str, year: int = YEAR) -> DraftPart:
    return DraftPart(key, standard_heading(key, year), text)


def draft(*parts: DraftPart, title: str = f"{UNIT}关于{YEAR}年法治政府建设情况的报告") -> Draft:
    return Draft(title=title, unit=UNIT, year=YEAR, mode="offline", parts=parts)


def clean_draft() -> Draft:
    return draft(*(part(key, CLEAN_TEXTS[key]) for key in PART_KEYS))


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in ("error", "warning")]


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return (start, start + len(needle))


def seed_names(prefix: str) -> set[str]:
    [path] = SAMPLES.glob(f"{prefix}_*.txt")
    return names_in(path.read_text(encoding="utf-8"))


def test_clean_draft_has_no_errors_or_warnings() -> None:
    findings = check_draft(clean_draft(), facts=FACTS, foreign_names=seed_names("000") | seed_names("002"))
    assert serious(findings) == []


def test_every_problem_is_one_finding_at_its_exact_span() -> None:
    bad_achievements = (
        CLEAN_TEXTS["achievements"]
        + "学习借鉴山西经验，**区开展培训18次，执法人员持证率达到百分之九十，学法六次。"
    )
    bad = draft(
        part("achievements", bad_achievements),
        replace(
            part("leadership", CLEAN_TEXTS["leadership"]), heading=standard_heading("leadership", 2023, 2)
        ),
        part("shortcomings", CLEAN_TEXTS["shortcomings"]),
    )
    findings = check_draft(bad, facts="集中学法6次\n" + FACTS, foreign_names=seed_names("000"))

    got = {(f.part, f.start, f.end, f.severity) for f in findings}
    assert got == {
        ("plans", 0, 0, "error"),  # missing
        ("shortcomings", 0, 0, "error"),  # after leadership
        ("leadership", 0, 0, "error"),  # heading says 2023年
        ("achievements", *span(bad_achievements, "山西"), "error"),
        ("achievements", *span(bad_achievements, "**"), "error"),
        ("achievements", *span(bad_achievements, "18次"), "warning"),
        ("achievements", *span(bad_achievements, "百分之九十"), "warning"),
    }
    assert len(findings) == len(got)
    texts = {"achievements": bad_achievements}
    for f in findings:
        if f.part in texts:
            assert texts[f.part][f.start : f.end] in {"山西", "**", "18次", "百分之九十"}
        assert f.message and f.suggestion


def test_leaked_name_message_names_it() -> None:
    text = CLEAN_TEXTS["achievements"] + "借鉴平安山西做法。"
    findings = check_draft(draft(part("achievements", text)), facts=FACTS, foreign_names=seed_names("002"))
    [leak] = [f for f in findings if f.severity == "error" and f.part == "achievements"]
    assert (leak.start, leak.end) == span(text, "平安山西")  # the longest name, not 山西 inside it
    assert "平安山西" in leak.message


@pytest.mark.parametrize(
    ("draft_says", "facts_say"),
    [
        ("六次", "6次"),
        ("6次", "六次"),
        ("百分之百", "100%"),
        ("2.3万人次", "23000人次"),
        ("4月9日", "2022年4月9日"),
    ],
)
def test_a_figure_written_differently_from_the_facts_is_supported(draft_says: str, facts_say: str) -> None:
    text = CLEAN_TEXTS["shortcomings"] + f"全年共开展{draft_says}。"
    findings = check_draft(draft(part("shortcomings", text)), facts=facts_say)
    assert [f for f in findings if "数字" in f.message] == []


def test_a_bare_number_in_the_facts_supports_the_count() -> None:
    text = CLEAN_TEXTS["shortcomings"] + "全年培训6次。"
    findings = check_draft(draft(part("shortcomings", text)), facts="培训次数：6")
    assert [f for f in findings if "数字" in f.message] == []


def test_a_policy_title_with_a_year_range_gives_no_finding() -> None:
    text = "认真贯彻落实《法治政府建设实施纲要（2021—2025年）》和《法治社会建设实施纲要（2020-2025年）》。"
    findings = check_draft(draft(part("achievements", text)), min_part_chars=0)
    assert [f for f in findings if f.part == "achievements"] == []


@pytest.mark.parametrize(
    ("key", "sentence", "flagged", "severity"),
    [
        ("achievements", "2023年以来持续推进。", "2023年", "info"),
        ("leadership", "2025年将继续推进。", "2025年", "warning"),
        ("plans", "2026年前全面完成。", "2026年", "info"),
        ("plans", "2023年以来的做法。", "2023年", "info"),
        ("achievements", "2022年全面推进。", "2022年", "warning"),
        ("plans", "2025年继续推进，在2024年基础上提升。", None, None),
        ("achievements", "2024年全面推进。", None, None),
    ],
)
def test_years_outside_the_part_year_are_flagged(
    key: str, sentence: str, flagged: str | None, severity: str | None
) -> None:
    text = CLEAN_TEXTS[key] + sentence
    findings = check_draft(draft(part(key, text)), facts=FACTS)
    years = [f for f in findings if f.kind == "year"]
    assert [text[f.start : f.end] for f in years] == ([flagged] if flagged else [])
    assert all(f.severity == severity for f in years)


def test_wrong_year_in_the_title_is_an_error_at_its_span() -> None:
    title = f"{UNIT}关于2023年法治政府建设情况的报告"
    findings = check_draft(replace(clean_draft(), title=title), facts=FACTS)
    [f] = serious(findings)
    assert (f.part, f.severity, title[f.start : f.end]) == ("title", "error", "2023年")


def test_plans_heading_must_name_the_next_year() -> None:
    wrong = replace(part("plans", CLEAN_TEXTS["plans"]), heading="四、2024年推进法治政府建设的主要安排")
    parts = tuple(wrong if p.key == "plans" else p for p in clean_draft().parts)
    [f] = serious(check_draft(replace(clean_draft(), parts=parts), facts=FACTS))
    assert (f.part, f.severity, f.start, f.end) == ("plans", "error", 0, 0)
    assert "2025年" in f.message


@pytest.mark.parametrize(
    ("marker", "runs"),
    [("**市**区", ["**", "**"]), ("*次", ["*"]), ("约*****份", ["*****"]), ("＊＊镇", ["＊＊"])],
)
def test_redaction_markers_are_errors_at_each_run(marker: str, runs: list[str]) -> None:
    text = CLEAN_TEXTS["shortcomings"] + marker
    findings = [f for f in check_draft(draft(part("shortcomings", text))) if "脱敏" in f.message]
    offset = len(CLEAN_TEXTS["shortcomings"])
    assert [text[f.start : f.end] for f in findings] == runs
    assert all(f.severity == "error" and f.start >= offset for f in findings)


def test_empty_part_is_an_error() -> None:
    parts = tuple(replace(p, text="  ") if p.key == "leadership" else p for p in clean_draft().parts)
    [f] = serious(check_draft(replace(clean_draft(), parts=parts), facts=FACTS))
    assert (f.part, f.severity, f.start, f.end) == ("leadership", "error", 0, 0)


def test_other_part_is_allowed_only_after_the_plans() -> None:
    other = part("other", "无其他需要报告的情况。本年度未发生需要专门报告的重大事项，特此说明。")
    base = list(clean_draft().parts)
    after = check_draft(replace(clean_draft(), parts=(*base, other)), facts=FACTS, min_part_chars=0)
    before = check_draft(
        replace(clean_draft(), parts=(*base[:3], other, base[3])), facts=FACTS, min_part_chars=0
    )
    assert serious(after) == []
    assert [(f.part, f.severity) for f in serious(before)] == [("plans", "error")]


def test_duplicate_part_is_an_error() -> None:
    parts = (*clean_draft().parts, part("plans", CLEAN_TEXTS["plans"]))
    errors = [
        f for f in check_draft(replace(clean_draft(), parts=parts), facts=FACTS) if f.severity == "error"
    ]
    assert [f.part for f in errors] == ["plans"]
    assert "重复" in errors[0].message


def test_placeholders_left_are_reported_at_their_span() -> None:
    text = CLEAN_TEXTS["shortcomings"] + "全年培训【待补充：培训次数】。"
    [f] = [f for f in serious(check_draft(draft(part("shortcomings", text)))) if f.part == "shortcomings"]
    assert text[f.start : f.end] == "【待补充：培训次数】"
    assert "待补充" in f.message


def test_part_length_limits() -> None:
    short = check_draft(draft(part("shortcomings", "学习不够深入。")), min_part_chars=80)
    long = check_draft(draft(part("shortcomings", CLEAN_TEXTS["shortcomings"])), max_part_chars=50)
    assert [(f.part, f.severity) for f in short if "篇幅" in f.message] == [("shortcomings", "warning")]
    assert [(f.part, f.severity) for f in long if "篇幅" in f.message] == [("shortcomings", "info")]


def test_own_unit_names_are_not_leaks() -> None:
    text = CLEAN_TEXTS["achievements"] + "山西省外事办扎实推进法治机关建设。"
    own = replace(draft(part("achievements", text)), unit="山西省外事办公室")
    findings = check_draft(own, facts=FACTS, foreign_names=seed_names("000"))
    assert [f for f in findings if f.part == "achievements" and f.severity == "error"] == []


def test_a_name_the_facts_mention_is_not_a_leak() -> None:
    text = CLEAN_TEXTS["achievements"] + "与山东省有关部门开展执法协作。"
    findings = check_draft(
        draft(part("achievements", text)), facts=FACTS + "与山东省开展协作", foreign_names={"山东省", "山东"}
    )
    assert [f for f in findings if f.part == "achievements" and "山东" in f.message] == []


def test_unknown_place_names_are_warnings() -> None:
    text = CLEAN_TEXTS["achievements"] + "组织干部赴椒江区学习。"
    findings = check_draft(draft(part("achievements", text)), facts=FACTS)
    [f] = [f for f in findings if f.kind == "name"]
    assert (f.severity, text[f.start : f.end]) == ("warning", "椒江区")


def test_findings_are_sorted_by_part_then_position() -> None:
    text = CLEAN_TEXTS["shortcomings"] + "*次，另有**份。"
    findings = check_draft(
        draft(part("achievements", CLEAN_TEXTS["achievements"]), part("shortcomings", text))
    )
    order = [(f.part, f.start) for f in findings]
    by_part = {"title": 0, "achievements": 1, "shortcomings": 2}
    assert order == sorted(order, key=lambda o: (by_part.get(o[0], 9), o[1]))


def test_last_years_figures_and_dates_are_pointed_out():
    from assistant.checks import check_passage

    text = "组织集中学法9次，2023年12月4日开展宪法宣传。"
    findings = check_passage(text, year=2024, facts="学法6次", previous="学法9次，2023年12月4日开展宪法宣传")
    found = {(text[f.start : f.end], f.severity, f.message[:2]) for f in findings}
    assert ("9次", "info", "数字") in found
    assert ("2023年12月4日", "warning", "年份") in found


def test_the_checks_cut_sentences_the_same_after_a_search_ran_in_the_process() -> None:
    """The search index adds its domain terms to jieba's shared dictionary; the figure and name
    checks keep their own tokenizer, so a clean draft stays clean after a search (as in the UI)."""
    from vectorstore.lexical import tokenize

    tokenize("合法性审核 行政执法 重大行政决策")
    findings = check_draft(clean_draft(), facts=FACTS, foreign_names=seed_names("000") | seed_names("002"))
    assert serious(findings) == []
