"""The offline draft written from an outline (compose.outline): the clerk's facts, every one of
them, inside the standard phrasing of such reports (compose.phrasing), in the unit's voice; what
the facts do not give is a visible 【待补充：…】, never an invented fact."""

from __future__ import annotations

import re

from assistant.compose.facts import as_sentence, keyword_topic_of, topic_by_key, topic_of
from assistant.compose.offline import (
    PLACEHOLDERS,
    REASON_PLACEHOLDER,
    enumerate_sentences,
    enumerated,
    leader_of,
    rebase_years,
    sentences_of,
)
from assistant.compose.outline import unanswered
from assistant.compose.phrasing import (
    ACHIEVEMENTS_FOCUS,
    ACHIEVEMENTS_OPENING,
    LEADERSHIP_DUTIES,
    LEADERSHIP_IN_PERSON,
    LEADERSHIP_OPENING,
    OTHER_DUTIES_TITLE,
    PLAN_DEFAULT_HEADING,
    PLAN_HEADINGS,
    PLANS_CLOSING,
    PLANS_OPENING,
    PLANS_OTHER,
    PLANS_STANDARD,
    PLANS_STANDARD_HEADING,
    SHORTCOMING_AREAS,
    SHORTCOMINGS_CLOSING,
    SHORTCOMINGS_OPENING,
    SHORTCOMINGS_OTHER,
    TOPIC_SHORT,
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


def other_text(request: DraftRequest, facts: list[str]) -> str:
    """五、其他需要报告的情况: the form's text and the facts routed there, else a placeholder."""
    voice = voice_of(request.unit, request.level)
    return enumerate_sentences(facts, request.year, voice) if facts else PLACEHOLDERS["other"]


def achievements_text(year: int, outline: Outline, voice: Voice, openings: dict[str, str] | None) -> str:
    if not outline.topics:
        return PLACEHOLDERS["achievements"].format(y=year)
    paragraphs = []
    for topic in outline.topics:
        heading = topic.heading.rstrip("。")
        body = (
            enumerate_sentences(list(dict.fromkeys(topic.facts)), year, voice)
            if topic.facts
            else "【待补充：这方面的具体举措和成效】"
        )
        paragraphs.append(f"{heading}。{opening_for(heading, voice.me, openings)}{body}")
    covered = {topic_of(topic.heading) for topic in outline.topics}
    missing = [topic_by_key(k).heading for k in CORE_TOPICS if k not in covered]
    tail = ""
    if missing and outline.own_headings:
        tail = f"\n【待补充：事实材料未涉及以下常见内容，如有请补充：{'；'.join(missing)}】"
    elif missing:
        paragraphs += [f"{h}。【待补充：这方面的具体举措、数据和成效；没有可删去本层次】" for h in missing]
    opening = ACHIEVEMENTS_OPENING.format(y=year, me=voice.me, focus=_focus(outline))
    return opening + "\n" + _subheaded(paragraphs) + tail


def _focus(outline: Outline) -> str:
    """The areas part 一 reports facts on, named short in the opening; '' for fewer than two."""
    areas = []
    for topic in outline.topics:
        key = topic_of(topic.heading)
        name = TOPIC_SHORT[key] if key else topic.heading.rstrip("。")
        if topic.facts and len(name) <= 8 and name not in areas:
            areas.append(name)
    return ACHIEVEMENTS_FOCUS.format(areas="、".join(areas)) if len(areas) >= 2 else ""


def shortcomings_text(year: int, outline: Outline, voice: Voice) -> str:
    if not outline.shortcomings:
        return PLACEHOLDERS["shortcomings"].format(y=year)
    items = []
    for item in outline.shortcomings:
        text = _in_voice(item.text, year, voice)
        area = SHORTCOMING_AREAS.get(keyword_topic_of(item.text) or "", "")
        if "方面" in text.split("，")[0]:  # the clerk already says where
            area = ""
        items.append(
            as_sentence(f"{area}{text}，{_in_voice(item.cause, year, voice)}")
            if item.cause
            else as_sentence(area + text) + REASON_PLACEHOLDER
        )
    items.append(SHORTCOMINGS_OTHER)
    opening = SHORTCOMINGS_OPENING.format(me=voice.me, y=year)
    return opening + enumerated(items) + "\n" + SHORTCOMINGS_CLOSING.format(me=voice.me)


def leadership_text(year: int, outline: Outline, voice: Voice) -> str:
    """The 第一责任人 duties in their usual order, each with the facts that show it; a duty no fact
    shows is a 【待补充】 under its subheading, its standard sentence left out (it would be a claim)."""
    items = list(dict.fromkeys(outline.leadership))
    if not items:
        return PLACEHOLDERS["leadership"].format(y=year)
    by_duty: dict[int | None, list[str]] = {}
    for fact in sentences_of(items, year, voice):
        for index, piece in duty_pieces(fact):
            by_duty.setdefault(index, []).append(as_sentence(piece))
    # a duty shown inside another duty's line (局长主持研究…，并于年底向县委述法) asks for nothing more
    mentioned = {n for n, d in enumerate(LEADERSHIP_DUTIES) for f in items if any(c in f for c in d.cues)}
    paragraphs = []
    for n, duty in enumerate(LEADERSHIP_DUTIES):
        shown = by_duty.get(n, [])
        if not shown:
            if n not in mentioned:
                paragraphs.append(f"{duty.title}。【待补充：{duty.name}】")
            continue
        lead = "" if any(_NEGATED.search(p) for p in shown) else duty.lead
        paragraphs.append(f"{duty.title}。{lead}" + "".join(shown))
    if None in by_duty:
        paragraphs.append(f"{OTHER_DUTIES_TITLE}。" + "".join(by_duty[None]))
    deployed = 0 in by_duty and not any(_NEGATED.search(p) for p in by_duty[0])
    opening = LEADERSHIP_OPENING.format(
        y=year, who=leader_of(voice), personally=LEADERSHIP_IN_PERSON if deployed else ""
    )
    return opening + "\n" + _subheaded(paragraphs)


_NEGATED = re.compile(r"未|没有|尚未|无法|不到位")
# Where a leader fact is never cut: inside quotes or brackets, before a cause or a linked clause.
_QUOTED = re.compile(r"“[^”]*”|（[^）]*）|《[^》]*》")
_BOUND_CLAUSE = re.compile(r"^(?:主要是|主要原因是|原因是|由于|因为|但|并|且|同时|其中|以及|从而)")


def duty_of(text: str) -> int | None:
    """The duty (index in LEADERSHIP_DUTIES) whose cue comes first in `text`; None if none does
    (督促班子成员述法 is 督促, not 述法)."""
    found = [(text.find(c), n) for n, d in enumerate(LEADERSHIP_DUTIES) for c in d.cues if c in text]
    return min(found)[1] if found else None


def duty_pieces(fact: str) -> list[tuple[int | None, str]]:
    """A leader fact cut at its commas where its clauses show different duties (局长主持研究法治建设
    4次，年底向县委述法 → 部署 | 述法); kept whole when any piece would show none, when the cut
    falls inside quotes or brackets, or before a cause or a linked clause (主要是…, 并…)."""
    whole = [(duty_of(fact), fact)]
    if _QUOTED.sub(lambda m: "＿" * len(m.group()), fact).count("，") != fact.count("，"):
        return whole
    groups: list[tuple[int | None, str]] = []
    for clause in (c for c in fact.rstrip("。").split("，") if c):
        duty = duty_of(clause)
        if groups and (duty is None or duty == groups[-1][0] or _BOUND_CLAUSE.match(clause)):
            groups[-1] = (groups[-1][0], groups[-1][1] + "，" + clause)
        else:
            groups.append((duty, clause))
    if len(groups) < 2 or any(d is None for d, _ in groups):
        return whole
    return groups


def plans_text(year: int, outline: Outline, voice: Voice) -> str:
    """Part 四: the standard first plan, then the clerk's plans under their topic's subheading
    (those answering a shortcoming say which) closed by the topic's aim, a 【待补充】 per
    shortcoming no plan answers."""
    if not outline.plans and not outline.shortcomings:
        return PLACEHOLDERS["plans"].format(y=year, y1=year + 1)
    by_heading: dict[str, list[str]] = {}
    for plan in outline.plans:
        sentence = sentences_of([plan.text], year, voice)[0] if plan.text else ""
        # the part already says the year (明年 was made Y+1 by sentences_of)
        sentence = re.sub(rf"^{year + 1}年度?(?:起)?[：:，,]?(?:将)?", "", sentence)
        if not sentence:
            continue
        topic = keyword_topic_of(plan.text)
        if plan.answers is not None:
            answered = outline.shortcomings[plan.answers].text
            sentence = f"针对{_problem(_in_voice(answered, year, voice))}的问题，{sentence}"
            topic = keyword_topic_of(answered) or topic
        by_heading.setdefault(topic or "", []).append(sentence)
    paragraphs = [f"{PLANS_STANDARD_HEADING}。{PLANS_STANDARD}"]
    for topic, found in by_heading.items():
        heading, aim = PLAN_HEADINGS.get(topic, (PLAN_DEFAULT_HEADING, ""))
        body = "".join(found)
        if aim and aim not in body:
            body = body.rstrip("。") + f"，{aim}。"
        paragraphs.append(f"{heading}。{body}")
    paragraphs += [
        f"【待补充：针对“{_problem(outline.shortcomings[n].text)}”的改进措施】" for n in unanswered(outline)
    ]
    paragraphs.append(PLANS_OTHER.format(y1=year + 1))
    opening = PLANS_OPENING.format(y1=year + 1, me=voice.me)
    return opening + "\n" + _subheaded(paragraphs) + "\n" + PLANS_CLOSING.format(me=voice.me)


def _problem(shortcoming: str) -> str:
    """A shortcoming named short: its first clause without 在…方面 or a trailing 的问题…仍然存在."""
    text = re.sub(r"^在[^，,]{1,20}方面[，,]?", "", shortcoming.strip())
    first = re.split(r"[，,；;。]", text)[0]
    return re.sub(r"(?:的)?问题.*$|(?:仍然|依然|还)?(?:存在|较多|突出)$", "", first) or first


def _subheaded(paragraphs: list[str]) -> str:
    return "\n".join(f"（{ordinal(n)}）{p}" for n, p in enumerate(paragraphs, 1))


def _in_voice(text: str, year: int, voice: Voice) -> str:
    return consistent_self_reference(rebase_years(text.strip().rstrip("。；;"), year), voice)


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
