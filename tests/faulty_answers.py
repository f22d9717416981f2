"""Realistic model answers (tests/fixtures/faulty_answers/): one clean, fact-faithful answer for
青川县司法局 2024, the faults real models make planted into it one at a time (faults.json: the
kind of finding expected and the span it must cover), a generic answer that uses none of the
facts and repeats a paragraph in every part, and two library documents of other units."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from assistant.checks import Reference
from assistant.text.sections import standard_heading
from assistant.types import Draft, DraftPart

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "faulty_answers"
FACTS = (FIXTURES / "facts.txt").read_text(encoding="utf-8")
FAULTS: list[dict] = json.loads((FIXTURES / "faults.json").read_text(encoding="utf-8"))


def answer(name: str) -> Draft:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    year = data["year"]
    parts = tuple(DraftPart(k, standard_heading(k, year), t) for k, t in data["parts"].items())
    return Draft(data["title"], data["unit"], year, "llm", parts)


def references() -> list[Reference]:
    rows = json.loads((FIXTURES / "library.json").read_text(encoding="utf-8"))
    return [Reference(r["doc_id"], r["title"], r["unit"], r["year"], text=r["text"]).filled() for r in rows]


def planted(fault: dict) -> tuple[Draft, int]:
    """The clean answer with the fault planted; the offset of its span in the part's text."""
    draft = answer("clean")
    parts = []
    at = -1
    for part in draft.parts:
        if part.key == fault["part"]:
            assert fault["old"] in part.text, fault["id"]
            text = part.text.replace(fault["old"], fault["new"], 1)
            at = part.text.index(fault["old"]) + fault["new"].index(fault["span"])
            part = replace(part, text=text)
        parts.append(part)
    return replace(draft, parts=tuple(parts)), at


def covers(finding, fault: dict, at: int) -> bool:  # noqa: ANN001 - a Finding
    """The finding is of the fault's kind, on its part, and overlaps its span."""
    end = at + len(fault["span"])
    return (
        finding.part == fault["part"]
        and finding.kind == fault["kind"]
        and finding.severity in ("error", "warning")
        and finding.start < end
        and finding.end > at
    )
