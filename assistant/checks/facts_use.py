"""Whether the parts use the user's facts, and whether a part repeats another's paragraph.

A fact item (a line, or a sentence of a long line) is used by a part when the part states one of
its figures or half of its distinctive words (support.keywords). The achievements part must use
some fact whenever facts are given; another part only when the facts speak of it (不足/问题 for
part 二, 第一责任人/述法 for part 三, 计划/下一步 for part 四). A paragraph of at least
`MIN_REPEAT` characters that another part already has (the same text, or all but a few words)
is a repeat."""

from __future__ import annotations

import difflib
import re

from assistant.checks.support import keywords
from assistant.text.figures import figures_in, normalize_figure
from assistant.text.sections import SECTION_NAMES
from assistant.types import Finding

Texts = list[tuple[str, str]]
MIN_REPEAT = 30
_SIMILAR = 0.9
_ITEM = re.compile(r"[^\n。；;！？]+")
_PART_CUES = {
    "achievements": "",
    "shortcomings": r"不足|问题|短板|差距|薄弱",
    "leadership": r"第一责任人|主要负责|述法|履职",
    "plans": r"计划|下一步|明年|下一年|将|拟",
}
_PUNCTUATION = re.compile(r"[\s，。；：、“”《》（）,.;:()！？]")


def check_unused_facts(texts: Texts, facts: str) -> list[Finding]:
    """A part that uses none of the facts (a warning on the whole part)."""
    items = [i.strip() for i in _ITEM.findall(facts) if len(i.strip()) >= 4]
    if not items:
        return []
    findings = []
    for key, text in texts:
        cue = _PART_CUES.get(key)
        if cue is None or not text.strip() or (cue and not re.search(cue, facts)):
            continue
        if not any(_uses(text, item) for item in items):
            name = SECTION_NAMES.get(key, key)
            msg = f"“{name}”部分没有用到您提供的任何事实材料"
            hint = "根据事实材料改写本部分，写本单位实际做的事和数字"
            findings.append(Finding(key, 0, 0, "warning", msg, hint, kind="unused_facts"))
    return findings


def _uses(text: str, item: str) -> bool:
    said = {normalize_figure(f) for f in figures_in(text) if f.kind != "year"}
    if any(normalize_figure(f) in said for f in figures_in(item) if f.kind != "year"):
        return True
    words = keywords(item)
    return bool(words) and sum(w in text for w in words) * 2 >= len(words)


def check_repeats(texts: Texts) -> list[Finding]:
    """A paragraph the same as (or nearly) one in an earlier part: a warning on the later one."""
    seen: list[tuple[str, str]] = []  # (part key, normalised paragraph)
    findings = []
    for key, text in texts:
        offset = 0
        mine: list[tuple[str, str]] = []
        for line in text.splitlines(keepends=True):
            bare = _PUNCTUATION.sub("", line)
            if len(bare) >= MIN_REPEAT:
                other = next((k for k, p in seen if k != key and _similar(bare, p)), None)
                if other is not None:
                    a = offset + len(line) - len(line.lstrip())
                    msg = f"这一段与“{SECTION_NAMES.get(other, other)}”部分的段落重复"
                    hint = "删去重复段落，按本部分的要求另写"
                    findings.append(
                        Finding(key, a, offset + len(line.rstrip()), "warning", msg, hint, kind="repeat")
                    )
                mine.append((key, bare))
            offset += len(line)
        seen += mine
    return findings


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < _SIMILAR * max(len(a), len(b)):
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= _SIMILAR
