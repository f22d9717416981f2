"""Years: the title and the headings say the report year; the achievements, shortcomings and
leadership parts speak of year Y, the plans of Y+1.

In the body, a year outside the part's own is a warning unless its context shows a reference
(2020年以来, 较2023年, 2023年度考评被评为优秀, 到2035年, 二〇三五年远景目标): those are info. In the
plans, the report year as the year of action (2024年，我局将…) is an error: plans speak of Y+1."""

from __future__ import annotations

import re

from assistant.checks.parts import whole
from assistant.text.figures import Figure, date_parts, figures_in
from assistant.text.sections import part_year
from assistant.types import Draft, Finding

_ALLOWED_YEARS = {
    "preamble": (0,),
    "achievements": (0,),
    "shortcomings": (0,),
    "leadership": (0,),
    "plans": (0, 1),
}
_REFERENCE_BEFORE = re.compile(r"(?:自|从|截至|截止|较|比|与|同|对比|相比|早在|到)\s*$")
_REFERENCE_AFTER = re.compile(
    r"^(?:度?(?:以来|以前|之前|起|至今|相比|同期|底以前|前|末)|度?[^，。；]{0,12}?(?:被评为|评为|获评|荣获|获得|考评|考核|排名)"
    r"|[^，。；]{0,4}?(?:远景目标|目标|规划|愿景))"
)
_ACTION_AFTER = re.compile(
    r"^(?:度)?\s*[，,]?\s*(?:我[局办委镇乡区县市]|本[局部委办]|全[区县市镇乡]|[区县市镇乡]政府|我们)?"
    r"\s*(?:将|要|计划|拟|力争|重点|继续|着力|持续)"
)


def _years(text: str) -> list[Figure]:
    return [f for f in figures_in(text) if f.kind == "year"]


def _dated_years(text: str) -> list[tuple[Figure, int]]:
    """Bare years and the years of full dates (2023年12月4日), with the year each speaks of."""
    found = []
    for f in figures_in(text):
        year = int(f.value or 0) if f.kind == "year" else (date_parts(f)[0] if f.kind == "date" else None)
        if year:
            found.append((f, year))
    return found


def check_years(draft: Draft) -> list[Finding]:
    """Wrong years in the title and headings (errors) and in the body of each part."""
    y = draft.year
    findings = [
        Finding(
            "title", f.start, f.end, "error", f"标题中的年份“{f.text}”与报告年度{y}年不符", f"改为“{y}年”",
            kind="year",
        )
        for f in _years(draft.title)
        if f.value != y
    ]  # fmt: skip
    for part in draft.parts:
        want = part_year(part.key, y)
        findings.extend(
            whole(
                part.key, "error", f"标题“{part.heading}”中的年份“{f.text}”应为“{want}年”", f"改为“{want}年”",
                "year",
            )
            for f in _years(part.heading)
            if part.key in _ALLOWED_YEARS and f.value != want
        )  # fmt: skip
    body = [("preamble", draft.preamble)] + [(p.key, p.text) for p in draft.parts]
    for key, text in body:
        findings.extend(body_years(key, text, y))
    return findings


def body_years(key: str, text: str, year: int) -> list[Finding]:
    if key not in _ALLOWED_YEARS:
        return []
    allowed = {year + offset for offset in _ALLOWED_YEARS[key]}
    said = "、".join(f"{a}年" for a in sorted(allowed))
    findings = []
    for f, said_year in _dated_years(text):
        after = text[f.end : f.end + 16]
        if key == "plans" and said_year == year and f.kind == "year" and _ACTION_AFTER.match(after):
            message = f"工作安排部分把“{f.text}”写成了要做事的年份；安排应写{year + 1}年"
            findings.append(
                Finding(key, f.start, f.end, "error", message, f"改为“{year + 1}年”", kind="year")
            )
        elif said_year in allowed:
            continue
        elif _is_reference(text, f):
            message = f"引用了其他年份“{f.text}”（本部分所述年度为{said}）"
            findings.append(Finding(key, f.start, f.end, "info", message, "确认引用无误", kind="year"))
        else:
            message = f"年份“{f.text}”与本部分所述年度（{said}）不符"
            hint = "核实年份；如属引用或比较，请写明"
            findings.append(Finding(key, f.start, f.end, "warning", message, hint, kind="year"))
    return findings


def _is_reference(text: str, f: Figure) -> bool:
    before, after = text[max(0, f.start - 4) : f.start], text[f.end : f.end + 16]
    if f.text[0] in "〇零一二三四五六七八九":
        return True  # 二〇三五年: written-out years are long-range goals, not the year of the work
    return bool(_REFERENCE_BEFORE.search(before) or _REFERENCE_AFTER.match(after))
