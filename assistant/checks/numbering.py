"""The numbering hierarchy inside a part (kind `structure`), read through text/numbering.py: under
a part's 一、 heading come （一）, then 1., then （1）. text/numbering.renumber gives the numbering
the part should have; every heading whose marker differs is a level skipped (1. directly under
一、), a number jumped (（一） → （三）) or repeated (（二） twice), pointed at with the right marker."""

from __future__ import annotations

import re

from assistant.text.numbering import LEVEL_PATTERNS, heading_level, renumber
from assistant.types import Finding

_INDENT = " \t\u3000"
_SEPARATOR = re.compile(r"[、．.]$")


def _bare(mark: str) -> str:
    """A marker without what the hierarchy does not depend on: (一) = （一）, 1、 = 1. = 1．."""
    return _SEPARATOR.sub("", mark.replace("(", "（").replace(")", "）"))


def check_numbering(key: str, text: str) -> list[Finding]:
    """Numbering faults in a part's text (headings at a line's start), as warnings on the marker."""
    lines = text.splitlines(keepends=True)
    right_lines = renumber(text, under=1).splitlines()
    if len(right_lines) != len(lines):
        return []
    findings: list[Finding] = []
    offset = 0
    last: dict[int, str] = {}  # the marker last written at each level, for a repeated one
    for line, right in zip(lines, right_lines, strict=True):
        written = heading_level(line.strip()) if line.strip() else None
        if written is not None and written > 1:
            finding = _compare(key, line, right, offset, written, last)
            if finding is not None:
                findings.append(finding)
        offset += len(line)
    return findings


def _compare(
    key: str, line: str, right: str, offset: int, written: int, last: dict[int, str]
) -> Finding | None:
    stripped = line.lstrip(_INDENT)
    mark = LEVEL_PATTERNS[written].match(stripped)
    level = heading_level(right.strip())
    fixed = LEVEL_PATTERNS[level].match(right.lstrip(_INDENT)) if level else None
    if mark is None or fixed is None:
        return None
    same = _bare(mark[0]) == _bare(fixed[0])
    repeated = last.get(written) == _bare(mark[0])
    last[written] = _bare(mark[0])
    for deeper in [k for k in last if k > written]:
        del last[deeper]
    if same and not repeated:
        return None
    start = offset + len(line) - len(stripped)
    if level != written:
        msg = f"序号层级不对：“{mark[0]}”所在位置应使用“{fixed[0]}”这一级序号"
    elif repeated:
        msg = f"序号重复：“{mark[0]}”与上一个同级序号相同"
    else:
        msg = f"序号跳号：“{mark[0]}”应为“{fixed[0]}”"
    hint = f"改为“{fixed[0]}”" if not same else "按顺序重新编号"
    return Finding(key, start, start + len(mark[0]), "warning", msg, hint, kind="structure")
