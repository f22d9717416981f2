"""Every bound a reader keeps, in one place: file size, text length, zip members, PDF pages and
OCR pages, the child processes' time and memory. A hostile or broken file meets one of these
before it can cost unbounded time or memory."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MIN_MAX_CHARS = 100_000

# .docx (and .odt) containers, checked before anything is decompressed.
MAX_MEMBERS = 5_000
MAX_XML_MEMBER = 64 * 1024 * 1024  # document.xml of a 1,000-page report is ~ 20 MB
MAX_TOTAL_UNZIPPED = 256 * 1024 * 1024

CONVERT_TIMEOUT_S = 120.0  # one LibreOffice conversion (.doc/.wps/.odt/.rtf → .docx)


@dataclass(frozen=True)
class PdfLimits:
    """Bounds of one PDF: pages read, pages sent to OCR, and each child process (pdfinfo,
    pdftotext, pdftoppm) in seconds and megabytes; the extracted text in bytes."""

    max_pages: int = 1000
    max_ocr_pages: int = 60
    timeout_s: float = 60.0
    max_memory_mb: int = 1024
    max_text_bytes: int = 64 * 1024 * 1024


def max_chars(max_bytes: int, explicit: int = 0) -> int:
    """The cap on the text any format may yield: `explicit` when given, else max_bytes // 10 (2
    million characters at the default 20 MB: a hundred long reports), at least MIN_MAX_CHARS; so
    that a small zip or PDF cannot turn into unbounded work for the parser and chunker."""
    return explicit or max(max_bytes // 10, MIN_MAX_CHARS)
