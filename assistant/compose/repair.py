"""The repair pass: each part with findings a rewording can fix gets one revision call that lists
them with the part's own facts; the revision is re-checked and kept only when it has fewer
findings by severity (errors first, then warnings). Every attempt is recorded in `repairs`: kept,
rejected (not better), unchanged (the model returned the same text) or failed (the call failed).

Repairable: every error a rewording can fix, and the warnings a model's wording causes — invented
figures, meetings and documents, copies of at least COPY_MIN characters from another unit, and
format (Latin words, half-width marks, Markdown). Findings are chosen by severity and kind, not
by message, so kinds other branches add are repaired the same way."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace

from assistant.errors import LLMError
from assistant.llm.chat import ChatModel
from assistant.llm.prompts import load_prompt, render
from assistant.llm.reasoning import without_reasoning
from assistant.text.sections import part_year
from assistant.types import Draft, DraftPart, Finding, Repair, RepairOutcome

log = logging.getLogger(__name__)

# Errors a rewrite of the part's wording cannot fix (a missing part, a cut answer, a length).
NOT_REPAIRABLE = frozenset({"incomplete", "structure", "length", "consistency", "placeholder"})
REPAIRABLE_WARNINGS = frozenset({"figure", "meeting", "document", "copy", "format"})
COPY_MIN = 40  # a copied run shorter than this is a common phrase, not another unit's passage
# A revision fixes wording: one that keeps less than this share of the part's unflagged characters
# has thrown the part away (an empty or off-topic answer has fewer findings only because it says
# nothing). The flagged spans themselves may go.
MIN_KEPT_SHARE = 0.6
Check = Callable[[Draft], list[Finding]]
Clean = Callable[[str, str], str]


def repairable(findings: list[Finding], part: str) -> list[Finding]:
    return [f for f in findings if f.part == part and f.end > f.start and _repairable(f)]


def _repairable(f: Finding) -> bool:
    if f.severity == "error":
        return f.kind not in NOT_REPAIRABLE
    if f.severity != "warning" or f.kind not in REPAIRABLE_WARNINGS:
        return False
    return f.kind != "copy" or f.end - f.start >= COPY_MIN


def weight(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings): a version is better when this is smaller, errors counting first."""
    return sum(f.severity == "error" for f in findings), sum(f.severity == "warning" for f in findings)


def repair_draft(
    draft: Draft,
    findings: list[Finding],
    *,
    model: ChatModel,
    check: Check,
    clean: Clean,
    facts: str | Mapping[str, str],
) -> tuple[Draft, list[Finding]]:
    """The draft after at most one revision per part with repairable findings, and its findings.
    `facts`: each part's own facts (part key → text), or one text for every part."""
    repairs: list[Repair] = []
    skip = {f.part for f in findings if f.kind == "incomplete"}
    for part in draft.parts:
        problems = repairable(findings, part.key)
        if not problems or part.key in skip:
            continue
        own_facts = facts if isinstance(facts, str) else facts.get(part.key, "")
        try:
            revised = _revise(draft, part, problems, model, clean, own_facts)
        except LLMError as exc:
            log.warning("修改“%s”失败，保留原文：%s", part.heading, exc)
            repairs.append(Repair(part.key, part.text, part.text, (), outcome="failed"))
            continue
        if not revised or revised == part.text:
            repairs.append(Repair(part.key, part.text, part.text, (), outcome="unchanged"))
            continue
        candidate = _with_text(draft, part.key, revised)
        new_findings = check(candidate)
        remaining = repairable(new_findings, part.key)
        still = {f.message for f in remaining}
        fixed = tuple(dict.fromkeys(f.message for f in problems if f.message not in still))
        flagged = sum(f.end - f.start for f in problems)
        kept_enough = len(revised) >= MIN_KEPT_SHARE * (len(part.text) - flagged)
        better = weight(remaining) < weight(problems) and kept_enough
        outcome: RepairOutcome = "kept" if better else "rejected"
        repairs.append(Repair(part.key, part.text, revised, fixed if outcome == "kept" else (), outcome))
        if outcome == "kept":
            draft, findings = candidate, new_findings
    return replace(draft, repairs=(*draft.repairs, *repairs)), findings


def _revise(
    draft: Draft, part: DraftPart, problems: list[Finding], model: ChatModel, clean: Clean, facts: str
) -> str:
    listed = "\n".join(
        f"{n}. “{part.text[f.start : f.end]}”：{f.message}"
        + (f"（建议：{f.suggestion}）" if f.suggestion else "")
        for n, f in enumerate(problems, 1)
    )
    system, user = render(
        load_prompt("repair_part"),
        unit=draft.unit,
        part_heading=part.heading,
        part_year=str(part_year(part.key, draft.year)),
        problems=listed,
        facts=facts.strip() or "（未提供）",
        text=part.text,
    )
    return clean("".join(without_reasoning(model.stream(system, user))), part.heading)


def _with_text(draft: Draft, key: str, text: str) -> Draft:
    parts = tuple(replace(p, text=text) if p.key == key else p for p in draft.parts)
    return replace(draft, parts=parts)
