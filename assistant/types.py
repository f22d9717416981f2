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
]
DraftMode = Literal["llm", "offline", "imported"]
SearchMode = Literal["hybrid", "dense", "lexical"]
# Progress of a long job: (message, done, total); readers and the library report through it.
Progress = Callable[[str, int, int], None]

LEVELS: tuple[Level, ...] = get_args(Level)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
FINDING_KINDS: tuple[FindingKind, ...] = get_args(FindingKind)
DRAFT_MODES: tuple[DraftMode, ...] = get_args(DraftMode)
SEARCH_MODES: tuple[SearchMode, ...] = get_args(SearchMode)


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
    """One part revised by the repair pass: its text before and after, and the messages of the
    findings the revision fixed."""

    part: str
    before: str
    after: str
    fixed: tuple[str, ...]


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


@dataclass(frozen=True)
class DraftRequest:
    """What the clerk asks for. `previous` is last year's report text (already read from a file
    or taken from the library); `length` a target for the whole report in characters."""

    unit: str
    year: int
    level: Level = "县"
    facts: str = ""
    previous: str = ""
    length: int | None = None
    other: str = ""


ChangeKind = Literal["add", "remove", "edit"]


@dataclass(frozen=True)
class LibraryChange:
    """One finished change of the library, as its change log keeps it: the revision before and
    after, the document, and — for a remove or an edit — the record as it was (`meta`) and, for a
    remove, its text (derived data subtracts what the document contributed)."""

    before: int
    after: int
    kind: ChangeKind
    doc_id: str
    meta: dict[str, Any] = field(default_factory=dict)
    text: str = ""
