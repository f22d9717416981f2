"""How long each part of an LLM draft should be (约N字): from the unit's level, the facts each
part has and the length the clerk chose (简要 / 标准 / 详细), or a total the clerk typed.

A county-level unit with about ten facts gets about 2,500 characters or more in all and at least
300 for each of parts 二, 三 and 四; provinces and cities get more, townships less. The model
reaches the length with full official prose around the facts, never with new facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.types import LENGTH_SCALES, DraftRequest, LengthScale

# A part's length with no facts at all, for a county-level unit.
_BASE = {"achievements": 1200, "shortcomings": 450, "leadership": 420, "plans": 480, "other": 300}
# What each fact the part holds adds: a 不足 with its cause, a plan with its measures, more.
_PER_FACT = {"achievements": 70, "shortcomings": 110, "leadership": 60, "plans": 100, "other": 60}
# A part's ceiling for a county-level unit (a pasted 工作总结 can hold a hundred lines).
_CEILING = {"achievements": 4000, "shortcomings": 1200, "leadership": 1000, "plans": 1400, "other": 800}
LEVEL_FACTOR = {"省": 1.5, "市": 1.25, "县": 1.0, "部门": 1.0, "乡镇": 0.75}
SCALE_FACTOR: dict[LengthScale, float] = {"简要": 0.7, "标准": 1.0, "详细": 1.4}
# The least a part is asked for, whatever the scale or the total typed.
_FLOOR = 150


def part_target(request: DraftRequest, key: str, n_facts: int) -> int:
    """约N字 for one part, rounded to 50, before a typed total is applied."""
    raw = min(_CEILING[key], _BASE[key] + _PER_FACT[key] * n_facts)
    factor = LEVEL_FACTOR.get(request.level, 1.0) * SCALE_FACTOR[scale_of(request)]
    return max(_FLOOR, _round50(raw * factor))


def part_targets(request: DraftRequest, routed: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """约N字 per part for the parts in `routed`. A total the clerk typed (`request.length`) is
    shared out in the same proportions."""
    targets = {key: part_target(request, key, len(facts)) for key, facts in routed.items()}
    total = sum(targets.values())
    if request.length and total:
        share = request.length / total
        targets = {key: max(_FLOOR, _round50(n * share)) for key, n in targets.items()}
    return targets


def scale_of(request: DraftRequest) -> LengthScale:
    """The request's scale; an unknown value (old saved JSON, a hand edit) reads as 标准."""
    return request.scale if request.scale in LENGTH_SCALES else "标准"


_CONTENT = {
    "achievements": "按层次概括举措、写清过程和成效，层次之间有过渡",
    "shortcomings": "每一条不足都写出具体表现和原因（主要原因是……），不要只列标题",
    "leadership": "写主要负责人亲自部署、亲自过问、述法、带头学法等履职要素，每一项只用材料中的事实，"
    "材料没有的写【待补充：××】",
    "plans": "每一条安排都写出具体措施和要达到的效果，逐条对应第二部分的不足",
    "other": "写清情况和处理结果",
}


def length_rule(key: str, target: int) -> str:
    """The part's length as its request states it."""
    return (
        f"约{target}字。{_CONTENT[key]}。篇幅靠完整的公文表述（概括、过渡、成效表述）达到，"
        "不靠新增事实：任何数字、会议、文件、人名、日期都只能来自事实材料，缺的写【待补充：××】。"
    )


def _round50(value: float) -> int:
    return int(round(value / 50.0)) * 50
