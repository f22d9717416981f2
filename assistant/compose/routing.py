"""The user's facts sorted into the report's parts, as a clerk would read them.

Facts arrive as a 工作总结 with its own headings, a messy paragraph, or bullets with labels.
Heading lines (二、存在问题 · 四、2025年工作安排 · 下一步工作计划： · （三）主要负责人履职情况) label
the lines after them and are never facts; a leading label (2025年打算：) is stripped; a transition
(但是我们也清醒地认识到…) opens the shortcomings and is not an item; an example (比如…) joins the
item before it. A document with a report's structure is parsed with the report parser
(assistant.parsing.structure.parse_report) and its sections mapped to the parts. Unlabelled facts fall
back to cue words (assistant.compose.facts.part_of).
"""

from __future__ import annotations

import re

from assistant.compose.facts import bare_line, is_title_line, part_of
from assistant.parsing.structure import parse_report
from assistant.text.numbering import (
    BULLET,
    CN_ITEM,
    DIGIT_ITEM,
    INLINE_ORDINAL,
    LEVEL_MARKERS,
    PAREN_ITEM,
    heading_level,
)
from assistant.text.script import HAN_RANGES
from assistant.text.sections import classify_heading
from assistant.types import PART_KEYS

ROUTED_KEYS = (*PART_KEYS, "other")
# Label words beyond the report-heading cues (sections.SECTION_CUES) that clerks type.
_LABEL_CUES = (
    ("leadership", ("第一责任人", "主要负责人", "主要负责同志", "履职", "述法")),
    ("shortcomings", ("问题", "不足", "短板", "差距", "薄弱", "困难")),
    ("plans", ("打算", "计划", "安排", "思路", "下一步", "下步", "目标", "要点", "措施")),
    (
        "achievements",
        ("成效", "做法", "举措", "成绩", "亮点", "工作开展", "主要工作", "工作情况", "完成情况"),
    ),
)
_LEADERSHIP_STRONG = ("主要负责人", "第一责任人", "主要负责同志", "一把手")
# A unit's leader acting in person (镇党委书记主持…, 局党组书记、局长带头…): part 三's material.
_LEADER_ACTS = re.compile(
    r"(?<!副)(?:党委书记|党组书记|党工委书记|镇长|乡长|局长|主任|县长|区长|市长|厅长)"
    r"(?:、[^，。；]{1,8})?(?:主持|带头|亲自|召开|研究|部署|述法|出庭|讲授|讲法治课|督办|督促)"
)
# A sentence that gives the reason for the shortcoming before it (…不强。主要是培训覆盖不够。).
_REASON = re.compile(r"^(?:这)?(?:主要是|主要原因是|原因是|究其原因|由于|因为|归根结底)")
_NUMBERING = re.compile(rf"^\s*(?:#{{1,6}}\s*|{CN_ITEM}|{PAREN_ITEM}|{DIGIT_ITEM})\s*")
_ENUMERATOR = re.compile(rf"^(?:{INLINE_ORDINAL.pattern}|首先|其次|再次|最后|另外|此外)[，,：:]?")
_LABEL = re.compile(rf"^([{HAN_RANGES}0-9（）()]{{2,16}})[：:]\s*")
_TRANSITION = re.compile(
    r"^(?:但是?|然而|不过|同时|当然)?[，,]?.{0,12}(?:清醒地|也|还)?(?:认识到|看到|意识到|发现).{0,16}(?:问题|不足|差距|短板|薄弱环节)"
)
_EXAMPLE = re.compile(r"^(?:比如|例如|譬如|如)[，,：:]\s*|^(?:比如|例如|譬如)")
_SENTENCE = re.compile(r"[^。！？；]+(?:[。！？；][”’」]?|$)")
# Full stops only: a bullet's clauses joined by ； stay one item; a quote closing a sentence
# (“…。”) stays with it.
_FULL_SENTENCE = re.compile(r"[^。！？]+(?:[。！？][”’」]?|$)")
_LONG_LINE = 120


def route_facts(text: str, year: int) -> dict[str, list[str]]:
    """Part key (achievements … plans, other) → fact items, in the order given."""
    routed: dict[str, list[str]] = {key: [] for key in ROUTED_KEYS}
    for label, lines in _labelled_blocks(text):
        _route_lines(lines, label, year, routed)
    return routed


def _labelled_blocks(text: str) -> list[tuple[str | None, list[str]]]:
    """(label, lines) blocks: a report-structured document's sections, or the whole text."""
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n")]
    if len([ln for ln in lines if heading_key(ln)]) < 2:
        first = next((n for n, ln in enumerate(lines) if ln.strip()), None)
        if first is not None and is_title_line(bare_line(lines[first])):
            lines = lines[first + 1 :]
        return [(None, lines)]
    report = parse_report(text)
    blocks: list[tuple[str | None, list[str]]] = []
    for section in report.sections:
        if section.key == "closing":
            continue
        label = section.key if section.key in ROUTED_KEYS else None
        body = section.text.split("\n")
        if section.key == "preamble":
            body = [ln for ln in body[1:] if not re.search(r"(如下|报告如下|总结如下)[：:。]?$", ln.strip())]
        blocks.append((label, body))
    return blocks


