"""Standard phrasing for the offline draft: the openings and linking sentences that every report
uses around its facts, never one unit's own sentences and never a fact.

Two sources. The library: clauses whose every character 5-gram is shared by many units (the same
document-frequency rule as the copy check's boilerplate, assistant/checks/copying.py), without
figures, names, quotes or titles. And a small built-in bank of the common 公文 formulas, used where
the library has nothing for a topic (a library of a handful of reports shares almost no whole
clause: the five seed reports share none among three units)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.checks.copying import boilerplate_units, gram_hashes, member, normalized
from assistant.compose.facts import keyword_topic_of, topic_of
from assistant.text.names import names_in
from assistant.text.numbering import ENUMERATION_START, HEADING_MARKER
from assistant.text.script import HAN

if TYPE_CHECKING:
    from assistant.library.facade import Library

# Topic key → the opening of a part-一 subheading, in the unit's voice ({me}).
OPENINGS = {
    "leadership_org": "{me}坚持把法治政府建设摆在全局工作的突出位置，切实加强组织领导，压紧压实工作责任，推动法治政府建设各项任务落地落实。",
    "functions": "{me}坚持依法全面履行职能，持续深化“放管服”改革，不断提升政务服务水平，着力营造法治化营商环境。",
    "rules": "{me}坚持依法立规、依规办事，严格规范性文件制定和监督管理，落实合法性审核机制，不断完善依法行政制度体系。",
    "decisions": "{me}严格落实重大行政决策程序规定，严格履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定等程序，不断提高决策科学化、民主化、法治化水平。",
    "enforcement": "{me}深入推进严格规范公正文明执法，强化行政执法监督，持续提升行政执法质量和规范化水平。",
    "emergency": "{me}坚持运用法治思维和法治方式应对突发事件，健全完善应急预案体系，不断提高依法预防和应急处置能力。",
    "disputes": "{me}坚持把矛盾纠纷化解在基层、解决在萌芽状态，健全多元化解机制，依法有效化解社会矛盾纠纷，维护社会和谐稳定。",
    "oversight": "{me}自觉接受各方面监督，持续推进政务公开，加强对行政权力的制约和监督，确保行政权力在阳光下运行。",
    "digital": "{me}积极推进数字法治政府建设，以数字化改革助力政府职能转变，运用信息化手段提升依法行政效能。",
    "publicity": "{me}认真落实“谁执法谁普法”普法责任制，深入开展法治宣传教育，推动全社会尊法学法守法用法，营造浓厚的法治氛围。",
    "counsel": "{me}注重发挥法律顾问和公职律师作用，为依法决策、依法管理、依法办事提供有力法律支撑。",
}
GENERIC_OPENING = "{me}围绕{heading}，扎实推进各项工作。"
SHORTCOMINGS_OPENING = (
    "在肯定成绩的同时，{me}也清醒地认识到，对照法治政府建设的目标要求和人民群众的期待，"
    "{y}年的工作还存在一些不足，主要表现在："
)
SHORTCOMINGS_OTHER = (
    "【待补充：其他方面存在的不足及其原因，如依法决策、执法监督、法治宣传等方面，没有可删去】"
)
SHORTCOMINGS_CLOSING = (
    "对于这些问题，{me}将高度重视，深入分析原因，在下一步工作中采取有力措施，认真加以解决。"
)
LEADERSHIP_OPENING = "{y}年，{who}认真履行推进法治建设第一责任人职责{personally}。具体情况如下："
# Said in the opening only when a fact shows the leader deploying the work (the 部署 duty).
LEADERSHIP_IN_PERSON = "，对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办"
ACHIEVEMENTS_OPENING = (
    "{y}年，{me}以习近平法治思想为引领，对照上级关于法治政府建设的部署要求，"
    "把法治政府建设作为全局性、基础性工作来抓，统筹推进各项任务{focus}。主要工作如下："
)
# The opening names the areas part 一 reports on (only those the facts give): 重点抓好…等方面工作.
ACHIEVEMENTS_FOCUS = "，重点抓好{areas}等方面工作"
TOPIC_SHORT = {
    "leadership_org": "党的领导",
    "functions": "依法履职",
    "rules": "制度建设",
    "decisions": "依法决策",
    "enforcement": "行政执法",
    "emergency": "应急处置",
    "disputes": "矛盾纠纷化解",
    "oversight": "权力监督",
    "digital": "数字法治政府",
    "publicity": "普法宣传",
    "counsel": "法律顾问",
}
PLANS_STANDARD = (
    "持续深入学习贯彻习近平法治思想，认真落实党政主要负责人履行推进法治建设第一责任人职责规定，"
    "推动法治政府建设各项任务落地见效。"
)
PLANS_OTHER = "【待补充：{y1}年其他重点工作安排，如深化行政执法规范化建设、加强普法宣传、提升依法决策水平等】"
PLANS_OPENING = (
    "{y1}年，{me}将坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
    "认真落实上级关于法治政府建设的决策部署，针对存在的不足，重点做好以下工作："
)
PLANS_CLOSING = "{me}将以更高标准、更实举措推进法治政府建设，为经济社会高质量发展提供有力法治保障。"
PLANS_STANDARD_HEADING = "坚持以习近平法治思想为引领"


@dataclass(frozen=True)
class Duty:
    """One element of the 第一责任人 duties (《党政主要负责人履行推进法治建设第一责任人职责规定》):
    what its placeholder asks for, its subheading, the words that show a fact covers it, and the
    standard sentence said before that fact — only when a fact covers it and none of its facts says
    it was not done (未/没有…), so it never stands alone as a claim."""

    name: str
    title: str
    cues: tuple[str, ...]
    lead: str


LEADERSHIP_DUTIES = (
    Duty(
        "主持研究部署法治建设的会议次数和议题",
        "亲自部署推动法治建设",
        ("主持", "研究", "部署", "专题会", "听取"),
        "坚持把法治建设纳入全局工作统筹谋划、一体推进，研究解决法治建设中的重要问题。",
    ),
    Duty(
        "带头学法的情况",
        "带头尊法学法守法用法",
        ("学法", "学习", "讲法治课", "法治讲座", "讲座"),
        "坚持以上率下，带头学习习近平法治思想和与履职相关的法律法规，不断提高运用法治思维和法治方式推动工作的能力。",
    ),
    Duty(
        "年终述法情况",
        "自觉接受监督述法述职",
        ("述法",),
        "把履行推进法治建设第一责任人职责情况列入年终述职内容，自觉接受监督。",
    ),
    Duty(
        "督促落实和考核的情况",
        "督促落实法治建设责任",
        ("督促", "督查", "督办", "考核"),
        "注重压实领导班子其他成员和下属单位主要负责人的法治建设责任，推动各项任务落地见效。",
    ),
    Duty(
        "出庭应诉情况",
        "支持行政应诉工作",
        ("出庭", "应诉"),
        "尊重并支持人民法院依法受理和审理行政案件，落实行政机关负责人出庭应诉制度。",
    ),
)
OTHER_DUTIES_TITLE = "推动法治建设其他工作"

# Topic key → a plan's subheading and the aim that closes it (part 四), and how a shortcoming of
# that topic is introduced (part 二): wording that frames the clerk's own plan or shortcoming.
PLAN_HEADINGS = {
    "leadership_org": ("持续加强党对法治政府建设的领导", "进一步压紧压实法治建设责任"),
    "functions": ("持续深化依法全面履行政府职能", "不断优化法治化营商环境"),
    "rules": ("持续完善依法行政制度体系", "不断提高制度建设质量"),
    "decisions": ("不断提升依法科学民主决策水平", "确保重大行政决策合法合规"),
    "enforcement": ("持续提升行政执法质量和水平", "不断提升严格规范公正文明执法水平"),
    "emergency": ("不断提高依法应对突发事件能力", "切实提升依法预防和应急处置能力"),
    "disputes": ("依法有效化解社会矛盾纠纷", "切实维护社会和谐稳定"),
    "oversight": ("持续强化对行政权力的制约和监督", "确保行政权力在阳光下运行"),
    "digital": ("加快推进数字法治政府建设", "不断提升依法行政效能"),
    "publicity": ("深入推进普法和法治社会建设", "推动全社会尊法学法守法用法"),
    "counsel": ("充分发挥法律顾问和公职律师作用", "为依法行政提供有力法律支撑"),
}
PLAN_DEFAULT_HEADING = "扎实推进法治建设重点任务"  # a plan of no topic the keywords know
SHORTCOMING_AREAS = {
    "leadership_org": "在压实法治建设责任方面，",
    "functions": "在依法全面履行职能方面，",
    "rules": "在制度建设和规范性文件管理方面，",
    "decisions": "在依法科学民主决策方面，",
    "enforcement": "在严格规范公正文明执法方面，",
    "emergency": "在依法应对突发事件方面，",
    "disputes": "在依法化解矛盾纠纷方面，",
    "oversight": "在行政权力制约和监督方面，",
    "digital": "在数字法治政府建设方面，",
    "publicity": "在普法宣传教育方面，",
    "counsel": "在发挥法律顾问作用方面，",
}
_NOT_STANDARD = re.compile(
    r"[0-9０-９×*＊《》“”\"'【】()（）]|我|本(?:局|委|办|镇|乡|县|区|市)"
    # an organ of some level (在区委、区政府的坚强领导下 speaks as one unit), a dated congress, the preamble
    r"|[省市州盟县区旗镇乡](?:委|政府|人民政府|党委)|党的[一二三四五六七八九十]+大|届[一二三四五六七八九十]*中全会|报告如下"
)
_CLAUSE_SPLIT = re.compile(r"[，。；：！？,;:!?\n]")
_MIN_OPENING = 20  # characters: an opening shorter than this from the library is too thin to use


def shared_clauses(documents: Iterable[tuple[str, str]]) -> list[str]:
    """Whole clauses of (unit, text) documents whose every 5-gram is shared by at least
    `boilerplate_units` units: wording many units use, none of them its author alone; no heading,
    figure, name, organ or dated wording."""
    texts: dict[str, list[str]] = {}
    for unit, text in documents:
        texts.setdefault(unit, []).append(text)
    if len(texts) < 3:
        return []
    per_unit = [np.unique(gram_hashes(normalized("\n".join(t))[0])) for t in texts.values()]
    values, counts = np.unique(np.concatenate(per_unit), return_counts=True)
    shared = values[counts >= boilerplate_units(len(per_unit))]
    found: dict[str, None] = {}
    for text in (t for group in texts.values() for t in group):
        for clause in (c.strip(" \t\u3000") for c in _CLAUSE_SPLIT.split(text)):
            if not 8 <= len(clause) <= 40 or not _standard(clause):
                continue
            grams = gram_hashes(normalized(clause)[0])
            if len(grams) >= 4 and member(shared, grams).all():
                found.setdefault(clause)
    return list(found)


def _standard(clause: str) -> bool:
    starts_as_item = HEADING_MARKER.match(clause) or ENUMERATION_START.match(clause)
    return (
        not starts_as_item
        and re.match(HAN, clause) is not None
        and not _NOT_STANDARD.search(clause)
        and not names_in(clause)
    )


def _overlap(a: str, b: str, size: int = 6) -> bool:
    """Whether two clauses share a run of `size` characters (深入学习习近平法治思想 / 专题学习习近平法治思想)."""
    return any(a[i : i + size] in b for i in range(len(a) - size + 1))


def topic_openings(clauses: Iterable[str]) -> dict[str, str]:
    """Topic key → an opening of two of the library's shared clauses about that topic (by its
    keywords), where it has two distinct ones making a sentence of some length; else no entry, and
    the built-in formula is used."""
    by_topic: dict[str, list[str]] = {}
    for clause in clauses:
        topic = keyword_topic_of(clause)
        if topic is None:
            continue
        chosen = by_topic.setdefault(topic, [])
        if len(chosen) < 2 and not any(_overlap(clause, c) for c in chosen):
            chosen.append(clause)
    return {
        key: "{me}" + "，".join(found) + "。"
        for key, found in by_topic.items()
        if len(found) == 2 and sum(map(len, found)) >= _MIN_OPENING
    }


_OPENINGS_CACHE: dict[tuple[int, object], dict[str, str]] = {}


def library_openings(library: Library) -> dict[str, str]:
    """The library's shared phrasing per topic, derived once per library revision."""
    library.refresh()
    key = (id(library), library.store.revision)
    if key not in _OPENINGS_CACHE:
        documents = ((info.unit or info.id, text) for info, _, text in library.documents_with_text())
        _OPENINGS_CACHE[key] = topic_openings(shared_clauses(documents))
    return _OPENINGS_CACHE[key]


def opening_for(heading: str, me: str, library_openings: dict[str, str] | None = None) -> str:
    """The opening sentence of a part-一 subheading: the library's shared phrasing for its topic,
    else the built-in formula, else a generic one naming the heading."""
    topic = topic_of(heading)
    if topic is None:
        return GENERIC_OPENING.format(me=me, heading=heading)
    template = (library_openings or {}).get(topic) or OPENINGS[topic]
    return template.format(me=me)
