"""The checks on the dev split of real excerpts: false errors per excerpt and recall on planted
defects. Prints JSON and writes bench/results/eval_checks.json.

    .venv/bin/python bench/eval_checks.py

Each excerpt is a draft for its own unit and year (tests/dev_split.py), typed in full and short,
with the other excerpts as precedents. False errors: error findings other than structure/length
(an excerpt is a fragment). Recall: a defect planted into each excerpt counts as caught when a
finding of the expected kind and severity covers it."""

from __future__ import annotations

import sys
from dataclasses import replace

from benchlib import ROOT, emit

sys.path.insert(0, str(ROOT))

from assistant.checks import Reference, check_draft  # noqa: E402
from assistant.types import DraftPart  # noqa: E402
from tests.dev_split import (  # noqa: E402
    FRAGMENT_KINDS,
    LEAK_KINDS,
    clean_text,
    excerpt_draft,
    excerpts,
    planted,
    short_unit,
    with_sentence,
)

FACTS = "办理行政复议案件37件；审核规范性文件12件"
# kind → (sentence, the text that must be covered, finding kind, severity), {y} = report year
DEFECTS = {
    "plans_year_of_action": ("{y}年，我局将深化行政执法监督。", "{y}年", "year", "error"),
    "placeholder": ("组织执法培训××次。", "××", "placeholder", "warning"),
    "swapped_figure": ("审核规范性文件37件。", "37件", "figure", "warning"),
    "spaced_wrong_year": ("{p} 年全面推进依法行政。", "{p} 年", "year", "warning"),
}


def _references(rows: list[dict]) -> dict[str, Reference]:
    return {
        r["id"]: Reference(r["id"], r["title"], r["unit"], r["year_reported"], text=clean_text(r)).filled()
        for r in rows
    }


def false_errors(rows: list[dict], refs: dict[str, Reference], typed: str) -> dict:
    counts = []
    for row in rows:
        unit = row["unit"] if typed == "full" else short_unit(row["unit"])
        others = [refs[o["id"]] for o in rows if o["id"] != row["id"]]
        findings = check_draft(excerpt_draft(row, unit), references=others)
        counts.append(sum(f.severity == "error" and f.kind not in FRAGMENT_KINDS for f in findings))
    return {"excerpts": len(rows), "errors": sum(counts), "per_excerpt": round(sum(counts) / len(rows), 3)}


def leak_recall(rows: list[dict], refs: dict[str, Reference]) -> dict:
    table = {}
    for kind in LEAK_KINDS:
        tried = caught = 0
        for row in rows:
            plant = planted(row, rows, kind)
            if plant is None:
                continue
            sentence, name = plant
            draft, key, at = with_sentence(excerpt_draft(row, short_unit(row["unit"])), sentence)
            a = at + sentence.index(name)
            others = [refs[o["id"]] for o in rows if o["id"] != row["id"]]
            findings = check_draft(draft, references=others)
            tried += 1
            caught += any(
                f.part == key and f.severity == "error" and f.start < a + len(name) and f.end > a
                for f in findings
            )
        table[kind] = {"planted": tried, "caught": caught}
    return table


def defect_recall(rows: list[dict]) -> dict:
    table = {}
    for name, (template, target, kind, severity) in DEFECTS.items():
        tried = caught = 0
        for row in rows:
            y = int(row["year_reported"])
            sentence, covered = (s.format(y=y, p=y - 2) for s in (template, target))
            draft = excerpt_draft(row, short_unit(row["unit"]))
            if name == "plans_year_of_action":
                draft = replace(draft, parts=(*draft.parts, DraftPart("plans", "", sentence)))
                key, a = "plans", sentence.index(covered)
            else:
                draft, key, at = with_sentence(draft, sentence)
                a = at + sentence.index(covered)
            findings = check_draft(draft, facts=FACTS)
            tried += 1
            caught += any(
                f.part == key and f.kind == kind and f.severity == severity and f.start <= a < f.end
                for f in findings
            )
        table[name] = {"planted": tried, "caught": caught}
    return table


def main() -> int:
    rows = excerpts()
    refs = _references(rows)
    result = {
        "false_errors": {typed: false_errors(rows, refs, typed) for typed in ("full", "short")},
        "leak_recall": leak_recall(rows, refs),
        "defect_recall": defect_recall(rows),
    }
    emit("eval_checks", result, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
