"""PDF page text → paragraphs: page numbers dropped, wrapped lines joined back into paragraphs."""

from __future__ import annotations

import re

from assistant.readers.numbering import MARKER as _MARKER
from assistant.text.numbering import INLINE_ORDINAL
from assistant.text.script import CJK_RANGES

_SENTENCE_END = tuple("。！？；：!?;:")
_CLOSERS = "”’」』）)\"'"
_HEADING_START = re.compile(rf"^(?:{_MARKER}|{INLINE_ORDINAL.pattern})")
_PAGE_NUMBER = re.compile(r"^(?:[-—－–\s]*\d{1,3}[-—－–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$")
_WIDE_GAP = re.compile(r" {3,}")
# Curly quotes count as Chinese here: PDF producers draw them in a Western font whose wide
# advance extractors read as a space ("省 “八五 ”普法").
_CJK_OR_QUOTE = CJK_RANGES + "\u2018-\u201f"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK_OR_QUOTE}]) +(?=\S)|(?<=\S) +(?=[{_CJK_OR_QUOTE}])")
_INDENTED_SHARE = 0.05  # this share of indented lines: the document marks paragraphs by indent
_SHORT_LINE = 0.85  # a line narrower than this share of a full line ends its paragraph


def page_lines(page: str) -> list[str]:
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


def join_pdf_lines(lines: list[str]) -> list[str]:
    """Re-join paragraphs that the PDF wrapped over several lines. A line starts a new paragraph
    when it is indented or starts a heading (一、 （一） 1. （1） 一是), or when the line before it
    ends in sentence punctuation or is clearly narrower than a full line. Where the document marks
    its paragraphs by indentation (as reports do), a full line ending in 。 continues unless the
    next line is indented."""
    full = _full_line_width([line.strip() for line in lines])
    indented = sum(raw[:1].isspace() for raw in lines)
    trust_indent = indented >= max(2, _INDENTED_SHARE * len(lines))
    paragraphs: list[str] = []
    previous = ""
    for raw in lines:
        line = raw.strip()
        if paragraphs and not raw[:1].isspace() and _continues(previous, line, full, trust_indent):
            glue = " " if previous[-1:].isascii() and previous[-1:].isalnum() and line[:1].isascii() else ""
            paragraphs[-1] += glue + line
        elif line:
            paragraphs.append(line)
        previous = line
    return paragraphs


def _continues(previous: str, line: str, full: float, trust_indent: bool = False) -> bool:
    if _HEADING_START.match(line):
        return False
    if trust_indent:  # a short line before an unbreakable "100%" or “12345” is no paragraph end
        return True
    ends_sentence = previous.rstrip(_CLOSERS).endswith(_SENTENCE_END)
    return not ends_sentence and _width(previous) >= _SHORT_LINE * full


def _width(line: str) -> float:
    """Line width in full-width characters: digits and Latin letters take half a CJK cell."""
    return len(line) - 0.5 * sum(char.isascii() for char in line)


def _full_line_width(lines: list[str]) -> float:
    widths = sorted(_width(line) for line in lines)
    return widths[min(len(widths) - 1, int(0.8 * len(widths)))] if widths else 0
