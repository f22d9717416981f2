"""Word (.docx) → text, with automatic heading numbering rendered as 一、/（一）/1. text."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from assistant.errors import ReadError
from assistant.readers.container import check_ole, check_zip
from assistant.readers.numbering import Numbering

_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_T, _W_BODY, _W_DOCUMENT = qn("w:t"), qn("w:body"), qn("w:document")
_RUN_MARKS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not body text: properties, deletions, text boxes and drawings
# (mc:AlternateContent would otherwise yield a text box twice, Choice and Fallback).
_SKIP_TAGS = {qn(tag) for tag in ("w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:drawing", "w:pict", "w:object")}
_SKIP_TAGS.add(f"{{{_MC_NS}}}AlternateContent")

log = logging.getLogger(__name__)


def read_docx(data: bytes, name: str) -> str:
    check_ole(data, name)
    check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        body = _body(document.element)
        part = document.part
        numbering = Numbering(_related_element(part, RT.NUMBERING), _related_element(part, RT.STYLES))
        return "\n".join(_blocks(body, numbering))
    except ReadError:
        raise
    except Exception as exc:  # python-docx and lxml raise zip, key, value, XML and attribute errors alike
        log.debug("cannot open %s as docx: %r", name, exc)
        raise ReadError(
            f"《{name}》不是有效的 Word 文档（.docx），可能已损坏或内容不完整："
            "请用 Word/WPS 打开后另存为 .docx 再重试。"
        ) from exc


def _body(root: Any) -> Any:
    body = root.find(_W_BODY) if getattr(root, "tag", None) == _W_DOCUMENT else None
    if body is None:
        raise ValueError(f"no w:body under {getattr(root, 'tag', root)!r}")
    return body


def _related_element(part: Any, reltype: str) -> Any:
    try:
        return part.part_related_by(reltype).element
    except (KeyError, AttributeError):
        return None


def _blocks(container: Any, numbering: Numbering) -> Iterator[str]:
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


def _table_lines(tbl: Any, numbering: Numbering) -> Iterator[str]:
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
