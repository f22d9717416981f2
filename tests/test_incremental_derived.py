"""Per-change work independent of library size (issue 21): the change log, the dedup fingerprints
and the checks' name and copy index follow the library one document at a time, and end where a
rebuild from every document ends."""

from __future__ import annotations

import pytest

from assistant.library.changes import ChangeLog
from assistant.types import LibraryChange
from tests.helpers import SEEDS


def test_the_change_log_gives_the_chain_between_two_revisions(tmp_path):
    log = ChangeLog(tmp_path / "changes.jsonl")
    log.append(LibraryChange(0, 2, "add", "a"))
    log.append(LibraryChange(2, 3, "edit", "a", meta={"unit": "甲县"}))
    log.append(LibraryChange(3, 5, "remove", "a", meta={"unit": "乙县"}, text="正文"))
    assert [c.kind for c in log.between(0, 5)] == ["add", "edit", "remove"]
    assert [c.doc_id for c in log.between(2, 3)] == ["a"] and log.between(5, 5) == []


def test_a_revision_moved_without_a_logged_change_breaks_the_chain(tmp_path):
    log = ChangeLog(tmp_path / "changes.jsonl")
    log.append(LibraryChange(0, 2, "add", "a"))
    log.append(LibraryChange(3, 5, "add", "b"))  # 2 → 3 happened elsewhere (a reindex)
    assert log.between(0, 5) is None and log.between(0, 2) is not None
    (tmp_path / "changes.jsonl").write_text("{cut short", encoding="utf-8")
    assert log.between(0, 2) is None


def test_every_change_of_the_library_is_logged_with_its_revisions(library):
    added = library.add_paths(SEEDS[:2]).added
    library.edit(added[0].id, unit="某某县司法局")
    library.remove(added[1].id)
    chain = library.changes.between(0, library.store.revision)
    assert [(c.kind, c.doc_id) for c in chain] == [
        ("add", added[0].id), ("add", added[1].id), ("edit", added[0].id), ("remove", added[1].id)
    ]  # fmt: skip
    assert chain[2].meta["unit"] == added[0].unit and chain[3].text


def _fresh(settings):  # noqa: ANN001, ANN202 - a new process's Library on the same data dir
    from assistant.library.facade import Library
    from vectorstore.embeddings import FakeEmbedder

    return Library(settings, FakeEmbedder())


def test_a_new_process_catches_up_on_fingerprints_without_reading_every_document(
    library, settings, monkeypatch
):
    library.add_paths(SEEDS[:2])
    later = _fresh(settings)
    later.add_paths(SEEDS[2:4])  # another process adds two more
    reader = _fresh(settings)
    monkeypatch.setattr(reader.store, "list_documents", lambda *a, **k: pytest.fail("read every document"))
    ids, _ = reader._signatures.stored(reader.store)
    monkeypatch.undo()
    assert len(ids) == 4 and sorted(ids) == sorted(d.id for d in reader.documents())


