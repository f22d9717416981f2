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
from typing import TYPE_CHECKING

import numpy as np

from assistant.checks.copying import boilerplate_units, gram_hashes, member, normalized
from assistant.compose.facts import topic_of
from assistant.text.names import names_in

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
LEADERSHIP_OPENING = (
    "{y}年，{who}认真履行推进法治建设第一责任人职责，把法治建设摆在全局工作的重要位置，"
    "对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。具体情况如下："
)
ACHIEVEMENTS_OPENING = (
    "{y}年，{me}以习近平法治思想为引领，对照上级关于法治政府建设的部署要求，"
    "把法治政府建设作为全局性、基础性工作来抓，统筹推进各项任务。主要工作如下："
)
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
_NOT_STANDARD = re.compile(r"[0-9０-９×*＊《》“”\"'【】]|我|本(?:局|委|办|镇|乡|县|区|市)")


def shared_clauses(documents: Iterable[tuple[str, str]]) -> list[str]:
    """Clauses of (unit, text) documents whose every 5-gram is shared by at least
    `boilerplate_units` units: wording many units use, none of them its author alone."""
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
        for clause in re.findall(r"[^，。；：！？\n]{8,40}", text):
            clause = clause.strip()
            grams = gram_hashes(normalized(clause)[0])
            if len(grams) >= 4 and member(shared, grams).all() and _standard(clause):
                found.setdefault(clause)
    return list(found)


def _standard(clause: str) -> bool:
    return not _NOT_STANDARD.search(clause) and not names_in(clause)


def topic_openings(clauses: Iterable[str]) -> dict[str, str]:
    """Topic key → an opening made of the library's shared clauses about that topic, where it has any."""
    by_topic: dict[str, list[str]] = {}
    for clause in clauses:
        topic = topic_of(clause)
        if topic is not None and len(by_topic.setdefault(topic, [])) < 2:
            by_topic[topic].append(clause)
    return {key: "{me}" + "，".join(found) + "。" for key, found in by_topic.items()}


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
