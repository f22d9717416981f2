"""Findings on a draft: what a good draft must never do (DOMAIN.md), found and pointed at.

`check_draft` runs every check and returns findings sorted by part and position. A finding's
start/end are offsets into the text of its part (`draft.title` for part "title", `draft.preamble`
for "preamble"), so `text[start:end]` is the offending string; (0, 0) marks a whole-part finding."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .figures import Figure, date_parts, figures_in, normalize_figure
from .names import names_in
from .sections import SECTION_NAMES, part_year, standard_heading
from .types import PART_KEYS, Draft, DraftPart, Finding

# Standard order of the parts a draft may have; "other" and "closing" come after the plans.
_ORDER = {key: i for i, key in enumerate((*PART_KEYS, "other", "closing"))}
# Parts whose years are checked, and the years each may speak of (as offsets from the report year).
_ALLOWED_YEARS = {
    "preamble": (0,),
    "achievements": (0,),
    "shortcomings": (0,),
    "leadership": (0,),
    "plans": (0, 1),
}
_REDACTION = re.compile(r"[*＊]+")
_PLACEHOLDER = re.compile(r"【(?:待补充|待填写|待核实)[^】]*】")

Texts = list[tuple[str, str]]  # (part key, text): the title, the preamble and every part


def check_draft(
    draft: Draft,
    *,
    facts: str = "",
    previous: str = "",
    foreign_names: Iterable[str] = (),
    own_names: Iterable[str] = (),
    min_part_chars: int = 80,
    max_part_chars: int = 6000,
) -> list[Finding]:
    """Every problem found in `draft`. `facts` is the user's material and `previous` last year's
    report (figures in either count as supported); `foreign_names` are names of other units and
    places the library knows, `own_names` the user's own."""
    texts = _texts(draft)
    own = _OwnNames(draft.unit, own_names, facts)
    findings = [
        *check_structure(draft),
        *check_years(draft),
        *check_names(texts, own, foreign_names),
        *check_redactions(texts),
        *check_figures([t for t in texts if t[0] != "title"], facts, previous),
        *check_placeholders(texts),
        *check_lengths(draft.parts, min_part_chars, max_part_chars),
    ]
    rank = {key: i for i, (key, _) in enumerate(texts)}
    return sorted(findings, key=lambda f: (rank.get(f.part, len(rank)), f.start, f.end))


def check_passage(
    text: str,
    *,
    key: str = "achievements",
    year: int | None = None,
    unit: str = "",
    facts: str = "",
    previous: str = "",
    foreign_names: Iterable[str] = (),
    own_names: Iterable[str] = (),
) -> list[Finding]:
    """The checks that apply to one passage on its own (a rewritten section): years, names,
    redactions, figures, placeholders. Offsets point into `text`; findings name `key` as part."""
    texts = [(key, text)]
    own = _OwnNames(unit, own_names, facts)
    findings = [
        *(_body_years(key, text, year) if year else []),
        *check_names(texts, own, foreign_names),
        *check_redactions(texts),
        *check_figures(texts, facts, previous),
        *check_placeholders(texts),
    ]
    return sorted(findings, key=lambda f: (f.start, f.end))


def _texts(draft: Draft) -> Texts:
    texts = [("title", draft.title)]
    if draft.preamble:
        texts.append(("preamble", draft.preamble))
    texts.extend((p.key, p.text) for p in draft.parts)
    return texts


def _name(key: str) -> str:
    return SECTION_NAMES.get(key, key)


def _whole(key: str, severity: str, message: str, suggestion: str) -> Finding:
    """A finding about a whole part (or its heading): no span."""
    return Finding(key, 0, 0, severity, message, suggestion)


# --- 1. structure ---------------------------------------------------------------------------


