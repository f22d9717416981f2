"""Copied text (雷同检测) against a real library (Chroma in tmp_path, fake embedder)."""

from __future__ import annotations

import json

import pytest

from assistant.checks import check_draft
from assistant.checks.copying import CopyIndex, IndexedDoc, TextCache, check_copies
from assistant.library.facade import Library
from assistant.types import Draft, DraftPart
from tests.helpers import SEEDS, make_settings

UNIT = "青川县司法局"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    lib = Library(make_settings(tmp_path_factory.mktemp("copy")))
    lib.add_paths(SEEDS)
    return lib


def _paragraph(index: int, min_chars: int = 100) -> str:
    lines = [line.strip() for line in SEEDS[0].read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line) >= min_chars][index]


def _draft(*paragraphs: str, unit: str = UNIT) -> Draft:
    return Draft(f"{unit}关于2024年法治政府建设情况的报告", unit, 2024, "imported",
                 (DraftPart("achievements", "", "\n".join(paragraphs)),))  # fmt: skip


def test_a_copied_paragraph_names_the_source_document_and_the_span(library: Library) -> None:
    copied = _paragraph(2)
    own = "我局组织干部集中学法6次，办理行政复议案件35件。"
    findings = [f for f in check_draft(_draft(own, copied), library=library) if f.kind == "copy"]
    [f] = findings
    source_doc = next(d for d in library.documents() if d.source == SEEDS[0].name)
    assert f.source is not None and f.source["doc_id"] == source_doc.id
    assert (f.source["title"], f.source["unit"], f.source["year"]) == (
        source_doc.title,
        source_doc.unit,
        source_doc.year,
    )
    assert (
        f.start >= len(own) + 1
        and len(f.source["text"]) >= 40
        and f.source["text"] in SEEDS[0].read_text("utf-8")
    )


def test_a_lightly_edited_copy_is_still_found(library: Library) -> None:
    edited = _paragraph(3).replace("，", "、", 2).replace("进一步", "")
    assert any(f.kind == "copy" for f in check_draft(_draft(edited), library=library))


def test_a_merely_similar_paragraph_is_not_a_copy(library: Library) -> None:
    similar = (
        "我局坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
        "全面推进严格规范公正文明执法，组织执法人员培训6次，办理行政复议案件35件。"
    )
    assert [f for f in check_draft(_draft(similar), library=library) if f.kind == "copy"] == []


def test_copying_ones_own_earlier_report_is_not_reported(library: Library) -> None:
    source_doc = next(d for d in library.documents() if d.source == SEEDS[0].name)
    findings = check_draft(_draft(_paragraph(2), unit=source_doc.unit), library=library)
    assert [f for f in findings if f.kind == "copy"] == []


def test_standard_phrases_shared_by_many_units_are_boilerplate() -> None:
    phrase = "深入学习贯彻习近平法治思想，全面推进依法行政，"
    docs = [
        (IndexedDoc(f"d{i}", f"报告{i}", f"第{i}单位", 2023), phrase + f"本单位第{i}项特色工作" * 5)
        for i in range(6)
    ]
    index = CopyIndex.build(docs)
    texts = dict((d.doc_id, t) for d, t in docs)
    draft = phrase + "我局组织学法6次，开展普法宣传18场，办理复议案件35件，审核文件12件。"
    assert check_copies([("achievements", draft)], index, TextCache(texts.get), lambda d: False) == []


def test_the_copy_index_is_persisted_per_library_revision(library: Library) -> None:
    check_draft(_draft(_paragraph(2)), library=library)
    manifest = json.loads(
        (
            library.settings.data_dir / "checks" / library.settings.collection_prefix / "manifest.json"
        ).read_text()
    )
    assert manifest["revision"] == library.store.revision
