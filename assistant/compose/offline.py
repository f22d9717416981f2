"""Offline mode: a deterministic, honest draft without an LLM. The user's facts are arranged under
topic headings and turned into complete sentences by safe rules; every gap is a visible
【待补充：…】 placeholder; precedents are attached beside each part, never pasted into it."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from assistant.compose.facts import TOPICS, as_sentence, assign_topics, strip_label, topic_by_key
from assistant.compose.voice import Voice, consistent_self_reference, voice_of
from assistant.text.numbering import ordinal
from assistant.types import DraftRequest
from vectorstore.embeddings import Kind

Embed = Callable[[list[str], Kind], np.ndarray]

PLACEHOLDERS = {
    "achievements": "【待补充：{y}年推进法治政府建设的主要举措和成效，可按党的领导、依法行政制度体系、重大行政决策、"
    "行政执法、矛盾纠纷化解、普法等方面分层次写，数字请如实填写】",
    "shortcomings": "【待补充：{y}年推进法治政府建设存在的不足及其原因】",
    "leadership": "【待补充：{y}年党政主要负责人履行推进法治建设第一责任人职责情况，如研究部署法治建设、带头学法述法、"
    "督促落实等，次数和日期请如实填写】",
    "plans": "【待补充：{y1}年推进法治政府建设的主要安排，建议针对第二部分所列不足逐项提出措施】",
    "other": "【待补充：其他需要报告的情况】",
}
REASON_PLACEHOLDER = "【待补充：原因分析】"
_REASON_CUES = ("原因", "由于", "因为", "主要是", "导致", "造成", "影响", "缘于", "源于", "受限于", "制约")
# Topics nearly every report covers in part 一; named in a placeholder when the facts miss them.
_CORE_TOPICS = ("leadership_org", "rules", "decisions", "enforcement", "disputes", "publicity")
# What a leadership part usually states, with the words that show a fact covers it.
_LEADERSHIP_ELEMENTS = (
    ("主持研究部署法治建设的会议次数和议题", ("会议", "研究", "部署", "专题")),
    ("带头学法的情况", ("学法", "学习", "讲法治课", "法治讲座")),
    ("年终述法情况", ("述法",)),
    ("督促落实和考核的情况", ("督促", "督查", "督办", "考核", "落实")),
    ("出庭应诉情况", ("出庭", "应诉")),
)


def preamble_for(request: DraftRequest) -> str:
    voice = voice_of(request.unit, request.level)
    # The 2021—2025 纲要 is the plan in force only up to 2025; later years name no plan.
    plan = "认真落实《法治政府建设实施纲要（2021—2025年）》，" if request.year <= 2025 else ""
    return (
        f"{request.year}年，{voice.led_by}，{request.unit}坚持以习近平新时代中国特色社会主义思想为指导，"
        f"深入学习贯彻习近平法治思想，{plan}扎实推进法治政府建设各项工作。"
        f"现将{request.year}年法治政府建设情况报告如下。"
    )


def rebase_years(text: str, year: int) -> str:
    """今年/本年度 → Y年, 明年 → Y+1年, 去年 → Y-1年: safe because the report's year is known."""
    for word, value in (("本年度", year), ("今年", year), ("明年", year + 1), ("去年", year - 1)):
        text = text.replace(word, f"{value}年")
    return text.replace("年年", "年")


_DEPENDENT_CLAUSE = re.compile(
    r"^(?:这)?(?:主要是|主要原因是|原因是|究其原因|由于|因为|比如|例如|如|导致|造成)"
)


def clauses(facts: list[str]) -> list[str]:
    """Split facts that list several points in one line (A，B，C) into one item per point, when
    every point is long enough to stand as a sentence of its own."""
    items: list[str] = []
    for fact in facts:
        parts = [p.strip() for p in re.split(r"[，；;]", strip_label(fact).rstrip("。；;")) if p.strip()]
        # A clause giving a reason or an example belongs to the point before it.
        separable = not any(_DEPENDENT_CLAUSE.match(p) for p in parts[1:])
        items.extend(parts if separable and len(parts) > 1 and all(len(p) >= 6 for p in parts) else [fact])
    return items


def sentences_of(facts: list[str], year: int, voice: Voice | None = None) -> list[str]:
    """Each fact as a sentence in the report's year; a leading `Y年，`/`Y年以来，` said once."""
    sentences = []
    for n, fact in enumerate(facts):
        text = rebase_years(strip_label(fact), year)
        if voice is not None:
            text = consistent_self_reference(text, voice)
        if n > 0:
            text = re.sub(rf"^{year}年(?:以来)?[，,]", "", text)
        sentences.append(as_sentence(text))
    return [s for s in sentences if s]