def check_structure(draft: Draft) -> list[Finding]:
    """Standard parts missing, duplicated, out of order or empty."""
    keys = [p.key for p in draft.parts]
    findings = [
        _whole(
            key, "error", f"缺少“{_name(key)}”部分", f"按标准结构补写：{standard_heading(key, draft.year)}"
        )
        for key in PART_KEYS
        if key not in keys
    ]
    highest, seen = -1, set()
    for part in draft.parts:
        findings.extend(_part_structure(part, highest, part.key in seen))
        seen.add(part.key)
        highest = max(highest, _ORDER.get(part.key, -1))
    return findings


def _part_structure(part: DraftPart, highest_before: int, duplicate: bool) -> list[Finding]:
    found = []
    key, rank, name = part.key, _ORDER.get(part.key), _name(part.key)
    if duplicate:
        found.append(_whole(key, "error", f"“{name}”部分重复", "合并为一个部分"))
    elif rank is None:
        found.append(_whole(key, "warning", f"非标准部分“{key}”", "并入标准的四个部分之一"))
    elif rank < highest_before:
        order = "、".join(_name(k) for k in PART_KEYS)
        found.append(
            _whole(key, "error", f"“{name}”部分位置不对", f"按标准顺序排列：{order}；其他情况放在最后")
        )
    if not part.text.strip():
        found.append(_whole(key, "error", f"“{name}”部分没有内容", "补写该部分正文"))
    return found


# --- 2. years -------------------------------------------------------------------------------


def _years(text: str) -> list[Figure]:
    """Bare years (2024年) outside 《》 and ranges; figures_in already leaves those out."""
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
    """Wrong years in the title and headings (errors) and in the body of each part (warnings)."""
    y = draft.year
    findings = [
        Finding(
            "title", f.start, f.end, "error", f"标题中的年份“{f.text}”与报告年度{y}年不符", f"改为“{y}年”"
        )
        for f in _years(draft.title)
        if f.value != y
    ]
    for part in draft.parts:
        want = part_year(part.key, y)
        findings.extend(
            _whole(
                part.key, "error", f"标题“{part.heading}”中的年份“{f.text}”应为“{want}年”", f"改为“{want}年”"
            )
            for f in _years(part.heading)
            if part.key in _ALLOWED_YEARS and f.value != want
        )
    body = [("preamble", draft.preamble)] + [(p.key, p.text) for p in draft.parts]
    for key, text in body:
        findings.extend(_body_years(key, text, y))
    return findings


def _body_years(key: str, text: str, year: int) -> list[Finding]:
    if key not in _ALLOWED_YEARS:
        return []
    allowed = {year + offset for offset in _ALLOWED_YEARS[key]}
    said = "、".join(f"{a}年" for a in sorted(allowed))
    hint = "核实年份；如属引用或比较，请写明"
    return [
        Finding(key, f.start, f.end, "warning", f"年份“{f.text}”与本部分所述年度（{said}）不符", hint)
        for f, year in _dated_years(text)
        if year not in allowed
    ]


# --- 3. names of other units and places -----------------------------------------------------


class _OwnNames:
    """The user's own names: given ones, those in the unit's name, and anything the facts mention."""

    def __init__(self, unit: str, own_names: Iterable[str], facts: str) -> None:
        self.unit = unit
        self.facts = facts
        self.names = {n for n in own_names if len(n) >= 2} | names_in(unit) | ({unit} if unit else set())

    def __contains__(self, name: str) -> bool:
        if name in self.unit or name in self.facts:
            return True
        return any(name in own or own in name for own in self.names)


def check_names(texts: Texts, own: _OwnNames, foreign_names: Iterable[str]) -> list[Finding]:
    """Names of other units/places the library knows (errors), and names found in the draft that
    are neither the user's nor in the facts (warnings). Longest names first; no overlapping spans."""
    findings: list[Finding] = []
    foreign = sorted({n for n in foreign_names if len(n) >= 2 and n not in own}, key=len, reverse=True)
    for key, text in texts:
        taken: list[tuple[int, int]] = []
        for name in foreign:
            for a, b in _free_occurrences(text, name, taken):
                msg, hint = f"出现其他单位/地名“{name}”，可能抄自范例", "改为本单位的名称，或删去"
                findings.append(Finding(key, a, b, "error", msg, hint))
        unknown = sorted((n for n in names_in(text) if n not in own), key=len, reverse=True)
        for name in unknown:
            for a, b in _free_occurrences(text, name, taken):
                msg, hint = f"未在事实材料中出现的地名/单位名“{name}”", "核实是否为本单位；如不是，请删改"
                findings.append(Finding(key, a, b, "warning", msg, hint))
    return findings


