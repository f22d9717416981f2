"""Drafts from files: the JSON contract (drafts.draft_json), our own Markdown and .docx exports,
and plain text a user pasted or typed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from assistant.drafts.bounds import check_draft_bounds, check_import_file
from assistant.drafts.draft_json import draft_from_dict, part_key_for, reported_year
from assistant.errors import ReadError
from assistant.text.numbering import LEVEL_PATTERNS, ORDINAL_CHARS
from assistant.text.script import strip_markdown
from assistant.text.sections import standard_title
from assistant.types import (
    Draft,
    DraftPart,
)

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
SUFFIXES = (".json", *TEXT_SUFFIXES, ".docx")

_HEADING1 = LEVEL_PATTERNS[1]
_MD_HEADING1 = re.compile(r"^##(?!#)\s*(.*)$")
_MD_TITLE = re.compile(r"^#(?!#)\s*(.*)$")
_REFERENCE = re.compile(r"^>\s*参考[：:]")
_RULE = re.compile(r"^(?:-{3,}|_{3,})$")
_APPENDIX = re.compile(r"^##\s*附[：:]")  # the 对照表 after the signature (drafts.followup_table)
_DATE = re.compile(
    r"^(?:\d{4}|[〇零○一二三四五六七八九]{4})年"
    rf"(?:\d{{1,2}}|[{ORDINAL_CHARS}]{{1,2}})月(?:\d{{1,2}}|[{ORDINAL_CHARS}]{{1,3}})日$"
)
# The signature's date when none was chosen (the export writes it; reading it back gives no date).
NO_DATE = "【待补充：成文日期】"
_DOC_NUMBER = re.compile(r"^\S{1,15}〔\d{4}〕\d+号$")
_UNIT_IN_TITLE = re.compile(r"^(.{2,30}?)关于")
_NOT_IN_SHORT_LINE = re.compile(r"[。，；：！？,;:!?]")
_MAX_TITLE = 60
_MAX_HEADING = 60
_MAX_UNIT = 40


def load_draft(path: str | Path, unit: str = "", year: int | None = None) -> Draft:
    """A draft from a .json (the JSON contract), .md/.txt (Markdown or plain text) or .docx file."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(
            f"《{p.name}》的格式（{suffix or '无扩展名'}）不能作为草稿读取：请提供 .json、.md、.txt 或 .docx 文件。"
        )
    if not p.is_file():
        raise ReadError(f"找不到草稿文件《{p.name}》（{p}）：请检查路径是否正确。")
    check_import_file(p)
    draft = _load_any(p, suffix, unit, year)
    check_draft_bounds(draft, p.name)
    return draft


def _load_any(p: Path, suffix: str, unit: str, year: int | None) -> Draft:
    if suffix == ".docx":
        return _load_docx(p, unit, year)
    text = _read_text(p)
    if suffix in TEXT_SUFFIXES:
        return draft_from_text(text, unit, year)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"《{p.name}》不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）：请检查文件内容。"
        ) from exc
    draft = draft_from_dict(data)
    return dataclasses.replace(draft, unit=unit or draft.unit, year=year or draft.year)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取《{path.name}》：{exc.strerror or exc}。请检查文件权限后重试。") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError(f"《{path.name}》不是 UTF-8 或 GBK 编码的文本文件：请另存为 UTF-8 编码后重试。")
    if not text.strip():
        raise ReadError(f"《{path.name}》文件为空：请确认选择了正确的文件。")
    return text


