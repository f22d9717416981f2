"""The JSON contract of a draft (`fazhi draft --json`, the draft store's versions): a Draft to a
dict and back, every field checked on the way in with a Chinese error that names it."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, cast, get_args

from assistant.errors import ReadError
from assistant.text.sections import classify_heading
from assistant.types import (
    PART_KEYS,
    SECTION_KEYS,
    SEVERITIES,
    Carryover,
    CarryoverStatus,
    Coverage,
    Draft,
    DraftPart,
    Finding,
    Repair,
    RepairOutcome,
    Source,
)

_YEAR = re.compile(r"(\d{4})\s*年")


def draft_to_dict(draft: Draft) -> dict:
    """The JSON shape of `fazhi draft --json`."""
    return {
        "title": draft.title,
        "mode": draft.mode,
        "unit": draft.unit,
        "year": draft.year,
        "date": draft.date,
        "preamble": draft.preamble,
        "parts": [
            {
                "key": part.key,
                "heading": part.heading,
                "text": part.text,
                "sources": [dataclasses.asdict(source) for source in part.sources],
            }
            for part in draft.parts
        ],
        "findings": [dataclasses.asdict(finding) for finding in draft.findings],
        "errors": list(draft.errors),
        "repairs": [dataclasses.asdict(repair) for repair in draft.repairs],
        "carryover": [dataclasses.asdict(entry) for entry in draft.carryover],
        "coverage": [dataclasses.asdict(entry) for entry in draft.coverage],
    }


def draft_from_dict(data: dict) -> Draft:
    """The inverse of `draft_to_dict`; optional fields may be missing. A wrong shape → ReadError."""
    obj = _Obj(data, "草稿")
    title = obj.get("title", str, "")
    raw_parts = obj.get("parts", list)
    parts = tuple(_part_from_dict(item, index) for index, item in enumerate(raw_parts))
    date = obj.get("date", str, "")
    year = obj.get("year", int, None) or reported_year(title, parts, date)
    if year is None:
        raise ReadError(
            "草稿数据缺少年度（year），标题和各部分标题中也找不到年份：请补上 year 字段，如 2024。"
        )
    findings = tuple(_finding_from_dict(item, i) for i, item in enumerate(obj.get("findings", list, [])))
    errors = obj.get("errors", list, [])
    if not all(isinstance(error, str) for error in errors):
        raise ReadError("草稿数据格式不正确：errors 应为文本列表。")
    return Draft(
        title=title,
        unit=obj.get("unit", str, ""),
        year=year,
        mode=obj.get("mode", str, "imported") or "imported",
        parts=parts,
        findings=findings,
        date=date,
        preamble=obj.get("preamble", str, ""),
        errors=tuple(errors),
        repairs=tuple(_repair_from_dict(item, i) for i, item in enumerate(obj.get("repairs", list, []))),
        carryover=tuple(
            _carryover_from_dict(item, i) for i, item in enumerate(obj.get("carryover", list, []))
        ),
        coverage=tuple(_coverage_from_dict(item, i) for i, item in enumerate(obj.get("coverage", list, []))),
    )


_CARRYOVER_STATUSES = get_args(CarryoverStatus)


def _carryover_from_dict(item: Any, index: int) -> Carryover:
    obj = _Obj(item, f"第 {index + 1} 条去年承诺")
    status = obj.get("status", str)
    if status not in _CARRYOVER_STATUSES:
        raise ReadError(
            f"草稿数据格式不正确：去年承诺的 status“{status}”无效，应为 {'、'.join(_CARRYOVER_STATUSES)} 之一。"
        )
    return Carryover(
        promise=obj.get("promise", str),
        status=status,
        part=obj.get("part", str, ""),
        start=obj.get("start", int, 0),
        end=obj.get("end", int, 0),
        fact=obj.get("fact", str, ""),
    )


def _coverage_from_dict(item: Any, index: int) -> Coverage:
    obj = _Obj(item, f"第 {index + 1} 条纲要覆盖")
    share = obj.data.get("peer_share")
    if share is not None and not isinstance(share, int | float):
        raise ReadError("草稿数据格式不正确：纲要覆盖的 peer_share 应为 0 到 1 之间的数字。")
    covered = obj.data.get("covered", False)
    return Coverage(
        area=obj.get("area", str),
        covered=covered is True,
        evidence=obj.get("evidence", str, ""),
        peer_share=None if share is None else float(share),
        peers=obj.get("peers", int, 0),
    )


def _repair_from_dict(item: Any, index: int) -> Repair:
    obj = _Obj(item, f"第 {index + 1} 条修改记录")
    fixed = obj.get("fixed", list, [])
    if not all(isinstance(message, str) for message in fixed):
        raise ReadError("草稿数据格式不正确：修改记录的 fixed 应为文本列表。")
    said = obj.get("outcome", str, "kept")
    outcome = cast(RepairOutcome, said if said in get_args(RepairOutcome) else "kept")
    return Repair(
        obj.get("part", str), obj.get("before", str, ""), obj.get("after", str, ""), tuple(fixed), outcome
    )


_TYPE_NAMES = {str: "文本", int: "整数", list: "列表", dict: "对象"}


class _Obj:
    """A JSON object whose fields are read with a type check; `where` names it in messages."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ReadError(
                f"草稿数据格式不正确：{where}应为 JSON 对象（{{…}}），实际是 {type(data).__name__}。"
            )
        self.data, self.where = data, where

    def get(self, name: str, kind: type, default: Any = ...) -> Any:
        if name not in self.data or self.data[name] is None:
            if default is ...:
                raise ReadError(f"草稿数据格式不正确：{self.where}缺少“{name}”字段。")
            return default
        value = self.data[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ReadError(f"草稿数据格式不正确：{self.where}的“{name}”应为{_TYPE_NAMES[kind]}。")
        return value


def _part_from_dict(item: Any, index: int) -> DraftPart:
    obj = _Obj(item, f"第 {index + 1} 部分")
    heading = obj.get("heading", str, "")
    key = obj.get("key", str, "") or part_key_for(heading, index)
    if key not in SECTION_KEYS:
        raise ReadError(
            f"草稿数据格式不正确：第 {index + 1} 部分的 key“{key}”无效，应为 {'、'.join(SECTION_KEYS)} 之一。"
        )
    sources = tuple(_source_from_dict(source, index) for source in obj.get("sources", list, []))
    return DraftPart(key=key, heading=heading, text=obj.get("text", str, ""), sources=sources)


def _source_from_dict(item: Any, index: int) -> Source:
    obj = _Obj(item, f"第 {index + 1} 部分的参考来源")
    return Source(
        id=obj.get("id", str),
        doc_id=obj.get("doc_id", str, ""),
        title=obj.get("title", str, ""),
        unit=obj.get("unit", str, ""),
        year=obj.get("year", int, None),
    )


def _finding_from_dict(item: Any, index: int) -> Finding:
    obj = _Obj(item, f"第 {index + 1} 条检查结果")
    severity = obj.get("severity", str, "warning")
    if severity not in SEVERITIES:
        raise ReadError(
            f"草稿数据格式不正确：检查结果的 severity“{severity}”无效，应为 {'、'.join(SEVERITIES)} 之一。"
        )
    return Finding(
        part=obj.get("part", str),
        start=obj.get("start", int, 0),
        end=obj.get("end", int, 0),
        severity=severity,
        message=obj.get("message", str),
        suggestion=obj.get("suggestion", str, ""),
        kind=obj.get("kind", str, ""),
        source=obj.get("source", dict, None),
    )


def part_key_for(heading: str, index: int) -> str:
    """The part a heading names, else the standard part at that position."""
    return classify_heading(heading) or (PART_KEYS[index] if index < len(PART_KEYS) else "other")


def reported_year(title: str, parts: tuple[DraftPart, ...], date: str) -> int | None:
    """The year reported on: from the title, else a part heading (plans speak of Y+1), else the
    year before the date the report was written."""
    if match := _YEAR.search(title):
        return int(match.group(1))
    for part in parts:
        if match := _YEAR.search(part.heading):
            return int(match.group(1)) - (1 if part.key == "plans" else 0)
    if match := re.match(r"^(\d{4})年", date):
        return int(match.group(1)) - 1
    return None
