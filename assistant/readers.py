"""Read user files (.txt/.md/.docx/.pdf) into normalized text: one paragraph per line."""

from __future__ import annotations

import codecs
import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

# ---------------------------------------------------------------- entry points


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


# ---------------------------------------------------------------- normalization

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


# ---------------------------------------------------------------- .txt / .md

# UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")
_MAX_ODD_RATIO = 0.05


def _read_text(data: bytes, name: str) -> str:
    text = _decode(data, name)
    if len(_ODD_CHARS.findall(text)) > _MAX_ODD_RATIO * len(text):
        raise _not_text(name)
    return text


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


# ---------------------------------------------------------------- .docx

_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_VAL = qn("w:val")
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not body text: properties, deletions, text boxes and drawings
# (mc:AlternateContent would otherwise yield a text box twice, Choice and Fallback).
_SKIP_TAGS = {
    qn("w:pPr"),
    qn("w:rPr"),
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:drawing"),
    qn("w:pict"),
    qn("w:object"),
    f"{{{_MC_NS}}}AlternateContent",
}
# Literal numbering already typed into the paragraph text (一、 （一） 1. （1） ①).
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[、.．](?!\d)|[①-⑳])"
)


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
            label, text = numbering.label(child), _paragraph_text(child)
            yield label + text if text.strip() else ""  # Word numbers empty paragraphs too
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
        tag = child.tag
        if tag == _W_T:
            parts.append(child.text or "")
        elif tag == _W_TAB:
            parts.append("\t")
        elif tag in (_W_BR, _W_CR):
            parts.append("\n")
        elif tag not in _SKIP_TAGS and isinstance(tag, str):
            parts.append(_paragraph_text(child))
    return "".join(parts)


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


