"""The readers' warnings and progress reach the library: an OCR'd scan is stored with its
warning (DocumentInfo, `fazhi list --json`), and ingest hears of every OCR page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.library.facade import FILE_MESSAGE, Library
from assistant.readers import read_file
from tests.format_files import report_docx, scanned_pdf, soffice_convert
from tests.helpers import SEEDS
from vectorstore.embeddings import FakeEmbedder


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page image-only PDF of the start of a seed (LibreOffice, then pdftoppm)."""
    folder = tmp_path_factory.mktemp("scan")
    excerpt = "\n".join(line[:160] for line in read_file(SEEDS[0]).split("\n")[:6])
    (pdf,) = soffice_convert([report_docx(excerpt, folder / "excerpt.docx")], "pdf", folder / "pdf")
    return scanned_pdf(pdf, folder / "扫描件.pdf", dpi=150, pages=1)


def test_a_scanned_pdf_is_stored_with_its_ocr_warning_and_ocr_pages_are_reported(library, scan):
    calls: list[tuple[str, int, int]] = []
    result = library.add_paths([scan], progress=lambda *call: calls.append(call))
    assert [d.source for d in result.added] == ["扫描件.pdf"] and not result.failed
    assert any("OCR" in w for w in result.added[0].warnings)
    assert any("OCR" in w for _, w in result.warnings)
    ocr_calls = [c for c in calls if "识别" in c[0]]  # each page, then "文字识别完成"
    assert ocr_calls[0] == ("正在识别《扫描件.pdf》第 1 页（OCR）", 0, 1) and ocr_calls[-1][1:] == (1, 1)
    first_file = calls.index((FILE_MESSAGE.format(name="扫描件.pdf"), 0, 1))
    assert first_file < calls.index(ocr_calls[0])
    reopened = Library(library.settings, FakeEmbedder())
    assert any("OCR" in w for w in reopened.documents()[0].warnings)


def test_list_json_shows_the_ocr_warning(tmp_path, scan, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "ingest", str(scan), "--json"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert any("OCR" in w for w in row["warnings"])


def test_reader_warnings_come_before_the_parsers_and_are_not_repeated(library):
    import opencc

    traditional = opencc.OpenCC("s2t").convert(SEEDS[1].read_text(encoding="utf-8"))
    parsed_alone = library.prepare_text(traditional, "a.txt").report.warnings
    assert parsed_alone  # the parser marks the conversion to simplified characters
    reader = "正文由 OCR 识别，请核对"
    prepared = library.prepare_text(traditional, "a.txt", warnings=(reader, parsed_alone[0]))
    assert prepared.report.warnings == (reader, *parsed_alone)
    info = library.commit(prepared)
    assert library.documents()[0].warnings == info.warnings == (reader, *parsed_alone)
