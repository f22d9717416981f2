"""Word automatic numbering (w:numbering) rendered as the text Word shows: 一、 （一） 1. （1） ①.

Every w:numFmt Word and LibreOffice write for Chinese documents is rendered; LibreOffice re-saves
一、二、 lists as taiwaneseCountingThousand, WPS writes chineseCountingThousand, Word 2010+ may put a
custom format inside mc:AlternateContent with a standard w:numFmt as its fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def qn(tag: str) -> str:
    """python-docx's `qn` for the w: prefix, the only one used here (python-docx itself is imported
    only when a .docx is read: readers/pdf_lines takes MARKER from here)."""
    prefix, _, name = tag.partition(":")
    if prefix != "w":
        raise ValueError(f"unknown namespace prefix: {tag}")
    return f"{{{_W_NS}}}{name}"


_W_VAL = qn("w:val")
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Literal numbering typed into the text (一、 （一） 1. （1） ①); "1.5亿" is not one.
MARKER = r"[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[、.．](?!\d)|[①-⑳]"
_NUMBERED = re.compile(rf"^(?:{MARKER})")


class _Level(NamedTuple):
    start: int
    fmt: str
    text: str


class Numbering:
    """Word automatic numbering rendered as text: numId → abstractNum → level format, with
    counters per abstractNum (Word continues a list across numIds sharing one abstractNum)."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        self._abstract = {
            a.get(qn("w:abstractNumId")): _levels(a) for a in _children(numbering, "w:abstractNum")
        }
        # numId → (abstractNumId, startOverride per level, lvl overrides)
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        for num in _children(numbering, "w:num"):
            starts, levels = {}, {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                if (start := _val(override, "w:startOverride")) is not None:
                    starts[_int(override.get(qn("w:ilvl")), 0)] = _int(start, 1)
                levels.update(_levels(override))
            self._nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", starts, levels)
        # paragraph styleId → (numId, ilvl, basedOn)
        self._styles = {
            style.get(qn("w:styleId")): (*_num_pr(style), _val(style, "w:basedOn"))
            for style in _children(styles, "w:style")
        }
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    def label(self, p: Any, text: str) -> str:
        """The number Word shows in front of paragraph `p` ('' if none or if `text` already
        starts with one); advances the counters."""
        num_id, ilvl = self._resolve(p)
        if num_id not in self._nums:  # also numId 0: numbering switched off
            return ""
        abstract_id, starts, overrides = self._nums[num_id]
        levels = {**self._abstract.get(abstract_id, {}), **overrides}
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:  # a restarted list instance begins at its startOverride
            self._started.add(num_id)
            counters.update({level: start - 1 for level, start in starts.items()})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if levels[ilvl].fmt == "bullet" or _NUMBERED.match(text.lstrip()):
            return ""
        return _render(levels, counters, ilvl)

    def _resolve(self, p: Any) -> tuple[str | None, int]:
        """numId and ilvl of `p`, from its own w:numPr or inherited along its style chain."""
        num_id, ilvl = _num_pr(p)
        style_id, seen = _val(p.find(qn("w:pPr")), "w:pStyle"), set()
        while style_id in self._styles and style_id not in seen and not (num_id and ilvl):
            seen.add(style_id)
            style_num, style_ilvl, style_id = self._styles[style_id]
            num_id, ilvl = num_id or style_num, ilvl or style_ilvl
        return num_id, _int(ilvl, 0)


def _children(parent: Any, tag: str) -> list[Any]:
    return [] if parent is None else list(parent.iterchildren(qn(tag)))


def _num_pr(element: Any) -> tuple[str | None, str | None]:
    num_pr = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    return _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl")


def _levels(parent: Any) -> dict[int, _Level]:
    return {
        _int(lvl.get(qn("w:ilvl")), 0): _Level(
            _int(_val(lvl, "w:start"), 1), _num_fmt(lvl), _val(lvl, "w:lvlText") or ""
        )
        for lvl in parent.iterchildren(qn("w:lvl"))
    }


def _num_fmt(lvl: Any) -> str:
    """w:numFmt of a level; Word 2010+ may wrap it in mc:AlternateContent, with w:val="custom" and
    a sample such as "一, 二, 三, ..." in w:format under mc:Choice and a standard fallback."""
    fmt = lvl.find(qn("w:numFmt"))
    if fmt is None:
        choice = lvl.find(f"{{{_MC_NS}}}AlternateContent/{{{_MC_NS}}}Choice/{qn('w:numFmt')}")
        fallback = lvl.find(f"{{{_MC_NS}}}AlternateContent/{{{_MC_NS}}}Fallback/{qn('w:numFmt')}")
        custom = _custom_format(choice.get(qn("w:format"), "")) if choice is not None else None
        fmt = fallback if custom is None else None
        if custom is not None:
            return custom
    value = "decimal" if fmt is None else fmt.get(_W_VAL) or "decimal"
    return _custom_format(fmt.get(qn("w:format"), "")) or "decimal" if value == "custom" else value


_CUSTOM_FIRSTS = {
    "一": "chineseCounting",
    "壹": "chineseLegalSimplified",
    "①": "decimalEnclosedCircle",
    "甲": "ideographTraditional",
    "１": "decimalFullWidth",
    "1": "decimal",
    "01": "decimalZero",
}


def _custom_format(sample: str) -> str | None:
    first = sample.split(",", 1)[0].strip()
    return _CUSTOM_FIRSTS.get(first)


def _render(levels: dict[int, _Level], counters: dict[int, int], ilvl: int) -> str:
    def number(match: re.Match[str]) -> str:
        level = int(match.group(1)) - 1
        lvl = levels.get(level, levels[ilvl])
        return format_number(counters.get(level, lvl.start), lvl.fmt)

    label = re.sub(r"%([1-9])", number, levels[ilvl].text)
    return label + " " if label[-1:].isascii() and label[-1:].isalnum() else label


def _val(parent: Any, tag: str) -> str | None:
    child = None if parent is None else parent.find(qn(tag))
    return None if child is None else child.get(_W_VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _counting(digits: str, units: str = "十百千") -> Callable[[int], str]:
    """Chinese counting: 十一, 二十一, 一百零一 (digits[0] is the zero)."""

    def render(n: int) -> str:
        if not 0 < n < 10000:
            return str(n)
        text, zero = "", False
        for value, unit in zip((1000, 100, 10, 1), (units[2], units[1], units[0], ""), strict=True):
            if digit := n // value % 10:
                text += (digits[0] if zero else "") + digits[digit] + unit
            zero = bool(text) and not digit
        return text[1:] if 10 <= n < 20 and text[0] == digits[1] else text  # 十一, not 一十一

    return render


def _digital(digits: str) -> Callable[[int], str]:
    """Digit by digit: 一〇, 一一 (ideographDigital)."""
    return lambda n: "".join(digits[int(d)] for d in str(n)) if n >= 0 else str(n)


def _within(symbols: Sequence[str], offset: int = 1) -> Callable[[int], str]:
    return lambda n: symbols[n - offset] if 0 <= n - offset < len(symbols) else str(n)


def _letters(alphabet: str) -> Callable[[int], str]:
    """Word's letter lists go A … Z, AA … ZZ, AAA …"""
    return lambda n: alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1) if 0 < n <= 780 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    text = ""
    for value, symbol in zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    ):
        count, n = divmod(n, value)
        text += symbol * count
    return text


