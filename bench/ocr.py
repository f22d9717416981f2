"""RapidOCR (PP-OCRv4 ONNX, bundled in rapidocr-onnxruntime) against Tesseract 5 (Debian chi_sim)
on pdftoppm scans of a seed's LibreOffice PDF: seconds per page and character similarity of each
page with the page's own text layer (whitespace ignored). Prints JSON, writes bench/results/ocr.json.

    python bench/ocr.py [--seed-index 0] [--pages 2] [--dpi 150]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.readers.ocr import MAX_SIDE_PX, _get_engine, page_text  # noqa: E402
from tests.format_files import report_docx, soffice_convert  # noqa: E402
from tests.helpers import SEEDS  # noqa: E402

_SPACE = re.compile(r"\s+")


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _SPACE.sub("", a), _SPACE.sub("", b), autojunk=False).ratio()


def _tesseract(png: Path) -> str:
    return subprocess.run(
        ["tesseract", str(png), "-", "-l", "chi_sim", "--psm", "6"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed-index", type=int, default=0)
    parser.add_argument("--pages", type=int, default=2)
    args = parser.parse_args(argv)
    seed = SEEDS[args.seed_index]
    result: dict = {"seed": seed.name, "max_side_px": MAX_SIDE_PX, "engines": {}}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        (pdf,) = soffice_convert(
            [report_docx(seed.read_text(encoding="utf-8"), out / "seed.docx")], "pdf", out
        )
        engine = _get_engine(seed.name)
        page_text(engine, b"")  # nothing: the engine's load is not a page's cost
        for page in range(1, args.pages + 1):
            truth = subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True
            ).stdout
            png = out / f"page{page}.png"
            subprocess.run(
                [
                    "pdftoppm",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-scale-to",
                    str(MAX_SIDE_PX),
                    "-gray",
                    "-png",
                    "-singlefile",
                    str(pdf),
                    str(png.with_suffix("")),
                ],
                check=True,
            )
            for name, read in (
                ("rapidocr", lambda p: page_text(engine, p.read_bytes())),
                ("tesseract", _tesseract),
            ):
                started = time.perf_counter()
                text = read(png)
                row = result["engines"].setdefault(name, {"seconds": [], "similarity": []})
                row["seconds"].append(round(time.perf_counter() - started, 2))
                row["similarity"].append(round(_similarity(text, truth), 4))
    for row in result["engines"].values():
        row["seconds_per_page"] = round(sum(row["seconds"]) / len(row["seconds"]), 2)
        row["similarity_mean"] = round(sum(row["similarity"]) / len(row["similarity"]), 4)
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "ocr.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return result


if __name__ == "__main__":
    main()
