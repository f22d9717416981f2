"""PDF text layer → text (pypdf layout mode), with wrapped lines joined back into paragraphs."""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError

from assistant.errors import ReadError

from .docx_reader import MARKER as _MARKER

_CJK_CLASS = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, ideographs, full-width forms
_SENTENCE_END = tuple("。！？；：!?;:")
_CLOSERS = "”’」』）)\"'"
_HEADING_START = re.compile(rf"^(?:{_MARKER}|[一二三四五六七八九十]+是)")
_PAGE_NUMBER = re.compile(r"^(?:[-—－–\s]*\d{1,3}[-—－–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$")
_WIDE_GAP = re.compile(r" {3,}")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK_CLASS}]) +(?=\w|[{_CJK_CLASS}])|(?<=\w) +(?=[{_CJK_CLASS}])")
_SHORT_LINE = 0.85  # a line narrower than this share of a full line ends its paragraph

log = logging.getLogger(__name__)


def read_pdf(data: bytes, name: str) -> str:
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
