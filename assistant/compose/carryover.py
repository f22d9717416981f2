"""Every promise of last year accounted for: each item of last year's plans (compose.promises)
matched by meaning to this year's facts and to the draft.

A passage answers a promise when they share its content words (keywords: two-character words
left after the words every report uses are taken out), or when the embedder finds them far closer
than the promise is to sentences of other areas (a z-score against fixed anchor sentences, so the
same rule holds for any embedder's scale). Statuses: `done` — an achievement answers it;
`shortfall` — only a shortcoming does, or the answer says it is partly done; `missing` — nothing
does. A 【待补充…】 placeholder is never an answer. A missing promise is a warning finding."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.compose.promises import Promise, promises_of
from assistant.compose.routing import route_facts
from assistant.text.script import HAN_RANGES
from assistant.types import Carryover, CarryoverStatus, Draft, Finding
from vectorstore.embeddings import Kind

Embed = Callable[[list[str], Kind], np.ndarray]

# Which side of the report a passage of each part stands on.
_DONE_PARTS = ("achievements", "leadership", "other")
_SHORTFALL_PARTS = ("shortcomings",)
# Words every report of this kind uses: sharing them says nothing about a promise.
_COMMON_WORDS = (
    "进一步", "继续", "持续", "全面", "深入", "大力", "切实", "认真", "严格", "扎实", "积极", "着力",
    "不断", "加快", "加强", "加大", "强化", "深化", "推进", "推动", "提升", "提高", "增强", "健全",
    "完善", "落实", "做好", "抓好", "开展", "规范", "妥善", "依法", "坚持", "法治", "政府", "建设",
    "工作", "行政", "水平", "体系", "制度", "机制", "全年", "今年", "我局", "我办", "我镇", "我区",
    "我县", "我市", "有效", "各项", "相关", "情况", "能力",
)  # fmt: skip
_COMMON = re.compile("|".join(sorted(_COMMON_WORDS, key=len, reverse=True)))
_HAN_RUN = re.compile(f"[{HAN_RANGES}]+")
# An answer that says the promise is only partly kept.
_PARTIAL = re.compile(r"部分|初步|尚未|未能|未完成|仍在|正在|推进中|有待|还需|仍需|不够|不足|滞后|启动")
_PLACEHOLDER = re.compile(r"【待补充[^】]*】")
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
# Sentences of many areas: how close a promise is to work it is not about.
ANCHORS = (
    "深入学习贯彻习近平法治思想，组织专题学习",
    "审核规范性文件，开展备案审查和文件清理",
    "严格履行重大行政决策程序，开展合法性审查",
    "全面推行行政执法公示、全过程记录和法制审核制度",
    "办理行政复议案件，负责人出庭应诉",
    "做好突发事件应急处置和疫情防控",
    "推进政务公开，主动接受人大监督和政协监督",
    "推进数字政府建设，政务服务事项网上可办",
    "深化放管服改革，优化营商环境",
    "开展普法宣传活动，落实谁执法谁普法责任制",
    "主要负责人主持研究法治建设，年终述法",
    "组织执法人员培训和资格考试",
    "化解信访积案，开展人民调解",
    "加强法律顾问和公职律师工作",
)
KEYWORD_MATCH = 0.5  # share of a promise's keywords a passage must contain, alone
KEYWORD_WITH_MEANING = 0.3  # or this share with a meaning z-score of Z_WITH_KEYWORDS
Z_WITH_KEYWORDS = 0.5
Z_ALONE = 2.0  # the meaning alone (in other words), when promise and passage are each other's closest


@dataclass(frozen=True)
class Passage:
    """A fact or a draft sentence that may answer a promise; `side` is 'done' or 'shortfall'."""

    text: str
    side: str
    part: str = ""
    start: int = 0
    end: int = 0
    is_fact: bool = False


def keywords(text: str) -> set[str]:
    """The two-character words of a text once the words every report uses are taken out."""
    grams: set[str] = set()
    for run in _HAN_RUN.findall(_COMMON.sub(" ", text)):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def passages(draft: Draft | None, facts: str, year: int) -> list[Passage]:
    """This year's facts (by the part they are routed to) and the draft's sentences, placeholders
    blanked out so that offsets still point into the part's text."""
    found: list[Passage] = []
    for key, items in route_facts(facts, year).items() if facts.strip() else ():
        side = _side(key)
        found.extend(Passage(item, side, is_fact=True) for item in items if side)
    for part in draft.parts if draft is not None else ():
        side = _side(part.key)
        text = _PLACEHOLDER.sub(lambda m: " " * len(m[0]), part.text)
        for m in _SENTENCE.finditer(text) if side else ():
            if m[0].strip():
                found.append(Passage(m[0].strip(), side, part.key, m.start(), m.end()))
    return found


