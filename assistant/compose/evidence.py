"""事实依据: each sentence of a draft that states something checkable — a figure, a named activity
(“…”), a document (《…》) or a meeting, training or inspection — linked to the lines of the
clerk's facts it came from. A sentence no line supports is listed as such, for the clerk to
check before the report goes out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.compose.facts import bare_line
from assistant.parsing.chunking import split_sentences
from assistant.text.figures import figures_in, normalize_figure
from assistant.text.script import HAN
from assistant.types import Draft, Evidence

_PLACEHOLDER = re.compile(r"【[^】]*】")
_TITLE = re.compile(r"《([^》]{2,60})》")
# A quoted name that is an activity (“谁执法谁普法”宣传活动), not a policy phrase (“枫桥经验”).
_QUOTED_ACTIVITY = re.compile(r"“([^”]{2,30})”(?=[^，。；]{0,6}?(?:活动|宣传|行动|竞赛|主题|周|月))")
# Titles every report may name without a fact behind them: national laws, the 纲要, the leaders'
# works.
_NATIONAL = re.compile(r"^中华人民共和国|纲要|习近平|宪法|民法典")
_CLAUSE = re.compile(r"[^，,；;。：:]+")
_PAIR = re.compile(f"{HAN}{HAN}")
_ACTIVITY = re.compile(r"召开|会议|推进会|座谈会|讲座|培训班|举办|听证|出台|印发")
# A clause of a fact line whose two-character words are this much in the sentence is its source.
_OVERLAP = 0.6
# The least overlap that counts at all when a figure or a title already ties the two.
_TIE = 0.15


def fact_lines(facts: str) -> dict[int, str]:
    """Line number (1-based, counting every line of the clerk's text) → the line without its
    list marker; blank lines left out."""
    return {n: bare_line(raw) for n, raw in enumerate(facts.splitlines(), 1) if bare_line(raw)}


def evidence_for(draft: Draft, facts: str) -> list[Evidence]:
    """Every checkable sentence of every part with the fact lines behind it (see the module doc)."""
    lines = fact_lines(facts)
    keyed = {n: _Line(text) for n, text in lines.items()}
    found = []
    for part in draft.parts:
        for start, end, sentence in sentence_spans(part.text):
            claim = _Line(_PLACEHOLDER.sub("", sentence))
            if claim.checkable:
                found.append(Evidence(part.key, start, end, _sources(claim, keyed)))
    return found


def unsupported(evidence: list[Evidence]) -> list[Evidence]:
    return [item for item in evidence if not item.facts]


def sentence_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, sentence) over a part's text, offsets into the text."""
    offset = 0
    for paragraph in text.split("\n"):
        at = offset
        for sentence in split_sentences(paragraph):
            stripped = sentence.strip()
            if stripped:
                lead = len(sentence) - len(sentence.lstrip())
                yield at + lead, at + lead + len(stripped), stripped
            at += len(sentence)
        offset += len(paragraph) + 1


class _Line:
    """What a sentence or a fact line states: figures, names and two-character words (per
    clause: a sentence may use one clause of a long fact line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.figures = {normalize_figure(f) for f in figures_in(text) if f.kind != "year"}
        titles = [m[1] for m in _TITLE.finditer(text) if not _NATIONAL.search(m[1])]
        self.named = {*titles, *(m[1] for m in _QUOTED_ACTIVITY.finditer(text))}
        self.bigrams = _pairs(text)
        self.clauses = [pairs for pairs in map(_pairs, _CLAUSE.findall(text)) if len(pairs) >= 3]

    @property
    def checkable(self) -> bool:
        return bool(self.figures or self.named or _ACTIVITY.search(self.text))

    def overlap(self, fact: _Line) -> float:
        """The largest share of one of the fact line's clauses the sentence uses."""
        shares = [len(self.bigrams & clause) / len(clause) for clause in fact.clauses or [fact.bigrams]]
        return max(shares) if shares and fact.bigrams else 0.0


def _pairs(text: str) -> set[str]:
    return set(_PAIR.findall(text)) | set(_PAIR.findall(text[1:]))


def _sources(claim: _Line, lines: dict[int, _Line]) -> tuple[int, ...]:
    """Lines that give one of the sentence's figures or names (and share some words with it),
    else lines whose words the sentence mostly repeats."""
    tied = [
        n
        for n, line in lines.items()
        if (claim.figures & line.figures or any(name in line.text for name in claim.named))
        and claim.overlap(line) >= _TIE
    ]
    if tied or claim.figures:  # a figure no line gives is unsupported, whatever the words
        return tuple(tied)
    return tuple(n for n, line in lines.items() if claim.overlap(line) >= _OVERLAP)


def evidence_table(draft: Draft, evidence: list[Evidence], facts: str) -> str:
    """The 事实依据 table in Markdown: each checkable sentence, the fact lines behind it, and a
    note on the sentences no line supports."""
    lines = fact_lines(facts)
    texts = {part.key: part.text for part in draft.parts}
    names = {part.key: part.heading.split("、", 1)[0] for part in draft.parts}
    rows = ["## 事实依据", "", "| 部分 | 句子 | 事实材料 |", "|---|---|---|"]
    for item in evidence:
        sentence = texts[item.part][item.start : item.end]
        sources = "<br>".join(f"第{n}行：{lines[n]}" for n in item.facts) or "**未找到依据，请核实**"
        rows.append(f"| {names[item.part]} | {_cell(sentence)} | {_cell(sources)} |")
    missing = len(unsupported(evidence))
    rows += ["", f"共 {len(evidence)} 句含数字、活动、会议或文件，其中 {missing} 句在事实材料中找不到依据。"]
    return "\n".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")
