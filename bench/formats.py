"""The per-format table: each of the five seeds saved by LibreOffice as .doc, .wps, .odt, .rtf,
.docx and PDF, as an auto-numbered .docx and its LibreOffice re-save, and as a scanned PDF (pdftoppm
raster, read by OCR); each read and compared with the seed's .txt: read? same sections (key and
heading; and with the text)? character similarity (difflib). Also OCR seconds per page.

    python bench/formats.py [--ocr-seeds 5] [--ocr-engine rapidocr|tesseract|both]

prints JSON and writes bench/results/formats.json.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.errors import AssistantError  # noqa: E402
from assistant.parsing.structure import parse_report  # noqa: E402
from assistant.readers import read_file, read_path  # noqa: E402
from tests.format_files import REPORT_NUMBERING, report_docx, scanned_pdf, soffice_convert  # noqa: E402
from tests.helpers import SEEDS  # noqa: E402


def _compare(path: Path, expected: str) -> dict:
    started = time.perf_counter()
    try:
        result = read_path(path)
    except AssistantError as error:
        return {"read": False, "error": str(error)[:120]}
    seconds = time.perf_counter() - started
    got, want = parse_report(result.text).sections, parse_report(expected).sections
    return {
        "read": True,
        "same_headings": [(s.key, s.heading) for s in got] == [(s.key, s.heading) for s in want],
        "same_sections": [(s.key, s.heading, s.text) for s in got]
        == [(s.key, s.heading, s.text) for s in want],
        "similarity": round(difflib.SequenceMatcher(None, result.text, expected, autojunk=False).ratio(), 4),
        "seconds": round(seconds, 2),
        "warnings": list(result.warnings),
    }


def _variants(out: Path, ocr_seeds: int) -> dict[str, list[Path]]:
    variants = {
        fmt: soffice_convert(list(SEEDS), fmt, out / fmt) for fmt in ("doc", "wps", "odt", "rtf", "docx")
    }
    laid_out = [report_docx(seed.read_text(encoding="utf-8"), out / f"{seed.stem}.docx") for seed in SEEDS]
    variants["pdf (from laid-out docx)"] = soffice_convert(laid_out, "pdf", out / "pdf")
    (out / "auto").mkdir()
    (out / "scan").mkdir()
    numbered = [
        report_docx(seed.read_text(encoding="utf-8"), out / "auto" / f"{seed.stem}.docx", REPORT_NUMBERING)
        for seed in SEEDS
    ]
    variants["docx auto-numbered"] = numbered
    variants["docx auto-numbered, LibreOffice re-save"] = soffice_convert(numbered, "docx", out / "resaved")
    variants["scanned pdf (OCR)"] = [
        scanned_pdf(pdf, out / "scan" / f"{pdf.stem}.pdf", dpi=150)
        for pdf in variants["pdf (from laid-out docx)"][:ocr_seeds]
    ]
    return variants


def _summary(rows: list[dict]) -> dict:
    read = [row for row in rows if row["read"]]
    return {
        "files": len(rows),
        "read": len(read),
        "same_headings": sum(row["same_headings"] for row in read),
        "same_sections": sum(row["same_sections"] for row in read),
        "similarity_mean": round(sum(row["similarity"] for row in read) / max(len(read), 1), 4),
        "similarity_min": min((row["similarity"] for row in read), default=0),
        "seconds_per_file": round(sum(row["seconds"] for row in read) / max(len(read), 1), 2),
    }


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ocr-seeds", type=int, default=5)
    args = parser.parse_args(argv)
    expected = {seed.stem: read_file(seed) for seed in SEEDS}
    table: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, paths in _variants(Path(tmp), args.ocr_seeds).items():
            rows = [{"file": path.name, **_compare(path, expected[path.stem])} for path in paths]
            table[name] = {**_summary(rows), "rows": rows}
            if name.startswith("scanned"):
                pages = sum(_pages(path) for path in paths)
                seconds = sum(row.get("seconds", 0) for row in rows)
                table[name]["ocr_seconds_per_page"] = round(seconds / max(pages, 1), 2)
                table[name]["pages"] = pages
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    out = ROOT / "bench" / "results" / "formats.json"
    out.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        json.dumps(
            {name: {k: v for k, v in row.items() if k != "rows"} for name, row in table.items()},
            ensure_ascii=False,
            indent=1,
        )
    )
    return table


if __name__ == "__main__":
    main()