def enumerate_sentences(facts: list[str], year: int, voice: Voice | None = None) -> str:
    """一是…二是… for several facts (any number: 十一是, 十二是 …), the sentence alone for one."""
    return _enumerate(sentences_of(facts, year, voice))


def _enumerate(sentences: list[str]) -> str:
    if len(sentences) == 1:
        return sentences[0]
    return "".join(f"{ordinal(n)}是{s}" for n, s in enumerate(sentences, 1))


def _achievements(request: DraftRequest, facts: list[str], embed: Embed | None, voice: Voice) -> str:
    grouped = assign_topics(facts, embed) if embed else _topics_by_keyword(facts)
    paragraphs = [
        f"（{ordinal(n)}）{topic_by_key(key).heading}。" + enumerate_sentences(items, request.year, voice)
        for n, (key, items) in enumerate(grouped.items(), 1)
    ]
    missing = [topic_by_key(k).heading for k in _CORE_TOPICS if k not in grouped]
    if missing:
        paragraphs.append(f"【待补充：事实材料未涉及以下常见内容，如有请补充：{'；'.join(missing)}】")
    return "\n".join(paragraphs)


def _topics_by_keyword(facts: list[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for fact in facts:
        scores = [sum(w in fact for w in t.description.split()) for t in TOPICS]
        grouped.setdefault(TOPICS[scores.index(max(scores))].key, []).append(fact)
    return {t.key: grouped[t.key] for t in TOPICS if t.key in grouped}


def _shortcomings(items: list[str], year: int, voice: Voice) -> str:
    sentences = [
        s if any(cue in s for cue in _REASON_CUES) else s + REASON_PLACEHOLDER
        for s in sentences_of(clauses(items), year, voice)
    ]
    return f"对照法治政府建设的目标要求，{voice.me}{year}年的工作还存在以下不足：{_enumerate(sentences)}"


def _leadership(items: list[str], year: int, voice: Voice) -> str:
    body = enumerate_sentences(items, year, voice)
    return (
        f"{year}年，{leader_of(voice)}履行推进法治建设第一责任人职责的情况如下：{body}{leadership_gap(items)}"
    )


def leader_of(voice: Voice) -> str:
    return f"{voice.me}党政主要负责人" if voice.kind != "政府" else f"{voice.me}主要负责同志"


def leadership_gap(items: list[str]) -> str:
    """A placeholder naming what a leadership part usually states and the facts do not, '' if none."""
    missing = missing_leadership_elements(items)
    return f"【待补充：{'、'.join(missing)}】" if missing else ""


def missing_leadership_elements(items: list[str]) -> list[str]:
    """What a leadership part usually states (会议、学法、述法、督促、出庭) that `items` do not."""
    joined = "".join(items)
    return [name for name, cues in _LEADERSHIP_ELEMENTS if not any(c in joined for c in cues)]


def _plans(items: list[str], year: int, voice: Voice, shortcomings: list[str]) -> str:
    plans = sentences_of(clauses(items), year + 1, voice)
    unanswered = [s for s in sentences_of(clauses(shortcomings), year, voice) if not _answers(plans, s)]
    plans += [f"【待补充：针对“{re.split('[，。]', s)[0]}”的改进措施】" for s in unanswered]
    return f"{year + 1}年，{voice.me}将重点做好以下工作：{_enumerate(plans)}"


# Two-character words every part of such a report uses: sharing them says nothing.
_COMMON_BIGRAMS = frozenset(
    {"进一", "一步", "不足", "有待", "执法", "法治", "行政", "建设", "工作", "政府", "推进", "加强"}
)


def _answers(plans: list[str], shortcoming: str) -> bool:
    """Whether some plan shares at least two two-character words with the shortcoming."""
    words = {shortcoming[i : i + 2] for i in range(len(shortcoming) - 1)} - _COMMON_BIGRAMS
    return any(sum(w in plan for w in words) >= 2 for plan in plans)


def offline_part(
    request: DraftRequest,
    key: str,
    facts: list[str],
    embed: Embed | None = None,
    shortcomings: list[str] | None = None,
) -> str:
    """One part's text. `shortcomings` (the facts of part 二) lets the plans answer them."""
    y, y1 = request.year, request.year + 1
    voice = voice_of(request.unit, request.level)
    if not facts and not (key == "plans" and shortcomings):
        return PLACEHOLDERS[key].format(y=y, y1=y1)
    if key == "achievements":
        return _achievements(request, facts, embed, voice)
    if key == "shortcomings":
        return _shortcomings(facts, y, voice)
    if key == "leadership":
        return _leadership(facts, y, voice)
    if key == "plans":
        return _plans(facts, y, voice, shortcomings or [])
    return enumerate_sentences(facts, y, voice)
