"""Who wrote the report, and at which level of government.

The unit comes from, in this order: the title (`XX县司法局关于…`, `2020年静海区法治政府建设…`), the
subject of the opening sentence (`2022年，司法部坚持…`, `东城街道深入学习贯彻…`, after any
`在…领导下，`), `现将我街道…`, a clause that opens with a unit name, the signature block. Names
written relative to the reader (`区教育局`, `县政府`, `我市`, `我局`) are completed from the
divisions the text names (`…杭州市上城区…` → 上城区教育局). Every pattern is anchored or bounded:
the work is linear in the text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from assistant.parsing import organs
from assistant.text import divisions
from assistant.text.script import HAN, HAN_RANGES
from assistant.types import Level, LevelOrUnknown, as_level

_CHARS = HAN_RANGES + "XＸ×"
_SUFFIX = (
    "街道办事处|办事处|人民政府|委员会|办公室|政府|街道|办|局|委|厅|署|部|镇|乡|县|区|市|省|州|盟|旗|中心"
)
_UNIT_NAME = re.compile(rf"^[{_CHARS}（）]{{1,26}}?(?:{_SUFFIX})$")
_BAD_START = (*"我本该在对由向经据从全各其", "根据", "按照", "为了", "围绕", "通过")
_BAD_CHARS = set("的与把将是了为于及等在、各")
_SUPERIORS = re.compile(r"^(?:中共)?[省市县区镇乡州]?(?:党?委|政府|人民政府)$")
_DEPARTMENT_END = re.compile(r"(?:局|厅|部|委员会|委|办公室|办|署|中心)$")
_RELATIVE = re.compile(rf"^[省市区县州镇乡](?={HAN}{{1,20}}$)")
_SELF_IN_TEXT = re.compile(r"我(?:市|区|县|省|局|委|厅|办|镇|乡|街道)")
_OWN_GOVERNMENT = re.compile(r"^([省市区县州])(?:人民)?政府$")
_SELF = re.compile(r"^[我全](市|区|县|省|州|局|委|厅|办|镇|乡|街道)$")
_VERBS = (
    "在|坚持|深入|深学|笃学|认真|紧紧|狠抓|全面|积极|高度|扎实|围绕|按照|不断|切实|进一步|以习近平|以|"
    "立足|聚焦|始终|持续|全力|着力|对标|贯彻|把|将|各级|法治政府建设|法治建设|依法行政|推进|牢固|锚定|"
    "紧扣|强化|大力|加快|主动|着眼|严格|健全|结合|忠实"
)
_LEAD = re.compile(r"^(?:(?:\d{4}|今)年?(?:度|以来|来)?[，,]?|一年来[，,]?)")
_UNDER = re.compile(
    r"^(?:在[^。；]{0,80}?(?:领导|指导|指引|引领|关心|关怀|支持|帮助|部署|带领|督导|配合|努力)下[，,]?|(?:按照|根据|对照|以及)[^，,。；]{2,80}[，,])"
)
_PARTY_AND_GOVERNMENT = re.compile(
    rf"^(?:中共)?({HAN}{{2,12}}?)(?:党委|党工委|委员会|委)、\1(?:人民政府|政府|办事处)"
)
_TOWN_PARTY_AND_GOVERNMENT = re.compile(
    rf"^(?:中共)?({HAN}{{1,12}}?(乡|镇|街道))(?:党委|党工委)、\2?(?:人民政府|政府|办事处)"
)
_JOINT_PARTY = re.compile(r"^(?:中共)?[^在，。、；]{0,12}?(?:党委|党工委|党组|委)、")
_SUBJECT = re.compile(rf"^([{_CHARS}（）]{{2,26}}?)(?={_VERBS})")
_XIANJIANG = re.compile(
    rf"现将(?:\d{{4}}年度?)?([{_CHARS}]{{2,26}}?)(?:\d{{4}}|今年|本年|一年|全年|有关|法治|依法|工作)"
)
_CLAUSE = re.compile(
    rf"[。；！？](?:\d{{4}}年度?[，,]?)?([{_CHARS}]{{2,26}}?(?:{_SUFFIX}))"
    r"(?=将|坚持|深入|认真|紧紧|始终|扎实|全面|积极|狠抓|围绕|按照|不断|切实|进一步|以习近平)"
)
_JOINT_TITLE = re.compile(
    rf"^(?:中共)?{HAN}{{2,14}}?(?:委员会|党工委|党委|委)[\s、]*(?={HAN}{{2,20}}?(?:人民政府|政府|办事处)关于)"
)
_TITLE_SPLIT = re.compile(r"关于|\d{4}年|\s")
_TITLE_AFTER_YEAR = re.compile(rf"^\d{{4}}年度?([{_CHARS}]{{2,26}}?)(?:法治|依法行政|推进|年度)")
_TITLE_PLACE = re.compile(rf"[（(]({HAN}{{2,20}})[)）]$")
_CONTEXT_CHARS = 6000
_PARTNER_BEFORE = set("向与同和赴到、往")
_RANK_ORDER = {"省": 1, "市": 2, "县": 3}


def valid_unit(name: str) -> bool:
    if not name or not _UNIT_NAME.match(name) or name.startswith(_BAD_START):
        return False
    bad = _BAD_CHARS & set(name)
    # 人力资源和社会保障局, 住房和城乡建设局: 和 inside a department's name
    if "和" in name and not _DEPARTMENT_END.search(name):
        bad.add("和")
    return not bad and not _SUPERIORS.match(name)


def find_unit(title: str, opening: list[str], body: list[str], signature: list[str]) -> str:
    """The unit's name, completed where written relatively; '' when nothing names it."""
    context = _context(title, opening, body)
    relative = ""
    for candidate in _candidates(title, opening, body, signature):
        resolved = _resolve(candidate, context)
        if resolved and not _RELATIVE.match(resolved) and not _SELF.match(resolved):
            return resolved
        relative = relative or (candidate if valid_unit(candidate) else "")
    return relative


