"""Every format a clerk has, made by the real software inside the test: LibreOffice writes .doc,
.wps (Word 97 bytes, as Kingsoft WPS saves them), .odt, .rtf, PDF and re-saves auto-numbered
.docx; the reader must give the same sections as the seed's .txt."""

from __future__ import annotations

import difflib
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest

from assistant.errors import ReadError
from assistant.parsing.structure import parse_report
from assistant.readers import ReadOptions, read_file, read_path
from tests.format_files import REPORT_NUMBERING, add_list, num_pr, report_docx, scanned_pdf, soffice_convert
from tests.helpers import SEEDS

SEED = SEEDS[0]


def sections(text: str) -> list[tuple[str, str, str]]:
    return [(s.key, s.heading, s.text) for s in parse_report(text).sections]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """A seed saved by LibreOffice in each format (bench/formats.py does all five seeds)."""
    out = tmp_path_factory.mktemp("formats")
    return {fmt: soffice_convert([SEED], fmt, out / fmt) for fmt in ("doc", "wps", "odt", "rtf")}


@pytest.mark.parametrize("fmt", ["doc", "wps", "odt", "rtf"])
def test_libreoffice_saves_read_like_the_txt(made: dict[str, list[Path]], fmt: str) -> None:
    text = read_file(made[fmt][0])
    assert sections(text) == sections(read_file(SEED))
    assert text == read_file(SEED)


def test_wps_is_word97_bytes(made: dict[str, list[Path]]) -> None:
    assert made["wps"][0].read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_conversion_leaves_no_profile_or_temp_dir_behind(made: dict[str, list[Path]], tmp_path: Path) -> None:
    before = set(Path(tempfile.gettempdir()).glob("fazhi-soffice-*"))
    read_file(made["odt"][0])
    assert set(Path(tempfile.gettempdir()).glob("fazhi-soffice-*")) == before


def test_missing_libreoffice_names_the_package_and_save_as(
    made: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReadError) as info:
        read_file(made["doc"][0])
    assert "libreoffice-writer" in str(info.value) and "另存为" in str(info.value)


def test_auto_numbered_docx_resaved_by_libreoffice_parses_like_the_original(tmp_path: Path) -> None:
    original = report_docx(SEED.read_text(encoding="utf-8"), tmp_path / "auto.docx", REPORT_NUMBERING)
    (resaved,) = soffice_convert([original], "docx", tmp_path / "resaved")
    numbering = zipfile.ZipFile(resaved).read("word/numbering.xml").decode()
    assert "taiwaneseCountingThousand" in numbering  # LibreOffice's own name for 一、二、三
    assert sections(read_file(resaved)) == sections(read_file(original)) == sections(read_file(SEED))


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("chineseCounting", "%1、", ["一、甲", "二、乙", "三、丙"]),
        ("chineseCountingThousand", "%1、", ["一、甲", "二、乙", "三、丙"]),
        ("taiwaneseCountingThousand", "（%1）", ["（一）甲", "（二）乙", "（三）丙"]),
        ("ideographTraditional", "%1、", ["甲、甲", "乙、乙", "丙、丙"]),
        ("decimalEnclosedCircleChinese", "%1", ["①甲", "②乙", "③丙"]),
        ("decimal", "%1.", ["1.甲", "2.乙", "3.丙"]),
        ("decimal", "（%1）", ["（1）甲", "（2）乙", "（3）丙"]),
        ("chineseLegalSimplified", "%1、", ["壹、甲", "贰、乙", "叁、丙"]),
        ("decimalFullWidth", "%1．", ["１．甲", "２．乙", "３．丙"]),
    ],
)
def test_every_chinese_numbering_format_is_rendered(
    tmp_path: Path, fmt: str, text: str, expected: list[str]
) -> None:
    document = docx.Document()
    add_list(document, 97, [(fmt, text)])
    for item in ("甲", "乙", "丙"):
        document.add_paragraph(item)._p.get_or_add_pPr().append(num_pr(97, 0))
    document.save(tmp_path / "a.docx")
    assert read_file(tmp_path / "a.docx").split("\n") == expected


def test_libreoffice_pdf_keeps_wording_punctuation_and_sections(tmp_path: Path) -> None:
    source = report_docx(SEED.read_text(encoding="utf-8"), tmp_path / "seed.docx")
    (pdf,) = soffice_convert([source], "pdf", tmp_path / "pdf")
    text, expected = read_file(pdf), read_file(SEED)
    assert "\t" not in text
    assert text.count("“") == expected.count("“") and "“八五”" in text
    assert [s[:2] for s in sections(text)] == [s[:2] for s in sections(expected)]
    assert similarity(text, expected) >= 0.99


def _seed_excerpt(seed: Path, paragraphs: int) -> str:
    lines = read_file(seed).split("\n")
    return "\n".join(line[:160] for line in lines[:paragraphs])


def test_scanned_pdf_is_read_by_ocr_with_progress_and_a_warning(tmp_path: Path) -> None:
    excerpt = _seed_excerpt(SEED, 6)  # title, part 一, a paragraph, （一）… : one page
    (tmp_path / "excerpt.txt").write_text(excerpt, encoding="utf-8")
    source = report_docx(excerpt, tmp_path / "excerpt.docx")
    (pdf,) = soffice_convert([source], "pdf", tmp_path / "pdf")
    scan = scanned_pdf(pdf, tmp_path / "scan.pdf", dpi=150, pages=1)
    calls: list[tuple[str, int, int]] = []
    result = read_path(scan, options=ReadOptions(progress=lambda *call: calls.append(call)))
    assert any("OCR" in warning for warning in result.warnings)
    assert calls and calls[-1][1] == calls[-1][2] == 1
    assert [s[:2] for s in sections(result.text)] == [s[:2] for s in sections(excerpt)]
    assert similarity(result.text, excerpt) >= 0.90
