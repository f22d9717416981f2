"""Page furniture that hides a report's title: 政务公开 index tables, bullet metadata lists,
site watermarks glued into the text, and a title glued to the first sentence of a page copied
without line breaks. Used by webclean, line by line; every pattern is anchored or bounded."""

from __future__ import annotations

import re

from assistant.text.numbering import CN_ITEM, marker
from assistant.text.script import HAN, HAN_RANGES

# Labels of a 政务公开 record: in a table row (`| [ 索引号 ] | … |`) or a bullet list (`• 文号`).
_RECORD_LABELS = (
    "索引号|发布机构|发文机关|发文机构|发文字号|文号|发文日期|成文日期|发布日期|生成日期|公开日期|"
    "主题分类|体裁分类|组配分类|服务对象|关键词|主题词|公开方式|公开范围|公开时限|有效性|信息来源|"
    "信息分类|内容分类|所属机构|文件编号|统一编号|名称|标题|文件名称|公文名称"
)
_LABEL = re.compile(rf"^(?:{_RECORD_LABELS})$")
_TITLE_LABEL = re.compile(r"^(?:名称|标题|文件名称|公文名称)$")
_CELL_MARKS = re.compile(r"^[\s\[\]【】［］:：]+|[\s\[\]【】［］:：]+$")
_BULLET = re.compile(r"^\s*[•·●▪◆◇○■□►▶\-\*]\s*(.{1,40})$")
_INDEX_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/\-_.（）()]{3,40}$")
_WATERMARK = re.compile(
    rf"[{HAN_RANGES}]{{2,10}}\s*[—–\-－|｜]+\s*[{HAN_RANGES}]{{0,16}}\s*"
    r"(?:https?://)?www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org)(?:\.cn)?/?\s*"
    r"|(?:https?://)?www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org)(?:\.cn)?/?\s*"
)
_GLUED_TITLE = re.compile(
    rf"^({HAN}[^。，；！？\n]{{5,70}}?(?:法治|依法行政)[^。，；！？\n]{{0,30}}?"
    r"(?:情况的报告|工作报告|年度报告|情况报告|的报告|工作总结))"
    rf"(?=(?:19|20)\d{{2}}年|{CN_ITEM}|(?:今年|一年)来?|[^。，；]{{2,20}}?[，,])"
)
_GLUED_MIN_LINE = 200


def record_row(line: str) -> str | None:
    """A row of a 政务公开 index table: None when the line is not one, else the title it holds
    (the cell after 名称/标题) or '' when it holds only record fields."""
    if line.count("|") + line.count("｜") < 2:
        return None
    cells = [re.sub(r"\s", "", _CELL_MARKS.sub("", c)) for c in re.split(r"[|｜]", line)]
    cells = [c for c in cells if c]
    if not any(_LABEL.match(c) for c in cells):
        return None
    for label, value in zip(cells, cells[1:], strict=False):
        if _TITLE_LABEL.match(label) and not _LABEL.match(value):
            return value
    return ""


def is_record_bullet(line: str) -> bool:
    """`• 文号`, `• lsx31/2025-00001`: a bullet item that is a record label or an index number."""
    found = _BULLET.match(line)
    if not found:
        return False
    item = _CELL_MARKS.sub("", found.group(1))
    return bool(_LABEL.match(item) or _INDEX_VALUE.match(item))


def without_watermarks(line: str) -> str:
    """`秘书之家—全网资源每日更新www.mishuzj.com` cut wherever it is glued into the text."""
    if "www." not in line:
        return line
    return _WATERMARK.sub("", line)


def split_glued_title(line: str) -> list[str]:
    """A page copied without line breaks: the title glued to the first sentence becomes its own
    line (…情况的报告2023年，省政府坚持… → title, body)."""
    if len(line) < _GLUED_MIN_LINE:
        return [line]
    found = _GLUED_TITLE.match(line)
    if not found:
        return [line]
    return [found.group(1), line[found.end() :]]


_GLUED_PARTS_MIN_LINE = 2000
_MAX_PARTS = 10


def split_glued_parts(line: str) -> list[str]:
    """A page copied without line breaks: break before 一、 二、 三、 … where each follows a
    sentence's end, in order (二、 only after 一、 was found), so the parts are found again."""
    if len(line) < _GLUED_PARTS_MIN_LINE:
        return [line]
    pieces, start = [], 0
    for n in range(1, _MAX_PARTS + 1):
        at = line.find(f"。{marker(1, n)}", start)
        if at < 0:
            break
        pieces.append(line[start : at + 1])
        start = at + 1
    return [*pieces, line[start:]] if pieces else [line]
