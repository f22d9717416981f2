"""The whole-report check drafting adds: the same figure stated differently in two parts
(审核规范性文件12件 in part 一, 审核规范性文件15件 in part 三)."""

from __future__ import annotations

import re

from assistant.text.figures import figures_in
from assistant.text.script import HAN_RANGES
from assistant.types import Draft, Finding

_CONTEXT_CHARS = 6
# Words between what is counted and the number that do not change what is counted.
_FILLER = re.compile(r"(?:共计|累计|合计|总计|共|达到|达|为|约|近|超过|超|了|计|全年|全部|均)$")


def _subject(text: str, start: int) -> str:
    """What a number counts: the Chinese words just before it, fillers removed (审核规范性文件)."""
    before = re.split(f"[^{HAN_RANGES}]", text[max(0, start - _CONTEXT_CHARS - 4) : start])[-1]
    previous = None
    while previous != before:
        previous, before = before, _FILLER.sub("", before)
    return before[-_CONTEXT_CHARS:]


def consistency_findings(draft: Draft) -> list[Finding]:
    """A warning at each later statement of a counted figure whose value differs from the first
    statement of the same subject and unit in another part."""
    first: dict[tuple[str, str], tuple[str, str]] = {}  # (subject, unit) → (part key, figure text)
    findings = []
    for part in draft.parts:
        for figure in figures_in(part.text):
            if figure.kind not in ("number", "percent") or figure.value is None:
                continue
            subject = _subject(part.text, figure.start)
            if len(subject) < 3:
                continue
            key = (subject, figure.unit or figure.kind)
            seen = first.setdefault(key, (part.key, figure.text))
            if seen[0] != part.key and _value(seen[1]) != _value(figure.text):
                findings.append(
                    Finding(
                        part.key,
                        figure.start,
                        figure.end,
                        "warning",
                        f"“…{subject}{figure.text}”与{_part_name(draft, seen[0])}所写的“{seen[1]}”不一致",
                        "核实后统一为同一个数字",
                        kind="consistency",
                    )
                )
    return findings


def _value(text: str) -> str:
    return re.sub(r"[^\d.]", "", text) or text


def _part_name(draft: Draft, key: str) -> str:
    heading = next((p.heading for p in draft.parts if p.key == key), key)
    return f"第{heading.split('、')[0]}部分" if "、" in heading else heading
