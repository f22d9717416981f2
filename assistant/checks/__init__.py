"""Findings on a draft: what a draft must never do (docs/domain.md), found and pointed at.

`check_draft` runs every check and returns findings sorted by part and position. A finding's
start/end are offsets into the text of its part (`draft.title` for part "title", `draft.preamble`
for "preamble"), so `text[start:end]` is the offending string; (0, 0) marks a whole-part finding.
Each finding has a `kind`: name, year, figure, placeholder, redaction, structure, length, copy.

Modules: parts (structure, lengths) · years · leaks (names of other units, with jurisdiction
and divisions) · support (figures) · markers (redactions, placeholders) · copying (雷同) · adverts (companies and sales talk not in the facts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from assistant.checks.adverts import check_adverts
from assistant.checks.copying import IndexedDoc, check_copies
from assistant.checks.jurisdiction import Jurisdiction
from assistant.checks.leaks import Belonging, ForeignNames, Reference, check_names
from assistant.checks.markers import check_placeholders, check_redactions
from assistant.checks.parts import check_lengths, check_structure
from assistant.checks.support import check_figures
from assistant.checks.years import body_years, check_years
from assistant.types import Draft, Finding

if TYPE_CHECKING:
    from assistant.library.facade import Library

__all__ = ["Reference", "check_draft", "check_passage"]

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
    findings = [
        *check_structure(draft),
        *check_years(draft),
        *check_names(texts, own, foreign, legacy),
        *check_redactions(texts),
        *check_figures([t for t in texts if t[0] != "title"], f"{facts}", previous),
        *check_placeholders(texts),
        *check_adverts([t for t in texts if t[0] != "title"], f"{facts}\n{previous}"),
        *check_lengths(draft.parts, min_part_chars, max_part_chars),
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
) -> list[Finding]:
    """The checks that apply to one passage on its own (a rewritten section): years (`year` is the
    year the passage speaks of: the report year, or the next one for the plans), names,
    redactions, figures, placeholders, copies. Offsets point into `text`; findings name `key`."""
    texts = [(key, text)]
    own = Jurisdiction(unit, [*own_names, *_facts_names(facts)], facts=facts)
    foreign = ForeignNames(own, _belonging(library, references), texts)
    legacy = () if library is not None else tuple(foreign_names)
    findings = [
        *(body_years(key, text, year - 1 if key == "plans" else year) if year else []),
        *check_names(texts, own, foreign, legacy),
        *check_redactions(texts),
        *check_figures(texts, facts, previous),
        *check_placeholders(texts),
        *check_adverts(texts, f"{facts}\n{previous}"),
        *(_copies(library, texts, own) if library is not None else []),
    ]
    return sorted(findings, key=lambda f: (f.start, f.end))


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
