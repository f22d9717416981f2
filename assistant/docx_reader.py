"""Word (.docx) → text, with automatic heading numbering rendered as 一、/（一）/1. text."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from assistant.errors import ReadError

_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_T, _W_VAL = qn("w:t"), qn("w:val")
_RUN_MARKS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not body text: properties, deletions, text boxes and drawings
# (mc:AlternateContent would otherwise yield a text box twice, Choice and Fallback).
_SKIP_TAGS = {qn(tag) for tag in ("w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:drawing", "w:pict", "w:object")}
_SKIP_TAGS.add(f"{{{_MC_NS}}}AlternateContent")
# Literal numbering typed into the text (一、 （一） 1. （1） ①); "1.5亿" is not one.
MARKER = r"[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[、.．](?!\d)|[①-⑳]"
_NUMBERED = re.compile(rf"^(?:{MARKER})")

log = logging.getLogger(__name__)


def read_docx(data: bytes, name: str) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(f"《{name}》实际上是旧版 Word 文档（.doc）：请用 Word/WPS 另存为 .docx 后重试。")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, key, value and XML errors alike
        log.debug("cannot open %s as docx: %r", name, exc)
        raise ReadError(
            f"《{name}》不是有效的 Word 文档（.docx），可能已损坏或是旧版 .doc："
            "请用 Word/WPS 另存为 .docx 后重试。"
        ) from exc
    part = document.part
    numbering = _Numbering(_related_element(part, RT.NUMBERING), _related_element(part, RT.STYLES))
    return "\n".join(_blocks(document.element.body, numbering))


def _related_element(part: Any, reltype: str) -> Any:
    try:
        return part.part_related_by(reltype).element
    except (KeyError, AttributeError):
        return None


def _blocks(container: Any, numbering: _Numbering) -> Iterator[str]:
    """Lines of a body or table cell in document order; content controls are looked into."""
    for child in container.iterchildren():
        if child.tag == _W_P:
            text = _paragraph_text(child)
            label = numbering.label(child, text)  # also for empty paragraphs: Word counts them
            yield label + text if text.strip() else ""
        elif child.tag == _W_TBL:
            yield from _table_lines(child, numbering)
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _blocks(child, numbering)


def _table_lines(tbl: Any, numbering: _Numbering) -> Iterator[str]:
    """A one-cell row (often a layout box around the whole text) keeps its paragraphs; cells of
    wider rows are joined by a tab, one line per row."""
    for row in tbl.iterchildren(_W_TR):
        cells = row.findall(_W_TC)
        if len(cells) == 1:
            yield from _blocks(cells[0], numbering)
            continue
        texts = [" ".join(line for line in _blocks(cell, numbering) if line.strip()) for cell in cells]
        yield "\t".join(text for text in texts if text)


def _paragraph_text(element: Any) -> str:
    parts: list[str] = []
    for child in element.iterchildren():
        if child.tag == _W_T:
            parts.append(child.text or "")
        elif child.tag in _RUN_MARKS:
            parts.append(_RUN_MARKS[child.tag])
        elif child.tag not in _SKIP_TAGS and isinstance(child.tag, str):  # not a comment
            parts.append(_paragraph_text(child))
    return "".join(parts)


class _Level(NamedTuple):
    start: int
    fmt: str
    text: str


class _Numbering:
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
            _int(_val(lvl, "w:start"), 1), _val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or ""
        )
        for lvl in parent.iterchildren(qn("w:lvl"))
    }


def _render(levels: dict[int, _Level], counters: dict[int, int], ilvl: int) -> str:
    def number(match: re.Match[str]) -> str:
        level = int(match.group(1)) - 1
        lvl = levels.get(level, levels[ilvl])
        return format_number(counters.get(level, lvl.start), lvl.fmt)

    label = re.sub(r"%([1-9])", number, levels[ilvl].text)
    return label + " " if label[-1:].isalnum() else label


def _val(parent: Any, tag: str) -> str | None:
    child = None if parent is None else parent.find(qn(tag))
    return None if child is None else child.get(_W_VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _chinese(n: int) -> str:
    if not 0 < n < 10000:
        return str(n)
    text, zero = "", False
    for value, unit in zip((1000, 100, 10, 1), ("千", "百", "十", ""), strict=True):
        if digit := n // value % 10:
            text += ("零" if zero else "") + "零一二三四五六七八九"[digit] + unit
        zero = bool(text) and not digit
    return text[1:] if 10 <= n < 20 else text  # 十一, not 一十一


def _within(symbols: Sequence[str], offset: int = 1) -> Callable[[int], str]:
    return lambda n: symbols[n - offset] if 0 <= n - offset < len(symbols) else str(n)


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_FORMATTERS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "ideographTraditional": _within("甲乙丙丁戊己庚辛壬癸"),
    "decimalEnclosedCircle": _within("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"),
    "decimalEnclosedCircleChinese": _within("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"),
    "upperLetter": _within("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerLetter": _within("abcdefghijklmnopqrstuvwxyz"),
    "upperRoman": _within(_ROMAN),
    "lowerRoman": _within([roman.lower() for roman in _ROMAN]),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """Render counter `n` in Word's w:numFmt `fmt` (unknown formats fall back to decimal)."""
    return _FORMATTERS.get(fmt, str)(n)
