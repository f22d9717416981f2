"""The report's standard parts: headings, title and the words that identify each part."""

from __future__ import annotations

from assistant.text.numbering import marker
from assistant.types import PART_KEYS

SECTION_NAMES = {
    "preamble": "开头",
    "achievements": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "leadership": "主要负责人履职情况",
    "plans": "下一年度主要安排",
    "other": "其他需要报告的情况",
    "closing": "结尾",
}

_HEADING_TEMPLATES = {
    "achievements": "{y}年推进法治政府建设的主要举措和成效",
    "shortcomings": "{y}年推进法治政府建设存在的不足和原因",
    "leadership": "{y}年党政主要负责人履行推进法治建设第一责任人职责情况",
    "plans": "{y1}年推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}


def part_year(key: str, year: int) -> int:
    """The year a part speaks of: Y for what was done, Y+1 for the plans."""
    return year + 1 if key == "plans" else year


def standard_heading(key: str, year: int, number: int | None = None) -> str:
    """`一、2024年推进法治政府建设的主要举措和成效` — `number` is 1-based; default from the standard order."""
    if number is None:
        number = PART_KEYS.index(key) + 1 if key in PART_KEYS else len(PART_KEYS) + 1
    body = _HEADING_TEMPLATES[key].format(y=year, y1=year + 1)
    return f"{marker(1, number)}{body}"


def standard_title(unit: str, year: int) -> str:
    return f"{unit}关于{year}年法治政府建设情况的报告"


# Words that mark a heading (or a paragraph) as belonging to a part. Checked in this order:
# the more specific parts first, because e.g. a plans heading may also mention 法治政府建设.
SECTION_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("leadership", ("第一责任人", "主要负责人履", "主要负责同志履", "履职情况", "述法")),
    ("other", ("其他需要报告", "其他情况", "其他事项")),
    (
        "shortcomings",
        (
            "不足",
            "存在问题",
            "存在的问题",
            "薄弱环节",
            "问题和不足",
            "差距",
            "短板",
            "困难和问题",
            "存在困难",
            "问题及原因",
            "主要问题",
        ),
    ),
    (
        "plans",
        (
            "主要安排",
            "下一步",
            "工作计划",
            "改进措施",
            "目标任务",
            "思路安排",
            "工作打算",
            "工作安排",
            "下步",
            "努力方向",
            "下一年",
            "明年",
            "工作思路",
            "今后",
        ),
    ),
    (
        "achievements",
        (
            "举措和成效",
            "工作情况",
            "成效",
            "主要做法",
            "主要举措",
            "推进情况",
            "主要工作",
            "工作开展情况",
            "建设情况",
        ),
    ),
)


_MERGED_ACHIEVEMENT_CUES = ("举措", "成效", "做法", "工作情况")


def classify_heading(heading: str) -> str | None:
    """The canonical key a level-1 heading names, or None if it names no known part. A heading
    that merges parts 一 and 二 (…主要举措、成效和不足) is the achievements: the 不足 paragraph
    inside it is split off by the parser."""
    cues_of = dict(SECTION_CUES)
    if any(c in heading for c in cues_of["shortcomings"]) and any(
        c in heading for c in _MERGED_ACHIEVEMENT_CUES
    ):
        if not any(c in heading for c in cues_of["leadership"] + cues_of["other"]):
            return "achievements"
    for key, cues in SECTION_CUES:
        if any(cue in heading for cue in cues):
            return key
    return None
