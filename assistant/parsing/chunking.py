"""Report sections → retrieval chunks that follow the report's structure.

A chunk never straddles two sections or two level-2/3 items; inside an item, sentences are packed
up to `target_chars`, breaking preferably at 一是/二是 items and (1) sub-items. A sentence is only cut
when it alone does not fit the token window, first at ，/、 and as a last resort by characters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.text.numbering import ENUMERATION_START, heading_level, split_run_in_heading
from assistant.types import Chunk, Report, Section

logger = logging.getLogger(__name__)

TokenCounter = Callable[[str], int]

_SENTENCE = re.compile(r"[^。！？；]*[。！？；]+[”’」』）)]*|[^。！？；]+$")
_CLAUSE = re.compile(r"[^，、,]*[，、,]+|[^，、,]+$")
_TOKEN_RUNS = re.compile(r"[A-Za-z0-9]+|\s+")
# Room for the model's special tokens and the "passage: " prefix.
_TOKEN_OVERHEAD = 8


def estimate_tokens(text: str) -> int:
    """A conservative stand-in for the embedding tokenizer: XLM-R pieces cover at least one
    character each, plus a word-start piece per Latin/digit/space run and a fixed overhead."""
    return len(text) + len(_TOKEN_RUNS.findall(text)) + _TOKEN_OVERHEAD


@dataclass(frozen=True)
class _Piece:
    """A sentence, a heading or a fragment of an oversized sentence, with where it lives."""

    text: str
    path: tuple[str, ...]
    new_paragraph: bool
    hard_break: bool = False
    soft_break: bool = False


@dataclass(frozen=True)
class _Window:
    count: TokenCounter
    max_tokens: int
    target_chars: int


def chunk_report(
    report: Report,
    doc_id: str,
    *,
    title: str = "",
    max_tokens: int = 480,
    count_tokens: TokenCounter | None = None,
    target_chars: int = 300,
) -> list[Chunk]:
    """Chunks of every section in document order; ids are f"{doc_id}:{position:04d}"."""
    window = _Window(count_tokens or estimate_tokens, max_tokens, target_chars)
    chunks: list[Chunk] = []
    for section in report.sections:
        for text, path in _pack(_section_pieces(section, window), window):
            position = len(chunks)
            chunks.append(
                Chunk(
                    id=f"{doc_id}:{position:04d}",
                    doc_id=doc_id,
                    text=text,
                    title=title or report.title,
                    unit=report.unit,
                    year=report.year,
                    section=section.key,
                    heading_path=path,
                    position=position,
                )
            )
    return chunks


def split_sentences(paragraph: str) -> list[str]:
    """Sentences ending in 。！？； (closing quotes kept with them); ''.join gives the paragraph."""
    return _SENTENCE.findall(paragraph)


def _section_pieces(section: Section, window: _Window) -> Iterator[_Piece]:
    base = (section.heading,) if section.heading else ()
    headings: dict[int, str] = {}
    for paragraph in section.text.split("\n"):
        if not paragraph:
            continue
        level = heading_level(paragraph)
        if level is None or level == 1:
            path = base + tuple(headings[k] for k in sorted(headings))
            yield from _sentence_pieces(paragraph, path, window)
            continue
        heading, body = split_run_in_heading(paragraph)
        headings = {k: v for k, v in headings.items() if k < level}
        if heading:
            headings[level] = heading
        path = base + tuple(headings[k] for k in sorted(headings))
        hard, soft = level <= 3, level > 3
        if heading:
            yield _Piece(heading, path, True, hard_break=hard, soft_break=soft)
            yield from _sentence_pieces(body, path, window, new_paragraph=False)
        else:
            yield from _sentence_pieces(body, path, window, hard_break=hard, soft_break=soft)


def _sentence_pieces(
    paragraph: str,
    path: tuple[str, ...],
    window: _Window,
    *,
    new_paragraph: bool = True,
    hard_break: bool = False,
    soft_break: bool = False,
) -> Iterator[_Piece]:
    """The paragraph's sentences; the first carries the paragraph's break flags."""
    first = True
    for sentence in split_sentences(paragraph):
        soft = soft_break if first else bool(ENUMERATION_START.match(sentence))
        for fragment in _fit(sentence, window):
            yield _Piece(fragment, path, new_paragraph and first, hard_break and first, soft)
            first, soft = False, False


def _fit(sentence: str, window: _Window) -> list[str]:
    """The sentence itself, or if it alone exceeds the token window, fragments that each fit:
    cut after ，/、 packing up to target_chars, and by characters where a clause is too long.
    Clauses are grouped by length first and each group counted once, so an oversized sentence
    (a megabyte line of clauses) costs one pass of counting, not one count per clause."""
    if window.count(sentence) <= window.max_tokens:
        return [sentence]
    logger.debug("splitting an oversized sentence of %d chars", len(sentence))
    fragments: list[str] = []
    for group in _clause_groups(sentence, window.target_chars):
        if window.count(group) <= window.max_tokens:
            fragments.append(group)
        elif len(clauses := _CLAUSE.findall(group)) == 1:  # one clause too long: cut by characters
            fragments.extend(_split_by_chars(group, window))
        else:
            fragments.extend(_fit_clauses(clauses, window))
    return fragments


def _clause_groups(sentence: str, target_chars: int) -> Iterator[str]:
    """Runs of whole clauses of up to target_chars characters (a longer clause alone)."""
    start = end = 0
    for match in _CLAUSE.finditer(sentence):
        if end > start and match.end() - start > target_chars:
            yield sentence[start:end]
            start = end
        end = match.end()
    if end > start:
        yield sentence[start:end]


def _fit_clauses(clauses: list[str], window: _Window) -> list[str]:
    """Clauses packed while they fit the window; a clause too long alone is cut by characters."""
    fragments: list[str] = []
    current = ""
    for clause in clauses:
        if window.count(clause) > window.max_tokens:
            fragments.extend([current] if current else [])
            fragments.extend(_split_by_chars(clause, window))
            current = ""
        elif current and window.count(current + clause) > window.max_tokens:
            fragments.append(current)
            current = clause
        else:
            current += clause
    return fragments + ([current] if current else [])


def _split_by_chars(text: str, window: _Window) -> list[str]:
    """Longest prefixes that fit the window (at least one character each), cut one after another
    by `_longest_fit`: linear in the text (a 20 MB line without punctuation is cut in seconds)."""
    parts: list[str] = []
    start = 0
    while start < len(text):
        size = _longest_fit(text, start, window)
        parts.append(text[start : start + size])
        start += size
    return parts


def _longest_fit(text: str, start: int, window: _Window) -> int:
    """The longest prefix of text[start:] that fits the window, found by interpolation: token
    counts grow about one per character, so a guess grows by the tokens still free or shrinks by
    the excess (about 3 counts of ≤ max_tokens characters for Chinese), else halves the range."""
    limit = window.max_tokens
    remaining = len(text) - start
    fits, fit_tokens, too_big = 0, 0, remaining + 1
    guess = min(remaining, limit)
    while too_big - fits > 1:
        tokens = window.count(text[start : start + guess])
        if tokens <= limit:
            fits, fit_tokens = guess, tokens
        else:
            too_big = guess
        if too_big - fits <= 1:
            break
        if tokens <= limit:  # grow by the tokens still free (by one when the window is full)
            guess = fits + max(1, limit - fit_tokens)
        else:  # shrink by the excess
            guess = too_big - (tokens - limit)
        if not fits < guess < too_big:
            guess = (fits + too_big) // 2
        guess = min(guess, remaining, 2 * fits if too_big > remaining else remaining)
        if guess <= fits:  # the rest of the text fits
            break
    return max(fits, 1)


def _pack(pieces: Iterator[_Piece], window: _Window) -> list[tuple[str, tuple[str, ...]]]:
    groups: list[list[_Piece]] = []
    current: list[_Piece] = []
    for piece in pieces:
        if current and _breaks_before(current, piece, window):
            _close(groups, current, window)
            current = []
        current.append(piece)
    if current:
        _close(groups, current, window)
    return [_render(group) for group in groups]


def _close(groups: list[list[_Piece]], current: list[_Piece], window: _Window) -> None:
    """Append the finished chunk; a tiny tail of an item (its last short sentence) rejoins the
    chunk before it when the two still fit, rather than standing alone."""
    if groups and not current[0].hard_break and len(_render(current)[0]) < window.target_chars / 5:
        merged = groups[-1] + current
        text = _render(merged)[0]
        if window.count(text) <= window.max_tokens and len(text) <= window.target_chars * 1.25:
            groups[-1] = merged
            return
    groups.append(current)


def _breaks_before(current: list[_Piece], piece: _Piece, window: _Window) -> bool:
    if piece.hard_break:
        return True
    text = _render(current)[0]
    if piece.soft_break and len(text) >= window.target_chars / 2:
        return True
    candidate = _render([*current, piece])[0]
    if window.count(candidate) > window.max_tokens:
        return True
    # A short running chunk (e.g. only a heading) takes the next sentence even if long.
    return len(candidate) > window.target_chars and len(text) >= window.target_chars / 4


def _render(pieces: list[_Piece]) -> tuple[str, tuple[str, ...]]:
    """The chunk's text (paragraphs joined by '\\n') and the heading path all its pieces share."""
    text = "".join(("\n" if p.new_paragraph and i else "") + p.text for i, p in enumerate(pieces))
    path = pieces[0].path
    for piece in pieces[1:]:
        common = 0
        while common < min(len(path), len(piece.path)) and path[common] == piece.path[common]:
            common += 1
        path = path[:common]
    return text, path
