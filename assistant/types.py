"""Simple values passed between modules. All frozen; build new ones instead of mutating."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

# Canonical section keys (see docs/architecture.md and docs/domain.md, "The four parts").
SECTION_KEYS = ("preamble", "achievements", "shortcomings", "leadership", "plans", "other", "closing")
# The four standard parts of a report, in the order a draft always uses.
PART_KEYS = ("achievements", "shortcomings", "leadership", "plans")

# The closed sets, as types; each tuple below is its type's values, for loops and argparse choices.
Level = Literal["省", "市", "县", "乡镇", "部门"]
LevelOrUnknown = Level | Literal[""]  # '' when the unit does not say
Severity = Literal["error", "warning", "info"]
FindingKind = Literal[
    "",
    "name",
    "year",
    "figure",
    "placeholder",
    "redaction",
    "structure",
    "length",
    "copy",
    "incomplete",
    "consistency",
    "carryover",
    "meeting",
    "document",
    "format",
    "unused_facts",
    "repeat",
    "advert",
]
CarryoverStatus = Literal["done", "shortfall", "missing"]
DraftMode = Literal["llm", "offline", "imported"]
# What became of one repair attempt: kept (fewer findings), rejected (not better), unchanged (the
# model returned the same text), failed (the call failed).
RepairOutcome = Literal["kept", "rejected", "unchanged", "failed"]
SearchMode = Literal["hybrid", "dense", "lexical"]
LengthScale = Literal["简要", "标准", "详细"]  # how long an LLM draft's parts are asked to be
# Progress of a long job: (message, done, total); readers and the library report through it.
Progress = Callable[[str, int, int], None]

LEVELS: tuple[Level, ...] = get_args(Level)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
FINDING_KINDS: tuple[FindingKind, ...] = get_args(FindingKind)
DRAFT_MODES: tuple[DraftMode, ...] = get_args(DraftMode)
SEARCH_MODES: tuple[SearchMode, ...] = get_args(SearchMode)
LENGTH_SCALES: tuple[LengthScale, ...] = get_args(LengthScale)


def as_level(value: object) -> LevelOrUnknown:
    """A level read back from storage or a form: itself when it is one of LEVELS, else ''."""
    for level in LEVELS:
        if value == level:
            return level
    return ""


@dataclass(frozen=True)
class Section:
    """One part of a parsed report. `heading` is the heading line as written ('' when the part
    was recognised from its paragraphs); `text` is the body without the heading line, paragraphs
    separated by '\\n'."""

    key: str
    heading: str
    text: str


@dataclass(frozen=True)
class Report:
    """A parsed report: what `fazhi parse` prints."""

    title: str
    unit: str
    year: int | None
    doc_number: str
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = ()
    level: LevelOrUnknown = ""  # inferred from the unit


@dataclass(frozen=True)
class Chunk:
    """A passage of a library document, the unit of retrieval."""

    id: str
    doc_id: str
    text: str
    title: str
    unit: str
    year: int | None
    section: str
    heading_path: tuple[str, ...]
    position: int
    level: LevelOrUnknown = ""  # the document's level, for the search filter


@dataclass(frozen=True)
class DocumentInfo:
    """One library document as `fazhi list` shows it."""

    id: str
    title: str
    unit: str
    year: int | None
    chunks: int
    sections: dict[str, int]
    source: str = ""
    doc_number: str = ""
    level: LevelOrUnknown = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """A search result: the chunk, its fused score and the spans of matched words in its text."""

    chunk: Chunk
    score: float
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Source:
    """A precedent a draft part was grounded in; `id` is the label the model saw ([S1] → 'S1')."""

    id: str
    doc_id: str
    title: str
    unit: str
    year: int | None


@dataclass(frozen=True)
class DraftPart:
    """One part of a draft. `text` is plain text without the heading line; paragraphs split by '\\n'."""

    key: str
    heading: str
    text: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A problem found in a draft. start/end are character offsets into the part's text."""

    part: str
    start: int
    end: int
    severity: Severity
    message: str
    suggestion: str = ""
    kind: FindingKind = ""
    source: dict | None = None  # for copy findings: {"doc_id","title","unit","year","text"}


