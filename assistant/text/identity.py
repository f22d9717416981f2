"""Which names are one unit: the same body across years and name forms.

`same_unit(a, b)`: 某市某区人民政府 = 某区人民政府 = 某区政府 = 某区; 青川县司法局 = 四川省广元市青川县司法局;
清波街道 = 清波街道办事处. Two names are one unit when, once their leading division names are taken
off and the usual abbreviations applied (人民政府 → 政府, 委员会 → 委, 办公室 → 办, 管理局 → 局,
办事处 dropped), the rest is the same, and the divisions they name can be the same one (some
candidate in common: a bare 朝阳区 may be either 朝阳区). A name the gazetteer cannot place
is judged by its written form instead: the shorter name must start with its own place (某区人民政府,
not 区政府办公室) and the longer may only add a chain of higher divisions in front (某市某区人民政府). The checks use it to tell
the user's own reports of other years from other units' reports; the carry-over of last year's
promises uses it to find "the same unit's report of Y−1"."""

from __future__ import annotations

import re

from assistant.text.divisions import gazetteer
from assistant.text.script import HAN

_ABBREVIATE = (("人民政府", "政府"), ("委员会", "委"), ("办公室", "办"), ("管理局", "局"), ("办事处", ""))
_SPACE_OR_BRACKET = re.compile(r"\s|[（(][^）)]*[）)]")
# A leading chain of higher divisions (四川省广元市 / 重庆市 / 某自治州), as written before a unit's name.
_HIGHER_PLACES = re.compile(rf"^(?:{HAN}{{1,10}}?(?:省|自治区|特别行政区|市|自治州|州|盟|地区))+$")
# A name that starts with its own place (青川县司法局, 某区人民政府): only those may drop a prefix.
_PLACED = re.compile(rf"^{HAN}{{1,10}}?(?:省|自治区|市|自治州|州|盟|地区|县|区|旗|镇|乡|街道)")


def same_unit(a: str, b: str) -> bool:
    """True when `a` and `b` name the same unit (see the module doc); empty names are nobody."""
    a, b = _SPACE_OR_BRACKET.sub("", a or ""), _SPACE_OR_BRACKET.sub("", b or "")
    if not a or not b:
        return False
    if a == b:
        return True
    gaz = gazetteer()
    here, there = set(gaz.resolve(a)), set(gaz.resolve(b))
    if not (here and there):
        return _same_written_form(a, b)
    return unit_body(a) == unit_body(b) and bool(here & there)


def _same_written_form(a: str, b: str) -> bool:
    """For names the gazetteer cannot place (某市某区人民政府 = 某区人民政府): the shorter is the end of
    the longer, starts with its own place, and the longer only adds higher divisions in front."""
    x, y = sorted((_written(a), _written(b)), key=len)
    if x == y:
        return True
    if not y.endswith(x) or not _PLACED.match(x):
        return False
    return bool(_HIGHER_PLACES.match(y[: -len(x)]))


def _written(name: str) -> str:
    return name.removeprefix("中共").replace("人民政府", "政府").replace("街道办事处", "街道")


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
