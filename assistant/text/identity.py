"""Which names are one unit: the same body across years and name forms.

`same_unit(a, b)`: 某市某区人民政府 = 某区人民政府 = 某区政府 = 某区; 青川县司法局 = 四川省广元市青川县司法局;
清波街道 = 清波街道办事处. Two names are one unit when, once their leading division names are taken
off and the usual abbreviations applied (人民政府 → 政府, 委员会 → 委, 办公室 → 办, 管理局 → 局,
办事处 dropped), the rest is the same, and the divisions they name can be the same one (some
candidate in common: a bare 朝阳区 may be either 朝阳区). A name the gazetteer cannot place
(区政府办公室, 某县司法局) is the same unit only as the very same string. The checks use it to tell
the user's own reports of other years from other units' reports; the carry-over of last year's
promises uses it to find "the same unit's report of Y−1"."""

from __future__ import annotations

import re

from assistant.text.divisions import gazetteer

_ABBREVIATE = (("人民政府", "政府"), ("委员会", "委"), ("办公室", "办"), ("管理局", "局"), ("办事处", ""))
_SPACE_OR_BRACKET = re.compile(r"\s|[（(][^）)]*[）)]")


def same_unit(a: str, b: str) -> bool:
    """True when `a` and `b` name the same unit (see the module doc); empty names are nobody."""
    a, b = _SPACE_OR_BRACKET.sub("", a or ""), _SPACE_OR_BRACKET.sub("", b or "")
    if not a or not b:
        return False
    if a == b:
        return True
    if unit_body(a) != unit_body(b):
        return False
    gaz = gazetteer()
    here, there = set(gaz.resolve(a)), set(gaz.resolve(b))
    return bool(here & there)


def unit_body(unit: str) -> str:
    """The unit without its leading division names, abbreviated: 广元市青川县司法局 → 司法局,
    静海区人民政府 → 政府 (a bare division name, 静海区, is its government too)."""
    rest, cut = unit, 0
    for a, b, _ in gazetteer().mentions(unit):
        if a != cut:
            break
        cut = b
    rest = unit[cut:].removeprefix("中共")
    for long, short in _ABBREVIATE:
        rest = rest.replace(long, short)
    return rest or "政府"
