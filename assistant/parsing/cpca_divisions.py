"""China's administrative divisions (province, city, county) from the dataset cpca ships
(`cpca/resources/adcodes.csv`, 3,500 names with their 12-digit codes).

The file is read directly: importing cpca itself needs `pkg_resources` and builds a matcher we do
not use. Without cpca, names are judged by their last character alone."""

from __future__ import annotations

import csv
import importlib.util
import logging
import re
from functools import lru_cache
from pathlib import Path

from assistant.text.script import HAN

log = logging.getLogger(__name__)

PROVINCE, CITY, COUNTY = "省", "市", "县"
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
)
_MIN_NAME = 3  # 城区、郊区、矿区 are names too, but read as ordinary words
_ETHNIC_AUTONOMY = re.compile(rf"^({HAN}{{2,}}?)(?:{HAN}{{1,3}}?族)+自治(县|州|旗)$")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """({full name: rank}, {short name of a province or city: full name})."""
    ranks: dict[str, str] = {}
    shorts: dict[str, str] = {}
    path = _dataset()
    if path is None:
        log.info("cpca's divisions dataset not found; unit levels come from name suffixes only")
        return ranks, shorts
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name, code = row["name"], row["adcode"]
            if len(name) < _MIN_NAME or name in ("市辖区", "县", "省直辖县级行政区划"):
                continue
            rank = PROVINCE if code[2:6] == "0000" else CITY if code[4:6] == "00" else COUNTY
            ranks.setdefault(name, rank)
            ranks.setdefault(canonical(name), rank)
            if rank != COUNTY and (short := short_name(name)) != name and len(short) >= 2:
                shorts.setdefault(short, name)
    return ranks, shorts


def _dataset() -> Path | None:
    spec = importlib.util.find_spec("cpca")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / "resources" / "adcodes.csv"
        if path.exists():
            return path
    return None


def short_name(name: str) -> str:
    """广东省 → 广东, 广西壮族自治区 → 广西; counties keep their name."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def canonical(name: str) -> str:
    """金平苗族瑶族傣族自治县 → 金平县: the way reports and clerks usually write it."""
    return _ETHNIC_AUTONOMY.sub(r"\1\2", name) if len(name) > 5 else name


def rank_of(name: str) -> str:
    """省 / 市 / 县 for a division name (municipalities count as provinces), '' if not one."""
    if name in MUNICIPALITIES:
        return PROVINCE
    ranks, _ = _table()
    if name in ranks:
        return ranks[name]
    if name.endswith(("省", "自治区")):
        return PROVINCE
    if name.endswith(("自治州", "州", "盟", "地区")):
        return CITY
    if name.endswith(("区", "县", "旗")):
        return COUNTY
    return CITY if name.endswith("市") else ""


def is_division(name: str) -> bool:
    return name in _table()[0] or name in MUNICIPALITIES


def expand_short(name: str) -> str:
    """广东 → 广东省, 烟台 → 烟台市; '' when `name` is not a province's or city's short name."""
    return _table()[1].get(name, "")


def find_divisions(text: str, longest: int = 12) -> list[str]:
    """Full division names in `text`, in order of appearance."""
    return [name for _, name in find_divisions_at(text, longest)]


def find_divisions_at(text: str, longest: int = 12) -> list[tuple[int, str]]:
    """(start, name) of each full division name in `text` (longest match at each position; the
    scan is linear: at most `longest` dictionary lookups per character)."""
    ranks, _ = _table()
    found: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        match = next(
            (text[i : i + n] for n in range(longest, _MIN_NAME - 1, -1) if _known(text[i : i + n], ranks)),
            "",
        )
        if match:
            found.append((i, match))
            i += len(match)
        else:
            i += 1
    return found


def _known(name: str, ranks: dict[str, str]) -> bool:
    return name in ranks or name in MUNICIPALITIES


def find_places_at(text: str) -> list[tuple[int, str, bool]]:
    """(start, full name, written short) of each province or city the text names, full names
    (北京市海淀区 → 北京市, 海淀区) or short ones (关于湖南工作 → 湖南省; 深圳重要讲话 → 深圳市)."""
    ranks, shorts = _table()
    found: list[tuple[int, str, bool]] = []
    i = 0
    while i < len(text):
        full = next(
            (text[i : i + n] for n in range(12, _MIN_NAME - 1, -1) if _known(text[i : i + n], ranks)), ""
        )
        short = "" if full else next((text[i : i + n] for n in (4, 3, 2) if text[i : i + n] in shorts), "")
        if full or short:
            found.append((i, full or shorts[short], not full))
            i += len(full or short)
        else:
            i += 1
    return found
