import shutil

import pytest

from assistant.errors import ConfigError
from assistant.library.facade import Library
from tests.helpers import SEEDS
from vectorstore.embeddings import FakeEmbedder


def test_ingesting_the_samples_adds_five_documents_with_chunks(library):
    result = library.add_paths(SEEDS)
    assert len(result.added) == 5 and not result.failed
    docs = library.documents()
    assert {d.id for d in docs} == {d.id for d in result.added}
    assert all(d.chunks > 3 and d.year in (2021, 2022, 2023) for d in docs)
    assert library.store.chunk_count() == sum(d.chunks for d in docs)


def test_reingesting_adds_nothing_and_embeds_nothing(library):
    library.add_paths(SEEDS)
    calls_before = library.embedder.calls
    again = library.add_paths(SEEDS)
    assert again.added == [] and len(again.skipped) == 5
    assert library.embedder.calls == calls_before


def test_same_text_as_gbk_and_utf8_is_one_document(library, tmp_path):
    text = SEEDS[1].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text.encode("gbk"))
    result = library.add_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(result.added) == 1 and len(result.skipped) == 1


def test_a_failing_file_leaves_the_library_unchanged_and_others_still_ingest(library, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.docx").write_bytes(b"not a zip at all")
    result = library.add_paths([tmp_path / "empty.txt", SEEDS[0], tmp_path / "broken.docx"])
    assert [d.id for d in result.added] == [library.documents()[0].id]
    assert {p.split("/")[-1] for p, _ in result.failed} == {"empty.txt", "broken.docx"}
    assert all("\u4e00" <= e[0] <= "\u9fff" or "《" in e for _, e in result.failed)


def test_a_store_failure_mid_commit_rolls_back_that_document(library, monkeypatch):
    def boom(doc):
        raise RuntimeError("disk full")

    monkeypatch.setattr(library.store, "put_document", boom)
    result = library.add_paths([SEEDS[0]])
    assert result.failed and not result.added
    assert library.store.chunk_count() == 0 and library.documents() == []


def test_remove_deletes_the_document_and_its_chunks(library):
    added = library.add_paths(SEEDS[:2]).added
    library.remove(added[0].id)
    assert [d.id for d in library.documents()] == [added[1].id]
    assert library.store.chunk_count() == added[1].chunks


def test_opening_with_another_embedder_refuses_and_names_reindex(settings):
    Library(settings, FakeEmbedder(64)).add_paths(SEEDS[:1])
    with pytest.raises(ConfigError, match="fazhi reindex"):
        Library(settings, FakeEmbedder(32))


def test_reindex_rebuilds_with_the_new_embedder(settings):
    before = Library(settings, FakeEmbedder(64)).add_paths(SEEDS[:2]).added
    count = Library(settings, FakeEmbedder(32), reindexing=True).reindex()
    reopened = Library(settings, FakeEmbedder(32))
    assert count == sum(d.chunks for d in before) == reopened.store.chunk_count()
    assert reopened.store.embedder_name == "fake:32"


def test_search_index_follows_the_library_and_is_rebuilt_when_missing(library):
    library.add_paths(SEEDS[:1])
    first = library.index()
    library.add_paths(SEEDS[1:2])
    second = library.index()
    assert len(second) == library.store.chunk_count() > len(first)
    assert second.lexical.ids == [c.id for c in second.chunks]
    shutil.rmtree(library.settings.data_dir / "index")
    library.derived.forget()
    rebuilt = library.index()
    assert [c.id for c in rebuilt.chunks] == [c.id for c in second.chunks]
    assert (rebuilt.vectors == second.vectors).all()


def test_a_saved_search_index_is_reused_by_a_new_process(settings):
    Library(settings, FakeEmbedder()).add_paths(SEEDS[:1])
    Library(settings, FakeEmbedder()).index()
    reopened = Library(settings, FakeEmbedder())
    calls = []
    reopened.store.iter_chunks = lambda **kw: calls.append(kw) or iter(())
    assert len(reopened.index()) > 0 and calls == []


def test_a_document_records_its_own_place_and_unit_names(library):
    added = library.add_paths([SEEDS[2]]).added  # 002: 高显镇
    names = library.document_names()[added[0].id]
    assert any("高显镇" in n for n in names)


def test_progress_is_reported_per_file_and_per_embedded_batch(library, monkeypatch):
    monkeypatch.setattr("assistant.library.facade.EMBED_BATCH", 4)
    events = []
    library.add_paths(SEEDS[:2], progress=lambda message, done, total: events.append((message, done, total)))
    files = [(d, t) for m, d, t in events if not m.startswith("正在向量化")]
    batches = [(m, d, t) for m, d, t in events if m.startswith("正在向量化")]
    assert files == [(0, 2), (1, 2), (2, 2)]
    chunks = [d.chunks for d in library.documents()]
    assert len(batches) == sum(-(-n // 4) for n in chunks)  # one event per batch of 4
    assert {t for _, _, t in batches} == set(chunks) and all(0 < d <= t for _, d, t in batches)
    assert SEEDS[0].name in batches[0][0]


def test_a_text_without_structure_is_one_other_section_with_a_warning(library, tmp_path):
    (tmp_path / "notes.txt").write_text(
        "本单位认真学习贯彻有关法律法规。组织开展学习培训活动。", encoding="utf-8"
    )
    result = library.add_paths([tmp_path / "notes.txt"])
    assert len(result.added) == 1 and result.added[0].sections == {"other": 1}
    assert result.warnings and "其他" in result.warnings[0][1]


def test_a_50_mb_file_is_refused_without_touching_the_library(library, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes("法治政府建设。".encode() * (50 * 1024 * 1024 // 21 + 1))
    result = library.add_paths([big])
    assert result.failed and "过大" in result.failed[0][1]
    assert library.documents() == []


def test_changes_made_by_another_process_are_seen_and_deleted_chunks_not_served(settings, library):
    import subprocess
    import sys

    from assistant.search import PrecedentSearch

    added = library.add_paths(SEEDS[:2]).added
    search = PrecedentSearch(library, recheck_seconds=0)
    assert added[0].id in {h.chunk.doc_id for h in search.search("法治建设", k=30)}
    script = (
        "import sys; from assistant.cli import main; d = sys.argv[1];"
        "main(['--data-dir', d, 'remove', sys.argv[2]]); main(['--data-dir', d, 'ingest', sys.argv[3]])"
    )
    env = {**__import__("os").environ, "FAZHI_EMBEDDING": "fake"}
    subprocess.run(
        [sys.executable, "-c", script, str(settings.data_dir), added[0].id, str(SEEDS[2])],
        check=True,
        env=env,
    )
    seen = {h.chunk.doc_id for h in search.search("法治建设", k=30)}
    dense = {h.chunk.doc_id for h in search.search("法治建设", k=30, mode="dense")}
    assert added[0].id not in seen | dense and len(library.documents()) == 2
    assert library.add_paths([SEEDS[3]]).added  # and this process can still write


def test_edit_updates_the_record_the_chunks_in_chroma_and_survives_reindex(settings, library):
    doc_id = library.add_paths([SEEDS[3]]).added[0].id
    info = library.edit(doc_id, unit="某区政府办公室", year=2021, level="部门", title="某区2021年报告")
    assert (info.unit, info.year, info.level, info.title) == (
        "某区政府办公室",
        2021,
        "部门",
        "某区2021年报告",
    )
    stored = library.store.chunks.get(where={"doc_id": doc_id}, include=["metadatas"])["metadatas"]
    assert {(m["unit"], m["year"], m["title"]) for m in stored} == {
        ("某区政府办公室", 2021, "某区2021年报告")
    }
    assert {(c.unit, c.level) for c in library.index().chunks} == {("某区政府办公室", "部门")}
    Library(settings, FakeEmbedder(), reindexing=True).reindex()
    reopened = Library(settings, FakeEmbedder())
    assert {(c.unit, c.year, c.level) for c in reopened.index().chunks} == {("某区政府办公室", 2021, "部门")}
    assert reopened.documents()[0].unit == "某区政府办公室"


def test_edit_of_an_unknown_document_or_a_bad_level_is_an_ingest_error(library):
    from assistant.errors import IngestError

    doc_id = library.add_paths([SEEDS[0]]).added[0].id
    with pytest.raises(IngestError, match="fazhi list"):
        library.edit("0" * 16, year=2022)
    with pytest.raises(IngestError, match="层级"):
        library.edit(doc_id, level="村委会")
    assert library.documents()[0].level == "部门"


def test_a_document_keeps_its_level_and_conversion_warning(library, tmp_path):
    import opencc

    traditional = tmp_path / "t.txt"
    traditional.write_text(
        opencc.OpenCC("s2t").convert(SEEDS[2].read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = library.add_paths([traditional])
    (doc,) = library.documents()
    assert doc.level == "乡镇" and any("繁体" in w for w in doc.warnings)
    assert any("繁体" in w for _, w in result.warnings)
    texts = "".join(c.text for c in library.index().chunks)
    assert "党委" in texts and "黨" not in texts and "鎮" not in texts  # searched in simplified characters
