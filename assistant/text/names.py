"""Names of units and places in a report: the words that identify who wrote it.

The library records them per document; the draft checks flag them when they turn up in a draft
for another unit. Precision matters more than recall: a generic word (全市, 区政府办公室, 县委,
司法局, 依法治区) returned here would be flagged in every draft, so anything doubtful is left out.

Sources of names, each a small function below:
- provincial-level names (山西省 and its short form 山西, from the divisions dataset), anywhere,
  even inside 《》 and “”;
- place names ending in 省/市/县/区/镇/乡/村/街道/自治州…, cut out along jieba's word boundaries
  and kept only when jieba does not know the prefix as a common word (高显镇, 椒江区);
- unit names: a place or a bare level (省/市/县…) + a department + 办/局/委/厅/办公室/人民政府
  (省外事办, 高显镇人民政府), leaving out the bodies every government has (区政府办公室);
- document-number prefixes (台政办字〔2022〕1号 → 台政办字);
- brands in quotes: “平安山西” (holds a province), “南方＋” (ends in ＋)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from assistant.text.script import HAN_RANGES

Tokens = list[tuple[str, int, int]]  # jieba's (word, start, end)


@cache
def provinces() -> tuple[tuple[str, str], ...]:
    """(full name, short name) of every provincial-level division, from the divisions dataset."""
    from assistant.text.divisions import PROVINCE, gazetteer

    gaz = gazetteer()
    return tuple(sorted({(d.name, d.stem) for d in gaz.divisions if d.level == PROVINCE}))


@cache
def _province_re() -> re.Pattern[str]:
    names = {n for pair in provinces() for n in pair}
    return re.compile("|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)))


PLACE_SUFFIXES = ("自治区", "自治州", "自治县", "街道", "省", "市", "县", "区", "镇", "乡", "村")
LEVELS = "省市县区镇乡"
# A place suffix may start a jieba token when what follows is one of the place's own bodies: 镇党委.
_BODY_TAILS = ("党委", "委", "政府", "人民政府", "人大", "政协", "纪委", "人民法院", "法院", "检察院")
# Characters that never sit inside a name: function words, self-references, "all/each/this".
_BOUNDARY = set("的了和与及或是在对为于将把到向由从以等各本我该全共其此每之并且而被给让使经即")
# First characters that make a word "all/each/this ...": 各乡镇, 全县域.
_GENERIC_LEADS = set("各全本我该每其此")
# Whole words that look like places but are not any particular one.
GENERIC_PLACES = frozenset(
    (
        "试点区 示范区 开发区 高新区 经开区 自贸区 保税区 工业区 功能区 行政区 经济区 先行区 核心区 "
        "集聚区 产业园区 自治区 自治州 自治县 行政村 自然村 新农村 省市县 县市区 市县区 示范县 示范市 "
        "试点县 试点市 文明城市 贫困县 贫困村 示范村 先进县 百强县 特别行政区 城市社区 农村社区 "
        "老城区 新城区 主城区 中心城区 各乡镇"
    ).split()
)
# The last two characters of a candidate that make it a generic word: 进社区, 老城区.
_GENERIC_ENDINGS = frozenset(
    "社区 城区 辖区 园区 景区 小区 片区 地区 山区 街区 市区 郊区 城市 都市 超市 集市 城镇 集镇 乡镇 村镇 "
    "农村 乡村 城乡 县域".split()
)

# jieba tags of words that are not names whatever their frequency: verbs, idioms (紧紧围绕,
# 贯彻落实), adverbs, conjunctions, prepositions, pronouns, numerals, measure words, times.
_ORDINARY_TAGS = ("v", "i", "l", "d", "c", "p", "r", "m", "q", "u", "f", "t", "y", "e", "o")

_UNIT_SUFFIX_RE = "办公室|办事处|人民政府|办|局|委|厅"
# A character before 办/局/委/厅 that makes the word a verb or a common noun: 督办, 格局, 常委, 大厅.
_NOT_BEFORE_SUFFIX = {
    "办": set("督交承主举协会代帮通包兴创查领催合开缓转快即网"),
    "局": set("格布大结当开全终残僵变破时政战出入定"),
    "委": set("常两村纪编主"),
    "厅": set("大客餐展门舞歌"),
}
# Departments every government has; with only a bare level in front (区司法局) they name no one.
GENERIC_DEPARTMENTS = frozenset(
    (
        "政府 人民政府 党 人大 人大常委 政协 纪 司法 公安 财政 审计 信访 发改 发展改革 人社 自然资源 "
        "生态环境 住建 交通 交通运输 水利 农业农村 商务 文旅 卫健 卫生健康 应急 应急管理 市场监管 "
        "市场监督管理 统计 医保 教育 民政 税务 城管 综合执法 行政审批 政务服务 政务服务管理 大数据 "
        "数据 政法 编 法制 法治 外办"
    ).split()
)
_GENERIC_DEPT_STARTS = ("委", "政府", "人民政府", "党", "依法治")

_DOC_NUMBER = re.compile(rf"([{HAN_RANGES}]{{2,8}})[〔\[［(（]\d{{4}}[〕\]］)）]\d+号")
# Central documents cited by everyone (厅字〔2019〕28号) identify no unit.
_CENTRAL_DOC_PREFIXES = ("中", "国", "厅字")
_DOC_LEAD_WORDS = ("根据", "按照", "依据", "依照", "参照", "贯彻", "落实", "执行", "印发", "转发", "文件")
_QUOTED = re.compile(r"[“「\"]([^”」\"\n]{2,12})[”」\"]")
_GENERIC_PLUS = ("互联网", "大数据", "智慧", "法治", "党建", "网格", "数字", "智能", "科技", "文化", "旅游")


_cache_dir: Path | None = None  # the data dir's cache for the checks' jieba tables (None: none kept)


def use_cache_dir(folder: Path) -> None:
    """Where the checks' jieba tables are kept once built (nothing is loaded now)."""
    global _cache_dir
    _cache_dir = folder