@dataclass(frozen=True)
class Repair:
    """One repair attempt on a part: its text before and after (the same when unchanged or
    failed), the messages of the findings the revision fixed, and what became of it."""

    part: str
    before: str
    after: str
    fixed: tuple[str, ...]
    outcome: RepairOutcome = "kept"

    @property
    def kept(self) -> bool:
        return self.outcome == "kept"


@dataclass(frozen=True)
class Draft:
    """A drafted report. `date` is the 成文日期 as written (e.g. 2025年1月15日), '' if not set."""

    title: str
    unit: str
    year: int
    mode: DraftMode
    parts: tuple[DraftPart, ...]
    findings: tuple[Finding, ...] = ()
    date: str = ""
    preamble: str = ""
    errors: tuple[str, ...] = field(default=())
    repairs: tuple[Repair, ...] = ()
    carryover: tuple[Carryover, ...] = ()
    coverage: tuple[Coverage, ...] = ()


@dataclass(frozen=True)
class Carryover:
    """One promise of last year's part 四 and how this year's report answers it. part/start/end
    is the draft sentence that answers it ('' and 0, 0 when none does); `fact` the fact that does."""

    promise: str
    status: CarryoverStatus
    part: str = ""
    start: int = 0
    end: int = 0
    fact: str = ""


@dataclass(frozen=True)
class Coverage:
    """One area of the 纲要 and whether part 一 reports on it. `peer_share` is the share (0–1) of
    the library's same-level reports that cover it, None when the library holds none (`peers` = 0)."""

    area: str
    covered: bool
    evidence: str = ""
    peer_share: float | None = None
    peers: int = 0


@dataclass(frozen=True)
class DraftRequest:
    """What the clerk asks for. `previous` is last year's report text (already read from a file
    or taken from the library); `length` a target for the whole report in characters; `scale`
    the clerk's choice of 简要 / 标准 / 详细 (compose.lengths)."""

    unit: str
    year: int
    level: Level = "县"
    facts: str = ""
    previous: str = ""
    length: int | None = None
    other: str = ""
    scale: LengthScale = "标准"


@dataclass(frozen=True)
class Evidence:
    """A sentence of a draft part that states a figure, a named activity, a meeting or a document:
    its span in the part's text and the fact lines (1-based, as in the clerk's facts) it came
    from; `facts` empty when no line supports it."""

    part: str
    start: int
    end: int
    facts: tuple[int, ...] = ()


@dataclass(frozen=True)
class OutlineTopic:
    """A subheading of part 一 (without its （一） marker) and the facts under it."""

    heading: str
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shortcoming:
    """One 不足 as the clerk wrote it, and its cause when the line gives one (主要是…)."""

    text: str
    cause: str = ""


@dataclass(frozen=True)
class Plan:
    """One plan for next year; `answers` is the index of the shortcoming it answers, None if none."""

    text: str
    answers: int | None = None


@dataclass(frozen=True)
class Outline:
    """The 提纲 a draft is written from: part 一's subheadings with their facts, the shortcomings,
    the plans and the leader facts for part 三. `own_headings`: the subheadings are the clerk's."""

    topics: tuple[OutlineTopic, ...] = ()
    shortcomings: tuple[Shortcoming, ...] = ()
    plans: tuple[Plan, ...] = ()
    leadership: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    own_headings: bool = False


DiffOp = Literal["same", "insert", "delete"]


@dataclass(frozen=True)
class DiffPiece:
    """A run of text in a comparison: kept, inserted (only in the newer text) or deleted."""

    op: DiffOp
    text: str


ChangeKind = Literal["add", "remove", "edit"]


@dataclass(frozen=True)
class LibraryChange:
    """One finished change of the library, as its change log keeps it: the revision before and
    after, the document, and — for a remove or an edit — the record as it was (`meta`) and, for a
    remove, its text (derived data subtracts what the document contributed); for an add or an
    edit, the record's listing fields after it (`record`: the catalog follows without Chroma)."""

    before: int
    after: int
    kind: ChangeKind
    doc_id: str
    meta: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    record: dict[str, Any] = field(default_factory=dict)
