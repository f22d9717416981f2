"""The exported .docx renders with LibreOffice: the text is there and the page count fits the
GB/T 9704 grid of 22 lines × 28 characters."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from assistant.drafts.export import to_docx
from assistant.text.sections import standard_heading, standard_title
from assistant.types import PART_KEYS, Draft, DraftPart

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) 未安装：apt-get install libreoffice-writer（Debian 包 libreoffice-writer）",
    ),
]

UNIT = "某县司法局"
YEAR = 2024
# 35 characters: one and a quarter lines of 28 characters.
SENTENCE = "坚持依法行政，规范权力运行，推动法治政府建设各项任务落地落实见效。"
BODY_MARKER = "（一）坚持高位推动，加强法治建设组织领导。"


def long_draft() -> Draft:
    """About 3000 characters: 4 headings and 20 paragraphs of 4 sentences each."""
    parts = []
    for key in PART_KEYS:
        paragraphs = [f"（{n}）第{n}项工作稳步推进。" + SENTENCE * 4 for n in "一二三四五"]
        if key == "achievements":
            paragraphs[0] = BODY_MARKER + SENTENCE * 4
        parts.append(DraftPart(key=key, heading=standard_heading(key, YEAR), text="\n".join(paragraphs)))
    return Draft(
        title=standard_title(UNIT, YEAR),
        unit=UNIT,
        year=YEAR,
        mode="offline",
        parts=tuple(parts),
        date="2025年1月15日",
        preamble="2024年，我局在县委、县政府的坚强领导下扎实推进法治政府建设。现将有关情况报告如下：",
    )


def expected_lines(draft: Draft) -> int:
    """Grid lines the draft fills: each paragraph rounded up to whole 28-character lines (the first
    line holds 26 after the indent), plus title, the empty lines and the issuer block."""
    paragraphs = [draft.preamble]
    for part in draft.parts:
        paragraphs += [part.heading, *part.text.split("\n")]
    body = sum(math.ceil((len(text) + 2) / 28) for text in paragraphs)
    return body + 2 + 1 + 2  # title (2 lines at 22 pt) + empty line, empty line, unit + date


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Draft]:
    tmp = tmp_path_factory.mktemp("pdf")
    draft = long_draft()
    source = to_docx(draft, tmp / "report.docx")
    profile = (tmp / "lo-profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = tmp / "report.pdf"
    assert result.returncode == 0 and output.is_file(), result.stderr or result.stdout
    return output, draft


def test_pdf_contains_title_and_body_text(pdf: tuple[Path, Draft]) -> None:
    path, draft = pdf
    reader = PdfReader(path)
    pages = ["".join(page.extract_text().split()) for page in reader.pages]
    text = "".join(pages)
    # Without any CJK font LibreOffice draws boxes and the text cannot be extracted.
    assert text.startswith(draft.title), "没有中文字体？apt-get install fonts-wqy-zenhei（或 fonts-noto-cjk）"
    assert BODY_MARKER in text
    assert standard_heading("plans", YEAR) in text
    assert pages[-1].endswith(f"{UNIT}2025年1月15日—{len(pages)}—")


def test_every_page_ends_with_its_page_number(pdf: tuple[Path, Draft]) -> None:
    reader = PdfReader(pdf[0])
    for number, page in enumerate(reader.pages, start=1):
        assert "".join(page.extract_text().split()).endswith(f"—{number}—")


def test_pdf_page_count_matches_the_22_line_grid(pdf: tuple[Path, Draft]) -> None:
    path, draft = pdf
    characters = len(draft.preamble) + sum(len(p.heading) + len(p.text) for p in draft.parts)
    assert 2800 <= characters <= 3400
    pages = len(PdfReader(path).pages)
    estimate = math.ceil(expected_lines(draft) / 22)
    assert 5 <= pages <= 8
    assert estimate - 1 <= pages <= estimate + 1


def test_pdf_pages_are_a4(pdf: tuple[Path, Draft]) -> None:
    box = PdfReader(pdf[0]).pages[0].mediabox
    assert float(box.width) == pytest.approx(210 / 25.4 * 72, abs=2)
    assert float(box.height) == pytest.approx(297 / 25.4 * 72, abs=2)
