"""OCR of scanned PDF pages, offline: pdftoppm renders a page, RapidOCR reads it with the PP-OCRv4
ONNX models bundled in the rapidocr-onnxruntime wheel (nothing is downloaded).

RapidOCR was chosen over Tesseract (chi_sim) by measurement on a pdftoppm scan of a seed
(bench/ocr.py): higher character similarity and about the same seconds per page on 2 cores, and
it keeps full-width brackets （一）, which Tesseract reads as ASCII (一). Pages are rendered at most
2,400 px on their long side, so a page with a huge media box cannot make a huge image.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from pathlib import Path
from typing import Any

from assistant.errors import ReadError
from assistant.readers.limits import PdfLimits
from assistant.readers.sandbox import run_bounded
from assistant.types import Progress

log = logging.getLogger(__name__)

MAX_SIDE_PX = 2400  # A4 at 200 dpi is 2,339 px tall
_MIN_INK = 0.0005  # share of dark pixels below which a page is taken as blank
# Above this share a page is no page of text (noise, a photo, a black scan): printed report pages
# measure 0.04–0.07 at MAX_SIDE_PX, random noise 0.5, and OCR of noise costs tens of seconds.
_MAX_INK = 0.35
_INDENT_EMS = 1.2  # a line starting this many character heights right of the margin is indented
_engine: Any = None
_engine_lock = threading.Lock()


def ocr_pages(
    pdf: Path, name: str, pages: list[int], limits: PdfLimits, progress: Progress | None = None
) -> dict[int, str]:
    """Text of each page number in `pages` (1-based), one line per text line, indented lines
    starting with two spaces (the paragraph starts join_pdf_lines needs)."""
    if len(pages) > limits.max_ocr_pages:
        raise ReadError(
            f"《{name}》有 {len(pages)} 页是没有文字层的扫描页，超过文字识别（OCR）上限 {limits.max_ocr_pages} 页："
            "请拆分文件，或提供 Word/文本版。"
        )
    engine = _get_engine(name)
    texts: dict[int, str] = {}
    for done, number in enumerate(pages):
        if progress is not None:
            progress(f"正在识别《{name}》第 {number} 页（OCR）", done, len(pages))
        texts[number] = page_text(engine, _render(pdf, name, number, limits))
    if progress is not None:
        progress(f"《{name}》文字识别完成", len(pages), len(pages))
    return texts


def _get_engine(name: str) -> Any:
    global _engine
    with _engine_lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise ReadError(
                    f"《{name}》是扫描件（没有文字层），需要文字识别组件 rapidocr-onnxruntime：请安装后重试，"
                    "或提供 Word/文本版。"
                ) from exc
            # Half the cores: onnxruntime's spinning threads lose badly to oversubscription (the UI
            # serves several sessions; measured 2× slower per page with all cores on a busy 2-core box).
            threads = max(1, (os.cpu_count() or 2) // 2)
            _engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
        return _engine


def _render(pdf: Path, name: str, number: int, limits: PdfLimits) -> bytes:
    command = [
        "pdftoppm",
        "-f",
        str(number),
        "-l",
        str(number),
        "-scale-to",
        str(MAX_SIDE_PX),
        "-gray",
        "-png",
    ]
    done = run_bounded(
        [*command, str(pdf)], limits.timeout_s, limits.max_memory_mb, name, f"渲染第 {number} 页"
    )
    if done.returncode != 0 or not done.stdout:
        log.debug("pdftoppm failed on %s page %d: %s", name, number, done.stderr[-300:])
        return b""
    return done.stdout


def _has_no_text(png: bytes) -> bool:
    """A page with (almost) no dark pixels, or mostly dark ones: nothing to read, and the detector
    costs seconds (tens on noise)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        histogram = image.convert("L").histogram()
    ink = sum(histogram[:128]) / max(1, sum(histogram))
    return ink < _MIN_INK or ink > _MAX_INK


def page_text(engine: Any, png: bytes) -> str:
    if not png or _has_no_text(png):
        return ""
    with _engine_lock:  # one onnxruntime session, used by one thread at a time
        boxes, _ = engine(png, use_cls=False)
    return "\n".join(_lines(boxes or []))


def _lines(boxes: list[Any]) -> list[str]:
    """Boxes (corner points, text, score) → text lines top to bottom; boxes whose vertical centres
    lie within half a line height of each other are one line, read left to right."""
    items = sorted(
        (
            (sum(p[1] for p in box) / 4, min(p[0] for p in box), abs(box[3][1] - box[0][1]), text)
            for box, text, _ in boxes
        ),
    )
    if not items:
        return []
    margin = min(item[1] for item in items)
    rows: list[list[tuple[float, float, float, str]]] = []
    for item in items:
        if rows and abs(item[0] - rows[-1][0][0]) < 0.5 * max(item[2], 1.0):
            rows[-1].append(item)
        else:
            rows.append([item])
    lines = []
    for row in rows:
        row.sort(key=lambda item: item[1])
        left, height = row[0][1], max(item[2] for item in row)
        indent = "  " if left - margin > _INDENT_EMS * height else ""
        lines.append(indent + "".join(item[3] for item in row))
    return lines