def _free_occurrences(text: str, name: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of `name` in `text` that overlap no span in `taken`; adds them to `taken`."""
    spans = []
    for m in re.finditer(re.escape(name), text):
        a, b = m.span()
        if all(b <= s or a >= e for s, e in taken):
            taken.append((a, b))
            spans.append((a, b))
    return spans


# --- 4. redaction markers, 6. placeholders, 7. lengths --------------------------------------


def check_redactions(texts: Texts) -> list[Finding]:
    hint = "换成本单位的实际内容，或写【待补充：……】"
    return [
        Finding(key, m.start(), m.end(), "error", f"含有脱敏标记“{m[0]}”", hint)
        for key, text in texts
        for m in _REDACTION.finditer(text)
    ]


def check_placeholders(texts: Texts) -> list[Finding]:
    return [
        Finding(key, m.start(), m.end(), "warning", f"尚有待补充内容：{m[0]}", "用实际情况替换该占位符")
        for key, text in texts
        for m in _PLACEHOLDER.finditer(text)
    ]


def check_lengths(parts: Iterable[DraftPart], min_chars: int, max_chars: int) -> list[Finding]:
    findings = []
    for part in parts:
        n = len(part.text.strip())
        if 0 < n < min_chars:
            msg = f"“{_name(part.key)}”部分篇幅较短（{n}字）"
            findings.append(Finding(part.key, 0, 0, "warning", msg, "补充具体做法、数据和成效"))
        elif n > max_chars:
            msg = f"“{_name(part.key)}”部分篇幅较长（{n}字）"
            findings.append(Finding(part.key, 0, 0, "info", msg, "精简重复表述"))
    return findings


# --- 5. figures the facts do not support ----------------------------------------------------


class _Support:
    """The figures of the user's facts and last year's report, looked up by normalize_figure key.
    A bare number in the facts (培训次数：6) supports the same value with any unit (6次)."""

    def __init__(self, *sources: str) -> None:
        figures = [f for source in sources for f in figures_in(source)]
        self.keys = {normalize_figure(f) for f in figures}
        self.bare = {normalize_figure(f)[1] for f in figures if f.kind == "number" and not f.unit}
        self.dates = [date_parts(f) for f in figures if f.kind == "date"]

    def supports(self, fig: Figure) -> bool:
        if normalize_figure(fig) in self.keys:
            return True
        if fig.kind == "date":  # 4月9日 is supported by 2022年4月9日
            return any(_within(date_parts(fig), date) for date in self.dates)
        return fig.kind == "number" and normalize_figure(fig)[1] in self.bare


def _within(said: tuple, date: tuple) -> bool:
    return all(s is None or s == d for s, d in zip(said, date, strict=True))


def check_figures(texts: Texts, facts: str, previous: str) -> list[Finding]:
    """Figures (counts, rates, dates; not bare years) that appear in neither facts nor previous
    (warnings), and those found only in last year's report (info: often last year's data)."""
    from_facts, from_previous = _Support(facts), _Support(previous)
    findings = []
    for key, text in texts:
        for f in figures_in(text):
            if f.kind == "year" or from_facts.supports(f):
                continue
            if from_previous.supports(f):
                message = f"数字“{f.text}”只出现在上一年度报告中，请核实是否为本年度的数据"
                findings.append(Finding(key, f.start, f.end, "info", message, "换成本年度的实际数字"))
            else:
                message = f"数字“{f.text}”未出现在您提供的事实材料中，请核实或改为【待补充：…】"
                findings.append(
                    Finding(
                        key, f.start, f.end, "warning", message, "核实该数字；如无依据，改为【待补充：……】"
                    )
                )
    return findings