@cache
def jieba_for_checks():  # noqa: ANN202 - jieba has no type stubs
    """A jieba tokenizer of the checks' own and the word → part-of-speech table (ns = place,
    nr = person). Not jieba's shared one: the search index adds its domain terms to that, and
    the checks must cut a sentence the same way whether or not a search ran in this process.
    Both loaded from the data dir's cache when there (text/jieba_cache.py)."""
    import logging

    import jieba

    from assistant.text import jieba_cache

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    jieba_cache.initialize(tokenizer, _cache_dir)
    return tokenizer, jieba_cache.word_tags(tokenizer, _cache_dir)


def names_in(text: str) -> set[str]:
    """Names of units and places in `text` that could identify its author."""
    if not text:
        return set()
    tokenizer, _ = jieba_for_checks()
    tokens = list(tokenizer.tokenize(text))
    places = _places(text, tokens)
    names = _provinces(text) | _doc_prefixes(text) | _brands(text) | _units(text, places, tokens)
    return names | {text[a:b] for a, b in places}


def _provinces(text: str) -> set[str]:
    found = set()
    short_of = dict(provinces())
    for m in _province_re().finditer(text):
        found.add(m[0])
        found.add(short_of.get(m[0], m[0]))
    return found


def _doc_prefixes(text: str) -> set[str]:
    found = set()
    for m in _DOC_NUMBER.finditer(text):
        prefix = m[1]
        for word in _DOC_LEAD_WORDS:
            prefix = prefix.rpartition(word)[2] if word in prefix else prefix
        if len(prefix) >= 2 and not prefix.startswith(_CENTRAL_DOC_PREFIXES):
            found.add(prefix)
    return found


def _brands(text: str) -> set[str]:
    found = set()
    for m in _QUOTED.finditer(text):
        inner = m[1].strip()
        if inner.endswith(("＋", "+")) and not inner.startswith(_GENERIC_PLUS) and len(inner) >= 2:
            found.add(inner)
        elif inner != _province_re().sub("", inner) and re.fullmatch(rf"[{HAN_RANGES}]+", inner):
            found.add(inner)
    return found


def _places(text: str, tokens: Tokens) -> list[tuple[int, int]]:
    """Spans of place names ending in a place suffix."""
    spans = []
    for k, (word, start, end) in enumerate(tokens):
        span = _place_ending_token(word, start, end) or _place_before_token(tokens, k)
        if span and _plausible_place(text[span[0] : span[1]]):
            spans.append(span)
    return spans


def _suffix_of(word: str) -> str:
    return next((s for s in PLACE_SUFFIXES if word.endswith(s)), "")


