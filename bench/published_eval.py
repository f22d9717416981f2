"""How well the parser reads published report excerpts: unit, year, first part, level.

    python bench/published_eval.py [excerpts.jsonl]   → JSON on stdout and bench/results/published.json

Each line of the JSONL holds `text`, the true `unit`, `year_reported` and `level` (English key).

Unit comparison (`unit_matches`): the parsed unit must name the same body as the true one.
Both names are normalised — parentheses and their content dropped, 人民政府/政府/办事处 removed,
autonomous-county names shortened (金平苗族瑶族傣族自治县 → 金平县) and the common abbreviations
expanded (人社局 → 人力资源和社会保障局, 市场监管局 → 市场监督管理局, …委 → …委员会). Then they must be equal,
or the parsed name may lack leading *whole division names* of the true one (天津市 in 天津市静海区,
泉州市鲤城区 in 泉州市鲤城区金龙街道) — but a department keeps its own jurisdiction (上城区教育局
matches 杭州市上城区教育局; 区教育局 or 教育局 do not) and a name may not start with a bare 区/市/县/省.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.parsing.structure import parse_report  # noqa: E402
from assistant.parsing.units import normalise_level  # noqa: E402
from assistant.text import divisions  # noqa: E402
from assistant.types import PART_KEYS, Report  # noqa: E402

DEV_SPLIT = Path("/work/shared/eval/real_excerpts_dev.jsonl")
LOCAL_COPY = ROOT / "tests" / "data" / "real_excerpts_dev.jsonl"
_ABBREVIATIONS = (
    ("人社局", "人力资源和社会保障局"),
    ("市场监管局", "市场监督管理局"),
)
_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?=.|$)")
_DEPARTMENT = re.compile(r"(?:局|厅|部|委员会|委|办公室|办|署|中心)$")


def normalise_unit(name: str) -> str:
    name = re.sub(r"[（(][^）)]*[）)]|\s", "", name)
    name = _GOVERNMENT.sub("", name).removesuffix("办事处")
    for short, full in _ABBREVIATIONS:
        name = name.replace(full, short)
    if name.endswith("委员会"):
        name = name[: -len("委员会")] + "委"
    places, rest = _split_divisions(name)
    return "".join(divisions.canonical(place) for place in places) + rest


def _split_divisions(name: str) -> tuple[list[str], str]:
    """(leading division names, the rest): 杭州市上城区教育局 → (['杭州市', '上城区'], '教育局')."""
    found: list[str] = []
    rest = name
    while rest:
        head = next(
            (rest[:n] for n in range(min(len(rest), 12), 2, -1) if divisions.is_division(rest[:n])), ""
        )
        if not head:
            head = _autonomous_prefix(rest)
        if not head:
            break
        found.append(head)
        rest = rest[len(head) :]
    return found, rest


def _autonomous_prefix(name: str) -> str:
    """A division the dataset does not hold under this name (an autonomous county, a county
    turned city since): judged by its shape, when more of the name follows."""
    match = re.match(
        r"[\u4e00-\u9fff]{2,}?(?:[\u4e00-\u9fff]{1,3}族)+自治[县州旗区]|[\u4e00-\u9fff]{2}[县区市]", name
    )
    return match.group(0) if match and len(match.group(0)) < len(name) else ""


def unit_matches(parsed: str, true: str) -> bool:
    p, t = normalise_unit(parsed), normalise_unit(true)
    if not p or p[0] in "区市县省州":
        return False
    if p == t:
        return True
    if not t.endswith(p):
        return False
    dropped = t[: -len(p)]
    places, rest = _split_divisions(t)
    prefix = ""
    for n, place in enumerate(places):
        prefix += divisions.canonical(place)
        if prefix == dropped:
            kept_places = len(places) - n - 1
            if not rest:  # a government: the parsed name keeps at least its own division
                return kept_places > 0
            return kept_places > 0 or not _DEPARTMENT.search(rest)
    return False


def evaluate(rows: Iterable[dict]) -> dict:
    rows = list(rows)
    return evaluate_reports(rows, [parse_report(row["text"]) for row in rows])


def evaluate_reports(rows: list[dict], reports: list[Report]) -> dict:
    """The figures for reports already read (e.g. through the ingest path), row by row."""
    per_row = []
    for row, report in zip(rows, reports, strict=True):
        body = [s for s in report.sections if s.key not in ("preamble", "closing")]
        first = body[0].key if body else ""
        per_row.append(
            {
                "id": row.get("id", ""),
                "unit": report.unit,
                "true_unit": row["unit"],
                "unit_ok": unit_matches(report.unit, row["unit"]),
                "year_ok": report.year == row["year_reported"],
                "first_part": first,
                "first_ok": first in PART_KEYS,
                "level": report.level,
                "level_ok": report.level == normalise_level(row["level"]),
            }
        )
    total = len(per_row) or 1
    rate = {
        k: round(sum(r[f"{k}_ok"] for r in per_row) / total, 4) for k in ("unit", "year", "first", "level")
    }
    return {
        "count": len(per_row),
        **rate,
        "misses": [r for r in per_row if not all(r[f"{k}_ok"] for k in rate)],
    }


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else (DEV_SPLIT if DEV_SPLIT.exists() else LOCAL_COPY)
    result = evaluate(load(path))
    out = ROOT / "bench" / "results" / "published.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
