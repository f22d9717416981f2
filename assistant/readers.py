"""Read user files (.txt/.md/.docx/.pdf) into normalized text: one paragraph per line."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable
from pathlib import Path

from assistant.errors import ReadError

from .docx_reader import read_docx
from .pdf_reader import read_pdf

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024
_FORMATS = "、".join(SUPPORTED_SUFFIXES)


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file from disk; see `read_bytes`. The size is checked before the file is loaded."""
    p = Path(path)
    if not p.is_file():
        raise ReadError(f"找不到文件《{p.name}》（{p}）：请检查路径是否正确。")
    _check_suffix(p.name)
    _check_size(p.name, p.stat().st_size, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取《{p.name}》：{exc.strerror or exc}。请检查文件权限后重试。") from exc
    return read_bytes(data, p.name, max_bytes)


def read_bytes(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Turn the bytes of an uploaded file into normalized text; raise ReadError when impossible."""
    name = Path(filename).name or filename
    suffix = _check_suffix(name)
    _check_size(name, len(data), max_bytes)
    if not data.strip():
        raise ReadError(f"《{name}》文件为空：请确认选择了正确的文件。")
    text = normalize_text(_READERS[suffix](data, name))
    if not text:
        raise ReadError(f"《{name}》文件为空，没有可读取的文字：请确认选择了正确的文件。")
    log.debug("read %s: %d bytes -> %d chars", name, len(data), len(text))
    return text


def _check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".doc":
        raise ReadError(
            f"《{name}》是旧版 Word 文档（.doc），无法直接读取：请用 Word/WPS 另存为 .docx 后重试。"
        )
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "无扩展名"
        raise ReadError(f"《{name}》的格式（{shown}）不受支持：请提供 {_FORMATS} 格式的文件。")
    return suffix


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ReadError(
            f"《{name}》文件过大（{_mb(size)} MB），上限 {_mb(max_bytes)} MB："
            "请删去图片、附件或拆分文件后重试。"
        )


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".removesuffix(".0")


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
_CJK_CLASS = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, ideographs, full-width forms
_CJK = re.compile(f"[{_CJK_CLASS}]")
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")
_MAX_ODD_RATIO = 0.05
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)


def _read_text(data: bytes, name: str) -> str:
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
    # Strict UTF-8 before GB18030: nearly any UTF-8 text would also "decode" as GB18030 (mojibake).
    utf8, gb = _try_decode(data, "utf-8"), None
    # A few short GBK texts are also valid UTF-8 (GBK "目录" = UTF-8 "Ŀ¼"). In a Chinese report a
    # UTF-8 reading without any CJK character but with non-ASCII ones is such a case.
    if utf8 is None or not (utf8.isascii() or _CJK.search(utf8)):
        gb = _try_decode(data, "gb18030")
    if gb is not None and (utf8 is None or _CJK.search(gb)):
        return gb
    if utf8 is None:
        raise _not_text(name)
    return utf8


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


_READERS: dict[str, Callable[[bytes, str], str]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