def _candidates(title: str, opening: list[str], body: list[str], signature: list[str]) -> Iterable[str]:
    yield from _from_title(title)
    paragraphs = [p for p in opening if not _is_addressee(p)][:3] or body[:1]
    for paragraph in paragraphs:
        yield from _subjects(paragraph)
    for paragraph in opening + body[:40]:
        if "现将" in paragraph:
            yield from _XIANJIANG.findall(paragraph[:2000])
    for paragraph in opening + body[:40]:
        yield from _CLAUSE.findall("。" + paragraph[:2000])
    yield from (line for line in signature if valid_unit(line))
    for paragraph in opening + body[:40]:  # the first self-reference only: 我办…为我省 is a department
        if mine := _SELF_IN_TEXT.search(paragraph[:2000]):
            yield mine.group(0)
            return


def _from_title(title: str) -> list[str]:
    if not title:
        return []
    title = _JOINT_TITLE.sub("", title)  # 中共浚县县委 浚县人民政府关于… → the government's report
    if after_year := _TITLE_AFTER_YEAR.match(title):
        return [after_year.group(1)]
    prefix = _TITLE_SPLIT.split(title, maxsplit=1)[0]
    return [prefix] if prefix else []


def _subjects(paragraph: str) -> list[str]:
    """The subject of the paragraph's first sentence, after a leading year and 在…领导下."""
    sentence = _LEAD.sub("", paragraph[:300])
    for _ in range(4):
        under = _UNDER.match(sentence)
        if not under:
            break
        sentence = _LEAD.sub("", sentence[under.end() :])
    if same := _PARTY_AND_GOVERNMENT.match(sentence) or _TOWN_PARTY_AND_GOVERNMENT.match(sentence):
        return [same.group(1)]  # 中共高显镇党委、高显镇人民政府 / 某乡党委、乡政府 → the township
    if system := organs.system_subject(sentence):  # 全市司法行政系统坚持… → 市司法局
        return [system]
    sentence = _JOINT_PARTY.sub("", sentence)
    found = _SUBJECT.match(sentence)
    return [found.group(1)] if found else []


def _is_addressee(paragraph: str) -> bool:
    return len(paragraph) <= 40 and paragraph.endswith(("：", ":"))


def _context(title: str, opening: list[str], body: list[str]) -> str:
    lines = [title, *(p for p in opening if not _is_addressee(p)), *body]
    text, size = [], 0
    for line in lines:
        text.append(line[: _CONTEXT_CHARS - size])
        size += len(text[-1])
        if size >= _CONTEXT_CHARS:
            break
    return "\n".join(text)


def _resolve(candidate: str, context: str) -> str:
    """An absolute unit name for `candidate`, or '' when it is not a unit."""
    candidate = candidate.strip()
    if mine := _SELF.match(candidate):
        return _resolve_self(mine.group(1), context) or candidate
    if own_government := _OWN_GOVERNMENT.match(candidate):  # 区政府坚持… as a sentence's subject
        return _place_of_rank(own_government.group(1), context) or candidate
    if expanded := _expand_short_prefix(candidate):
        candidate = expanded
    if not (valid_unit(candidate) or divisions.is_division(candidate)):
        return ""
    if _RELATIVE.match(candidate):
        place = _place_of_rank(candidate[0], context)
        return place + candidate[1:] if place else candidate
    return candidate


def _expand_short_prefix(candidate: str) -> str:
    """广东 → 广东省; 烟台人力资源和社会保障局 → 烟台市人力资源和社会保障局."""
    if full := divisions.expand_short(candidate):
        return full
    for n in (2, 3, 4):
        head, rest = candidate[:n], candidate[n:]
        if rest and (full := divisions.expand_short(head)) and not rest.startswith(full[n:]):
            if valid_unit(full + rest):
                return full + rest
    return ""


