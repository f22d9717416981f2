"""Structure and length of a draft: the standard four parts, present, in order, not empty, not
too short or too long. A part whose key is not a standard one (a topical heading the parser
could not map) counts as missing the standard part it should have been."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.text.sections import SECTION_NAMES, classify_heading, standard_heading
from assistant.types import PART_KEYS, Draft, DraftPart, Finding, FindingKind, Severity

# Standard order of the parts a draft may have; "other" and "closing" come after the plans.
_ORDER = {key: i for i, key in enumerate((*PART_KEYS, "other", "closing"))}
# Words a part's body uses when it is that part, for a heading that does not name it. Part 一 is
# often headed by its first topic (一、深学笃用习近平法治思想), so achievements needs no cue.
_BODY_CUES = {
    "shortcomings": ("不足", "问题", "薄弱", "差距", "短板", "有待"),
    "leadership": ("第一责任人", "主要负责", "履行", "述法", "带头"),
    "plans": ("下一步", "将", "计划", "安排", "继续", "持续"),
}


def part_name(key: str) -> str:
    return SECTION_NAMES.get(key, key)


def whole(key: str, severity: Severity, message: str, suggestion: str, kind: FindingKind) -> Finding:
    """A finding about a whole part (or its heading): no span."""
    return Finding(key, 0, 0, severity, message, suggestion, kind=kind)


def check_structure(draft: Draft) -> list[Finding]:
    """Standard parts missing, duplicated, out of order or empty; non-standard parts."""
    keys = [p.key for p in draft.parts]
    findings = [
        whole(
            key,
            "error",
            f"缺少“{part_name(key)}”部分",
            f"按标准结构补写：{standard_heading(key, draft.year)}",
            "structure",
        )
        for key in PART_KEYS
        if key not in keys
    ]
    highest, seen = -1, set()
    for part in draft.parts:
        findings.extend(_part_structure(part, highest, part.key in seen))
        seen.add(part.key)
        highest = max(highest, _ORDER.get(part.key, -1))
    return findings


def _part_structure(part: DraftPart, highest_before: int, duplicate: bool) -> list[Finding]:
    found = []
    key, rank, name = part.key, _ORDER.get(part.key), part_name(part.key)
    if duplicate:
        found.append(whole(key, "error", f"“{name}”部分重复", "合并为一个部分", "structure"))
    elif rank is None:
        heading = f"“{part.heading}”" if part.heading else f"“{key}”"
        message = f"部分{heading}对应不上标准的四个部分"
        found.append(
            whole(key, "error", message, "按标准结构改写标题，或并入标准的四个部分之一", "structure")
        )
    elif rank < highest_before:
        order = "、".join(part_name(k) for k in PART_KEYS)
        message = f"“{name}”部分位置不对"
        found.append(whole(key, "error", message, f"按标准顺序排列：{order}；其他情况放在最后", "structure"))
    if not part.text.strip():
        found.append(whole(key, "error", f"“{name}”部分没有内容", "补写该部分正文", "structure"))
    elif not _matches(part):
        message = f"标题“{part.heading}”和正文都对应不上标准的“{name}”部分"
        hint = f"按标准结构改写：{standard_heading(key, 0).replace('0年', 'Y年').replace('1年', 'Y+1年')}"
        found.append(whole(key, "error", message, hint, "structure"))
    return found


def _matches(part: DraftPart) -> bool:
    """The part is what its key says: its heading names it, or its body speaks like it."""
    if part.key not in _BODY_CUES or not part.heading:
        return True
    named = classify_heading(part.heading)
    if named is not None:
        return named == part.key
    return any(cue in part.text for cue in _BODY_CUES[part.key])


def check_lengths(parts: Iterable[DraftPart], min_chars: int, max_chars: int) -> list[Finding]:
    findings = []
    for part in parts:
        n = len(part.text.strip())
        if 0 < n < min_chars:
            message = f"“{part_name(part.key)}”部分篇幅较短（{n}字）"
            findings.append(whole(part.key, "warning", message, "补充具体做法、数据和成效", "length"))
        elif n > max_chars:
            message = f"“{part_name(part.key)}”部分篇幅较长（{n}字）"
            findings.append(whole(part.key, "info", message, "精简重复表述", "length"))
    return findings
