"""Is this text plausibly a Chinese report? Refuses mojibake, other languages' encodings and
random bytes with a message that says what was found.

The test is statistical and linear in the text: the share of Han characters among the visible
ones, and the share of those Han characters that belong to the 100 most frequent characters of
written Chinese (charset-normalizer's frequency table, the library made for this). Real reports,
simplified or traditional, score 0.16–0.32; random bytes read as GB18030, UTF-8 read as GBK,
Shift-JIS or EUC-KR read as GB18030 score 0.00–0.11.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer.constant import FREQUENCIES

from assistant.errors import ReadError
from assistant.text.script import HAN

_COMMON_HAN = frozenset(FREQUENCIES["Chinese"])
_HAN = re.compile(HAN)
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LATIN1_MOJIBAKE = re.compile(
    "[\u00c0-\u00ff][\u0080-\u00bf\u0152-\u0178\u02c6-\u02dc\u2013-\u203a\u20ac\u2122]"
)
_UTF7_SHIFT = re.compile(r"\+[A-Za-z0-9+/]{4,}-?")

# Replacement characters, private-use glyphs and C0 controls: what broken font maps and binary
# data turn into.
_ODD = re.compile("[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")
MAX_ODD_SHARE = 0.05
# "?" next to a Han character: what an encoder writes for a character its encoding lacks.
_LOST = re.compile(rf"(?<={HAN})\?|\?(?={HAN})")
MAX_LOST_SHARE = 0.01
MAX_FOREIGN_SHARE = 0.05  # kana or hangul: a Chinese report quotes neither
MIN_VISIBLE = 40  # shorter texts are too short to judge (a heading, a test snippet)
MIN_HAN_SHARE = 0.30
MIN_COMMON_SHARE = 0.10
SAMPLE_CHARS = 200_000  # judging the first 200k characters is enough and keeps this cheap


def han_stats(text: str) -> tuple[int, int, float]:
    """(visible characters, Han characters, share of Han characters that are common ones)."""
    sample = text[:SAMPLE_CHARS]
    visible = len(sample) - sum(sample.count(space) for space in " \t\n\r\u3000")
    han = _HAN.findall(sample)
    common = sum(char in _COMMON_HAN for char in han)
    return visible, len(han), common / len(han) if han else 0.0


def is_plausible(text: str) -> bool:
    sample = text[:SAMPLE_CHARS]
    visible, han, common = han_stats(sample)
    if len(_ODD.findall(sample)) > MAX_ODD_SHARE * max(visible, 1):
        return False
    if len(_LOST.findall(sample)) > MAX_LOST_SHARE * max(visible, 1):
        return False
    if visible < MIN_VISIBLE:
        return True
    if (
        len(_KANA.findall(sample)) > MAX_FOREIGN_SHARE * visible
        or len(_HANGUL.findall(sample)) > MAX_FOREIGN_SHARE * visible
    ):
        return False
    return han >= MIN_HAN_SHARE * visible and (han < MIN_VISIBLE or common >= MIN_COMMON_SHARE)


def check_plausible(text: str, name: str) -> None:
    """Raise ReadError saying what the text looks like when it is not plausibly Chinese."""
    if is_plausible(text):
        return
    found = describe_text(text)
    raise ReadError(
        f"《{name}》的内容不像中文报告：{found}。请确认文件无误；文本文件请用记事本或 WPS 打开，"
        "确认文字正常后另存为 UTF-8 编码的 .txt 或 Word（.docx）再试。"
    )


def describe_text(text: str) -> str:
    """What an implausible text most likely is, in Chinese."""
    sample = text[:SAMPLE_CHARS]
    visible, han, common = han_stats(sample)
    if _repaired(sample, "latin-1") or _repaired(sample, "cp1252"):
        return "文字是被重复编码的 UTF-8 乱码（如“å…³äºŽ”）"
    if _repaired(sample, "gb18030"):
        return "文字是 UTF-8 内容被按 GBK 解读后的乱码（如“鍏充簬”）"
    if len(_ODD.findall(sample)) > MAX_ODD_SHARE * max(visible, 1):
        return "含有大量无法显示的字符（�、私用区字符或控制字符），像是损坏的字体映射或二进制数据"
    if len(_LOST.findall(sample)) > MAX_LOST_SHARE * max(visible, 1):
        return "大量汉字变成了“?”，是用不支持这些字的编码（如 Big5、Shift-JIS）保存的，字已丢失"
    if len(_KANA.findall(sample)) > MAX_FOREIGN_SHARE * max(visible, 1):
        return "文字是日文"
    if len(_HANGUL.findall(sample)) > MAX_FOREIGN_SHARE * max(visible, 1):
        return "文字是韩文"
    if han < MIN_HAN_SHARE * max(visible, 1):
        return f"几乎没有汉字（汉字只占可见字符的 {han / max(visible, 1):.0%}）"
    return f"汉字多为生僻字（常用字只占 {common:.0%}），像是乱码或二进制数据"


def _repaired(text: str, wrong: str) -> bool:
    """True when `text` is UTF-8 that was decoded as `wrong`: undoing it gives plausible Chinese."""
    if wrong != "gb18030" and not _LATIN1_MOJIBAKE.search(text):
        return False
    try:  # bytes lost in the first wrong decoding make the repair lossy, not impossible
        repaired = text.encode(wrong, errors="ignore").decode("utf-8", errors="ignore")
    except LookupError:
        return False
    return is_plausible(repaired) and han_stats(repaired)[1] >= MIN_VISIBLE


def foreign_encoding(data: bytes) -> str | None:
    """The name of a non-Chinese encoding that `data` (bytes without a BOM, not valid as Chinese)
    decodes in strictly to text of that language: Shift-JIS, EUC-KR or UTF-7."""
    sample = data[: SAMPLE_CHARS * 2]
    if sample.isascii() and _UTF7_SHIFT.search(sample.decode("ascii")):
        decoded = _strict(sample, "utf-7")
        if decoded and _HAN.search(decoded) and is_plausible(decoded):
            return "UTF-7"
    for encoding, label, script in (
        ("shift_jis", "日文 Shift-JIS", _KANA),
        ("euc_kr", "韩文 EUC-KR", _HANGUL),
    ):
        decoded = _strict(sample, encoding)
        letters = len(script.findall(decoded)) if decoded else 0
        if letters >= max(MIN_VISIBLE, 0.1 * len(decoded or "")):
            return label
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:  # incremental: a sample cut inside a multi-byte character still decodes
        return codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except (UnicodeDecodeError, ValueError):
        return None
