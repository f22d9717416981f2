"""What a reviewer reads beside the draft: last year's promises (compose.carryover) and the 纲要's
coverage (compose.coverage), set on the draft, with a warning per promise nothing answers."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.compose.carryover import Embed, carryover, carryover_findings
from assistant.compose.coverage import chosen_peer_texts, coverage
from assistant.types import Draft, DraftRequest

if TYPE_CHECKING:
    from assistant.library.facade import Library


def promise_questions(missing: list[str]) -> str:
    """Part 二's questions for promises this year's facts do not answer: never an achievement."""
    return "".join(f"【待补充：去年承诺的“{promise}”未完成的原因】" for promise in missing)


def missing_promises(request: DraftRequest, embed: Embed | None) -> list[str]:
    """The promises of last year that this year's facts do not answer (before anything is drafted)."""
    entries = carryover(request.previous, None, request.facts, request.year, embed)
    return [e.promise for e in entries if e.status == "missing"]


def followed_up(draft: Draft, request: DraftRequest, library: Library | None, embed: Embed | None) -> Draft:
    """The draft with `carryover`, `coverage` and the carryover findings (replacing earlier ones).
    `library` gives the same-level reports for the coverage shares."""
    entries = carryover(request.previous, draft, request.facts, request.year, embed)
    infos = library.stored_documents() if library is not None else []
    peers = chosen_peer_texts(
        infos, lambda n: library.document_text(infos[n].id) if library else "", request.unit, request.level
    )
    kept = [f for f in draft.findings if f.kind != "carryover"]
    return replace(
        draft,
        carryover=entries,
        coverage=coverage(draft, peers),
        findings=(*kept, *carryover_findings(entries, draft)),
    )
