"""Offline mode's sentence rules (the parts themselves are written from the outline by
compose.offline_outline): facts turned into complete sentences in the report's year and the
unit's voice, the preamble, and the 【待补充：…】 placeholders of a part the facts leave empty."""

from __future__ import annotations

import re

from assistant.compose.facts import as_sentence, strip_label
from assistant.compose.voice import Voice, consistent_self_reference, voice_of
from assistant.text.numbering import ordinal
from assistant.types import DraftRequest

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
    return enumerated(sentences_of(facts, year, voice))


def enumerated(sentences: list[str]) -> str:
    """Sentences as 一是…二是…, a single one as it is."""
    if len(sentences) == 1:
        return sentences[0]
    return "".join(f"{ordinal(n)}是{s}" for n, s in enumerate(sentences, 1))


def leader_of(voice: Voice) -> str:
    return f"{voice.me}党政主要负责人" if voice.kind != "政府" else f"{voice.me}主要负责同志"
