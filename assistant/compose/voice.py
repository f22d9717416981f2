"""How a unit speaks of itself and of who leads it, from its name and level (docs/domain.md,
"How a unit refers to itself"):
我局/我办/我委/我镇 or 县政府/区政府, 在县委、县政府的坚强领导下, 县级政府部门 …"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Unit-name endings → self-reference, most specific first.
_SELF_REFERENCES = (
    ("街道办事处", "我街道"),
    ("街道", "我街道"),
    ("人民政府办公室", "我办"),
    ("政府办公室", "我办"),
    ("办公室", "我办"),
    ("委员会", "我委"),
    ("管委会", "我委"),
    ("镇人民政府", "我镇"),
    ("乡人民政府", "我乡"),
    ("镇政府", "我镇"),
    ("乡政府", "我乡"),
    ("镇", "我镇"),
    ("乡", "我乡"),
    ("厅", "我厅"),
    ("局", "我局"),
    ("办", "我办"),
    ("委", "我委"),
    ("中心", "我中心"),
    ("院", "我院"),
)
_GOVERNMENT = re.compile(r"(省|市|自治州|州|盟|区|县|旗)(?:人民)?政府$")
_JURISDICTION = re.compile(r"(省|自治区|市|自治州|州|区|县|旗)")
_LEVEL_OF_JURISDICTION = {
    "省": "省",
    "自治区": "省",
    "市": "市",
    "自治州": "市",
    "州": "市",
    "区": "县",
    "县": "县",
    "旗": "县",
}
_LEVEL_NAMES = {"省": "省级", "市": "市级", "县": "县级", "乡镇": "乡镇", "部门": "县级"}


@dataclass(frozen=True)
class Voice:
    """`me`: how the unit refers to itself (我局, 县政府); `led_by`: the opening's leadership
    clause; `kind`: 政府 / 部门 / 乡镇; `description`: the unit in natural words (县级政府部门)."""

    me: str
    led_by: str
    kind: str
    description: str


def voice_of(unit: str, level: str = "") -> Voice:
    name = unit.strip()
    government = _GOVERNMENT.search(name)
    if government and not re.search(r"[镇乡]人民政府$|[镇乡]政府$", name):
        area = government[1]
        me = f"{area}政府" if area in ("省", "市", "区", "县", "旗") else "本级政府"
        led = _led_by_for_government(area)
        return Voice(
            me, led, "政府", f"{_LEVEL_NAMES.get(_LEVEL_OF_JURISDICTION.get(area, '县'), '')}人民政府"
        )
    if level == "乡镇" or re.search(r"(镇|乡|街道)(人民政府|政府|办事处)?$", name):
        me = _self_reference(name) or "我镇"
        parent = _parent_area(name, before=("镇", "乡", "街道")) or "县"
        return Voice(
            me,
            f"在{parent}委、{parent}政府的坚强领导下",
            "乡镇",
            "乡镇人民政府" if "街道" not in me else "街道办事处",
        )
    area = _parent_area(name) or {"省": "省", "市": "市"}.get(level, "县")
    me = _self_reference(name) or "本部门"
    level_name = _LEVEL_NAMES.get(_LEVEL_OF_JURISDICTION.get(area, "县"), "县级")
    return Voice(me, f"在{area}委、{area}政府的坚强领导下", "部门", f"{level_name}政府部门")


def _led_by_for_government(area: str) -> str:
    return "在党中央、国务院和省委的坚强领导下" if area == "省" else f"在{area}委的坚强领导下"


def _self_reference(name: str) -> str:
    for ending, me in _SELF_REFERENCES:
        if name.endswith(ending):
            return me
    return ""


def _parent_area(name: str, before: tuple[str, ...] = ()) -> str:
    """The innermost jurisdiction named before the unit's own body: 某县司法局 → 县, 某市某区交通局 → 区."""
    cut = len(name)
    for word in before:
        at = name.rfind(word)
        if at > 0:
            cut = min(cut, at)
    found = [m for m in _JURISDICTION.finditer(name[:cut])]
    if not found:
        return ""
    word = found[-1][1]
    return {"自治区": "区", "自治州": "州"}.get(word, word)


# Other ways clerks write the same self-reference in their facts; made consistent in the draft.
_SYNONYMS = {
    "我局": ("本局", "我们局"),
    "我办": ("本办", "我们办"),
    "我委": ("本委", "我们委"),
    "我镇": ("本镇", "我们镇"),
    "我乡": ("本乡", "我们乡"),
    "我街道": ("本街道",),
    "我厅": ("本厅",),
}


def consistent_self_reference(text: str, voice: Voice) -> str:
    """本局/我们局 → 我局 etc., so the draft refers to its unit one way throughout."""
    for variant in _SYNONYMS.get(voice.me, ()):
        text = text.replace(variant, voice.me)
    return text.replace("我单位", voice.me).replace("本单位", voice.me)
