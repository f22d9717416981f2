"""The one heading grammar of a report: 一、 (level 1) / （一） (level 2) / 1. 1、 1． (level 3) /
（1） (1) (level 4), run-in headings (（一）坚持高标站位，加强组织领导。正文…), the inline 一是…二是…
enumeration, ordinals and markers, and renumbering with the hierarchy made whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.script import strip_markdown

ORDINAL_CHARS = "一二三四五六七八九十"  # the Chinese numerals a heading marker is written with
_ORD = ORDINAL_CHARS

# The marker of each level, without an anchor. Level 1 is not 「一、二季度」/「三、四月份」,
# which open ordinary sentences.
LEVEL_MARKERS = {
    1: rf"[{_ORD}]+、(?![{_ORD}]+(?:、|季度|月))|第[{_ORD}]+部分",
    2: rf"[（(][{_ORD}]+[）)]",
    3: r"\d{1,2}[、．.](?!\d)",
    4: r"[（(]\d{1,2}[）)]",
}
LEVEL_PATTERNS = {level: re.compile(rf"^(?:{marker})") for level, marker in LEVEL_MARKERS.items()}
# Any level's marker at the start of a line.
HEADING_MARKER = re.compile("^(?:" + "|".join(f"(?:{m})" for m in LEVEL_MARKERS.values()) + ")")
# Looser markers of a list item in free text (the user's notes, a model's reply), unanchored:
CN_ITEM = rf"[{_ORD}]{{1,3}}[、.．]"  # 一、 一. 一．
PAREN_ITEM = rf"[（(][{_ORD}\d]{{1,3}}[)）]"  # （一） （1）
DIGIT_ITEM = r"\d{1,2}[.、．)）]"  # 1. 1、 1．1) 1）
BULLET = "[-*•·●▪◆]"  # an unnumbered list item
# The marker a line of the user's notes opens with, and the space after it.
LIST_ITEM = re.compile(rf"^\s*(?:{BULLET}|{DIGIT_ITEM}|[（(]\d{{1,2}}[)）]|{CN_ITEM})\s*")
# 一是…二是…: the inline enumeration of a paragraph.
INLINE_ORDINAL = re.compile(rf"[{_ORD}]+是")
# 一是 / 第一， at the start of a sentence.
ENUMERATION_START = re.compile(rf"^(?:[{_ORD}]+是|第[{_ORD}]+[，,、])")

_RUN_IN_END = re.compile(r"[。！？]")
MAX_RUN_IN = 40  # a run-in heading ends with its first 。！？ within this many characters
MAX_HEADING_LINE = 60  # a heading alone on its line is at most this long

_MARKERS = {
    1: lambda n: f"{ordinal(n)}、",
    2: lambda n: f"（{ordinal(n)}）",
    3: lambda n: f"{n}.",
    4: lambda n: f"（{n}）",
}
# A marker as it may be written before renumbering (一. and 一． included).
_ANY_MARKER = {
    1: re.compile(rf"^(?:[{_ORD}]+[、．.]|第[{_ORD}]+部分)\s*"),
    2: re.compile(rf"^[（(][{_ORD}]+[）)]\s*"),
    3: re.compile(r"^\d{1,2}\s*[.、．]\s*"),
    4: re.compile(r"^[（(]\d{1,2}[）)]\s*"),
}
_LEVEL1_DOT = re.compile(rf"^([ \t\u3000]*[{_ORD}]{{1,3}})[.．](?!\d)", flags=re.M)
# Indentation, a Markdown heading mark and bold markup before a heading's number stay in place.
_HEADING_PREFIX = re.compile(r"^[ \t\u3000]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?")


def ordinal(n: int) -> str:
    """1 → 一, 11 → 十一, 21 → 二十一, 99 → 九十九."""
    import cn2an  # a tenth of a second: only when a number is written out

    return str(cn2an.an2cn(n))


def marker(level: int, n: int) -> str:
    """The marker of the n-th heading of a level: 一、 （一） 1. （1）."""
    return _MARKERS[level](n)


def heading_level(line: str) -> int | None:
    """1 for 一、, 2 for （一）, 3 for 1. / 1、 / 1．, 4 for （1）; None for a plain paragraph."""
    text = strip_markdown(line, inline=False)
    for level, pattern in LEVEL_PATTERNS.items():
        if pattern.match(text):
            return level
    return None


def split_run_in_heading(line: str) -> tuple[str, str]:
    """Split 「（一）标题。正文…」 into (heading, body), for any level. A heading-only line gives
    (line, ''); a numbered line without a short leading heading gives ('', line)."""
    text = strip_markdown(line, inline=False)
    if heading_level(text) is None:
        return "", text
    end = _RUN_IN_END.search(text)
    if end is None:
        return (text, "") if len(text) <= MAX_HEADING_LINE else ("", text)
    if end.end() > MAX_RUN_IN:
        return "", text
    return text[: end.end()], text[end.end() :]


def level1_dots_to_commas(text: str) -> str:
    """一. / 一． at a line's start → 一、 (the 公文 form of a level-1 marker)."""
    return _LEVEL1_DOT.sub(r"\1、", text)


@dataclass
class _Open:
    written: int  # the level the text wrote
    level: int  # the level it stands for


def renumber(text: str, under: int = 0) -> str:
    """Headings renumbered in sequence (a level restarts under its parent), with the hierarchy
    made whole: a heading directly under one more than a level above it takes the level below
    its parent — a 1. list directly under 一、 is the （一） level. `under` is the level of the
    heading the text sits under (1 for a part's text), 0 when not known."""
    counters = [0] * 5
    opened: list[_Open] = []
    lines = []
    for line in text.splitlines():
        written = heading_level(line)
        if written is None:
            lines.append(line)
            continue
        while opened and opened[-1].written >= written:
            opened.pop()
        level = opened[-1].level + 1 if opened else min(written, under + 1) if under else written
        opened.append(_Open(written, level))
        counters[level] += 1
        counters[level + 1 :] = [0] * (4 - level)
        lines.append(_with_marker(line, written, marker(level, counters[level])))
    return "\n".join(lines)


def _with_marker(line: str, written: int, new_marker: str) -> str:
    prefix = _HEADING_PREFIX.match(line)
    assert prefix is not None  # the pattern matches the empty string
    rest = _ANY_MARKER[written].sub("", line[prefix.end() :], count=1)
    return prefix[0] + new_marker + rest