def _side(key: str) -> str:
    return "done" if key in _DONE_PARTS else "shortfall" if key in _SHORTFALL_PARTS else ""


def carryover(
    previous: str, draft: Draft | None, facts: str, year: int, embed: Embed | None = None
) -> tuple[Carryover, ...]:
    """One entry per promise of last year's report, in its order; () without a previous report."""
    promises = promises_of(previous)
    if not promises:
        return ()
    found = passages(draft, facts, year)
    scores = _scores(promises, found, embed)
    return tuple(_entry(p, found, row) for p, row in zip(promises, scores, strict=True))


def _scores(promises: list[Promise], found: list[Passage], embed: Embed | None) -> np.ndarray:
    """(promises × passages) match strength: ≤ 0 no match; above, the better the higher."""
    if not found:
        return np.zeros((len(promises), 0), dtype=np.float32)
    shares = np.array(
        [[_share(keywords(p.short), keywords(x.text)) for x in found] for p in promises], dtype=np.float32
    ).reshape(len(promises), len(found))
    z = _meaning(promises, found, embed) if embed is not None else np.zeros_like(shares)
    mutual = (z >= z.max(axis=1, keepdims=True)) & (z >= z.max(axis=0, keepdims=True))
    matched = (
        (shares >= KEYWORD_MATCH)
        | ((shares >= KEYWORD_WITH_MEANING) & (z >= Z_WITH_KEYWORDS))
        | ((z >= Z_ALONE) & mutual)
    )
    return np.where(matched, 1.0 + shares + z / 10, 0.0)


def _share(wanted: set[str], have: set[str]) -> float:
    return len(wanted & have) / len(wanted) if wanted else 0.0


def _meaning(promises: list[Promise], found: list[Passage], embed: Embed) -> np.ndarray:
    """How far above its closeness to the anchor sentences each passage is to each promise, in
    standard deviations of those anchor similarities."""
    p = embed([x.short for x in promises], "query")
    sims = p @ embed([x.text for x in found], "query").T
    anchors = p @ embed(list(ANCHORS), "query").T
    mean, std = anchors.mean(axis=1, keepdims=True), anchors.std(axis=1, keepdims=True)
    return np.asarray((sims - mean) / np.maximum(std, 1e-6), dtype=np.float32)


def _entry(promise: Promise, found: list[Passage], row: np.ndarray) -> Carryover:
    hits = [(float(s), x) for s, x in zip(row, found, strict=True) if s > 0]
    if not hits:
        return Carryover(promise.short, "missing")
    done = [h for h in hits if h[1].side == "done"]
    partial = not done or any(h[1].side == "shortfall" for h in hits)
    partial = partial or all(_PARTIAL.search(x.text) for _, x in done)
    status: CarryoverStatus = "shortfall" if partial else "done"
    in_draft = max((h for h in hits if not h[1].is_fact), default=None, key=lambda h: h[0])
    facts = max((h for h in hits if h[1].is_fact), default=None, key=lambda h: h[0])
    span = in_draft[1] if in_draft else Passage("", "")
    return Carryover(promise.short, status, span.part, span.start, span.end, facts[1].text if facts else "")


def carryover_findings(entries: tuple[Carryover, ...], draft: Draft) -> list[Finding]:
    """A warning for each promise nothing answers, on part 二 (where it should be explained)."""
    keys = [p.key for p in draft.parts]
    part = "shortcomings" if "shortcomings" in keys else (keys[0] if keys else "shortcomings")
    return [
        Finding(
            part,
            0,
            0,
            "warning",
            f"去年承诺的“{entry.promise}”在今年的报告中未见回应",
            "已完成的，请在第一部分写明做了什么、成效如何；未完成的，请在第二部分说明原因",
            kind="carryover",
        )
        for entry in entries
        if entry.status == "missing"
    ]
