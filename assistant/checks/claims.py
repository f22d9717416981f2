"""Claims a model makes that the user's facts do not give: meetings held (召开…推进会), documents
issued (印发《…》), the 纲要's title misquoted, and another place named at the head of a 《》 title.

Meetings and documents are checked only when facts are given: a meeting or document is supported
when the facts name the same kind of meeting / the same title (or the title's own words)."""

from __future__ import annotations

import re
from functools import cache

from assistant.checks.jurisdiction import Jurisdiction
from assistant.text.divisions import CITY, PROVINCE, Gazetteer
from assistant.text.script import HAN
from assistant.types import Finding

Texts = list[tuple[str, str]]
_MEETING_KINDS = (
    "常务会议|联席会议|工作会议|专题会议|推进会|座谈会|部署会|调度会|培训会|现场会|交流会|动员会|推进大会|"
    "专题会|研讨会|会议"
)
_MEETING = re.compile(
    rf"(?:召开|举行|举办|组织召开|主持召开)了?((?:[^，。；：、\n]{{0,24}}?)(?:{_MEETING_KINDS}))"
)
_DOCUMENT = re.compile(r"(?:印发|出台|制定|修订|制发|发布|编制)(?:了|实施)?《([^》\n]{2,60})》")
_GANGYAO = re.compile(r"《(法治政府建设实施纲要)([（(][^）)》]*[）)])?》")
_GANGYAO_YEARS = {(2015, 2020), (2021, 2025)}
_GANGYAO_RIGHT = "（2021—2025年）"
_TITLE = re.compile(r"《([^》\n]{2,60})》")
_GENERIC_TITLE_WORDS = re.compile(r"\d{4}年度?|全[市区县镇乡省]|本[市区县局]|我[市区县局]|关于|工作|的|年度")


def check_claims(texts: Texts, facts: str, previous: str = "") -> list[Finding]:
    """Meetings and documents the facts do not give (warnings to verify); nothing without facts."""
    if not facts.strip():
        return []
    given = f"{facts}\n{previous}"
    findings = []
    for key, text in texts:
        for m in _MEETING.finditer(text):
            if not _meeting_given(m[1], given):
                msg = f"事实材料中没有“{m[1]}”，请核实是否确实召开"
                hint = "核实后保留；如未召开，删去或改为事实材料中的做法"
                findings.append(Finding(key, m.start(1), m.end(1), "warning", msg, hint, kind="meeting"))
        for m in _DOCUMENT.finditer(text):
            if not _title_given(m[1], given) and not _GANGYAO.match(f"《{m[1]}》"):
                msg = f"事实材料中没有文件《{m[1]}》，请核实是否确已印发"
                hint = "核实文件名称后保留；如无此文件，删去或改为【待补充：文件名称】"
                findings.append(Finding(key, m.start(1), m.end(1), "warning", msg, hint, kind="document"))
    return findings


def _meeting_given(name: str, given: str) -> bool:
    kind = re.search(_MEETING_KINDS, name)
    core = _GENERIC_TITLE_WORDS.sub("", name)
    return bool(kind and kind[0] in given and (len(core) < 4 or core[:4] in given or name in given))


def _title_given(title: str, given: str) -> bool:
    core = _GENERIC_TITLE_WORDS.sub("", title)
    return title in given or (len(core) >= 4 and core in _GENERIC_TITLE_WORDS.sub("", given))


def check_gangyao(texts: Texts) -> list[Finding]:
    """《法治政府建设实施纲要》 with years it never had (the two are 2015—2020 and 2021—2025)."""
    findings = []
    for key, text in texts:
        for m in _GANGYAO.finditer(text):
            years = tuple(int(y) for y in re.findall(r"\d{4}", m[2] or ""))
            if not m[2] or years in _GANGYAO_YEARS and m[2] in ("（2015—2020年）", _GANGYAO_RIGHT):
                continue
            if years in _GANGYAO_YEARS:
                right = f"（{years[0]}—{years[1]}年）"
                hint = f"改为《法治政府建设实施纲要{right}》"
                msg = f"纲要名称的写法不规范：“{m[0]}”"
                findings.append(Finding(key, m.start(), m.end(), "warning", msg, hint, kind="document"))
            else:
                hint = f"改为《法治政府建设实施纲要{_GANGYAO_RIGHT}》"
                msg = f"纲要名称有误：“{m[0]}”，没有这个年限的法治政府建设实施纲要"
                findings.append(Finding(key, m.start(), m.end(), "error", msg, hint, kind="document"))
    return findings


def check_title_places(texts: Texts, own: Jurisdiction) -> list[Finding]:
    """A province or city written short at the head of a 《》 title (《深圳经济特区…条例》) that is
    not the own chain's: the name check reads full names (深圳市) only; a title is read here."""
    findings = []
    for key, text in texts:
        for m in _TITLE.finditer(text):
            place = _leading_stem(m[1], own)
            if place and not own.is_own(place) and place not in own.facts:
                a = m.start(1)
                msg = f"文件名《{m[1]}》中的地名“{place}”不是本地区，请确认该文件与本单位有关"
                hint = "如是学习、宣传外地法规，可保留并写明；如抄自范例，请改为本地区的文件"
                findings.append(Finding(key, a, a + len(place), "warning", msg, hint, kind="name"))
    return findings


def _leading_stem(title: str, own: Jurisdiction) -> str:
    stems = _city_and_province_stems(own.gaz)
    for n in (4, 3, 2):
        head = title[:n]
        if head in stems and not any(own.owns_division(i) for i in stems[head]):
            return head if re.fullmatch(f"{HAN}+", head) else ""
    return ""


@cache
def _city_and_province_stems(gaz: Gazetteer) -> dict[str, list[int]]:
    stems: dict[str, list[int]] = {}
    for i, d in enumerate(gaz.divisions):
        if d.level in (PROVINCE, CITY) and len(d.stem) >= 2 and d.current:
            stems.setdefault(d.stem, []).append(i)
    return stems
