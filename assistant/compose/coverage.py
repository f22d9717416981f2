"""Coverage of the 纲要: which of its areas (text.gangyao) this year's part 一 (and the leader's part
三, where the 党的领导 area is usually told) reports on, the sentence that shows it, and for each
area the share of the library's same-level reports that cover it (同级单位中 N% 报告了…).
Information for the clerk, never a finding."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from assistant.text.gangyao import Area, plan_for
from assistant.text.identity import same_unit
from assistant.text.numbering import heading_level
from assistant.text.sections import classify_heading
from assistant.types import Coverage, DocumentInfo, Draft

_PARTS = ("achievements", "leadership")
_PLACEHOLDER = re.compile(r"【待补充[^】]*】")
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_TITLE = re.compile(r"《[^》]{0,60}》")  # a law named in 普法 (《行政复议法》) is not the area's work
MAX_EVIDENCE = 80
MAX_PEERS = 300  # the most recent same-level reports read for the shares


def reported_text(sections: Iterable[tuple[str, str]]) -> str:
    """The text of the parts that report work done, placeholders removed."""
    return "\n".join(_PLACEHOLDER.sub("", text) for key, text in sections if key in _PARTS)


def evidence_for(area: Area, text: str) -> str:
    """The first sentence of `text` naming one of the area's keywords; '' when none does."""
    for sentence in _SENTENCE.findall(text):
        if any(word in _TITLE.sub("", sentence) for word in area.keywords):
            sentence = sentence.strip()
            return sentence if len(sentence) <= MAX_EVIDENCE else sentence[:MAX_EVIDENCE] + "…"
    return ""


def coverage(draft: Draft, peers: list[str] | None = None) -> tuple[Coverage, ...]:
    """One entry per area of the 纲要 in force in the draft's year. `peers` are the reported texts
    (see reported_text) of the library's same-level reports; None or [] when there are none."""
    text = reported_text((p.key, p.text) for p in draft.parts)
    peers = peers or []
    entries = []
    for area in plan_for(draft.year).areas:
        evidence = evidence_for(area, text)
        share = sum(1 for peer in peers if evidence_for(area, peer)) / len(peers) if peers else None
        entries.append(Coverage(area.name, bool(evidence), evidence, share, len(peers)))
    return tuple(entries)


def reported_lines(text: str) -> str:
    """A library report's text outside its 不足 and plans parts, read from its level-1 headings
    only (a full parse of every same-level report would cost ~0.1 s each)."""
    kept, skipping = [], False
    for line in text.split("\n"):
        if heading_level(line) == 1:
            skipping = classify_heading(line) in ("shortcomings", "plans")
        if not skipping:
            kept.append(line)
    return _PLACEHOLDER.sub("", "\n".join(kept))


def peer_texts(documents: Iterable[tuple[DocumentInfo, str]], unit: str, level: str) -> list[str]:
    """The reported text of each library report of `level` by another unit (most recent first,
    at most MAX_PEERS)."""
    pairs = list(documents)
    return chosen_peer_texts([info for info, _ in pairs], lambda n: pairs[n][1], unit, level)


def chosen_peer_texts(
    infos: Sequence[DocumentInfo], text_of: Callable[[int], str | None], unit: str, level: str
) -> list[str]:
    """As peer_texts, reading only the chosen reports' texts (`text_of(position in infos)`)."""
    same_level = [n for n, info in enumerate(infos) if info.level == level]
    same_level.sort(key=lambda n: -(infos[n].year or 0))
    peers = []
    for n in same_level:
        if same_unit(infos[n].unit, unit):
            continue
        peers.append(reported_lines(text_of(n) or ""))
        if len(peers) >= MAX_PEERS:
            break
    return [p for p in peers if p.strip()]
