"""Whether a quoted phrase is another unit's brand (特色提法), and how sure that is.

A phrase is one unit's brand only when it is that unit's own: quoted in that unit's text, used by
no unit of another jurisdiction, and not a national or generic term. Generic terms are learnt from
how the library's units use a phrase (`phrase_spread`: a phrase written, quoted or not, by units
of two provinces, or by three units, is common currency), and from its shape: a figure or date
(“12345”, “3·15”), a phrase carrying national vocabulary (“学习贯彻习近平法治思想”), a national
title (“全国…示范”), or a national campaign name (NATIONAL_TERMS). A brand carrying another unit's
place or name is found by the name check; here an unquoted phrase, a short one (“六进”) or one of a
unit of the own province is at most a warning."""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

from assistant.text.script import HAN

# National campaign names and policy terms quoted in reports of every level. Source: the
# 法治政府建设实施纲要（2021—2025年）, the 八五普法规划 (2021), 国务院's 放管服 / 政务服务 documents
# (国发〔2015〕27号 on 非行政许可审批, 国办发〔2022〕32号 on 跨省通办), 中国法学会's 百名法学家百场报告会,
# and the Party's formulations (两个维护, 四个意识, 第一议题). A small library cannot learn them from
# how many units use them, so they are listed.
NATIONAL_TERMS = frozenset(
    (
        "放管服 谁执法谁普法 枫桥经验 三项制度 八五普法 七五普法 八五 七五 十四五 十三五 十五五 两个维护 "
        "两个确立 四个意识 四个自信 四个全面 第一议题 三重一大 关键少数 一网通办 高效办成一件事 双随机、一公开 "
        "双随机一公开 一岗双责 互联网+政务服务 跨省通办 接诉即办 最多跑一次 一件事一次办 证照分离 放管服改革 "
        "三会一课 第一责任人 一规划两纲要 告知承诺 宪法宣传周 一带一路 五位一体 民法典 法律明白人 蓝天保卫战 "
        "非行政许可审批 百名法学家百场报告会 谁主管谁负责 法治副校长 尊法学法守法用法 放管服改革 一网统管 "
        "减证便民 证明事项告知承诺制 包容审慎监管 首违不罚 轻微免罚 法治护航 民主法治示范村 八五普法规划"
    ).split()
)
# National vocabulary: a phrase carrying it is the Party's or the State's, whoever quotes it.
_NATIONAL_WORDS = re.compile(
    r"习近平|总书记|党中央|党的|二十大|十九大|二十届|十九届|中央|国务院|宪法|民法典|全国|国家|法治中国"
)
_NATIONAL_TITLE = re.compile(r"^(?:全国|国家级?)")  # not 中国…: “中国式现代化的先行者” is a province's slogan
# The 法律六进 campaign of the 普法 plans (法律进机关、进乡村、进社区、进学校、进企业、进单位).
_NATIONAL_CAMPAIGN = re.compile(r"^法律进|^六进$|^[七八九]五普法")
SHORT_BRAND = 3  # “六进”, “两区”, “三化”: every unit counts its work so; at most a warning
SPREAD_UNITS = 3  # written by three units, a phrase is common currency


def is_generic_phrase(phrase: str) -> bool:
    """A figure, a national term or title, or a phrase carrying national vocabulary."""
    if len(re.findall(HAN, phrase)) < 2:
        return True  # “12345”, “3·15”, “12.4”: a hotline, a day, a figure
    return bool(
        phrase in NATIONAL_TERMS
        or _NATIONAL_TITLE.match(phrase)
        or _NATIONAL_WORDS.search(phrase)
        or _NATIONAL_CAMPAIGN.search(phrase)
    )


def phrase_spread(phrases: Iterable[str], texts: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """For each phrase, the writers (unit, or the document id of a document without one) of the
    `texts` ((writer, text) pairs) that use it, quoted or not."""
    automaton = ahocorasick.Automaton()
    for phrase in set(phrases):
        automaton.add_word(phrase, phrase)
    if not len(automaton):
        return {}
    automaton.make_automaton()
    users: dict[str, set[str]] = {}
    for writer, text in texts:
        for _, phrase in automaton.iter(text or ""):
            users.setdefault(phrase, set()).add(writer)
    return {p: frozenset(w) for p, w in users.items()}


def is_common_currency(writers: Iterable[str], province_of: dict[str, frozenset[int]]) -> bool:
    """Writers from two provinces, or three writers: the phrase belongs to no one of them."""
    writers = set(writers)
    if len(writers) >= SPREAD_UNITS:
        return True
    provinces = [province_of.get(w, frozenset()) for w in writers]
    placed = [p for p in provinces if p]
    return len(placed) >= 2 and not set.intersection(*(set(p) for p in placed))