class _Numbering:
    """Word automatic numbering rendered as text: numId → abstractNum → level format, with
    counters per abstractNum (Word continues a list across numIds sharing one abstractNum)."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self._styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._default_style: str | None = None
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if numbering is not None:
            self._load_numbering(numbering)
        if styles is not None:
            self._load_styles(styles)

    def _load_numbering(self, numbering: Any) -> None:
        for abstract in numbering.iterchildren(qn("w:abstractNum")):
            self._abstract[abstract.get(qn("w:abstractNumId"))] = _levels(abstract)
        for num in numbering.iterchildren(qn("w:num")):
            starts: dict[int, int] = {}
            levels: dict[int, _Level] = {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    starts[ilvl] = _int(start.get(_W_VAL), 1)
                levels.update(_levels(override))
            self._nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", starts, levels)

    def _load_styles(self, styles: Any) -> None:
        for style in styles.iterchildren(qn("w:style")):
            if style.get(qn("w:type")) != "paragraph":
                continue
            style_id = style.get(qn("w:styleId"))
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            num_id = _val(num_pr, "w:numId") if num_pr is not None else None
            ilvl = _val(num_pr, "w:ilvl") if num_pr is not None else None
            self._styles[style_id] = (num_id, ilvl, _val(style, "w:basedOn"))
            if style.get(qn("w:default")) in ("1", "true"):
                self._default_style = style_id

    def label(self, p: Any) -> str:
        """The number Word shows in front of paragraph `p` ('' if none); advances the counters."""
        num_id, ilvl = self._num_pr(p)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract_id, starts, overrides = self._nums[num_id]
        levels = {**self._abstract.get(abstract_id, {}), **overrides}
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:  # a restarting list instance begins with its startOverride
            self._started.add(num_id)
            for level, start in starts.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if levels[ilvl].fmt == "bullet" or _NUMBERED.match(_paragraph_text(p)):
            return ""
        return _render(levels, counters, ilvl)

    def _num_pr(self, p: Any) -> tuple[str | None, int]:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = _val(num_pr, "w:numId") if num_pr is not None else None
        ilvl = _val(num_pr, "w:ilvl") if num_pr is not None else None
        style_id = _val(p.find(qn("w:pPr")), "w:pStyle") or self._default_style
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen and not (num_id and ilvl):
            seen.add(style_id)
            style_num, style_ilvl, style_id = self._styles[style_id]
            num_id, ilvl = num_id or style_num, ilvl or style_ilvl
        return num_id, _int(ilvl, 0)


def _levels(parent: Any) -> dict[int, _Level]:
    levels = {}
    for lvl in parent.iterchildren(qn("w:lvl")):
        levels[_int(lvl.get(qn("w:ilvl")), 0)] = _Level(
            start=_int(_val(lvl, "w:start"), 1),
            fmt=_val(lvl, "w:numFmt") or "decimal",
            text=_val(lvl, "w:lvlText") or "",
        )
    return levels


def _render(levels: dict[int, _Level], counters: dict[int, int], ilvl: int) -> str:
    def number(match: re.Match[str]) -> str:
        level = int(match.group(1)) - 1
        lvl = levels.get(level, levels[ilvl])
        return format_number(counters.get(level, lvl.start), lvl.fmt)

    label = re.sub(r"%([1-9])", number, levels[ilvl].text)
    return label + " " if label[-1:].isalnum() else label


def _val(parent: Any, tag: str) -> str | None:
    if parent is None:
        return None
    child = parent.find(qn(tag))
    return None if child is None else child.get(_W_VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _chinese(
    n: int, digits: str = "零一二三四五六七八九", units: str = "千百十", short_ten: bool = True
) -> str:
    if not 0 < n < 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for value, unit in zip((1000, 100, 10, 1), (*units, ""), strict=True):
        digit = n // value % 10
        if digit:
            parts.append((digits[0] if zero else "") + digits[digit] + unit)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if short_ten and 10 <= n < 20 else text


def _letters(n: int, alphabet: str) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB.
    return alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    pairs = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"))
    pairs += ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, symbol in pairs:
        count, n = divmod(n, value)
        out += symbol * count
    return out


def _cycle(symbols: str) -> Callable[[int], str]:
    return lambda n: symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


_FORMATTERS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "chineseLegalSimplified": lambda n: _chinese(n, "零壹贰叁肆伍陆柒捌玖", "仟佰拾", False),
    "ideographLegalTraditional": lambda n: _chinese(n, "零壹貳參肆伍陸柒捌玖", "仟佰拾", False),
    "ideographTraditional": _cycle("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _cycle("子丑寅卯辰巳午未申酉戌亥"),
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x245F + n) if 0 < n <= 20 else str(n),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """Render counter `n` in Word's w:numFmt `fmt` (unknown formats fall back to decimal)."""
    return _FORMATTERS.get(fmt, str)(n)


# ---------------------------------------------------------------- .pdf

_SENTENCE_END = tuple("。！？；：!?;:")
_CLOSERS = "”’」』）)\"'"
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.．、](?!\d)|[①-⑳]"
    r"|[一二三四五六七八九十]+是)"
)
_PAGE_NUMBER = re.compile(r"^(?:[-—－–\s]*\d{1,3}[-—－–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$")
_SHORT_LINE = 0.85  # a line narrower than this share of a full line ends its paragraph


def _read_pdf(data: bytes, name: str) -> str:
    reader = _open_pdf(data, name)
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf fails on damaged files with many exception types
        raise _broken_pdf(name, exc) from exc
    lines = [line for line in normalize_text("\n".join(pages)).split("\n") if not _PAGE_NUMBER.match(line)]
    if not any(lines):
        raise ReadError(
            f"《{name}》PDF 没有文字层（可能是扫描件），读不出文字：请先做文字识别（OCR），或提供 Word/文本版。"
        )
    return "\n".join(join_pdf_lines(lines))


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
    """Re-join paragraphs that the PDF wrapped over several lines. A line ends its paragraph when
    it ends in sentence punctuation, is clearly shorter than a full line, or the next line starts
    a heading (一、 （一） 1. （1） 一是)."""
    full = _full_line_width(lines)
    paragraphs: list[str] = []
    previous = ""
    for line in lines:
        if paragraphs and _continues(previous, line, full):
            glue = " " if previous[-1:].isascii() and previous[-1:].isalnum() and line[:1].isascii() else ""
            paragraphs[-1] += glue + line
        else:
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
