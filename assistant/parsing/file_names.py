"""A clerk's file name as evidence of the unit and year: 某市司法局2022年法治政府建设情况报告.docx.

The name is read like a title once a download's or a copy's marks are gone (附件2：, (1), 副本,
_final, a leading date or number). It fills what the text lacks and completes a name the text
writes relatively (省卫生健康委 → 广东省卫生健康委员会); when the two name different units or years,
the text wins and the report says so."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePath

from assistant.parsing.units import find_unit, infer_level
from assistant.parsing.webclean import to_simplified
from assistant.text import divisions
from assistant.types import Report

UNIT_DISAGREES = (
    "文件名中的单位（{file}）与正文识别的单位（{text}）不一致，已按正文记录；如有误，请在资料库中更正单位。"
)
YEAR_DISAGREES = "文件名中的年度（{file}年）与正文识别的年度（{text}年）不一致，已按正文记录；如有误，请在资料库中更正年度。"

_COPY_MARKS = re.compile(
    r"^(?:附件\s*\d*\s*[:：_\-—\s]*|\d{1,3}\s*[._\-、\s]+|\d{8}\s*[_\-\s]*|\d{4}-\d{2}-\d{2}\s*[_\-\s]*)"
    r"|(?:\s*[（(]\d{1,3}[）)]|\s*[-_]?\s*(?:副本|定稿|终稿|修改稿|最终版|final|FINAL|v\d+))+$"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)")
_RELATIVE = re.compile(r"^[省市区县州]")


def file_title(filename: str) -> str:
    """The file name read as a title: no folder, extension or copy marks."""
    stem = to_simplified(PurePath(filename.replace("\\", "/")).name)
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem).strip()
    for _ in range(3):
        stem = _COPY_MARKS.sub("", stem).strip()
    return stem


def unit_from_file_name(filename: str) -> str:
    """The unit the file name names, '' when it names none (报告.docx, scan_001.pdf)."""
    title = file_title(filename)
    return find_unit(title, [], [], []) if title else ""


def year_from_file_name(filename: str) -> int | None:
    found = _YEAR.search(file_title(filename))
    return int(found.group(1)) if found else None


def completes(short: str, full: str) -> bool:
    """`full` is `short` written out (省卫生健康委 → 广东省卫生健康委员会, 静海区 → 天津市静海区人民政府):
    the same name once 人民政府 and 委员会 are reduced, with only a place before it."""
    a, b = _reduced(short), _reduced(full)
    a = a[1:] if _RELATIVE.match(a) and len(a) > 2 else a
    if not a or not b.endswith(a):
        return False
    places = b[: len(b) - len(a)]
    return "".join(divisions.find_divisions(places)) == places


def _reduced(name: str) -> str:
    name = _GOVERNMENT.sub("", re.sub(r"[（(][^）)]*[）)]|\s", "", name))
    return name.replace("委员会", "委")


def with_file_name(report: Report, filename: str) -> Report:
    """The report with the file name's unit and year where the text lacks them or agrees; a
    warning where they disagree (the text's reading is kept)."""
    if not filename:
        return report
    report = _with_unit(report, unit_from_file_name(filename))
    return _with_year(report, year_from_file_name(filename))


def _with_unit(report: Report, file_unit: str) -> Report:
    if not file_unit or file_unit == report.unit:
        return report
    if not report.unit or completes(report.unit, file_unit) and len(file_unit) > len(report.unit):
        return replace(report, unit=file_unit, level=infer_level(file_unit) or report.level)
    if completes(file_unit, report.unit):
        return report
    warning = UNIT_DISAGREES.format(file=file_unit, text=report.unit)
    return replace(report, warnings=(*report.warnings, warning))


def _with_year(report: Report, file_year: int | None) -> Report:
    if file_year is None or file_year == report.year:
        return report
    if report.year is None:
        return replace(report, year=file_year)
    warning = YEAR_DISAGREES.format(file=file_year, text=report.year)
    return replace(report, warnings=(*report.warnings, warning))
