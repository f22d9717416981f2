"""Read user files (.txt/.md/.docx/.pdf) into normalized text: one paragraph per line."""

from __future__ import annotations

import codecs
import io
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from pypdf import PdfReader
from pypdf.errors import DependencyError

from assistant.errors import ReadError

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024
_FORMATS = "、".join(SUPPORTED_SUFFIXES)


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file from disk; see `read_bytes`. The size is checked before the file is loaded."""
    p = Path(path)
    if not p.is_file():
        raise ReadError(f"找不到文件《{p.name}》（{p}）：请检查路径是否正确。")
    _check_suffix(p.name)
    _check_size(p.name, p.stat().st_size, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取《{p.name}》：{exc.strerror or exc}。请检查文件权限后重试。") from exc
    return read_bytes(data, p.name, max_bytes)


def read_bytes(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Turn the bytes of an uploaded file into normalized text; raise ReadError when impossible."""
    name = Path(filename).name or filename
    suffix = _check_suffix(name)
    _check_size(name, len(data), max_bytes)
    if not data.strip():
        raise ReadError(f"《{name}》文件为空：请确认选择了正确的文件。")
    text = normalize_text(_READERS[suffix](data, name))
    if not text:
        raise ReadError(f"《{name}》文件为空，没有可读取的文字：请确认选择了正确的文件。")
    log.debug("read %s: %d bytes -> %d chars", name, len(data), len(text))
    return text


def _check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".doc":
        raise ReadError(
            f"《{name}》是旧版 Word 文档（.doc），无法直接读取：请用 Word/WPS 另存为 .docx 后重试。"
        )
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "无扩展名"
        raise ReadError(f"《{name}》的格式（{shown}）不受支持：请提供 {_FORMATS} 格式的文件。")
    return suffix


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ReadError(
            f"《{name}》文件过大（{_mb(size)} MB），上限 {_mb(max_bytes)} MB："
            "请删去图片、附件或拆分文件后重试。"
        )


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".removesuffix(".0")


_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, 0x7F])
_TRANSLATE = str.maketrans(
    {**dict.fromkeys(_LINE_BREAKS, "\n"), **dict.fromkeys(_INVISIBLE + _CONTROLS, None)}
)


