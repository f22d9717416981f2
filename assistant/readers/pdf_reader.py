"""PDF → text with poppler's pdftotext; scanned pages (no text layer) go to OCR.

`pdftotext -layout` was chosen by measurement (bench/pdf_extractors.py, LibreOffice PDFs of the
five seeds laid out as reports): the text identical to the .txt (similarity 1.0000, 5/5 sections
with their text), against 0.9915 for pypdf's layout mode, which put TABs inside lines and moved
quotes away from their words, 0.9997 for pdfplumber (at several times the time) and 0.9891 for
pdfminer.six; -layout keeps the first-line indents that mark paragraphs. It runs as a child process, so a hostile PDF (200k text operators, broken
streams, a hostile ToUnicode map) is bounded by a timeout and a memory limit and cannot raise in
this process. Without poppler, pypdf's plain mode is used and the document says so.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.errors import ReadError
from assistant.readers.limits import PdfLimits
from assistant.readers.ocr import ocr_pages
from assistant.readers.pdf_lines import join_pdf_lines, page_lines
from assistant.readers.result import ReadResult
from assistant.readers.sandbox import run_bounded
from assistant.types import Progress

log = logging.getLogger(__name__)

_PAGES = re.compile(rb"^Pages:\s+(\d+)\s*$", re.MULTILINE)
FALLBACK_WARNING = (
    "本机未安装 poppler-utils（pdftotext），PDF 文字以备用方式提取，标点和空格可能有偏差："
    "建议安装 poppler-utils 后重新导入。"
)


def read_pdf(
    data: bytes, name: str, limits: PdfLimits | None = None, progress: Progress | None = None
) -> ReadResult:
    limits = limits or PdfLimits()
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise broken_pdf(name, "no %PDF header")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        return ReadResult(_read_with_pypdf(data, name, limits), (FALLBACK_WARNING,))
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as work:
        pdf = Path(work) / "input.pdf"
        pdf.write_bytes(data)
        pages = _page_count(pdf, name, limits)
        texts = _pdftotext(pdf, name, pages, limits)
        blank = _blank_pages(texts)
        if blank and b"/Encrypt" in data:  # poppler misreads some RC4-encrypted font dicts
            texts = _with_pypdf_pages(data, texts, blank)
            blank = _blank_pages(texts)
        warnings: tuple[str, ...] = ()
        if blank:  # scanned pages: their text comes from OCR
            ocr = ocr_pages(pdf, name, blank, limits, progress)
            texts = [ocr.get(number, text) for number, text in enumerate(texts, 1)]
            if any(_visible(text) for text in ocr.values()):
                warnings = (ocr_warning(len(blank), len(texts)),)
    return ReadResult(_join(texts, name), warnings)


def _blank_pages(texts: list[str]) -> list[int]:
    """1-based numbers of pages without text (a page number alone does not count)."""
    return [number for number, text in enumerate(texts, 1) if not page_lines(text)]


def _with_pypdf_pages(data: bytes, texts: list[str], numbers: list[int]) -> list[str]:
    from pypdf import PdfReader

    texts = list(texts)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        for number in numbers:
            texts[number - 1] = reader.pages[number - 1].extract_text() or ""
    except Exception as exc:  # pypdf fails on damaged files with many exception types
        log.debug("pypdf could not read the pages poppler left blank: %r", exc)
    return texts


def ocr_warning(ocr_pages: int, pages: int) -> str:
    share = "全部" if ocr_pages == pages else f"{pages} 页中的 {ocr_pages} 页"
    return f"正文由 OCR 识别得到（{share}为扫描页，没有文字层）：可能有错字，请核对后再引用。"


def _join(texts: list[str], name: str) -> str:
    lines = [line for text in texts for line in page_lines(text)]
    if not lines:
        raise ReadError(
            f"《{name}》PDF 没有可读取的文字（没有文字层，文字识别也没有结果）：请提供 Word/文本版。"
        )
    return "\n".join(join_pdf_lines(lines))


def _visible(text: str) -> int:
    return len("".join(text.split()))


def _page_count(pdf: Path, name: str, limits: PdfLimits) -> int:
    done = run_bounded(["pdfinfo", str(pdf)], limits.timeout_s, limits.max_memory_mb, name, "读取 PDF 信息")
    _raise_for_password(done, name)
    match = _PAGES.search(done.stdout)
    if done.returncode != 0 or match is None:
        raise broken_pdf(name, done.stderr.decode(errors="replace")[-300:])
    pages = int(match.group(1))
    if pages > limits.max_pages:
        raise ReadError(
            f"《{name}》共 {pages} 页，超过读取上限 {limits.max_pages} 页，不像一份年度报告：请拆分文件后重试。"
        )
    if pages == 0:
        raise broken_pdf(name, "0 pages")
    return pages


def _pdftotext(pdf: Path, name: str, pages: int, limits: PdfLimits) -> list[str]:
    out = pdf.with_suffix(".txt")
    command = ["pdftotext", "-layout", "-enc", "UTF-8", "-eol", "unix", "-l", str(pages), str(pdf), str(out)]
    done = run_bounded(command, limits.timeout_s, limits.max_memory_mb, name, "提取 PDF 文字")
    _raise_for_password(done, name)
    if done.returncode != 0 or not out.is_file():
        raise broken_pdf(name, done.stderr.decode(errors="replace")[-300:])
    if out.stat().st_size > limits.max_text_bytes:
        raise ReadError(
            f"《{name}》PDF 中的文字过多（超过 {limits.max_text_bytes // 2**20} MB）：请拆分文件后重试。"
        )
    texts = out.read_bytes().decode("utf-8", errors="replace").split("\f")
    return texts[:pages] + [""] * (pages - len(texts))


def _raise_for_password(done: subprocess.CompletedProcess[bytes], name: str) -> None:
    if b"Incorrect password" in done.stderr:
        raise password_protected(name)


def password_protected(name: str) -> ReadError:
    return ReadError(
        f"《{name}》是设有打开密码的加密 PDF，无法读取：请用 PDF 阅读器输入密码打开后另存为未加密的 PDF，"
        "或提供 Word/文本版。"
    )


def broken_pdf(name: str, detail: object = "") -> ReadError:
    log.debug("cannot read %s as pdf: %s", name, detail)
    return ReadError(f"《{name}》不是有效的 PDF 文件，可能已损坏：请重新导出 PDF，或提供 Word/文本版。")


def _read_with_pypdf(data: bytes, name: str, limits: PdfLimits) -> str:
    """Fallback without poppler: pypdf's plain mode (the best pypdf mode in the measurement)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise password_protected(name)
        if len(reader.pages) > limits.max_pages:
            raise ReadError(f"《{name}》超过读取上限 {limits.max_pages} 页：请拆分文件后重试。")
        texts = [page.extract_text() or "" for page in reader.pages]
    except DependencyError as exc:
        raise ReadError(f"《{name}》是 AES 加密的 PDF，缺少解密组件：请安装 cryptography 后重试。") from exc
    except ReadError:
        raise
    except Exception as exc:  # pypdf fails on damaged files with many exception types
        raise broken_pdf(name, repr(exc)) from exc
    if not any(page_lines(text) for text in texts):
        raise ReadError(
            f"《{name}》PDF 没有文字层（可能是扫描件）：请安装 poppler-utils 以启用文字识别（OCR）。"
        )
    return _join(texts, name)