def test_a_copy_of_a_stored_report_is_still_found_after_catching_up(library, settings, tmp_path):
    library.add_paths(SEEDS[:2])
    _fresh(settings).add_paths(SEEDS[2:3])
    copy = tmp_path / "copy.txt"
    copy.write_text(SEEDS[2].read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
    result = _fresh(settings).add_paths([copy])
    assert not result.added and result.skipped[0].duplicate_of


def _view_state(view):  # noqa: ANN001, ANN202
    copies = view.copies
    postings = sorted(
        zip(copies.fp_hash.tolist(), (copies.docs[i].doc_id for i in copies.fp_doc), strict=True)
    )
    references = sorted(
        (r.doc_id, r.unit, r.year, sorted(r.names), sorted(r.quoted)) for r in view.references
    )
    names = sorted(map(tuple, view.names))
    spread = sorted((phrase, sorted(writers)) for phrase, writers in view.spread.items())
    return references, names, postings, sorted(copies.boiler.tolist()), spread


def _rebuilt(library):  # noqa: ANN001, ANN202
    from assistant.checks import library_view as module

    directory = library.settings.data_dir / "checks" / library.settings.collection_prefix
    return module._build(directory / "fresh", {"revision": -1}, library)


@pytest.mark.parametrize("change", ["add", "remove", "edit"])
def test_the_check_index_caught_up_by_one_change_equals_a_rebuild(library, settings, change, monkeypatch):
    from assistant.checks import library_view as module

    library.add_paths(SEEDS[:3])
    module.library_view(library)  # built and saved at this revision
    other = _fresh(settings)
    doc_id = other.documents()[0].id
    if change == "add":
        other.add_paths(SEEDS[3:5])
    elif change == "remove":
        other.remove(doc_id)
    else:
        other.edit(doc_id, unit="某某市人民政府")
    module._VIEWS.clear()
    monkeypatch.setattr(module, "_build", lambda *a: pytest.fail("rebuilt from every document"))
    caught_up = module.library_view(library)
    monkeypatch.undo()
    assert _view_state(caught_up) == _view_state(_rebuilt(library))


def test_the_check_index_is_rebuilt_when_the_log_cannot_say_what_changed(library):
    from assistant.checks import library_view as module

    library.add_paths(SEEDS[:2])
    module.library_view(library)
    library.changes.path.unlink()
    library.add_paths(SEEDS[2:3])
    module._VIEWS.clear()
    view = module.library_view(library)
    assert len(view.references) == 3 and view.manifest["revision"] == library.store.revision


def _copy_state(index):  # noqa: ANN001, ANN202
    from assistant.checks.copy_growth import as_full

    postings = sorted(zip(index.fp_hash.tolist(), (index.docs[i].doc_id for i in index.fp_doc), strict=True))
    values, counts = as_full(index.unit_grams)
    return postings, index.boiler.tolist(), dict(zip(values.tolist(), counts.tolist(), strict=True))


def test_the_copy_index_grown_through_its_saved_base_and_delta_equals_a_rebuild(tmp_path, monkeypatch):
    """Adds and removes, saved and loaded between changes (base memory-mapped, delta beside it),
    across a threshold the number of units moves and a compaction, end where a rebuild ends."""
    import numpy as np

    from assistant.checks import copy_growth
    from assistant.checks.copying import CopyIndex, IndexedDoc, boilerplate_units

    monkeypatch.setattr(copy_growth, "COMPACT_MIN", 300)
    rng = np.random.default_rng(3)
    phrases = [
        line for path in SEEDS for line in path.read_text(encoding="utf-8").split("。") if len(line) > 12
    ]
    docs = []
    for i in range(90):  # 72 units: past 60, boilerplate_units moves from 3 to 4; every fifth writes twice
        unit = f"第{i - i % 5 if i % 5 == 4 else i}号单位"
        text = "。".join(phrases[j] for j in rng.integers(len(phrases), size=6))
        docs.append((IndexedDoc(f"d{i:03d}", f"报告{i}", unit, 2024), text))
    texts = dict((d.doc_id, t) for d, t in docs)
    index = CopyIndex.build(docs[:55])
    present = docs[:55]
    generations, thresholds = set(), set()
    for step, (doc, text) in enumerate(docs[55:]):
        copy_growth.save_unit_grams(index, tmp_path)
        index.save(tmp_path, {"step": step})
        index = CopyIndex.load(tmp_path, {"step": step})
        assert copy_growth.load_unit_grams(index, tmp_path)
        generations.add(copy_growth.unit_grams(index).generation)
        index = copy_growth.add_document(index, doc, text, texts.get)
        present.append((doc, text))
        if step % 4 == 3:  # and take one out again
            gone, _ = present.pop(int(rng.integers(len(present))))
            index = copy_growth.remove_document(index, gone.doc_id, texts[gone.doc_id], texts.get)
        assert _copy_state(index) == _copy_state(CopyIndex.build(present)), step
        thresholds.add(boilerplate_units(len({d.unit for d in index.docs})))
    assert thresholds == {3, 4} and len(index.boiler)
    assert len(generations) > 1  # compacted on the way
    assert len(list(tmp_path.glob("grams.*.values.npy"))) == 1  # the older base was dropped


def test_a_report_removed_and_added_back_is_caught_up_without_reading_every_text(
    library, settings, monkeypatch
):
    """The view keeps the phrases it knew (counted) after their last quoting document is gone, so
    adding that report back reads its own text, not every document's; still what a rebuild gives."""
    from assistant.checks import library_view as module

    added = library.add_paths(SEEDS[:4]).added
    module.library_view(library)
    other = _fresh(settings)
    other.remove(added[0].id)
    module._VIEWS.clear()
    assert len(module.library_view(library).references) == 3
    assert module.quoted_phrases(SEEDS[0].read_text(encoding="utf-8"))  # it has phrases to spread
    other.add_paths([SEEDS[0]])
    module._VIEWS.clear()
    read: list[str] = []
    counted = module.phrase_spread

    def spy(phrases, texts):  # noqa: ANN001, ANN202
        texts = list(texts)
        read.extend(writer for writer, _ in texts)
        return counted(phrases, texts)

    monkeypatch.setattr(module, "phrase_spread", spy)
    caught_up = module.library_view(library)
    monkeypatch.undo()
    assert len(read) == 1
    assert _view_state(caught_up) == _view_state(_rebuilt(library))
