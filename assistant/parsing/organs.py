"""Which organ a department's report speaks for when it names itself only as 我局 / 我委 / 全市…系统.

The sector is the one the text calls its own (卫生健康部门职能, 人社工作, 全市司法行政系统, 法治公安):
counted only in phrases where a sector names the writer's own work, and taken when it clearly
outnumbers any other. The organ's name is the sector's usual name for that kind (局/委/厅)."""

from __future__ import annotations

import re
from collections import Counter

# (words the text uses for the sector, the organ's name by kind: 局, 委, 厅)
_SECTORS: tuple[tuple[str, dict[str, str]], ...] = (
    ("卫生健康|卫健", {"局": "卫生健康局", "委": "卫生健康委员会", "厅": "卫生健康委员会"}),
    (
        "人力资源和社会保障|人力资源社会保障|人社",
        {"局": "人力资源和社会保障局", "厅": "人力资源和社会保障厅"},
    ),
    ("司法行政", {"局": "司法局", "厅": "司法厅"}),
    ("市场监管|市场监督管理", {"局": "市场监督管理局"}),
    ("公安", {"局": "公安局", "厅": "公安厅"}),
    ("生态环境", {"局": "生态环境局", "厅": "生态环境厅"}),
    ("自然资源", {"局": "自然资源局", "厅": "自然资源厅"}),
    ("交通运输", {"局": "交通运输局", "厅": "交通运输厅", "委": "交通运输委员会"}),
    ("住房和城乡建设|住房城乡建设|住建", {"局": "住房和城乡建设局", "厅": "住房和城乡建设厅"}),
    ("应急管理", {"局": "应急管理局", "厅": "应急管理厅"}),
    ("农业农村", {"局": "农业农村局", "厅": "农业农村厅", "委": "农业农村委员会"}),
    ("民政", {"局": "民政局", "厅": "民政厅"}),
    ("财政", {"局": "财政局", "厅": "财政厅"}),
    ("水利|水务", {"局": "水利局", "厅": "水利厅"}),
    ("税务", {"局": "税务局"}),
    ("医疗保障|医保", {"局": "医疗保障局"}),
    ("退役军人事务", {"局": "退役军人事务局", "厅": "退役军人事务厅"}),
    ("统计", {"局": "统计局"}),
    ("审计", {"局": "审计局", "厅": "审计厅"}),
    ("教育", {"局": "教育局", "厅": "教育厅", "委": "教育委员会"}),
    ("发展改革|发展和改革|发改", {"委": "发展和改革委员会", "局": "发展和改革局"}),
    ("林业", {"局": "林业局"}),
)
_OWN_WORK = "系统|行政部门|部门职能|部门|事业|行业|领域|执法|法规|法治建设|法治工作|工作|服务|监管|支撑|改革"
_SECTOR_WORDS = "|".join(words for words, _ in _SECTORS)
_OWN = re.compile(rf"(?<!宣传|普法|警示|廉政|主题)({_SECTOR_WORDS})(?:{_OWN_WORK})|法治({_SECTOR_WORDS})")
_SYSTEM = re.compile(rf"全(市|县|区|省|州)({_SECTOR_WORDS})系统")
_ALL_GOVERNMENTS = re.compile(r"全(省|市|县|区)(?:各级)?(?:行政机关|政府|人民政府)")
_MIN_COUNT = 3


def _sector_of(words: str) -> int:
    return next(i for i, (alternatives, _) in enumerate(_SECTORS) if words in alternatives.split("|"))


def own_sector(text: str) -> int | None:
    """Index of the sector the text calls its own, or None when none clearly leads."""
    counts = Counter(_sector_of(m.group(1) or m.group(2)) for m in _OWN.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _MIN_COUNT:
        return None
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    return ranked[0][0]


def organ_name(kind: str, text: str) -> str:
    """卫生健康局 for 我局 in a text about its 卫生健康 work; '' when the sector or kind is unclear."""
    sector = own_sector(text)
    return _SECTORS[sector][1].get(kind, "") if sector is not None else ""


def system_subject(sentence: str) -> str:
    """A sentence opening with 全市司法行政系统 → 市司法局, the organ at the head of that system;
    全省各级行政机关 → 省政府; '' otherwise."""
    if government := _ALL_GOVERNMENTS.match(sentence):
        return government.group(1) + "政府"
    found = _SYSTEM.match(sentence)
    if not found:
        return ""
    rank, words = found.groups()
    names = _SECTORS[_sector_of(words)][1]
    organ = names.get("厅" if rank == "省" else "局") or names.get("委", "")
    return rank + organ if organ else ""
