"""The offline draft written from an outline (compose.outline): the clerk's facts, every one of
them, inside the standard phrasing of such reports (compose.phrasing), in the unit's voice; what
the facts do not give is a visible 【待补充：…】, never an invented fact."""

from __future__ import annotations

from assistant.compose.facts import as_sentence, topic_by_key, topic_of
from assistant.compose.offline import (
    PLACEHOLDERS,
    REASON_PLACEHOLDER,
    enumerate_sentences,
    leader_of,
    missing_leadership_elements,
    rebase_years,
    sentences_of,
)
from assistant.compose.outline import unanswered
from assistant.compose.phrasing import (
    ACHIEVEMENTS_OPENING,
    LEADERSHIP_OPENING,
    PLANS_CLOSING,
    PLANS_OPENING,
    PLANS_OTHER,
    PLANS_STANDARD,
    SHORTCOMINGS_CLOSING,
    SHORTCOMINGS_OPENING,
    SHORTCOMINGS_OTHER,
    opening_for,
)
from assistant.compose.voice import Voice, consistent_self_reference, voice_of
from assistant.text.numbering import ordinal
from assistant.types import Draft, DraftRequest, Outline

# Topics nearly every report covers in part 一: a subheading to complete when the facts miss them.
CORE_TOPICS = ("leadership_org", "rules", "decisions", "enforcement", "disputes", "publicity")


def outline_part(
    request: DraftRequest, key: str, outline: Outline, openings: dict[str, str] | None = None
) -> str:
    voice = voice_of(request.unit, request.level)
    if key == "achievements":
        return achievements_text(request.year, outline, voice, openings)
    if key == "shortcomings":
        return shortcomings_text(request.year, outline, voice)
    if key == "leadership":
        return leadership_text(request.year, outline, voice)
    return plans_text(request.year, outline, voice)


def achievements_text(year: int, outline: Outline, voice: Voice, openings: dict[str, str] | None) -> str:
    if not outline.topics:
        return PLACEHOLDERS["achievements"].format(y=year)
    paragraphs = []
    for topic in outline.topics:
        heading = topic.heading.rstrip("。")
        body = (
            enumerate_sentences(list(topic.facts), year, voice)
            if topic.facts
            else "【待补充：本年度在这方面的具体举措和成效】"
        )
        paragraphs.append(f"{heading}。{opening_for(heading, voice.me, openings)}{body}")
    covered = {topic_of(topic.heading) for topic in outline.topics}
    missing = [topic_by_key(k).heading for k in CORE_TOPICS if k not in covered]
    tail = ""
    if missing and outline.own_headings:
        tail = f"\n【待补充：事实材料未涉及以下常见内容，如有请补充：{'；'.join(missing)}】"
    elif missing:
        paragraphs += [
            f"{h}。【待补充：本年度在这方面的具体举措、数据和成效；没有可删去本层次】" for h in missing
        ]
    opening = ACHIEVEMENTS_OPENING.format(y=year, me=voice.me)
    return opening + "\n" + "\n".join(f"（{ordinal(n)}）{p}" for n, p in enumerate(paragraphs, 1)) + tail


def shortcomings_text(year: int, outline: Outline, voice: Voice) -> str:
    if not outline.shortcomings:
        return PLACEHOLDERS["shortcomings"].format(y=year)
    items = []
    for item in outline.shortcomings:
        text = _in_voice(item.text, year, voice)
        items.append(
            as_sentence(f"{text}，{_in_voice(item.cause, year, voice)}")
            if item.cause
            else as_sentence(text) + REASON_PLACEHOLDER
        )
    items.append(SHORTCOMINGS_OTHER)
    opening = SHORTCOMINGS_OPENING.format(me=voice.me, y=year)
    return opening + _listed(items) + "\n" + SHORTCOMINGS_CLOSING.format(me=voice.me)


def leadership_text(year: int, outline: Outline, voice: Voice) -> str:
    items = list(outline.leadership)
    if not items:
        return PLACEHOLDERS["leadership"].format(y=year)
    opening = LEADERSHIP_OPENING.format(y=year, who=leader_of(voice))
    sentences = sentences_of(items, year, voice)
    sentences += [f"【待补充：{name}】" for name in missing_leadership_elements(items)]
    return opening + _listed(sentences)


def plans_text(year: int, outline: Outline, voice: Voice) -> str:
    if not outline.plans and not outline.shortcomings:
        return PLACEHOLDERS["plans"].format(y=year, y1=year + 1)
    items = [PLANS_STANDARD]
    for plan in outline.plans:
        sentence = sentences_of([plan.text], year + 1, voice)[0] if plan.text else ""
        if plan.answers is not None and sentence:
            target = outline.shortcomings[plan.answers].text.split("，")[0]
            sentence = f"针对{_in_voice(target, year, voice)}的问题，{sentence}"
        items.append(sentence)
    for n in unanswered(outline):
        items.append(f"【待补充：针对“{outline.shortcomings[n].text.split('，')[0]}”的改进措施】")
    items.append(PLANS_OTHER.format(y1=year + 1))
    opening = PLANS_OPENING.format(y1=year + 1, me=voice.me)
    return opening + _listed([i for i in items if i]) + "\n" + PLANS_CLOSING.format(me=voice.me)


def _in_voice(text: str, year: int, voice: Voice) -> str:
    return consistent_self_reference(rebase_years(text.strip().rstrip("。；;"), year), voice)


def _listed(sentences: list[str]) -> str:
    if len(sentences) == 1:
        return sentences[0]
    return "".join(f"{ordinal(n)}是{s}" for n, s in enumerate(sentences, 1))


def draft_length(draft: Draft) -> int:
    """The characters of a draft's body: the opening paragraph, the part headings and their text."""
    return len(draft.preamble) + sum(len(p.heading) + len(p.text) for p in draft.parts)


# The usual length of a whole report by level (characters): real reports of counties run
# 2,500–3,500, township ones shorter, provinces and cities longer.
REPORT_TARGETS = {"省": 4000, "市": 3500, "县": 2500, "乡镇": 2000, "部门": 2500}


def offline_note(draft: Draft, level: str, target: int | None = None) -> str:
    """What an offline draft is, its length beside the target, and what is left to complete."""
    goal = target or REPORT_TARGETS.get(level, 2500)
    gaps = sum(p.text.count("【待补充") for p in draft.parts)
    return (
        f"这是离线草稿（未调用大模型）：由您的事实材料和常用规范表述组成，共 {draft_length(draft):,} 字，"
        f"目标约 {goal:,} 字。请补全其中 {gaps} 处【待补充】，并按本单位实际充实后再使用。"
    )