def normalize_text(text: str) -> str:
    """One paragraph per line: unify line breaks, drop invisible characters, strip each line
    (U+3000 indents, NBSP, tabs) and remove blank lines. Full-width punctuation is kept as is —
    no NFKC, the heading markers （一） depend on it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CJK_CLASS = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, ideographs, full-width forms
_CJK = re.compile(f"[{_CJK_CLASS}]")
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")
_MAX_ODD_RATIO = 0.05
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)


def _read_text(data: bytes, name: str) -> str:
    text = _decode(data, name)
    if len(_ODD_CHARS.findall(text)) > _MAX_ODD_RATIO * len(text):
        raise _not_text(name)
    # Markdown heading marks would hide the 一、/（一） that starts a heading line.
    return _MD_HEADING.sub("", text) if name.lower().endswith(".md") else text


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"《{name}》标明为 {encoding.upper()} 编码，但内容无法按该编码解码，文件可能已损坏："
                    "请用记事本打开后另存为 UTF-8 编码再试。"
                ) from exc
    if b"\x00" in data:
        raise _not_text(name)
    # Strict UTF-8 before GB18030: nearly any UTF-8 text would also "decode" as GB18030 (mojibake).
    utf8, gb = _try_decode(data, "utf-8"), None
    # A few short GBK texts are also valid UTF-8 (GBK "目录" = UTF-8 "Ŀ¼"). In a Chinese report a
    # UTF-8 reading without any CJK character but with non-ASCII ones is such a case.
    if utf8 is None or not (utf8.isascii() or _CJK.search(utf8)):
        gb = _try_decode(data, "gb18030")
    if gb is not None and (utf8 is None or _CJK.search(gb)):
        return gb
    if utf8 is None:
        raise _not_text(name)
    return utf8


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _not_text(name: str) -> ReadError:
    return ReadError(
        f"《{name}》不是文本文件，或使用了无法识别的编码：请提供 UTF-8 或 GBK 编码的 .txt，"
        "或直接上传 Word（.docx）/PDF 文件。"
    )


_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_T, _W_VAL = qn("w:t"), qn("w:val")
_RUN_MARKS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not body text: properties, deletions, text boxes and drawings
# (mc:AlternateContent would otherwise yield a text box twice, Choice and Fallback).
_SKIP_TAGS = {qn(tag) for tag in ("w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:drawing", "w:pict", "w:object")}
_SKIP_TAGS.add(f"{{{_MC_NS}}}AlternateContent")
# Literal numbering typed into the text (一、 （一） 1. （1） ①); "1.5亿" is not one.
_MARKER = r"[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[、.．](?!\d)|[①-⑳]"
_NUMBERED = re.compile(rf"^(?:{_MARKER})")


def _read_docx(data: bytes, name: str) -> str:
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


_SENTENCE_END = tuple("。！？；：!?;:")
_CLOSERS = "”’」』）)\"'"
_HEADING_START = re.compile(rf"^(?:{_MARKER}|[一二三四五六七八九十]+是)")
_PAGE_NUMBER = re.compile(r"^(?:[-—－–\s]*\d{1,3}[-—－–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$")
_WIDE_GAP = re.compile(r" {3,}")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK_CLASS}]) +(?=\w|[{_CJK_CLASS}])|(?<=\w) +(?=[{_CJK_CLASS}])")
_SHORT_LINE = 0.85  # a line narrower than this share of a full line ends its paragraph


def _read_pdf(data: bytes, name: str) -> str:
    reader = _open_pdf(data, name)
    try:
        pages = [_page_text(page) for page in reader.pages]
    except Exception as exc:  # pypdf fails on damaged files with many exception types
        raise _broken_pdf(name, exc) from exc
    lines = [line for page in pages for line in _page_lines(page)]
    if not lines:
        raise ReadError(
            f"《{name}》PDF 没有文字层（可能是扫描件），读不出文字：请先做文字识别（OCR），或提供 Word/文本版。"
        )
    return "\n".join(join_pdf_lines(lines))


def _page_text(page: Any) -> str:
    # Layout mode puts text on lines by position; the plain mode starts a new line at every text
    # object, so PDFs that place each run or glyph separately come out one fragment per line.
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception as exc:  # layout mode gives up on some fonts where the plain mode copes
        log.debug("layout text extraction failed, using plain mode: %r", exc)
        return page.extract_text() or ""


def _page_lines(page: str) -> list[str]:
    """Non-blank lines of one page, without the page number at its top or bottom. Leading
    whitespace is kept: it marks an indented paragraph start. Wide gaps (table columns) become a
    tab; spaces next to Chinese characters are layout, not text."""
    page = _SPACE_NEAR_CJK.sub("", _WIDE_GAP.sub("\t", page.replace("\r\n", "\n").replace("\r", "\n")))
    lines = [line.rstrip() for line in page.split("\n") if line.strip()]
    if lines and _PAGE_NUMBER.match(lines[-1].strip()):
        lines.pop()
    if lines and _PAGE_NUMBER.match(lines[0].strip()):
        lines.pop(0)
    return lines


def _open_pdf(data: bytes, name: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:  # see above
        raise _broken_pdf(name, exc) from exc
    if not encrypted:
        return reader
    try:
        decrypted = reader.decrypt("")
    except DependencyError as exc:
        raise ReadError(
            f"《{name}》是加密的 PDF（AES），缺少解密组件 cryptography：请安装 cryptography，"
            "或另存为未加密的 PDF / 提供 Word 版。"
        ) from exc
    except Exception as exc:  # see above
        raise _broken_pdf(name, exc) from exc
    if not decrypted:
        raise ReadError(f"《{name}》是加密的 PDF，需要密码才能打开：请先解除密码保护，或提供 Word/文本版。")
    return reader


def _broken_pdf(name: str, exc: Exception) -> ReadError:
    log.debug("cannot read %s as pdf: %r", name, exc)
    return ReadError(f"《{name}》不是有效的 PDF 文件，可能已损坏：请重新导出 PDF，或提供 Word/文本版。")


def join_pdf_lines(lines: list[str]) -> list[str]:
    """Re-join paragraphs that the PDF wrapped over several lines. A line starts a new paragraph
    when it is indented or starts a heading (一、 （一） 1. （1） 一是), or when the line before it
    ends in sentence punctuation or is clearly narrower than a full line."""
    full = _full_line_width([line.strip() for line in lines])
    paragraphs: list[str] = []
    previous = ""
    for raw in lines:
        line = raw.strip()
        if paragraphs and not raw[:1].isspace() and _continues(previous, line, full):
            glue = " " if previous[-1:].isascii() and previous[-1:].isalnum() and line[:1].isascii() else ""
            paragraphs[-1] += glue + line
        elif line:
            paragraphs.append(line)
        previous = line
    return paragraphs


def _continues(previous: str, line: str, full: float) -> bool:
    ends_sentence = previous.rstrip(_CLOSERS).endswith(_SENTENCE_END)
    return not ends_sentence and _width(previous) >= _SHORT_LINE * full and not _HEADING_START.match(line)


def _width(line: str) -> float:
    """Line width in full-width characters: digits and Latin letters take half a CJK cell."""
    return len(line) - 0.5 * sum(char.isascii() for char in line)


def _full_line_width(lines: list[str]) -> float:
    widths = sorted(_width(line) for line in lines)
    return widths[min(len(widths) - 1, int(0.8 * len(widths)))] if widths else 0


_READERS: dict[str, Callable[[bytes, str], str]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
