"""Each part's precedents kept beside a saved draft (`precedents.json` in its folder), so a
reopened draft shows the same examples as when it was drafted."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from assistant.types import Chunk, Hit

FILE_NAME = "precedents.json"


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    c = hit.chunk
    return {
        "id": c.id, "doc_id": c.doc_id, "text": c.text, "title": c.title, "unit": c.unit, "year": c.year,
        "section": c.section, "heading_path": list(c.heading_path), "position": c.position,
        "level": c.level, "score": hit.score, "highlights": [list(span) for span in hit.highlights],
    }  # fmt: skip


def hit_from_dict(data: dict[str, Any]) -> Hit:
    chunk = Chunk(
        id=str(data["id"]), doc_id=str(data["doc_id"]), text=str(data["text"]), title=str(data.get("title", "")),
        unit=str(data.get("unit", "")), year=int(data["year"]) if data.get("year") else None,
        section=str(data.get("section", "other")), heading_path=tuple(map(str, data.get("heading_path", []))),
        position=int(data.get("position", 0)), level=data.get("level", "") or "",
    )  # fmt: skip
    spans = tuple((int(a), int(b)) for a, b in data.get("highlights", []))
    return Hit(chunk, float(data.get("score", 0.0)), spans)


def write_precedents(folder: Path, precedents: dict[str, list[Hit]]) -> None:
    data = {key: [hit_to_dict(h) for h in hits] for key, hits in precedents.items()}
    tmp = folder / (FILE_NAME + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / FILE_NAME)


def read_precedents(folder: Path) -> dict[str, list[Hit]]:
    """The saved precedents ({} when none were saved or the file is damaged: they are a help only)."""
    try:
        data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
        return {str(key): [hit_from_dict(h) for h in hits] for key, hits in data.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
