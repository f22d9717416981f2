"""Findings on a draft: what a draft must never do (docs/domain.md), found and pointed at.

`check_draft` runs every check and returns findings sorted by part and position. A finding's
start/end are offsets into the text of its part (`draft.title` for part "title", `draft.preamble`
for "preamble"), so `text[start:end]` is the offending string; (0, 0) marks a whole-part finding.
Each finding has a `kind`: name, year, figure, placeholder, redaction, structure, length, copy,
meeting, document, format, unused_facts, repeat.

One check for every job: `check_draft` (drafting, `fazhi check`) and `check_passage` (改写段落,
`fazhi rewrite`) run the same per-text checks (`_text_checks`) on the same inputs, so a passage
gets the same findings on every path; `own_names` is the one way the callers name the user's own.

Modules: parts (structure, lengths) · years · leaks and brands (names of other units, with
jurisdiction and divisions) · support (figures) · markers (redactions, placeholders) · copying
(雷同) · claims (meetings, documents, the 纲要's title, places in 《》) · wording (relative years,
format) · numbering (the heading hierarchy) · facts_use (parts without facts, repeated paragraphs) · adverts (companies and sales talk not in
the facts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from assistant.checks.adverts import check_adverts
from assistant.checks.claims import check_claims, check_gangyao, check_title_places
from assistant.checks.copying import IndexedDoc, check_copies
from assistant.checks.facts_use import check_repeats, check_unused_facts
from assistant.checks.jurisdiction import Jurisdiction
from assistant.checks.leaks import Belonging, ForeignNames, Reference, check_names
from assistant.checks.markers import check_placeholders, check_redactions
from assistant.checks.numbering import check_numbering
from assistant.checks.parts import check_lengths, check_structure
from assistant.checks.support import check_figures
from assistant.checks.wording import check_format, check_relative_years
from assistant.checks.years import body_years, check_years
from assistant.types import PART_KEYS, Draft, Finding

if TYPE_CHECKING:
    from assistant.library.facade import Library

__all__ = ["Reference", "check_draft", "check_passage", "own_names"]

Texts = list[tuple[str, str]]  # (part key, text): the title, the preamble and every part


def check_draft(
    draft: Draft,
    *,
    facts: str = "",
    previous: str = "",
    foreign_names: Iterable[str] = (),
    own_names: Iterable[str] = (),
    min_part_chars: int = 80,
    max_part_chars: int = 6000,
    library: Library | None = None,
    references: Sequence[Reference] = (),
) -> list[Finding]:
    """Every problem found in `draft`. `facts` is the user's material and `previous` last year's
    report (figures in either count as supported; names in them are the user's own).
    `library`: names of other units are judged against its documents (then `foreign_names` is not
    needed) and every paragraph is compared with them for copied text. `references`: documents shown
    as precedents (or any others known), when there is no library or in addition to it.
    `foreign_names` (legacy): names the caller knows to be other units'; `own_names` the user's."""
    texts = _texts(draft)
    own = Jurisdiction(draft.unit, [*own_names, *_facts_names(facts)], facts=facts)
    precedent_ids = frozenset(s.doc_id for p in draft.parts for s in p.sources)
    foreign = ForeignNames(own, _belonging(library, references), texts, precedent_ids)
    legacy = () if library is not None else tuple(foreign_names)
    parts = [(p.key, p.text) for p in draft.parts if p.key in PART_KEYS]
    findings = [
        *check_structure(draft),
        *check_years(draft),
        *_text_checks(texts, own, foreign, legacy, facts=facts, previous=previous, year=draft.year),
        *check_lengths(draft.parts, min_part_chars, max_part_chars),
        *(check_unused_facts(parts, facts) if facts.strip() else []),
        *check_repeats(parts),
        *(_copies(library, [t for t in texts if t[0] != "title"], own) if library is not None else []),
    ]
    rank = {key: i for i, (key, _) in enumerate(texts)}
    return sorted(findings, key=lambda f: (rank.get(f.part, len(rank)), f.start, f.end))


def check_passage(
    text: str,
    *,
    key: str = "achievements",
    year: int | None = None,
    unit: str = "",
    facts: str = "",
    previous: str = "",
    foreign_names: Iterable[str] = (),
    own_names: Iterable[str] = (),
    library: Library | None = None,
    references: Sequence[Reference] = (),
    figures_from: str | None = None,
) -> list[Finding]:
    """The checks that apply to one passage on its own (a rewritten section), the same as a
    draft's part gets: years (`year` is the year the passage speaks of: the report year, or the
    next one for the plans), names, redactions, figures, placeholders, meetings and documents,
    format, numbering, copies. `figures_from`: what figures are checked against when it is not the
    facts (a rewrite without facts: the original passage). Offsets point into `text`."""
    texts = [(key, text)]
    own = Jurisdiction(unit, [*own_names, *_facts_names(facts)], facts=facts)
    foreign = ForeignNames(own, _belonging(library, references), texts)
    legacy = () if library is not None else tuple(foreign_names)
    report_year = (year - 1 if key == "plans" else year) if year else None
    findings = [
        *(body_years(key, text, report_year) if report_year else []),
        *_text_checks(
            texts,
            own,
            foreign,
            legacy,
            facts=facts,
            previous=previous,
            year=report_year,
            figures_from=figures_from,
        ),
        *(_copies(library, texts, own) if library is not None else []),
    ]
    return sorted(findings, key=lambda f: (f.start, f.end))


def own_names(unit: str, *materials: str) -> set[str]:
    """The user's own names: the unit and the names in their own material (facts, last year's
    report, other notes). Never the text being checked: a name copied into it is what we look for."""
    from assistant.text.names import names_in

    return names_in("\n".join((unit, *materials))) | ({unit} if unit else set())


def _text_checks(
    texts: Texts,
    own: Jurisdiction,
    foreign: ForeignNames,
    legacy: Sequence[str],
    *,
    facts: str,
    previous: str,
    year: int | None,
    figures_from: str | None = None,
) -> list[Finding]:
    """What every text of a draft, or a passage, gets checked for (not the title's figures)."""
    body = [t for t in texts if t[0] != "title"]
    return [
        *check_names(texts, own, foreign, legacy),
        *check_title_places(texts, own),
        *check_redactions(texts),
        *check_figures(body, facts if figures_from is None else figures_from, previous),
        *check_claims(body, facts, previous),
        *check_gangyao(texts),
        *check_placeholders(texts),
        *check_adverts(body, f"{facts}\n{previous}"),
        *check_format(texts),
        *(f for key, text in body if key in PART_KEYS for f in check_numbering(key, text)),
        *(
            f
            for key, text in body
            if year and key in (*PART_KEYS, "preamble")
            for f in check_relative_years(key, text, year)
        ),
    ]


def _texts(draft: Draft) -> Texts:
    texts = [("title", draft.title)]
    if draft.preamble:
        texts.append(("preamble", draft.preamble))
    texts.extend((p.key, p.text) for p in draft.parts)
    return texts


def _facts_names(facts: str) -> list[str]:
    """Names in the user's own material are the user's (a study visit they report, a partner)."""
    from assistant.text.names import names_in

    return sorted(names_in(facts)) if facts.strip() else []


def _belonging(library: Library | None, given: Sequence[Reference]) -> Belonging:
    """What belongs to whom: the library's (built once per revision) plus the references given."""
    if library is None:
        return Belonging(given)
    from assistant.checks.library_view import library_view

    view = library_view(library)
    return view.belonging if not given else Belonging([*view.references, *given])


def _copies(library: Library, texts: Texts, own: Jurisdiction) -> list[Finding]:
    from assistant.checks.leaks import same_unit
    from assistant.checks.library_view import library_view

    view = library_view(library)

    def skip(doc: IndexedDoc) -> bool:
        return same_unit(own, doc.unit)

    return check_copies(texts, view.copies, view.texts, skip)
