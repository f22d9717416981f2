"""Export a draft as Markdown (preview, with its sources) or as a GB/T 9704-2012 .docx (the
document handed in, without sources)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import tempfile
from pathlib import Path

import docx
from docx.document import Document as DocumentObject

from assistant.drafts import docx_layout as layout
from assistant.drafts.codec import NO_DATE
from assistant.drafts.followup_table import followup_markdown
from assistant.errors import AssistantError
from assistant.text.numbering import renumber
from assistant.types import Draft, DraftPart, Source

log = logging.getLogger(__name__)


class ExportError(AssistantError):
    """A draft that could not be written to the chosen file."""


# ---------------------------------------------------------------- Markdown


def to_markdown(draft: Draft, with_sources: bool = True) -> str:
    """`# 标题`, the preamble, `## 一、…` per part with its paragraphs separated by blank lines,
    a `> 参考：` line per part with sources (when `with_sources`), then the unit and the date."""
    blocks = [f"# {draft.title}"]
    blocks.extend(paragraphs(draft.preamble))
    for part in draft.parts:
        blocks.append(f"## {part.heading}")
        blocks.extend(paragraphs(part.text))
        if with_sources and part.sources:
            blocks.append(sources_line(part.sources))
    # the date as the .docx writes it, so that the unit and date read back as the issuer block
    date = draft.date.strip() or (NO_DATE if draft.unit.strip() else "")
    blocks.extend(line for line in (draft.unit.strip(), date) if line)
    appendix = followup_markdown(draft)  # read back by codec as the end of the report
    return "\n\n".join([*blocks, appendix] if appendix else blocks) + "\n"


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a part's text, stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def sources_line(sources: tuple[Source, ...]) -> str:
    """`> 参考：[S1] 单位《标题》（2022年）；[S2] …`"""
    return "> 参考：" + "；".join(source_label(source) for source in sources)


def source_label(source: Source) -> str:
    """[S1] 单位《标题》（2022年）"""
    title = source.title.strip().strip("《》")
    label = f"[{source.id}] {source.unit}"
    if title:
        label += f"《{title}》"
    if source.year:
        label += f"（{source.year}年）"
    return label.rstrip()


# ---------------------------------------------------------------- .docx


EXPORT_SUFFIXES = (".docx", ".md", ".markdown", ".txt")


def check_target(path: str | Path) -> Path:
    """The export path, or an ExportError saying what to fix — checked before any work is done."""
    target = Path(path)
    if target.suffix.lower() not in EXPORT_SUFFIXES:
        raise ExportError(f"不支持导出为“{target.suffix or target.name}”：请用 .docx 或 .md 作为文件名后缀。")
    if not target.parent.is_dir():
        raise ExportError(
            f"无法保存到 {target}：文件夹 {target.parent} 不存在，请先创建该文件夹或另选保存位置。"
        )
    if target.is_dir():
        raise ExportError(f"无法保存到 {target}：这是一个文件夹，请在其后加上文件名（如 报告.docx）。")
    return target


def save(draft: Draft, path: str | Path, appendix: str = "") -> Path:
    """.docx in the official layout, or Markdown, by the file's suffix. `appendix` (Markdown, e.g.
    the 事实依据 table) follows the Markdown text; the .docx handed in never carries it."""
    target = check_target(path)
    if target.suffix.lower() == ".docx":
        return _write(target, to_docx_bytes(draft))
    text = to_markdown(draft) + (f"\n{appendix.strip()}\n" if appendix.strip() else "")
    return _write(target, text.encode("utf-8"))


def to_docx(draft: Draft, path: str | Path) -> Path:
    """Write the draft as a .docx at `path` and return the path."""
    return _write(check_target(path), to_docx_bytes(draft))


def _write(target: Path, data: bytes) -> Path:
    """Via a temporary file in the same folder, so a failed export leaves no partial file."""
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(
            f"无法在 {target.parent} 中写入文件：{exc.strerror or exc}。请检查文件夹权限。"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp_name, 0o666 & ~_umask())  # mkstemp creates 0600; a saved report is a normal file
        os.replace(temp_name, target)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise ExportError(
            f"无法保存 {target.name}：{exc.strerror or exc}。如果该文件正在 Word/WPS 中打开，请先关闭后重试。"
        ) from exc
    log.info("exported to %s (%d bytes)", target, len(data))
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def to_docx_bytes(draft: Draft) -> bytes:
    """The .docx file's bytes: title, preamble, the parts, then the issuing unit and date."""
    document = docx.Document()
    layout.setup_document(document)
    layout.add_title(document, draft.title)
    for line in paragraphs(draft.preamble):
        layout.add_body_paragraph(document, line)
    for part in draft.parts:
        _add_part(document, part)
    layout.add_issuer(document, draft.unit.strip(), draft.date.strip() or NO_DATE)
    _set_properties(document, draft)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_part(document: DocumentObject, part: DraftPart) -> None:
    if part.heading.strip():
        layout.add_heading1(document, part.heading.strip())
    # A part's text sits under its 一、 heading: a 1. list directly under it is the （一） level.
    for line in paragraphs(renumber(part.text, under=1)):
        layout.add_body_paragraph(document, line)


def _set_properties(document: DocumentObject, draft: Draft) -> None:
    """Title, author (the unit) and dates of this draft, not python-docx's template defaults."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props = document.core_properties
    props.title = draft.title
    props.subject = f"{draft.year}年法治政府建设年度报告"
    props.author = props.last_modified_by = draft.unit.strip()
    props.created = props.modified = now
    props.comments = props.keywords = props.category = ""
    props.revision = 1


_DATE_YEAR = re.compile(r"^\s*(\d{4})\s*年")


def date_warning(draft: Draft, today: dt.date | None = None) -> str:
    """A warning when the 成文日期 is missing or not in year Y+1, '' otherwise. (`today` is kept
    for callers that pass it; the date is never taken from the clock.)"""
    date = draft.date.strip()
    if not date:
        return (
            f"未填写成文日期：落款处写的是{NO_DATE}。{draft.year}年度的报告一般在{draft.year + 1}年3月1日前报送，"
            "请在签发前填写（命令行用 --date 指定，如 --date 2025-02-20）。"
        )
    match = _DATE_YEAR.match(date)
    if match is None or int(match[1]) == draft.year + 1:
        return ""
    return (
        f"成文日期“{date}”不在{draft.year + 1}年内：{draft.year}年度的报告一般在{draft.year + 1}年3月1日前报送，"
        "请核对成文日期（命令行用 --date 指定，如 --date 2025-02-20）。"
    )


def parse_date(value: str) -> str:
    """A 成文日期 typed as 2025-02-20, 2025/2/20, 2025.2.20 or 2025年2月20日 → 2025年2月20日."""
    found = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", value)
    if found:
        try:
            return format_date(dt.date(int(found[1]), int(found[2]), int(found[3])))
        except ValueError:
            pass
    raise AssistantError(f"成文日期“{value}”无效：请写成 2025-02-20 或 2025年2月20日。")


def format_date(day: dt.date) -> str:
    """2025年1月15日 — Arabic numerals, no leading zeros, as GB/T 9704-2012 writes 成文日期."""
    return f"{day.year}年{day.month}月{day.day}日"
