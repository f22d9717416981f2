"""Every variant of the five seeds is one document each: the .txt, LibreOffice saves as .docx,
.doc, .wps, .odt, .rtf and PDF, and a scanned PDF read by OCR, ingested into one library, leave
exactly five documents, and every skipped file names the document it repeats (`duplicate_of`).

`make_variants` and `variant_table` are shared with bench/variants.py (which OCRs every seed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.library.facade import IngestResult, Library
from assistant.parsing.structure import parse_report
from assistant.readers import read_file
from tests.format_files import report_docx, scanned_pdf, soffice_convert
from tests.helpers import SEEDS, make_settings
from vectorstore.embeddings import FakeEmbedder

FORMATS = ("docx", "doc", "wps", "odt", "rtf", "pdf")
OCR_DPI = 150


def make_variants(folder: Path, ocr_seeds: int) -> dict[str, list[Path]]:
    """format → one file per seed ('txt', FORMATS, and 'scan' for the first `ocr_seeds` seeds,
    shortest first). A laid-out .docx of each seed (python-docx), saved by LibreOffice in every
    format (one soffice run per format); the scan rasterises LibreOffice's PDF with pdftoppm."""
    made: dict[str, list[Path]] = {"txt": []}
    sources = []
    (folder / "source").mkdir()
    for seed in SEEDS:
        made["txt"].append(shutil.copy(seed, folder / seed.name))
        sources.append(report_docx(read_file(seed), folder / "source" / f"{seed.stem}.docx"))
    for fmt in FORMATS:
        made[fmt] = soffice_convert(sources, fmt, folder / fmt)
    shortest = sorted(range(len(SEEDS)), key=lambda i: len(read_file(SEEDS[i])))[:ocr_seeds]
    (folder / "scan").mkdir()
    made["scan"] = [
        scanned_pdf(made["pdf"][i], folder / "scan" / f"{SEEDS[i].stem}.pdf", dpi=OCR_DPI)
        for i in sorted(shortest)
    ]
    return made


def _headings(text: str) -> list[tuple[str, str]]:
    return [(s.key, s.heading) for s in parse_report(text).sections]


def recording_headings(library: Library) -> dict[str, list[tuple[str, str]]]:
    """path → section keys and headings of each file as the library's own ingest parsed it (so
    that the table reads no file twice: OCR and LibreOffice are most of the cost)."""
    seen: dict[str, list[tuple[str, str]]] = {}
    prepare = library.prepare

    def recorded(path: Path, progress=None):  # noqa: ANN001, ANN202 - Library.prepare's own
        prepared = prepare(path, progress)
        seen[str(path)] = [(s.key, s.heading) for s in prepared.report.sections]
        return prepared

    library.prepare = recorded  # type: ignore[method-assign]
    return seen


def variant_table(
    made: dict[str, list[Path]], result: IngestResult, headings: dict[str, list[tuple[str, str]]]
) -> dict[str, dict]:
    """format → files, read (ingested without failure), same_sections (keys and headings as the
    seed's .txt), recognised (skipped as a near-duplicate of its seed's document). `headings` as
    `recording_headings` collected them."""
    txt_ids = {Path(p).stem: doc_id for doc_id, p in result.added_paths.items()}
    skipped = {s.path: s for s in result.skipped}
    failed = {p for p, _ in result.failed}
    table: dict[str, dict] = {}
    for fmt, paths in made.items():
        row = {"files": len(paths), "read": 0, "same_sections": 0, "recognised": 0}
        for path in paths:
            row["read"] += str(path) not in failed
            row["same_sections"] += headings.get(str(path)) == _headings(
                read_file(SEEDS[0].parent / f"{path.stem}.txt")
            )
            entry = skipped.get(str(path))
            if fmt != "txt" and entry is not None:
                row["recognised"] += entry.duplicate_of == txt_ids.get(path.stem)
        table[fmt] = row
    return table


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    folder = tmp_path_factory.mktemp("variants")
    made = make_variants(folder, ocr_seeds=1)
    library = Library(make_settings(folder / "lib"), FakeEmbedder())
    headings = recording_headings(library)
    result = library.add_paths([path for paths in made.values() for path in paths])
    return made, result, library, headings


def test_every_variant_of_the_five_seeds_leaves_exactly_five_documents(ingested):
    made, result, library, _ = ingested
    assert not result.failed, result.failed
    assert len(library.documents()) == 5
    assert {Path(p).suffix for p in result.added_paths.values()} == {".txt"}
    assert len(result.skipped) == sum(len(paths) for paths in made.values()) - 5


def test_every_skipped_variant_names_the_document_of_its_seed(ingested):
    made, result, _, headings = ingested
    table = variant_table(made, result, headings)
    assert all(row["recognised"] == row["files"] for fmt, row in table.items() if fmt != "txt"), table
    ids = {d for d in result.added_paths}
    assert all(s.duplicate_of in ids for s in result.skipped)


def test_every_variant_parses_to_the_sections_of_its_txt(ingested):
    made, result, _, headings = ingested
    table = variant_table(made, result, headings)
    assert all(row["same_sections"] == row["files"] for row in table.values()), table


def test_the_scanned_variant_is_skipped_with_its_ocr_read(ingested):
    made, result, _, _ = ingested
    (scan,) = made["scan"]
    (entry,) = [s for s in result.skipped if Path(s.path) == scan]
    assert entry.duplicate_of and "同一篇报告" in entry.reason
