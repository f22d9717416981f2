"""Which precedents a part's request shows: the user's level first, then the neighbouring levels;
the last three years before older ones; at most one passage per document; passages on dated
topics (疫情防控 in a report after 2022, the superseded 2015—2020 纲要 or a misnamed one in a
report of 2021 or later) left out, and so is a passage that masking leaves an empty shell."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.compose.masking import is_shell
from assistant.types import LEVELS, Hit

# How far apart two levels are (部门 reports read like a county's or a city's).
_LEVEL_ORDER = {"省": 0, "市": 1, "县": 2, "乡镇": 3, "部门": 1.5}
RECENT_YEARS = 3
_EPIDEMIC = re.compile(r"疫情防控|新冠|疫情")
# A 纲要 title other than the one in force from 2021: the 2015—2020 纲要, or a misdated one.
_OLD_OUTLINE = re.compile(r"法治政府建设实施纲要[（(]\s*20(?:15|20)\s*[—\-－~～至]+\s*20(?:20|25)")


def level_distance(level: str, found: str) -> float:
    """0 for the user's level, 1 for a neighbour, more further away; 1.5 when not recorded."""
    if not found or found not in LEVELS or level not in LEVELS:
        return 1.5
    return abs(_LEVEL_ORDER[level] - _LEVEL_ORDER[found])


def dated(text: str, year: int) -> bool:
    """Whether a passage speaks of something a report of `year` must no longer copy."""
    if year > 2022 and _EPIDEMIC.search(text):
        return True
    return year >= 2021 and bool(_OLD_OUTLINE.search(text))


def choose_precedents(
    hits: list[Hit], level: str, year: int, k: int, mask: Callable[[str], str] | None = None
) -> list[Hit]:
    """Up to k hits in the order a part's request shows them (see the module's docstring);
    `mask` (masking.mask_precedent with the user's names) tells which passages are shells."""

    def rank(item: tuple[int, Hit]) -> tuple[float, int, int]:
        n, hit = item
        found = hit.chunk.year
        recent = found is not None and year - RECENT_YEARS <= found <= year
        return (level_distance(level, hit.chunk.level or ""), 0 if recent else 1, n)

    chosen: list[Hit] = []
    documents: set[str] = set()
    for _, hit in sorted(enumerate(hits), key=rank):
        if hit.chunk.doc_id in documents or dated(hit.chunk.text, year):
            continue
        if mask is not None and is_shell(mask(hit.chunk.text)):
            continue
        documents.add(hit.chunk.doc_id)
        chosen.append(hit)
        if len(chosen) == k:
            break
    return chosen
