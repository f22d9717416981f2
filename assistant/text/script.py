"""The Chinese script: the one CJK character class, half-width → full-width punctuation in Chinese
text, and the one Markdown strip."""

from __future__ import annotations

import re

# Code-point ranges, for use inside a regex character class.
IDEOGRAPHS = "\u4e00-\u9fff"  # CJK Unified Ideographs
IDEOGRAPHS_EXT_A = "\u3400-\u4dbf"  # CJK Unified Ideographs Extension A
IDEOGRAPHS_COMPAT = "\uf900-\ufaff"  # CJK Compatibility Ideographs
CJK_PUNCTUATION = "\u3000-\u303f"  # CJK Symbols and Punctuation (　、。〔〕《》…)
FULL_WIDTH_FORMS = "\uff00-\uffef"  # Halfwidth and Fullwidth Forms (，；：？！（）０-９)
HAN_RANGES = IDEOGRAPHS + IDEOGRAPHS_EXT_A + IDEOGRAPHS_COMPAT
CJK_RANGES = HAN_RANGES + CJK_PUNCTUATION + FULL_WIDTH_FORMS

HAN = f"[{HAN_RANGES}]"  # one Chinese character
CJK = f"[{CJK_RANGES}]"  # one character of Chinese text: ideograph, CJK punctuation, full-width form
# Chinese text as a neighbour of a half-width mark: CJK plus the curly quotes, … and —.
_CHINESE_NEIGHBOUR = f"[{CJK_RANGES}“”‘’…—]"

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# URLs and e-mail addresses keep their ASCII punctuation; a trailing mark ends the sentence.
_URL = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9/#=_~\-]"
    r"|[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_SHIELD = "\ue000"  # a private-use character standing in for a URL while punctuation is converted
_KEPT = {"(": "\ue001", ")": "\ue002", '"': "\ue003", "'": "\ue004"}

# Markdown markup a user's editor may add. Emphasis needs two or more characters inside and no
# star next to it, so that redaction markers in pasted text (`**市**区`, `约*****份`) survive as
# the gaps they are.
_MARKDOWN = (
    (re.compile(r"^#{1,6}\s*"), ""),
    (re.compile(r"^>\s?"), ""),
    (re.compile(r"^[-*+]\s+"), ""),
    (re.compile(r"(?<!\*)\*\*([^*\s][^*]*[^*\s])\*\*(?!\*)"), r"\1"),
    (re.compile(r"(?<!_)__([^_\s][^_]*[^_\s])__(?!_)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
)


_MD_HEADING = re.compile(r"^#{1,6}\s*")


def strip_markdown(line: str, *, inline: bool = True) -> str:
    """Markdown markup off one line; redaction stars (**市**区, 约*****份) are kept as they are.
    With inline=False only what a heading line carries goes (# marks, a line wrapped in **…**):
    published text, where 涉**地产、**村 are gaps and no markup, is read that way."""
    line = line.strip()
    if not inline:
        text = _MD_HEADING.sub("", line)
        if len(text) > 4 and text.startswith("**") and text.endswith("**"):
            text = text[2:-2].strip()
        return text
    for pattern, replacement in _MARKDOWN:
        line = pattern.sub(replacement, line)
    return line.strip()


def full_width_marks(text: str) -> str:
    """Half-width , ; : ? ! ( ) next to Chinese text become their full-width forms."""
    neighbour = f"[{CJK_RANGES}“”‘’]"
    for half, full in _HALF_TO_FULL.items():
        h = re.escape(half)
        text = re.sub(rf"(?<={neighbour}){h}|{h}(?={neighbour})", full, text)
    return text


def to_full_width_punctuation(text: str) -> str:
    """Half-width punctuation in Chinese text → full-width: , ; : ? ! (full_width_marks);
    . after Chinese text, a closing bracket or a percentage → 。 (not in 3.5, a heading's 1. or a
    URL); ... → ……; ( ) and straight quotes as pairs, when they enclose or touch Chinese text.
    Latin text, numbers, URLs and e-mail addresses keep their own punctuation."""
    urls: list[str] = []

    def shield(match: re.Match[str]) -> str:
        urls.append(match[0])
        return _SHIELD

    text = _URL.sub(shield, text)
    text = "\n".join(_quoted_pairs(line) for line in text.split("\n"))
    text = full_width_marks(text)
    text = _full_stops(text)
    for url in urls:
        text = text.replace(_SHIELD, url, 1)
    for half, stand_in in _KEPT.items():
        text = text.replace(stand_in, half)
    return text


def _full_stops(text: str) -> str:
    near, han = _CHINESE_NEIGHBOUR, HAN
    text = re.sub(rf"(?<={near})\.{{3,}}|\.{{3,}}(?={near})", "……", text)
    text = re.sub(rf"(?<={near})\.(?!\d)", "。", text)
    text = re.sub(rf"({han}\d{{1,12}}(?:\.\d+)?[%‰])\.(?!\d)", r"\1。", text)  # 达100%. / 达3.5%.
    text = re.sub(rf"({han}\d{{1,12}})\.[ \t]*$", r"\1。", text, flags=re.M)  # 共12. at a line's end
    return re.sub(rf"({han}[^\n]*{_SHIELD})\.[ \t]*$", r"\1。", text, flags=re.M)  # …见 URL. at the end


def _quoted_pairs(line: str) -> str:
    for half, full in (("()", "（）"), ('""', "“”"), ("''", "‘’")):
        line = _pairs(line, half[0], half[1], full[0], full[1])
    return line


def _pairs(line: str, left: str, right: str, full_left: str, full_right: str) -> str:
    """Matched `left…right` pairs of a line, in order, made full-width when their content holds
    Chinese text or Chinese text comes right before it (开展"ISO"认证, 通过ISO(2015版)); quotes
    also when Chinese text follows. Latin pairs ("OK", f(x)) stay."""
    pattern = re.compile(rf"{re.escape(left)}([^{re.escape(left + right)}\n]*){re.escape(right)}")
    out, pos = [], 0
    for match in pattern.finditer(line):
        before = line[match.start() - 1] if match.start() else ""
        after = line[match.end()] if match.end() < len(line) else ""
        chinese = (
            re.search(HAN, match[1])
            or re.match(_CHINESE_NEIGHBOUR, before)
            or (left != "(" and re.match(_CHINESE_NEIGHBOUR, after))
        )
        out.append(line[pos : match.start()])
        # A Latin pair is hidden from full_width_marks, which judges each mark by its neighbours.
        kept = f"{_KEPT[left]}{match[1]}{_KEPT[right]}"
        out.append(f"{full_left}{match[1]}{full_right}" if chinese else kept)
        pos = match.end()
    return "".join(out) + line[pos:]
