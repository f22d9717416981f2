"""Orphans and half documents: never served, repaired on open or on the next index build, and
`remove` removes whatever exists under an id."""

import numpy as np
import pytest

from assistant.library.facade import Library
from assistant.library.files import expand_paths
from assistant.search import PrecedentSearch
from tests.helpers import ROOT, SEEDS
from vectorstore.embeddings import FakeEmbedder


@pytest.fixture
def library(library):
    """The shared library holding one report."""
    library.add_paths(SEEDS[:1])
    return library


def _orphan_chunks(library):
    """The chunks of SEEDS[1] written without their record, as a writer killed mid-add leaves them."""
    prepared = library.prepare(SEEDS[1])
    library.store.add_chunks(
        prepared.chunks, library.embedder.embed([c.text for c in prepared.chunks], "document")
    )
    return prepared


def _doc_ids_in_search(library):
    search = PrecedentSearch(library, recheck_seconds=0)
    return {
        h.chunk.doc_id
        for m in ("hybrid", "dense", "lexical")
        for h in search.search("法治政府建设", 50, mode=m)
    }


def test_chunks_without_a_record_are_never_served_and_removed_by_the_next_index_build(library):
    orphan = _orphan_chunks(library)
    library.store.bump_revision()  # as if another process wrote (the index must be rebuilt)
    assert orphan.doc_id not in _doc_ids_in_search(library)
    assert library.store.chunk_ids_of(orphan.doc_id) == []  # the build found them and removed them
    assert library.add_paths([SEEDS[1]]).added  # and the document can be ingested again


def test_remove_removes_chunks_whose_record_is_missing(library):
    orphan = _orphan_chunks(library)
    info = library.remove(orphan.doc_id)
    assert info.id == orphan.doc_id and info.title == orphan.title
    assert library.store.chunk_ids_of(orphan.doc_id) == []


def test_a_record_missing_some_chunks_is_rebuilt_from_its_own_text(library):
    doc = library.documents()[0]
    ids = library.store.chunk_ids_of(doc.id)
    library.store.chunks.delete(ids=ids[: len(ids) // 2])
    library.store.bump_revision()
    index = library.index()
    assert sum(1 for c in index.chunks if c.doc_id == doc.id) == doc.chunks
    assert len(library.store.chunk_ids_of(doc.id)) == doc.chunks


def test_opening_finishes_an_add_that_was_killed_before_its_record(library):
    orphan = _orphan_chunks(library)
    library.store.bump_revision(pending=f"add:{orphan.doc_id}")
    reopened = Library(library.settings, FakeEmbedder())
    assert reopened.store.pending() == "" and reopened.store.chunk_ids_of(orphan.doc_id) == []
    assert [d.id for d in reopened.documents()] == [d.id for d in library.documents()]


def test_opening_completes_a_remove_that_was_killed_midway(library):
    doc = library.documents()[0]
    library.store.bump_revision(pending=f"remove:{doc.id}")
    library.store.delete_record(doc.id)
    reopened = Library(library.settings, FakeEmbedder())
    assert reopened.documents() == [] and reopened.store.chunk_count() == 0


def test_a_saved_index_is_replaced_whole_and_old_states_pruned(library):
    first = library.index()
    library.add_paths(SEEDS[1:2])
    second = library.index()
    folders = [p for p in (library.settings.data_dir / "index").rglob("manifest.json")]
    assert len(folders) == 1 and len(second) > len(first)
    assert np.array_equal(Library(library.settings, FakeEmbedder()).index().vectors, second.vectors)


def test_a_folder_expands_to_its_reports_without_facts_or_readme():
    files = expand_paths([ROOT / "samples"])
    assert [f.name for f in files] == [s.name for s in SEEDS]
