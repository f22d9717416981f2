"""Read user files into normalized text: one paragraph per line.

.txt/.md (any Chinese encoding), .docx (automatic numbering kept), .pdf (text layer, or OCR for
scans), .doc/.wps/.odt/.rtf (converted by LibreOffice). Every reader is bounded: the file size,
the uncompressed size of zip members, PDF pages, the text length; and the text must be plausibly
Chinese. Every failure is a ReadError with a Chinese message that says what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ReadError
from assistant.readers.limits import CONVERT_TIMEOUT_S, DEFAULT_MAX_BYTES, PdfLimits, max_chars
from assistant.readers.office import CONVERTED_SUFFIXES, convert_to_docx, sniff
from assistant.readers.pdf_reader import read_pdf
from assistant.readers.plausible import check_plausible
from assistant.readers.result import ReadResult
from assistant.readers.text import normalize_text, read_text
from assistant.types import Progress

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadOptions",
    "ReadResult",
    "normalize_text",
    "read_bytes",
    "read_bytes_result",
    "read_file",
    "read_path",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf", *CONVERTED_SUFFIXES)
_MB = 1024 * 1024
_FORMATS = "、".join(SUPPORTED_SUFFIXES)


@dataclass(frozen=True)
class ReadOptions:
    """Bounds and hooks of one read (defaults in readers/limits.py). `max_chars` 0 means the
    rule of limits.max_chars."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = 0
    pdf: PdfLimits = PdfLimits()
    progress: Progress | None = None
    convert_timeout_s: float = CONVERT_TIMEOUT_S


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file from disk; see `read_bytes`. The size is checked before the file is loaded."""
    return read_path(path, max_bytes=max_bytes).text


def read_path(
    path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, *, options: ReadOptions | None = None
) -> ReadResult:
    """Read a file from disk into text and the warnings a user should see (e.g. OCR)."""
    p = Path(path)
    if not p.is_file():
        raise ReadError(f"找不到文件《{p.name}》（{p}）：请检查路径是否正确。")
    options = options or ReadOptions(max_bytes=max_bytes)
    _check_suffix(p.name)
    _check_size(p.name, p.stat().st_size, options.max_bytes)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取《{p.name}》：{exc.strerror or exc}。请检查文件权限后重试。") from exc
    return read_bytes_result(data, p.name, options=options)


def read_bytes(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Turn the bytes of an uploaded file into normalized text; raise ReadError when impossible."""
    return read_bytes_result(data, filename, options=ReadOptions(max_bytes=max_bytes)).text


def read_bytes_result(data: bytes, filename: str, *, options: ReadOptions | None = None) -> ReadResult:
    """`read_bytes` with the reader's warnings (OCR, conversion) kept."""
    options = options or ReadOptions()
    name = Path(filename).name or filename
    suffix = _check_suffix(name)
    _check_size(name, len(data), options.max_bytes)
    if not data.strip():
        raise ReadError(f"《{name}》文件为空：请确认选择了正确的文件。")
    result = _READERS[suffix](data, name, options)
    text = normalize_text(result.text)
    if not text:
        raise ReadError(f"《{name}》文件为空，没有可读取的文字：请确认选择了正确的文件。")
    _check_length(name, len(text), max_chars(options.max_bytes, options.max_chars))
    check_plausible(text, name)
    log.debug("read %s: %d bytes -> %d chars", name, len(data), len(text))
    return ReadResult(text, result.warnings)


def _check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".ofd":
        raise ReadError(
            f"《{name}》是 OFD 版式文件，本工具暂不能读取：请用数科 OFD 阅读器、WPS 或福昕 OFD 版"
            "打开后“另存为/导出”为 PDF 或 Word（.docx），或提供原始 Word/文本版。"
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


def _check_length(name: str, chars: int, max_chars: int) -> None:
    if chars > max_chars:
        raise ReadError(
            f"《{name}》的文字过多（{chars} 字，上限 {max_chars} 字），不像一份年度报告：请拆分文件后重试。"
        )


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".removesuffix(".0")


def _text(data: bytes, name: str, options: ReadOptions) -> ReadResult:
    return ReadResult(read_text(data, name))


def _docx(data: bytes, name: str, options: ReadOptions) -> ReadResult:
    return ReadResult(read_docx(data, name))


def _pdf(data: bytes, name: str, options: ReadOptions) -> ReadResult:
    return read_pdf(data, name, limits=options.pdf, progress=options.progress)


def read_docx(data: bytes, name: str) -> str:
    """readers/docx_reader.read_docx, python-docx imported only when a .docx is read."""
    from assistant.readers.docx_reader import read_docx as read

    return read(data, name)


def _converted(data: bytes, name: str, options: ReadOptions) -> ReadResult:
    if sniff(data, name) == "docx":
        return ReadResult(read_docx(data, name))
    if options.progress is not None:
        options.progress(f"正在用 LibreOffice 转换《{name}》", 0, 1)
    return ReadResult(read_docx(convert_to_docx(data, name, options.convert_timeout_s), name))


_READERS: dict[str, Callable[[bytes, str, ReadOptions], ReadResult]] = {
    ".txt": _text,
    ".md": _text,
    ".docx": _docx,
    ".pdf": _pdf,
    **dict.fromkeys(CONVERTED_SUFFIXES, _converted),
}
