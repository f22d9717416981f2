"""The repair pass: each part with error findings gets one revision call that lists them; the
revision is re-checked and kept only when it has fewer errors (at most one round per part).

Findings are chosen by severity and kind, not by message, so kinds other branches add (copy)
are repaired the same way as names, figures and years."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from assistant.errors import LLMError
from assistant.llm.chat import ChatModel
from assistant.llm.prompts import load_prompt, render
from assistant.llm.reasoning import without_reasoning
from assistant.text.sections import part_year
from assistant.types import Draft, DraftPart, Finding, Repair

log = logging.getLogger(__name__)

# Errors a rewrite of the part's wording cannot fix (a missing part, a cut answer, a length).
NOT_REPAIRABLE = frozenset({"incomplete", "structure", "length", "consistency", "placeholder"})
Check = Callable[[Draft], list[Finding]]
Clean = Callable[[str, str], str]


def repairable(findings: list[Finding], part: str) -> list[Finding]:
    return [
        f
        for f in findings
        if f.part == part and f.severity == "error" and f.kind not in NOT_REPAIRABLE and f.end > f.start
    ]


def repair_draft(
    draft: Draft, findings: list[Finding], *, model: ChatModel, check: Check, clean: Clean, facts: str
) -> tuple[Draft, list[Finding]]:
    """The draft after at most one revision per part with error findings, and its findings.
    A failed revision call leaves the part as it was."""
    repairs: list[Repair] = []
    skip = {f.part for f in findings if f.kind == "incomplete"}
    for part in draft.parts:
        problems = repairable(findings, part.key)
        if not problems or part.key in skip:
            continue
        try:
            revised = _revise(draft, part, problems, model, clean, facts)
        except LLMError as exc:
            log.warning("修改“%s”失败，保留原文：%s", part.heading, exc)
            continue
        if not revised or revised == part.text:
            continue
        candidate = _with_text(draft, part.key, revised)
        new_findings = check(candidate)
        remaining = repairable(new_findings, part.key)
        if len(remaining) < len(problems):
            still = {f.message for f in remaining}
            fixed = tuple(dict.fromkeys(f.message for f in problems if f.message not in still))
            repairs.append(Repair(part.key, part.text, revised, fixed))
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
