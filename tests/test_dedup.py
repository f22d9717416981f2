"""One document per report: the five seeds as .txt, as PDFs and .docx made by LibreOffice, and
in traditional characters are five documents; offices' reports filled into one template are not
merged; the signatures live in Chroma, so a new process still recognises a duplicate."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest

from assistant.library.facade import Library
from assistant.parsing.webclean import to_simplified
from tests.helpers import SEEDS
from vectorstore.embeddings import FakeEmbedder


def convert_all(sources: list[Path], suffix: str, out: Path) -> list[Path]:
    """The files as LibreOffice writes them (`soffice --headless --convert-to`), in one run."""
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "lo-profile").as_uri()
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", suffix]
        + ["--outdir", str(out), *map(str, sources)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    converted = [out / f"{s.stem}.{suffix}" for s in sources]
    assert done.returncode == 0 and all(p.is_file() for p in converted), done.stderr or done.stdout
    return converted


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    tmp = tmp_path_factory.mktemp("variants")
    return {
        "pdf": convert_all(SEEDS, "pdf", tmp / "pdf"),
        "docx": convert_all(SEEDS, "docx", tmp / "docx"),
    }


@pytest.mark.integration
def test_the_seeds_in_every_format_are_five_documents(library, variants):
    first = library.add_paths(SEEDS)
    again = library.add_paths(variants["pdf"] + variants["docx"])
    assert len(first.added) == 5 and again.added == [] and not again.failed
    kept = {d.id for d in first.added}
    assert len(again.skipped) == 10 and {s.duplicate_of for s in again.skipped} == kept
    seed_id = {Path(path).stem: doc_id for doc_id, path in first.added_paths.items()}
    assert all(s.duplicate_of == seed_id[Path(s.path).stem] for s in again.skipped)
    assert len(library.documents()) == 5


@pytest.mark.integration
def test_a_new_process_recognises_a_duplicate_from_the_stored_signature(settings, variants):
    Library(settings, FakeEmbedder()).add_paths(SEEDS[:2])
    reopened = Library(settings, FakeEmbedder())
    result = reopened.add_paths([variants["pdf"][1]])
    assert result.added == [] and result.skipped[0].duplicate_of
    assert reopened.store.get_document(result.skipped[0].duplicate_of).meta["minhash"]


def test_a_report_in_traditional_characters_is_the_same_report(library, tmp_path):
    text = SEEDS[2].read_text(encoding="utf-8")
    traditional = tmp_path / "traditional.txt"
    traditional.write_text(_to_traditional(text), encoding="utf-8")
    assert to_simplified(traditional.read_text(encoding="utf-8")) != traditional.read_text(encoding="utf-8")
    first = library.add_paths([SEEDS[2]])
    again = library.add_paths([traditional])
    assert again.added == [] and again.skipped[0].duplicate_of == first.added[0].id


def _to_traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


def test_one_template_filled_in_by_two_offices_is_two_documents(library, tmp_path):
    template = SEEDS[0].read_text(encoding="utf-8")
    ours = tmp_path / "ours.txt"
    theirs = tmp_path / "theirs.txt"
    ours.write_text(template.replace("省外事办", "甲县司法局").replace("山西", "甲省"), encoding="utf-8")
    theirs.write_text(template.replace("省外事办", "乙县司法局").replace("山西", "乙省"), encoding="utf-8")
    result = library.add_paths([ours, theirs])
    assert len(result.added) == 2 and result.skipped == []


def test_the_same_template_with_other_figures_is_another_report(library, tmp_path):
    text = SEEDS[4].read_text(encoding="utf-8")
    changed = re.sub(r"(?<!\d)(?!(?:19|20)\d\d)(\d+)", lambda m: str(int(m.group(1)) + 3), text)
    assert changed != text
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(changed, encoding="utf-8")
    result = library.add_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(result.added) == 2


def test_a_copy_with_ocr_errors_is_the_same_report(library, tmp_path):
    text = SEEDS[1].read_text(encoding="utf-8")
    rnd = random.Random(7)
    ocr = "".join(c if rnd.random() > 0.05 else rnd.choice("的一是了在人有") for c in text)  # 5 % misread
    assert ocr != text
    (tmp_path / "scan.txt").write_text(ocr, encoding="utf-8")
    first = library.add_paths([SEEDS[1]])
    again = library.add_paths([tmp_path / "scan.txt"])
    assert again.added == [] and again.skipped[0].duplicate_of == first.added[0].id
