"""The dev split of real published excerpts, turned into drafts for the leak/year/figure checks.

Each excerpt (mostly achievements text, ~700 characters, with web page furniture) becomes a draft
for its own unit and year: the parts `parse_report` finds, or the whole text as the achievements
part when it finds none. Structure and length findings are not counted over this split: an excerpt
is a fragment, so its missing parts are real, not false alarms."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.structure import parse_report
from assistant.types import PART_KEYS, Draft, DraftPart

DEV_SPLIT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "real_excerpts_dev.jsonl"
if not DEV_SPLIT.exists():  # the worktree layout: /work/wt/<branch>/tests → /work/shared
    DEV_SPLIT = Path("/work/shared/eval/real_excerpts_dev.jsonl")
FRAGMENT_KINDS = ("structure", "length")


def excerpts() -> list[dict]:
    return [json.loads(line) for line in DEV_SPLIT.read_text(encoding="utf-8").splitlines() if line.strip()]


def excerpt_draft(row: dict, unit: str | None = None) -> Draft:
    report = parse_report(row["text"])
    parts = [DraftPart(s.key, s.heading, s.text) for s in report.sections if s.key in PART_KEYS]
    if not parts:
        body = "\n".join(s.text for s in report.sections)
        parts = [DraftPart("achievements", "", body)]
    preamble = "\n".join(s.text for s in report.sections if s.key == "preamble")
    return Draft(
        title=report.title,
        unit=unit or row["unit"],
        year=int(row["year_reported"]),
        mode="imported",
        parts=tuple(parts),
        preamble=preamble,
    )


def short_unit(unit: str) -> str:
    """The unit as a clerk types it short: without the province and city in front when something
    below them remains (四川省广元市青川县司法局 → 青川县司法局; 武汉市司法局 stays)."""
    from assistant.checks.divisions import COUNTY, gazetteer

    gaz = gazetteer()
    cut = 0
    for a, b, ids in gaz.mentions(unit):
        if a != cut or min(gaz.divisions[i].level for i in ids) >= COUNTY:
            break
        if b < len(unit) and any(
            gaz.divisions[i].level >= COUNTY for _, _, j in gaz.mentions(unit[b:]) for i in j
        ):
            cut = b
    return unit[cut:]
