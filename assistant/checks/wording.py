"""What a model's wording gets wrong in a 公文: relative years (今年, 去年, 明年, 本年度, 今年以来: a
report says the year), Latin words and half-width punctuation in Chinese text, and Markdown left in
(**加粗**, a leftover ** is Markdown, not a redaction). Half-width marks are found by converting
with text/script.to_full_width_punctuation and comparing: whatever it would change is reported,
with its full-width form as the fix."""

from __future__ import annotations

import difflib
import re

from assistant.text.script import HAN, to_full_width_punctuation
from assistant.types import Finding

Texts = list[tuple[str, str]]
_RELATIVE = re.compile(r"(?<![青少中老])(今年以来|今年度|今年|本年度|去年|前年|明年)")
_OFFSET = {"今年以来": 0, "今年度": 0, "今年": 0, "本年度": 0, "去年": -1, "前年": -2, "明年": 1}
_SUFFIX = {"今年以来": "以来", "今年度": "度", "本年度": "度"}
# A Latin run with a lower-case letter (follow up, online); all-capital acronyms (APP, ISO, PPP,
# OA) and units are how 公文 write them. URLs and e-mail addresses are left alone.
_LATIN = re.compile(r"(?<![A-Za-z0-9@./:_-])[A-Za-z]*[a-z][A-Za-z]*(?:[ -][A-Za-z]+)*(?![A-Za-z0-9@/_-])")
_URL_OR_MAIL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+")
_KNOWN_LATIN = frozenset(
    {"km", "kg", "m", "cm", "mm", "g", "t", "kW", "kWh", "h", "ml", "mL", "L", "e", "i", "eID"}
)
# Markdown a model leaves: **bold** at a line's start or after punctuation, a lone ** at a line's
# end or start, # headings. Stars between two characters of a sentence (涉**地产) are redactions.
_MARKDOWN = re.compile(
    r"(?:(?<=^)|(?<=[\s：:，。；“”（）]))\*\*(?=[^*\s])[^*\n]{2,60}?(?<=[^*\s])\*\*"
    r"|^\*\*(?!\*)|(?<!\*)\*\*$|^#{1,6}\s",
    re.M,
)


def check_relative_years(key: str, text: str, report_year: int) -> list[Finding]:
    """今年/去年/明年/本年度/今年以来 → the year they stand for, counted from the report year."""
    findings = []
    for m in _RELATIVE.finditer(text):
        word = m[1]
        year = report_year + _OFFSET[word]
        right = f"{year}年{_SUFFIX.get(word, '')}"
        msg = f"“{word}”是相对的说法，报告中应写明年份（此处应为“{right}”）"
        findings.append(Finding(key, m.start(1), m.end(1), "warning", msg, f"改为“{right}”", kind="year"))
    return findings


def check_format(texts: Texts) -> list[Finding]:
    """Latin words, half-width punctuation and Markdown in Chinese text (kind `format`)."""
    findings = []
    for key, text in texts:
        findings += _markdown(key, text)
        findings += _half_width(key, text, {(f.start, f.end) for f in findings})
        findings += _latin(key, text)
    return findings


def markdown_spans(text: str) -> list[tuple[int, int]]:
    """Spans of Markdown markup a model left (**加粗**, a lone ** at a line's edge, # headings)."""
    return [m.span() for m in _MARKDOWN.finditer(text)]


def _markdown(key: str, text: str) -> list[Finding]:
    found = []
    for m in _MARKDOWN.finditer(text):
        mark = m[0].strip()
        msg = f"含有 Markdown 格式符号“{mark[:2] if mark.startswith('*') else mark}”"
        found.append(
            Finding(key, m.start(), m.end(), "warning", msg, "删去格式符号，只保留文字", kind="format")
        )
    return found


def _half_width(key: str, text: str, taken: set[tuple[int, int]]) -> list[Finding]:
    fixed = to_full_width_punctuation(text)
    if fixed == text:
        return []
    changes: dict[tuple[str, str], list[tuple[int, int]]] = {}
    matcher = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
    for op, a, b, c, d in matcher.get_opcodes():
        if op == "equal" or (a, b) in taken or not re.search(HAN, text[max(0, a - 8) : b + 8]):
            continue
        changes.setdefault((text[a:b], fixed[c:d]), []).append((a, b))
    found = []
    for (half, full), spans in changes.items():
        # one finding per mark and part, on its first place: a text typed half-width throughout
        # needs one instruction, not a hundred
        more = f"（本部分共{len(spans)}处）" if len(spans) > 1 else ""
        msg = f"中文中使用了半角标点“{half}”{more}"
        a, b = spans[0]
        found.append(Finding(key, a, b, "warning", msg, f"改为全角“{full}”", kind="format"))
    return found


def _latin(key: str, text: str) -> list[Finding]:
    urls = [m.span() for m in _URL_OR_MAIL.finditer(text)]
    found = []
    for m in _LATIN.finditer(text):
        word = m[0]
        if word in _KNOWN_LATIN or any(s <= m.start() < e for s, e in urls):
            continue
        if not re.search(HAN, text[max(0, m.start() - 6) : m.end() + 6]):
            continue  # a Latin line of its own (a reference, an address) is not Chinese text
        msg = f"中文正文中夹有英文“{word}”"
        found.append(Finding(key, m.start(), m.end(), "warning", msg, "改为规范的中文表述", kind="format"))
    return found
