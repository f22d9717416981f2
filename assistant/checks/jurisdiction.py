"""Whose is a name? The user's own jurisdiction, national bodies, generic words, or someone else's.

`Jurisdiction(unit)` derives the unit's chain (county → city → province) from the unit name as typed,
with or without its prefixes (青川县司法局 and 四川省广元市青川县司法局 give the same chain), from the
divisions dataset. Own: that chain and anything named after it (广元市委, 四川省司法厅, 青川县人民政府),
places inside the unit's own area (乔庄镇 for 青川县), bodies named by a bare level (县委依法治县办,
区体育局: they name no particular place), the unit's short names (省外事办) and document numbers
whose prefix starts with one of the chain's initials or province abbreviations (青司发, 川府发)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from assistant.text.divisions import COUNTY, PROVINCE, Gazetteer, gazetteer
from assistant.text.names import GENERIC_DEPARTMENTS, GENERIC_PLACES
from assistant.text.script import HAN

# Official one-character abbreviations of the provinces (GB/T 2260 lists them; no divisions package
# ships them), used only to recognise the user's own document numbers (川府发, 粤府法治办).
_PROVINCE_ABBREVIATIONS = {
    "北京": "京", "天津": "津", "上海": "沪", "重庆": "渝", "河北": "冀", "山西": "晋", "辽宁": "辽",
    "吉林": "吉", "黑龙江": "黑", "江苏": "苏", "浙江": "浙", "安徽": "皖", "福建": "闽", "江西": "赣",
    "山东": "鲁", "河南": "豫", "湖北": "鄂", "湖南": "湘", "广东": "粤", "海南": "琼", "四川": "川蜀",
    "贵州": "黔贵", "云南": "滇云", "陕西": "陕秦", "甘肃": "甘陇", "青海": "青", "台湾": "台",
    "内蒙古": "蒙", "广西": "桂", "西藏": "藏", "宁夏": "宁", "新疆": "新", "香港": "港", "澳门": "澳",
}  # fmt: skip
# National bodies and the Party centre: in every report, never a leak.
_NATIONAL = re.compile(
    r"^(?:党中央|中共中央|中央|国务院|全国|国家|最高人民|中国|中华人民共和国)|^" + HAN + "{1,8}部$"
)
LEVEL_CHARS = "省市县区镇乡州旗"
_RANK = {"省": 0, "市": 1, "州": 1, "县": 2, "区": 2, "旗": 2, "镇": 3, "乡": 3}
_GENERIC_BODIES = frozenset(
    "卫生健康委 教育局 人社局 人力资源和社会保障局 生态环境局 市场监督管理局 司法局".split()
)
_ABBREVIATE = (("人民政府", "政府"), ("办公室", "办"), ("委员会", "委"), ("管理局", "局"))


class Jurisdiction:
    def __init__(
        self, unit: str, extra_own: Iterable[str] = (), gaz: Gazetteer | None = None, facts: str = ""
    ) -> None:
        self.unit = unit.strip()
        self.facts = facts  # anything the user's own material names is theirs to name
        self.gaz = gaz or gazetteer()
        self.lowest = self.gaz.resolve(self.unit)
        self.chain = {j for i in self.lowest for j in self.gaz.chain(i)}
        self.extra = {n for n in extra_own if len(n) >= 2}

    @cached_property
    def chain_spellings(self) -> tuple[str, ...]:
        """Every way the chain's divisions are written: 广元市, 广元, 四川省, 四川, 石柱县…"""
        out = set()
        for i in self.chain:
            d = self.gaz.divisions[i]
            out |= self.gaz.spellings(i) | ({d.stem} if len(d.stem) >= 2 else set())
        return tuple(sorted(out, key=len, reverse=True))

    @cached_property
    def short_names(self) -> set[str]:
        """The unit without its place prefix, abbreviated: 山西省人民政府外事办公室 → 外事办公室,
        外事办, 省外事办, 省政府外事办."""
        rest = self.unit
        for a, b, _ in self.gaz.mentions(self.unit):
            if a == 0 or self.unit[:a].endswith(tuple(self.chain_spellings)):
                rest = self.unit[b:]
        names = {rest}
        for long, short in _ABBREVIATE:
            names |= {n.replace(long, short) for n in names}
        names |= {n.replace("政府", "") for n in names if n.startswith("政府") and len(n) > 4}
        level = self._level_char()
        names |= {level + n for n in names if level}
        return {n for n in names if len(n) >= 2}

    def _level_char(self) -> str:
        if not self.lowest:  # a unit the dataset cannot place (某县司法局): the level word it has
            m = re.search(f"[{LEVEL_CHARS}]", self.unit)
            return m[0] if m else ""
        d = self.gaz.divisions[self.lowest[0]]
        return d.name[-1] if d.name[-1] in LEVEL_CHARS else ""

    @cached_property
    def initials(self) -> set[str]:
        """First characters of own document-number prefixes: 青 (青川), 广 (广元), 川 (四川)."""
        out = set()
        for i in self.chain:
            d = self.gaz.divisions[i]
            out.add(d.stem[:1])
            if d.level == PROVINCE:
                out |= set(_PROVINCE_ABBREVIATIONS.get(d.stem, ""))
        return out

    def inside_area(self, i: int) -> bool:
        """The division lies in the unit's own area (its lowest division or below), not above it."""
        return any(self.gaz.inside(i, low) for low in self.lowest)

    def owns_division(self, i: int) -> bool:
        return i in self.chain or any(self.gaz.inside(i, low) for low in self.lowest)

    def leading_division(self, name: str) -> list[int]:
        """Candidates of the division a name starts with (静海区 in 静海区司法局), [] if none."""
        for a, _, ids in self.gaz.mentions(name):
            if a == 0:
                return list(ids)
        return []

    def is_own(self, name: str) -> bool:
        if not name:
            return True
        if name in self.unit or (self.unit and self.unit in name) or name in self.short_names:
            return True
        if name in self.facts:
            return True
        if any(name in own or own in name for own in self.extra):
            return True
        if name.startswith(self.chain_spellings):
            return True  # 广元市委, 四川省司法厅, 青川县人民政府
        leading = self.leading_division(name)
        return bool(leading) and any(self.owns_division(i) for i in leading)

    def is_never_a_leak(self, name: str) -> bool:
        """National bodies, bare-level bodies (县委依法治县办) and generic words."""
        if _NATIONAL.search(name) or name in GENERIC_PLACES:
            return True
        if self.leading_division(name):
            return False
        bare = re.sub(r"(?:办公室|委员会|人民政府|政府|办|局|委|厅)$", "", name.lstrip(LEVEL_CHARS))
        if not bare or bare in GENERIC_DEPARTMENTS or name in _GENERIC_BODIES:
            return True
        # 县普法办 in a district's report names no one; 省外事办 in a county's report is worth a look
        return name[0] in LEVEL_CHARS and _RANK.get(name[0], 9) >= _RANK.get(self._level_char(), 0)

    def is_own_doc_prefix(self, prefix: str) -> bool:
        return prefix[:1] in self.initials

    def foreign_divisions(self, text: str) -> list[tuple[int, int, list[int]]]:
        """Division names in `text` outside the own chain and area, as (start, end, candidates)."""
        found = []
        for a, b, ids in self.gaz.mentions(text):
            name = text[a:b]
            if len(name) < 3 or name in GENERIC_PLACES or name in self.facts:
                continue
            if any(self.owns_division(i) for i in ids) or self.is_own(name):
                continue
            if a > 0 and text[a - 1] in LEVEL_CHARS and self.gaz.divisions[ids[0]].level >= COUNTY:
                continue  # 县城关镇 is read 县 + 城关镇 by nobody: a cut inside a longer word
            found.append((a, b, list(ids)))
        return found
