"""Last year's promises: the items of the previous report's plans (part 四, or the plans paragraph
of a report whose plans are not a part of their own), as a reviewer would list them.

Items are read through the one heading grammar (text.numbering): （一）… / 1.… / （1）… headings, the
inline 一是…二是…, and, in a plans paragraph without any numbering, its clauses that open with an
action (加强… / 继续深化… / 大力推进…). The framing sentence before the items (2023年，我局将继续以…
为指导…) is not a promise."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.parsing.structure import parse_report
from assistant.text.numbering import HEADING_MARKER, INLINE_ORDINAL, heading_level, split_run_in_heading

MAX_SHORT = 40  # a promise is quoted up to this many characters
_MAX_TEXT = 160  # and matched on up to this many
_SENTENCES = re.compile(r"[^。；！？]+[。；！？]?")
_CLAUSES = re.compile(r"[^，,]+")
_ENUMERATED = re.compile(rf"(?:^|(?<=[。；：:，]))(?={INLINE_ORDINAL.pattern})")
_FRAMING = ("为指导", "为统领", "为引领", "为主线", "精神为", "指导思想")
_LEAD_IN = re.compile(r"^(?:\d{4}年度?[，,]?)?(?:[我本全]\w{0,3}?)?(?:将|要)?(?:继续)?")
_ACTION = re.compile(
    r"^(?:进一步|继续|持续|全面|深入|大力|切实|认真|严格|扎实|积极|着力|不断|加快|加强|加大|强化|深化|"
    r"推进|推动|提升|提高|增强|健全|完善|落实|做好|抓好|开展|规范|妥善|依法|坚持|组织|建立|优化|打造)"
)
_TRAILING = "。；，,：: "


@dataclass(frozen=True)
class Promise:
    """`short` is what the report quotes (the item's heading or first clause); `text` what is
    matched (the item with its body, cut)."""

    short: str
    text: str


def promises_of(previous: str) -> list[Promise]:
    """The promises of last year's report text, in order, without repeats; [] when it has no plans."""
    if not previous.strip():
        return []
    found: list[Promise] = []
    for section in parse_report(previous).sections:
        if section.key == "plans":
            found.extend(plan_items(section.text.split("\n")))
    unique: dict[str, Promise] = {}
    for promise in found:
        unique.setdefault(promise.short, promise)
    return list(unique.values())


def plan_items(paragraphs: list[str]) -> list[Promise]:
    """The items of a plans part: its numbered headings, else its 一是… items, else its clauses."""
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    if any(heading_level(p) in (2, 3, 4) for p in paragraphs):
        return _numbered(paragraphs)
    enumerated = [p for p in paragraphs if len(INLINE_ORDINAL.findall(p)) >= 2]
    if enumerated:
        return [item for p in enumerated for item in _inline(p)]
    return [item for p in paragraphs for item in _clauses(p)]


def _numbered(paragraphs: list[str]) -> list[Promise]:
    """（一）标题。正文 items; a paragraph under a heading-only line belongs to that item. The
    deepest numbering only when the shallower one is a single framing heading is not special-cased:
    every numbered line is an item."""
    items: list[list[str]] = []
    for para in paragraphs:
        if heading_level(para) in (2, 3, 4):
            heading, body = split_run_in_heading(para)
            items.append([heading or para, body] if heading else [para, ""])
        elif items and not items[-1][1]:
            items[-1][1] = para
    return [_promise(head, body) for head, body in items if _short(head)]


def _inline(paragraph: str) -> list[Promise]:
    pieces = [p for p in _ENUMERATED.split(paragraph) if p]
    items = [INLINE_ORDINAL.sub("", p, count=1) for p in pieces if INLINE_ORDINAL.match(p)]
    return [_promise(_first_sentence(item), item) for item in items if _short(item)]


def _clauses(paragraph: str) -> list[Promise]:
    """A plans paragraph without numbering: each clause that opens with an action is a promise;
    a clause that does not continues the one before it."""
    items: list[str] = []
    for sentence in _SENTENCES.findall(paragraph):
        for clause in _CLAUSES.findall(sentence):
            clause = _LEAD_IN.sub("", clause.strip().rstrip(_TRAILING))
            if len(clause) < 4 or any(word in clause for word in _FRAMING):
                continue
            if _ACTION.match(clause) or not items:
                items.append(clause)
            else:
                items[-1] += "，" + clause
    return [_promise(item, item) for item in items if _ACTION.match(item)]


def _promise(head: str, body: str) -> Promise:
    short = _short(head)
    text = short if not body or body.startswith(short) else f"{short}。{body}"
    return Promise(short, text[:_MAX_TEXT])


def _short(text: str) -> str:
    bare = HEADING_MARKER.sub("", text.strip(), count=1)
    bare = _first_sentence(bare)
    return bare if len(bare) <= MAX_SHORT else bare[:MAX_SHORT] + "…"


def _first_sentence(text: str) -> str:
    match = _SENTENCES.match(text.strip())
    return (match[0] if match else text).strip().rstrip(_TRAILING)