def _load_docx(path: Path, unit: str, year: int | None) -> Draft:
    """Our own export's layout: a centred title, the body, right-aligned unit and date at the end."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, key, value and XML errors alike
        raise ReadError(
            f"《{path.name}》不是有效的 Word 文档（.docx），可能已损坏：请用 Word/WPS 另存为 .docx 后重试。"
        ) from exc
    # A long title is broken into two lines with a w:br, which python-docx reads as "\n".
    items = [
        (p.text.replace("\n", "").strip(), alignment_of(p)) for p in document.paragraphs if p.text.strip()
    ]
    if not items:
        raise ReadError(f"《{path.name}》中没有文字：请确认选择了正确的文件。")
    title = ""
    if items[0][1] == "center" or _looks_like_title(items[0][0]):
        title = items.pop(0)[0]
    lines = [text for text, _ in items]
    # The issuer block: a right-aligned date, and the right-aligned unit line above it if any.
    aligned = [alignment == "right" for _, alignment in items]
    if not (aligned and aligned[-1] and _DATE.match(lines[-1])):
        return _build(title, lines, unit, year)
    date = lines.pop()
    found_unit = lines.pop() if len(aligned) > 1 and aligned[-2] else ""
    return _build(title, lines, unit, year, issuer=(found_unit, date))


# Every w:jc value Word writes (ECMA-376 ST_Jc, transitional and strict), as left/center/right/
# justify. Read from the XML: python-docx's enum raises on start/end, which strict Word writes.
_JUSTIFIED = ("both", "distribute", "justify", "lowKashida", "mediumKashida", "highKashida", "thaiDistribute")
_ALIGNMENTS = dict.fromkeys(("left", "start", "numTab"), "left") | dict.fromkeys(("right", "end"), "right")
_ALIGNMENTS |= {"center": "center"} | dict.fromkeys(_JUSTIFIED, "justify")


def alignment_of(paragraph: Any) -> str:
    """left / center / right / justify for a python-docx paragraph (left when not set)."""
    p_pr = paragraph._p.pPr
    jc = p_pr.find(_W_JC) if p_pr is not None else None
    value = jc.get(_W_VAL) if jc is not None else None
    return _ALIGNMENTS.get(value or "left", "left")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_JC, _W_VAL = f"{_W}jc", f"{_W}val"


# ---------------------------------------------------------------- text


def draft_from_text(text: str, unit: str = "", year: int | None = None) -> Draft:
    """A draft from our Markdown export or from plain text. Parts start at `## 一、…` headings (or,
    without any `##`, at bare `一、…` lines); a trailing unit + date block fills unit/date."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line and not _RULE.match(line)]
    appendix = next((i for i, line in enumerate(lines) if _APPENDIX.match(line)), len(lines))
    lines = lines[:appendix]
    title = ""
    if lines and (match := _MD_TITLE.match(lines[0])):
        title = strip_markdown(match.group(1))
        lines.pop(0)
    elif lines and _looks_like_title(lines[0]):
        title = lines.pop(0)
    return _build(title, lines, unit, year)


def _build(
    title: str, lines: list[str], unit: str, year: int | None, issuer: tuple[str, str] | None = None
) -> Draft:
    lines = [line for line in lines if not _REFERENCE.match(line)]
    if lines and _DOC_NUMBER.match(lines[0]):
        lines.pop(0)
    found_unit, date = issuer if issuer is not None else _take_issuer(lines)
    preamble, sections = _segment(lines)
    parts = tuple(
        DraftPart(key=part_key_for(heading, index), heading=heading, text="\n".join(body))
        for index, (heading, body) in enumerate(sections)
    )
    year = year or reported_year(title, parts, date) or dt.date.today().year - 1
    unit = unit or found_unit or _unit_from_title(title)
    return Draft(
        title=title or standard_title(unit, year),
        unit=unit,
        year=year,
        mode="imported",
        parts=parts,
        date=date,
        preamble="\n".join(preamble),
    )


def _take_issuer(lines: list[str]) -> tuple[str, str]:
    """Remove a trailing date line, and the unit line before it, from `lines`; return both."""
    if not lines or not (_DATE.match(lines[-1]) or lines[-1] == NO_DATE):
        return "", ""
    date = lines.pop().replace(NO_DATE, "")
    if lines and _looks_like_unit(lines[-1]):
        return lines.pop(), date
    return "", date


def _segment(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Split into the preamble's paragraphs and (heading, paragraphs) per level-1 heading."""
    markdown = any(_MD_HEADING1.match(line) for line in lines)
    preamble: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        heading = _heading_of(line, markdown)
        if heading is not None:
            sections.append((heading, []))
            continue
        text = strip_markdown(line)
        if text:
            (sections[-1][1] if sections else preamble).append(text)
    return preamble, sections


def _heading_of(line: str, markdown: bool) -> str | None:
    if markdown:
        match = _MD_HEADING1.match(line)
        return strip_markdown(match.group(1)) if match else None
    if _HEADING1.match(line) and len(line) <= _MAX_HEADING and "。" not in line[:-1]:
        return line
    return None


def _looks_like_title(line: str) -> bool:
    return (
        line.endswith("报告")
        and len(line) <= _MAX_TITLE
        and not _HEADING1.match(line)
        and not _NOT_IN_SHORT_LINE.search(line)
    )


def _looks_like_unit(line: str) -> bool:
    return (
        len(line) <= _MAX_UNIT
        and not _HEADING1.match(line)
        and not line.startswith(("特此", "#", ">"))
        and not _NOT_IN_SHORT_LINE.search(line)
    )


def _unit_from_title(title: str) -> str:
    match = _UNIT_IN_TITLE.match(title)
    return match.group(1) if match else ""
