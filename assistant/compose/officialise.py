"""A model's answer made official before the checks see it: Markdown headings and bold turned into
the numbering hierarchy (text.numbering.renumber, the one implementation 规范格式 and the export
share), Markdown marks removed, half-width punctuation in Chinese text made full-width
(text.script). What cannot be fixed safely — Latin words, an English phrase — is left for the
checks to report."""

from __future__ import annotations

import re

from assistant.text.numbering import (
    ENUMERATION_START,
    HEADING_MARKER,
    heading_level,
    level1_dots_to_commas,
    marker,
    renumber,
)
from assistant.text.script import CJK_RANGES, strip_markdown, to_full_width_punctuation

_MD_HEADING = re.compile(r"^#{1,6}[ \t]*")
# A line that is only a bold phrase: **加强组织领导，压实主体责任**
_BOLD_LINE = re.compile(r"^(?:\*\*|__)([^*_\n]{2,40}?)[。：:]?(?:\*\*|__)[。：:]?$")
# A numbered heading whose title is bold and followed by a colon: 1. **加强组织领导**：正文…
_BOLD_TITLE = re.compile(
    r"^((?:#{1,6}[ \t]*)?\S{1,5}?)[ \t]*(?:\*\*|__)([^*_\n]{2,40}?)[。：:]?(?:\*\*|__)[ \t]*[：:]?[ \t]*"
)
_ANY_MARKER = re.compile(HEADING_MARKER.pattern + r"[ \t]*")
_SPACE_IN_CHINESE = re.compile(rf"(?<=[{CJK_RANGES}“”])[ \t]+(?=[{CJK_RANGES}“”])")
# The level-2 marker an unnumbered Markdown heading is given; renumber counts it in order.
_LEVEL2 = "（一）"


def officialise(text: str, under: int = 1) -> str:
    """The text with official numbering, no Markdown and full-width punctuation. `under` is the
    level of the heading the text sits under (1 for a part of the report)."""
    lines = [_numbered(line.strip().lstrip("\u3000")) for line in text.splitlines()]
    lines = [_below(line, under) for line in level1_dots_to_commas("\n".join(lines)).splitlines() if line]
    numbered = renumber("\n".join(lines), under=under)
    plain = to_full_width_punctuation("\n".join(strip_markdown(line) for line in numbered.splitlines()))
    return "\n".join(line for line in (_SPACE_IN_CHINESE.sub("", ln) for ln in plain.splitlines()) if line)


def _below(line: str, under: int) -> str:
    """A heading the model wrote at or above the level the text sits under, moved one below it
    (一、 inside a part is the （一） level); renumber then counts it in order."""
    level = heading_level(line)
    if level is None or not under or level > under:
        return line
    return re.sub(_ANY_MARKER, marker(under + 1, 1), strip_markdown(line, inline=False), count=1)


def _numbered(line: str) -> str:
    """A Markdown heading or bold-only line without a number given the （一） level; a bold
    numbered title with a colon made a run-in heading ending in 。."""
    title = _BOLD_TITLE.match(line)
    if title and HEADING_MARKER.match(_MD_HEADING.sub("", title[1])):
        return f"{_MD_HEADING.sub('', title[1])}{title[2]}。{line[title.end() :]}"
    heading = _MD_HEADING.match(line)
    bold = _BOLD_LINE.match(line)
    if heading is None and bold is None:
        return line
    body = strip_markdown(line[heading.end() :] if heading else bold[1])  # type: ignore[index]
    if not body or HEADING_MARKER.match(body) or ENUMERATION_START.match(body):
        return body
    return f"{_LEVEL2}{body.rstrip('。：:')}"
