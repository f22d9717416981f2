"""The checks on the dev split of real excerpts: false errors per excerpt and recall on planted
defects. Prints JSON and writes bench/results/eval_checks.json.

    .venv/bin/python bench/eval_checks.py

Each excerpt is a draft for its own unit and year (tests/dev_split.py), typed in full and short,
with the other excerpts as precedents. False errors: error findings other than structure/length
(an excerpt is a fragment). Recall: a defect planted into each excerpt counts as caught when a
finding of the expected kind and severity covers it.

Halves: both dev files (41 excerpts + 26 pages), split by a fixed hash of the id (tests/dev_split.half):
half A is the one rules were developed on, half B is reported untouched. Each row is checked for its
own unit, typed in full and short, against a library of every other row and the five seeds.
Model answers: the recall by fault kind on tests/fixtures/faulty_answers, and the findings of the
clean answer."""

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
    all_rows,
    clean_text,
    excerpt_draft,
    excerpts,
    half,
    planted,
    seed_rows,
    short_unit,
    with_sentence,
)
from tests.faulty_answers import FACTS as ANSWER_FACTS  # noqa: E402
from tests.faulty_answers import FAULTS, answer, covers, references  # noqa: E402
from tests.faulty_answers import planted as planted_fault  # noqa: E402

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


def halves() -> dict:
    """False errors per check on each half of both dev files, unit typed in full and short."""
    rows = all_rows()
    refs = _references(rows + seed_rows())
    out: dict = {}
    for name in ("A", "B"):
        mine = [r for r in rows if half(r) == name]
        out[name] = {}
        for typed in ("full", "short"):
            errors: dict[str, int] = {}
            for row in mine:
                unit = row["unit"] if typed == "full" else short_unit(row["unit"])
                others = [ref for key, ref in refs.items() if key != row["id"]]
                for f in check_draft(excerpt_draft(row, unit), references=others):
                    if f.severity == "error" and f.kind not in FRAGMENT_KINDS:
                        errors[f.kind] = errors.get(f.kind, 0) + 1
            total = sum(errors.values())
            out[name][typed] = {
                "checks": len(mine), "errors": total, "per_check": round(total / len(mine), 3), "by_kind": errors
            }  # fmt: skip
    return out


def model_answers() -> dict:
    """Recall by fault kind on the realistic answers, and what the clean answer gets."""
    table: dict[str, dict[str, int]] = {}
    for fault in FAULTS:
        draft, at = planted_fault(fault)
        found = check_draft(draft, facts=ANSWER_FACTS, references=references())
        row = table.setdefault(fault["id"], {"planted": 0, "caught": 0})
        row["planted"] += 1
        row["caught"] += any(covers(f, fault, at) for f in found)
    clean = check_draft(answer("clean"), facts=ANSWER_FACTS, references=references())
    generic = check_draft(answer("generic"), facts=ANSWER_FACTS, references=references())
    return {
        "recall": table,
        "clean_findings": [f"{f.severity} {f.kind} {f.part}: {f.message}" for f in clean],
        "generic_kinds": sorted({f.kind for f in generic if f.severity != "info"}),
    }


def main() -> int:
    rows = excerpts()
    refs = _references(rows)
    result = {
        "false_errors": {typed: false_errors(rows, refs, typed) for typed in ("full", "short")},
        "halves": halves(),
        "leak_recall": leak_recall(rows, refs),
        "defect_recall": defect_recall(rows),
        "model_answers": model_answers(),
    }
    emit("eval_checks", result, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
