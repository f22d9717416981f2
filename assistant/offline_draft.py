"""Offline mode: a deterministic, honest draft without an LLM. The user's facts are arranged under
topic headings and turned into complete sentences by safe rules; every gap is a visible
【待补充：…】 placeholder; precedents are attached beside each part, never pasted into it."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from vectorstore.embeddings import Kind

from .facts import TOPICS, as_sentence, assign_topics, strip_label, topic_by_key
from .sections import CHINESE_ORDINALS
from .types import DraftRequest

Embed = Callable[[list[str], Kind], np.ndarray]

_ENUMERATORS = [f"{n}是" for n in "一二三四五六七八九十"]

PLACEHOLDERS = {
    "achievements": "【待补充：{y}年推进法治政府建设的主要举措和成效，可按党的领导、依法行政制度体系、重大行政决策、"
    "行政执法、矛盾纠纷化解、普法等方面分层次写，数字请如实填写】",
    "shortcomings": "【待补充：{y}年推进法治政府建设存在的不足及其原因】",
    "leadership": "【待补充：{y}年党政主要负责人履行推进法治建设第一责任人职责情况，如研究部署法治建设、带头学法述法、"
    "督促落实等，次数和日期请如实填写】",
    "plans": "【待补充：{y1}年推进法治政府建设的主要安排，建议针对第二部分所列不足逐项提出措施】",
    "other": "【待补充：其他需要报告的情况】",
}


def preamble_for(request: DraftRequest) -> str:
    # The 2021—2025 纲要 is the plan in force only up to 2025; later years name no plan.
    plan = "认真落实《法治政府建设实施纲要（2021—2025年）》，" if request.year <= 2025 else ""
    return (
        f"{request.year}年，{request.unit}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
        f"{plan}扎实推进法治政府建设各项工作。现将{request.year}年法治政府建设情况报告如下。"
    )


def rebase_years(text: str, year: int) -> str:
    """今年/本年度 → Y年, 明年 → Y+1年, 去年 → Y-1年: safe because the report's year is known."""
    for word, value in (("本年度", year), ("今年", year), ("明年", year + 1), ("去年", year - 1)):
        text = text.replace(word, f"{value}年")
    return text.replace("年年", "年")


def clauses(facts: list[str]) -> list[str]:
    """Split facts that list several points in one line (A，B，C) into one item per point, when
    every point is long enough to stand as a sentence of its own."""
    items: list[str] = []
    for fact in facts:
        parts = [p.strip() for p in re.split(r"[，；;]", strip_label(fact).rstrip("。；;")) if p.strip()]
        items.extend(parts if len(parts) > 1 and all(len(p) >= 6 for p in parts) else [fact])
    return items


def enumerate_sentences(facts: list[str], year: int) -> str:
    sentences = [as_sentence(rebase_years(strip_label(f), year)) for f in facts]
    if len(sentences) == 1:
        return sentences[0]
    return "".join(f"{_ENUMERATORS[i]}{s}" if i < len(_ENUMERATORS) else s for i, s in enumerate(sentences))


def _achievements(request: DraftRequest, facts: list[str], embed: Embed | None) -> str:
    grouped = assign_topics(facts, embed) if embed else _topics_by_keyword(facts)
    paragraphs = []
    for n, (key, items) in enumerate(grouped.items()):
        heading = f"（{CHINESE_ORDINALS[n]}）{topic_by_key(key).heading}。"
        paragraphs.append(heading + enumerate_sentences(items, request.year))
    return "\n".join(paragraphs)


def _topics_by_keyword(facts: list[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for fact in facts:
        scores = [sum(w in fact for w in t.description.split()) for t in TOPICS]
        grouped.setdefault(TOPICS[scores.index(max(scores))].key, []).append(fact)
    return {t.key: grouped[t.key] for t in TOPICS if t.key in grouped}


def offline_part(request: DraftRequest, key: str, facts: list[str], embed: Embed | None = None) -> str:
    y, y1 = request.year, request.year + 1
    if not facts:
        return PLACEHOLDERS[key].format(y=y, y1=y1)
    if key == "achievements":
        return _achievements(request, facts, embed)
    body = enumerate_sentences(clauses(facts) if key in ("shortcomings", "plans") else facts, y)
    if key == "shortcomings":
        return f"对照法治政府建设的目标要求，{request.unit}{y}年的工作还存在以下不足：{body}"
    if key == "leadership":
        return f"{y}年，{request.unit}党政主要负责人履行推进法治建设第一责任人职责的情况如下：{body}"
    if key == "plans":
        return f"{y1}年，{request.unit}将重点做好以下工作：{body}"
    return body
