"""Last year's report for the clerk: the library's report of the same unit (under any of its name
forms, text.identity.same_unit) for the year before the one being reported."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.text.identity import same_unit
from assistant.types import DocumentInfo


def previous_report(documents: Iterable[DocumentInfo], unit: str, year: int) -> DocumentInfo | None:
    """The document of `unit` reporting on year − 1; the one with most chunks when there are
    several copies; None when the library holds none."""
    found = [d for d in documents if d.year == year - 1 and same_unit(d.unit, unit)]
    return max(found, key=lambda d: d.chunks, default=None)


def previous_note(document: DocumentInfo) -> str:
    """What the clerk is told when last year's report was taken from the library."""
    return (
        f"已自动对照资料库中的上一年度报告《{document.title or document.unit}》（编号 {document.id}），"
        "逐条核对去年的承诺；不需要时加 --no-previous（网页上取消勾选“对照上一年度报告”）。"
    )
