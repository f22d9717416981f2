"""The 纲要 coverage table of real reports from the dev split (/work/shared/eval or --eval FILE):
the report's own parts 一 and 三 as parsed, the areas covered and the evidence sentence."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.compose.coverage import coverage  # noqa: E402
from assistant.parsing.structure import parse_report  # noqa: E402
from assistant.types import Draft, DraftPart  # noqa: E402
from bench.benchlib import emit  # noqa: E402

DEFAULT_EVAL = Path("/work/shared/eval/real_pages_dev2.jsonl")


def table(row: dict) -> dict:
    report = parse_report(row["text"])
    parts = tuple(DraftPart(s.key, s.heading, s.text) for s in report.sections)
    draft = Draft(row["title"], row["unit"], int(row["year_reported"]), "imported", parts)
    return {
        "id": row["id"],
        "unit": row["unit"],
        "year": row["year_reported"],
        "sections": [s.key for s in report.sections],
        "coverage": [{"area": e.area, "covered": e.covered, "evidence": e.evidence} for e in coverage(draft)],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("ids", nargs="+")
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    args = parser.parse_args()
    rows = {r["id"]: r for r in map(json.loads, args.eval.read_text(encoding="utf-8").splitlines()) if r}
    emit("coverage", {"reports": [table(rows[i]) for i in args.ids]})


if __name__ == "__main__":
    main()