_SIMPLE = "零一二三四五六七八九"
_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
_FORMATTERS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalHalfWidth": str,
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalFullWidth2": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalEnclosedCircle": _within(_CIRCLED),
    "decimalEnclosedCircleChinese": _within(_CIRCLED),
    "decimalEnclosedFullstop": _within("⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"),
    "decimalEnclosedParen": _within("⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"),
    "chineseCounting": _counting(_SIMPLE),
    "chineseCountingThousand": _counting(_SIMPLE),
    "japaneseCounting": _counting(_SIMPLE),
    "taiwaneseCounting": _counting(_SIMPLE),
    "taiwaneseCountingThousand": _counting(_SIMPLE),
    "ideographDigital": _digital(_DIGITS),
    "taiwaneseDigital": _digital(_DIGITS),
    "japaneseDigitalTenThousand": _digital(_DIGITS),
    "chineseLegalSimplified": _counting("零壹贰叁肆伍陆柒捌玖", "拾佰仟"),
    "ideographLegalTraditional": _counting("零壹貳參肆伍陸柒捌玖", "拾佰仟"),
    "japaneseLegal": _counting("零壱弐参四伍六七八九", "拾百阡"),
    "ideographTraditional": _within("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _within("子丑寅卯辰巳午未申酉戌亥"),
    "ideographEnclosedCircle": _within("㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉"),
    "upperLetter": _letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerLetter": _letters("abcdefghijklmnopqrstuvwxyz"),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """Render counter `n` in Word's w:numFmt `fmt` (unknown formats fall back to decimal)."""
    return _FORMATTERS.get(fmt, str)(n)
