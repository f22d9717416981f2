"""Corrections a user makes to a document's metadata (`fazhi edit`, the 资料库 page): checked
values, and chunks re-made from a stored text that keep the corrections."""

from __future__ import annotations

from dataclasses import replace

from assistant.errors import IngestError
from assistant.limits import check_year
from assistant.parsing.units import normalise_level
from assistant.types import Chunk, as_level


def with_corrections(chunks: list[Chunk], doc_id: str, meta: dict) -> list[Chunk]:
    """Chunks re-made from a stored text keep the document's id and its (perhaps corrected)
    title, unit, year and level."""
    return [
        replace(
            c,
            doc_id=doc_id,
            id=f"{doc_id}:{c.position:04d}",
            title=str(meta.get("title") or c.title),
            unit=str(meta.get("unit", c.unit)),
            year=int(meta.get("year") or 0) or None,
            level=as_level(meta.get("level", c.level)),
        )
        for c in chunks
    ]


def validated_changes(*, unit: str | None, year: int | None, level: str | None, title: str | None) -> dict:
    """The metadata fields to change, checked; IngestError (Chinese) for a bad value."""
    changes: dict = {}
    if unit is not None:
        if not unit.strip():
            raise IngestError("单位名称不能为空：请填写完整的单位名称，例如“XX县司法局”。")
        changes["unit"] = unit.strip()
    if year is not None:
        changes["year"] = check_year(year, error=IngestError)
    if level is not None:
        if not (normalised := normalise_level(level)):
            raise IngestError(
                f"层级“{level}”无效：可选 省、市、县、乡镇、部门（或 province、city、district-county、township、department）。"
            )
        changes["level"] = normalised
    if title is not None:
        if not title.strip():
            raise IngestError("标题不能为空：请填写报告标题。")
        changes["title"] = title.strip()
    return changes
