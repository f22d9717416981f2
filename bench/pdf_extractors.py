"""Which PDF text extractor reproduces a report? LibreOffice-made PDFs of the five seeds (from a
Word-like .docx: 仿宋 16 pt, justified, first-line indent; and straight from the .txt), each
extractor's page text through the same line joining, compared with the .txt: character similarity
(difflib), TABs left inside lines, misplaced quotes, and whether parse_report gives the same
sections. Prints JSON and writes bench/results/pdf_extractors.json."""

from __future__ import annotations

import difflib
import io
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.parsing.structure import parse_report  # noqa: E402
from assistant.readers import normalize_text  # noqa: E402
from assistant.readers.pdf_lines import join_pdf_lines, page_lines  # noqa: E402
from tests.format_files import report_docx, soffice_convert  # noqa: E402
from tests.helpers import SEEDS  # noqa: E402


def _pypdf(mode: str) -> Callable[[bytes], list[str]]:
    def extract(data: bytes) -> list[str]:
        from pypdf import PdfReader

        return [page.extract_text(extraction_mode=mode) or "" for page in PdfReader(io.BytesIO(data)).pages]

    return extract


def _pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\f")


def _pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _pdftotext(*flags: str) -> Callable[[bytes], list[str]]:
    def extract(data: bytes) -> list[str]:
        done = subprocess.run(
            ["pdftotext", *flags, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        )
        return done.stdout.decode().split("\f")

    return extract


def _pdfium(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


EXTRACTORS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf-layout": _pypdf("layout"),
    "pypdf-plain": _pypdf("plain"),
    "pdfminer.six": _pdfminer,
    "pdfplumber": _pdfplumber,
    "pdftotext": _pdftotext(),
    "pdftotext-layout": _pdftotext("-layout"),
    "pypdfium2": _pdfium,
}


def sections(text: str, with_text: bool = False) -> list[tuple[str, ...]]:
    return [(s.key, s.heading, s.text if with_text else "") for s in parse_report(text).sections]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def measure(pdfs: dict[str, list[tuple[Path, str]]]) -> dict:
    table: dict = {}
    for name, extract in EXTRACTORS.items():
        try:
            extract(next(iter(pdfs.values()))[0][0].read_bytes())
        except (ImportError, FileNotFoundError) as exc:  # pdfminer.six / pdfplumber are bench-only
            table[name] = {"not_installed": str(exc)}
            continue
        for variant, items in pdfs.items():
            sims, same, same_text, tabs, seconds = [], 0, 0, 0, 0.0
            for pdf, expected in items:
                started = time.perf_counter()
                pages = extract(pdf.read_bytes())
                seconds += time.perf_counter() - started
                lines = [line for page in pages for line in page_lines(page)]
                text = normalize_text("\n".join(join_pdf_lines(lines)))
                sims.append(similarity(text, expected))
                same += sections(text) == sections(expected)
                same_text += sections(text, True) == sections(expected, True)
                tabs += text.count("\t")
            table[f"{name} / {variant}"] = {
                "similarity_mean": round(sum(sims) / len(sims), 4),
                "similarity_min": round(min(sims), 4),
                "same_headings": f"{same}/{len(items)}",
                "same_sections_with_text": f"{same_text}/{len(items)}",
                "tabs": tabs,
                "seconds": round(seconds, 2),
            }
    return table


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        texts = {seed.stem: normalize_text(seed.read_text(encoding="utf-8")) for seed in SEEDS}
        docs = [report_docx(texts[seed.stem], out / f"{seed.stem}.docx") for seed in SEEDS]
        pdfs = {
            "docx": soffice_convert(docs, "pdf", out / "docx"),
            "txt": soffice_convert(list(SEEDS), "pdf", out / "txt"),
        }
        result = measure({k: [(p, texts[p.stem]) for p in v] for k, v in pdfs.items()})
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "pdf_extractors.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1)
    )
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return result


if __name__ == "__main__":
    main()