def _place_of_rank(char: str, context: str) -> str:
    """The division of that kind (区/县/市/省) the text names most often as its own; the title's
    place in parentheses (`…的报告（重庆市九龙坡区）`) first. Places named in a list (新都区、成华区)
    or as a partner (向四川省成都市…, 与…) are other units' places and do not count; a province
    or city written short (关于湖南工作) counts half."""
    ends = ("省", "自治区") if char == "省" else (char,)
    title = context.split("\n", 1)[0]
    if place := _TITLE_PLACE.search(title):
        named = [d for d in divisions.find_divisions(place.group(1)) if d.endswith(ends)]
        if named:
            return named[-1]
    counts: dict[str, float] = {}
    for name, weight in _own_places(context):
        if name.endswith(ends):
            counts[name] = counts.get(name, 0.0) + weight
    return max(counts, key=lambda name: counts[name]) if counts else ""  # ties: first named


def _own_places(text: str) -> list[tuple[str, float]]:
    """(division name, weight) in `text`, except those in lists or after a partner word."""
    places: list[tuple[str, float]] = []
    chain: list[tuple[str, float]] = []
    chain_start = chain_end = -1
    for start, name, short in [*divisions.find_places_at(text), (len(text) + 1, "", False)]:
        size = len(name) if not short else len(divisions.short_name(name))
        if start == chain_end:
            chain.append((name, 0.5 if short else 1.0))
            chain_end = start + size
            continue
        if chain and not _foreign(text, chain_start, chain_end):
            places.extend(chain)
        chain, chain_start, chain_end = [(name, 0.5 if short else 1.0)], start, start + size
    return places


def _foreign(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return before in _PARTNER_BEFORE or after == "、"


def _resolve_self(kind: str, context: str) -> str:
    if kind in ("市", "区", "县", "省", "州"):
        return _place_of_rank(kind, context)
    if kind in ("局", "委", "厅"):
        # a named organ of the same kind the text mentions: 《江门市交通运输局制定…》 → 江门市交通运输局
        named = Counter(
            organ
            for place in {name for name, _ in _own_places(context)}
            for organ in re.findall(rf"{place}{HAN}{{2,12}}?{kind}", context)
            if valid_unit(organ)
        )
        if named:
            return named.most_common(1)[0][0]
        # 我局 in a text about its 卫生健康 work, in 江门市 → 江门市卫生健康局
        organ, place = organs.organ_name(kind, context), _own_division(context)
        if organ and place:
            return place + organ
    return ""


def _own_division(context: str) -> str:
    """The division the text names as its own most often (the lower rank on a tie)."""
    counts: dict[str, float] = {}
    for name, weight in _own_places(context):
        counts[name] = counts.get(name, 0.0) + weight
    if not counts:
        return ""
    best = max(counts.values())
    tied = [name for name, count in counts.items() if count == best]
    return max(tied, key=lambda name: _RANK_ORDER.get(divisions.rank_of(name) or "", 0))


# --- level --------------------------------------------------------------------------------------

LEVEL_KEYS: dict[str, Level] = {
    "province": "省",
    "city": "市",
    "district-county": "县",
    "county": "县",
    "township": "乡镇",
    "department": "部门",
}
_TOWNSHIP = re.compile(r"(?:街道办事处|街道|镇|乡|苏木)(?:人民政府|政府|党委|党委政府)?$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)$")


def infer_level(unit: str) -> LevelOrUnknown:
    """省 / 市 / 县 / 乡镇 / 部门 for a unit name; '' when the name does not tell."""
    name = re.sub(r"[（(][^）)]*[）)]", "", unit).strip()
    if not name:
        return ""
    if _TOWNSHIP.search(name):
        return "乡镇"
    government = _GOVERNMENT.sub("", name)
    if government != name or divisions.rank_of(name) and not _DEPARTMENT_END.search(name):
        place = divisions.find_divisions(government)
        rank = divisions.rank_of(place[-1] if place else government)
        return as_level(rank) if rank in ("省", "市", "县") else ""
    if _DEPARTMENT_END.search(name):
        return "部门"
    return ""


_SELF_LEVEL = re.compile(r"我(局|委|厅|办|镇|乡|街道|县|区|市|省)")
_SELF_LEVELS: dict[str, Level] = {
    "局": "部门",
    "委": "部门",
    "厅": "部门",
    "办": "部门",
    "镇": "乡镇",
    "乡": "乡镇",
    "街道": "乡镇",
    "县": "县",
    "区": "县",
    "市": "市",
    "省": "省",
}


def level_from_self_reference(paragraphs: list[str]) -> LevelOrUnknown:
    """When no name is found: 我局 → 部门, 我镇 → 乡镇, 我县 → 县 … from the opening paragraphs."""
    for paragraph in paragraphs[:5]:
        if found := _SELF_LEVEL.search(paragraph[:2000]):
            return _SELF_LEVELS[found.group(1)]
    return ""


def normalise_level(value: str) -> LevelOrUnknown:
    """A level as stored (省/市/县/乡镇/部门) from either that or the English key; '' if unknown."""
    value = value.strip()
    return LEVEL_KEYS.get(value.lower()) or as_level(value)
