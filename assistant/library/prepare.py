"""A file or a text → a PreparedDocument: read, cleaned, parsed and chunked in memory, before
anything is written (a file that fails here leaves the library as it was). Ids come from content
hashes of the normalised text, so re-adding a file (in any encoding) adds nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.errors import IngestError
from assistant.library.fsnames import readable
from assistant.parsing.chunking import chunk_report
from assistant.parsing.structure import parse_published
from assistant.readers import ReadOptions, read_path
from assistant.text.injection import injection_warning
from assistant.types import Chunk, Progress, Report

UNKNOWN_UNIT_WARNING = (
    "没有从标题、正文或文件名中识别出单位：请在资料库页面或用 `fazhi edit 编号 --unit 单位名称` 补填，"
    "否则按单位查找范例、对照上年报告时会漏掉这篇。"
)
UNKNOWN_UNIT_MESSAGE = "《{name}》中找不到单位名称，收录后请补填单位"


@dataclass(frozen=True)
class PreparedDocument:
    doc_id: str
    text: str
    report: Report
    title: str
    source: str
    chunks: list[Chunk]
    clean_text: str = ""  # furniture removed, simplified characters: what names and dedup read


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def untitled_name(report: Report, source: str) -> str:
    """A name for a report printed without a title line (seeds 003, 004): unit and year if known."""
    if report.year:
        return f"{report.unit}{report.year}年法治政府建设情况（原文无标题）"
    return Path(source).stem


def prepare_file(
    path: Path, *, max_bytes: int, count_tokens: Callable[[str], int], progress: Progress | None = None
) -> PreparedDocument:
    """Read and parse one file; `progress` hears of the reader's long steps (OCR pages,
    LibreOffice conversion). The reader's warnings (OCR, conversion) go before the parser's."""
    read = read_path(path, options=ReadOptions(max_bytes=max_bytes, progress=progress))
    return prepare_text(read.text, readable(path.name), count_tokens=count_tokens, warnings=read.warnings)


def prepare_text(
    text: str, source: str, *, count_tokens: Callable[[str], int], warnings: Sequence[str] = ()
) -> PreparedDocument:
    """Parse and chunk `text`; `warnings` (from the reader) are kept with the document."""
    clean_text, report = parse_published(text, filename=source)
    injected = injection_warning(text)
    warnings = (*warnings, injected) if injected else tuple(warnings)
    if warnings:
        report = replace(report, warnings=tuple(dict.fromkeys((*warnings, *report.warnings))))
    doc_id = document_id(text)
    title = report.title or untitled_name(report, source)
    chunks = chunk_report(report, doc_id, title=title, count_tokens=count_tokens)
    if not chunks:
        raise IngestError(f"《{source}》没有可检索的正文内容，未收录。请检查文件内容。")
    chunks = [replace(c, level=report.level) for c in chunks]
    return PreparedDocument(doc_id, text, report, title, source, chunks, clean_text)
