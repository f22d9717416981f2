"""How big an imported draft may be: a file over these is refused before it becomes the latest
draft that every new page session opens. A county report runs to 5,000–15,000 characters."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import ReadError
from assistant.types import Draft

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_PARTS = 12
MAX_IMPORT_CHARS = 100_000


def check_import_file(path: Path) -> None:
    """A ReadError when the file is larger than a draft can be."""
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ReadError(
            f"《{path.name}》有 {size / 1024 / 1024:.1f} MB，超过草稿文件的上限 "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB：请确认选对了文件（年度报告草稿通常不到 100 KB）。"
        )


def check_draft_bounds(draft: Draft, name: str) -> None:
    """A ReadError when the draft read from `name` has more parts or characters than a report."""
    if len(draft.parts) > MAX_IMPORT_PARTS:
        raise ReadError(
            f"《{name}》有 {len(draft.parts)} 个部分，超过上限 {MAX_IMPORT_PARTS} 个："
            "年度报告只有四个部分，请检查文件内容。"
        )
    chars = len(draft.title) + len(draft.preamble) + sum(len(p.heading) + len(p.text) for p in draft.parts)
    if chars > MAX_IMPORT_CHARS:
        raise ReadError(
            f"《{name}》共 {chars} 字，超过草稿的上限 {MAX_IMPORT_CHARS} 字：请检查文件内容，"
            "或分成几段在“改写段落”页处理。"
        )