_HEADING_NUMBER = re.compile(rf"^(?:#{{1,6}}\s*|{CN_ITEM}|{LEVEL_MARKERS[2]})\s*")
_LIST_MARK = re.compile(rf"^(?:{BULLET}|{DIGIT_ITEM}|{LEVEL_MARKERS[4]})")


# What a part heading written without numbering ends with (存在问题 · 下一步工作计划 · 主要负责人履职情况).
_HEADING_NOUN = re.compile(
    r"(?:问题|不足|短板|差距|计划|打算|安排|思路|情况|措施|方向|成效|举措|工作|亮点|做法|目标|原因|履职|职责)$"
)


def heading_key(line: str) -> str | None:
    """The part a heading or label line names (二、存在问题 · 下一步工作计划： · （三）主要负责人履职
    情况), None if the line is not a part heading. A heading carries 一、/（一）/# numbering, or
    ends with a colon, or is a bare short line; it has no sentence punctuation and no figures
    but a year; list items (1. - •) are facts, never headings."""
    stripped = line.strip().lstrip("\u3000").strip()
    if _LIST_MARK.match(stripped) or stripped.endswith(("。", "；", "！")):
        return None
    body = _HEADING_NUMBER.sub("", stripped).strip()
    labelled = body.endswith(("：", ":"))
    body = body.rstrip("：:")
    if not body or len(body) > 24 or re.search(r"[。，；！？,;]", body):
        return None
    if re.search(r"\d", re.sub(r"\d{4}年度?", "", body)):
        return None
    if not (labelled or body != stripped or len(body) <= 12):
        return None
    if re.search(r"[：:].", body):  # 下一步：开展执法人员轮训 is a labelled fact, not a heading
        return None
    if not labelled and body == stripped and not _HEADING_NOUN.search(body):
        return None  # a bare short line is a heading only as a noun phrase (明年将继续深化普法宣传 is a fact)
    return classify_heading(body) or (label_key(body) if labelled else None)


def label_key(label: str) -> str | None:
    key = classify_heading(label)
    if key:
        return key
    for key, cues in _LABEL_CUES:
        if any(cue in label for cue in cues):
            return key
    return None


def _route_lines(lines: list[str], label: str | None, year: int, routed: dict[str, list[str]]) -> None:
    last: tuple[str, int] | None = None  # where the previous item went, for examples to join
    for raw in lines:
        if not raw.strip():
            continue
        key = heading_key(raw)
        if key:
            label, last = key, None
            continue
        if _is_topic_heading(raw):
            continue
        line_label, line = _strip_line_label(bare_line(raw))
        for sentence in _sentences(line):
            if _TRANSITION.match(sentence) and len(sentence) <= 40:
                label, last = "shortcomings", None
                continue
            example = _EXAMPLE.match(sentence)
            joins = example or (_REASON.match(sentence) and last is not None and last[0] == "shortcomings")
            if joins and last is not None:
                key_, index = last
                routed[key_][index] = routed[key_][index].rstrip("。；; ") + "，" + sentence
                continue
            if example:
                sentence = sentence[example.end() :]
            part = _part_for(sentence, line_label or label, year)
            routed[part].append(sentence)
            last = (part, len(routed[part]) - 1)


def _is_topic_heading(line: str) -> bool:
    """A level-1/2 numbered heading that names a topic, not a fact (（一）强化组织领导)."""
    return topic_heading(line) is not None


def topic_heading(line: str) -> str | None:
    """The topic a level-1/2 numbered heading names (（一）强化组织领导 → 强化组织领导), None for
    any other line."""
    stripped = line.strip().lstrip("\u3000")
    if heading_level(stripped) not in (1, 2):
        return None
    body = _NUMBERING.sub("", stripped).rstrip("。：:")
    return body if len(body) <= 20 and not re.search(r"[\d。，；]", body) else None


def _strip_line_label(line: str) -> tuple[str | None, str]:
    """(label's part, the line without it) when the line opens with a label (存在问题：…)."""
    match = _LABEL.match(line)
    if match:
        key = label_key(match[1])
        if key:
            return key, line[match.end() :]
    return None, line


def _sentences(line: str) -> list[str]:
    """A line as items: long lines and inline enumerations (一是…二是…) split at sentence ends; a
    run-in heading （一）强化组织领导。 and enumerators dropped."""
    run_in = re.match(rf"^(?:{LEVEL_MARKERS[2]})[^。！？]{{2,24}}[。！？]", line)
    if run_in:
        line = line[run_in.end() :]
    enumerated = len(INLINE_ORDINAL.findall(line)) >= 2
    pattern = _SENTENCE if len(line) > _LONG_LINE or enumerated else _FULL_SENTENCE
    pieces = pattern.findall(line)
    items = [_ENUMERATOR.sub("", p.strip()).strip() for p in pieces]
    return [item for item in items if len(item.strip("。；;，, ")) >= 2]


def _part_for(sentence: str, label: str | None, year: int) -> str:
    leader = any(cue in sentence for cue in _LEADERSHIP_STRONG) or _LEADER_ACTS.search(sentence)
    if label in (None, "achievements") and leader and not _plans_cue(sentence, year):
        return "leadership"
    if label in ROUTED_KEYS:
        return label
    return part_of(sentence, year)


def _plans_cue(sentence: str, year: int) -> bool:
    return part_of(sentence, year) == "plans"