def _place_ending_token(word: str, start: int, end: int) -> tuple[int, int] | None:
    """A token that is itself a place (椒江区, 高显镇): jieba knows it as ns, or does not know it."""
    suffix = _suffix_of(word)
    if not suffix or len(word) - len(suffix) < 2:
        return None
    tokenizer, tags = jieba_for_checks()
    if tags.get(word) == "ns":
        return (start, end)
    if not tokenizer.FREQ.get(word) and _uncommon(word[: len(word) - len(suffix)]):
        return (start, end)  # a word jieba's HMM made up; trust it only if its stem is no common word
    return None


def _place_before_token(tokens: Tokens, k: int) -> tuple[int, int] | None:
    """A suffix token (镇, 街道, 镇党委) after 2–4 characters of tokens jieba finds uncommon: 高显/镇."""
    word, start, _ = tokens[k]
    suffix = next((s for s in PLACE_SUFFIXES if word == s or word.startswith(s)), "")
    if not suffix or (word != suffix and not word[len(suffix) :].startswith(_BODY_TAILS)):
        return None
    prefix, j = "", k
    while j > 0 and len(prefix) < 2:
        prev = tokens[j - 1][0]
        if prev[-1] in _BOUNDARY or not re.fullmatch(rf"[{HAN_RANGES}]+", prev):
            break
        prefix, j = prev + prefix, j - 1
    if not 2 <= len(prefix) <= 4 or not _uncommon(prefix):
        return None
    return (start - len(prefix), start + len(suffix))


def _uncommon(prefix: str) -> bool:
    """A known place or person name, or a rare word that is not a verb, idiom or function word
    and not two ordinary words run together (充分发挥 = 充分 + 发挥)."""
    _, tags = jieba_for_checks()
    if tags.get(prefix) in ("ns", "nr", "nrt"):
        return True
    if _ordinary(prefix, 300):
        return False
    return len(prefix) < 4 or not any(_ordinary(half, 100) for half in (prefix[:2], prefix[2:]))


def _ordinary(word: str, min_freq: int) -> bool:
    tokenizer, tags = jieba_for_checks()
    return tags.get(word, "").startswith(_ORDINARY_TAGS) or tokenizer.FREQ.get(word, 0) >= min_freq


def _plausible_place(name: str) -> bool:
    stem = name[: len(name) - len(_suffix_of(name))]
    if name in GENERIC_PLACES or len(stem) < 2:
        return False
    _, tags = jieba_for_checks()
    if tags.get(name) == "ns":
        return True  # a known place, even when it looks generic: 西城区, 和平区, 本溪市
    if stem[0] in _GENERIC_LEADS or name[-2:] in _GENERIC_ENDINGS:
        return False  # 全县域, 进社区
    if any(c in _BOUNDARY or c in LEVELS for c in stem):
        return False  # 省市县, 将区
    return not stem.endswith("治")  # 依法治区


def _units(text: str, places: list[tuple[int, int]], tokens: Tokens) -> set[str]:
    """Unit names: a found place, or a bare level at a word start, + department + 办/局/委/厅…"""
    tail = re.compile(rf"([{HAN_RANGES}]{{0,6}}?)({_UNIT_SUFFIX_RE})")
    found = set()
    for a, b in places:
        m = tail.match(text, b)
        if m and _plausible_department(m[1], m[2], bare_level=False):
            found.add(text[a : m.end()])
    level_words, ends = {t[1] for t in tokens if t[0] in LEVELS}, {t[2] for t in tokens}
    for m in re.finditer(rf"([{LEVELS}])([{HAN_RANGES}]{{1,6}}?)({_UNIT_SUFFIX_RE})", text):
        at_word_edges = m.start() in level_words and m.end() in ends  # not 市场…, not …办法
        if at_word_edges and _plausible_department(m[2], m[3], bare_level=True):
            found.add(m[0])
    return found


def _plausible_department(mid: str, suffix: str, *, bare_level: bool) -> bool:
    if any(c in _BOUNDARY or c in LEVELS for c in mid):
        return False
    before = mid[-1:] or ""
    if before and before in _NOT_BEFORE_SUFFIX.get(suffix, ()):
        return False
    if not bare_level:
        return True
    return bool(mid) and mid not in GENERIC_DEPARTMENTS and not mid.startswith(_GENERIC_DEPT_STARTS)
