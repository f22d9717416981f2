""".txt/.md bytes → text (BOMs, UTF-8, GB18030, Big5), and the normalisation every reader shares."""

from __future__ import annotations

import codecs
import re

from assistant.errors import ReadError
from assistant.readers.plausible import foreign_encoding, han_stats, is_plausible
from assistant.text.script import CJK

_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, 0x7F])
_TRANSLATE = str.maketrans(
    {**dict.fromkeys(_LINE_BREAKS, "\n"), **dict.fromkeys(_INVISIBLE + _CONTROLS, None)}
)


def normalize_text(text: str) -> str:
    """One paragraph per line: unify line breaks, drop invisible characters, strip each line
    (U+3000 indents, NBSP, tabs) and remove blank lines. Full-width punctuation is kept as is —
    no NFKC, the heading markers （一） depend on it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CJK = re.compile(CJK)
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")
_MAX_ODD_RATIO = 0.05
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)


def read_text(data: bytes, name: str) -> str:
    text = _decode(data, name)
    if len(_ODD_CHARS.findall(text)) > _MAX_ODD_RATIO * len(text):
        raise _not_text(name)
    # Markdown heading marks would hide the 一、/（一） that starts a heading line.
    return _MD_HEADING.sub("", text) if name.lower().endswith(".md") else text


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"《{name}》标明为 {encoding.upper()} 编码，但内容无法按该编码解码，文件可能已损坏："
                    "请用记事本打开后另存为 UTF-8 编码再试。"
                ) from exc
    if b"\x00" in data:
        raise _not_text(name)
    if (foreign := foreign_encoding(data)) is not None and not _clearly_chinese(data):
        raise ReadError(
            f"《{name}》是 {foreign} 编码的文字，不是本工具能读取的中文报告：请确认文件无误；"
            "若确是中文报告，请用记事本打开后另存为 UTF-8 编码再试（已丢失的字无法恢复）。"
        )
    text = _decode_chinese(data)
    if text is None:
        raise _not_text(name)
    return text


def _decode_chinese(data: bytes) -> str | None:
    # Strict UTF-8 before GB18030: nearly any UTF-8 text would also "decode" as GB18030 (mojibake).
    utf8, gb = _try_decode(data, "utf-8"), None
    # A few short GBK texts are also valid UTF-8 (GBK "目录" = UTF-8 "Ŀ¼"). In a Chinese report a
    # UTF-8 reading without any CJK character but with non-ASCII ones is such a case.
    if utf8 is None or not (utf8.isascii() or _CJK.search(utf8)):
        gb = _try_decode(data, "gb18030")
    if gb is not None and (utf8 is None or (_CJK.search(gb) and is_plausible(gb))):
        if is_plausible(gb) or (big5 := _try_decode(data, "big5")) is None or not is_plausible(big5):
            return gb  # an implausible reading is judged (and refused) after normalisation
        return big5
    return utf8


def _clearly_chinese(data: bytes) -> bool:
    """A Chinese reading well inside the range of real reports (common-character share ≥ 0.2):
    EUC-KR Korean also decodes as GB2312 characters, but as rarer ones (share ≈ 0.11)."""
    text = _decode_chinese(data)
    return text is not None and not text.isascii() and is_plausible(text) and han_stats(text)[2] >= 0.2


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _not_text(name: str) -> ReadError:
    return ReadError(
        f"《{name}》不是文本文件，或使用了无法识别的编码：请提供 UTF-8 或 GBK 编码的 .txt，"
        "或直接上传 Word（.docx）/PDF 文件。"
    )
