"""An empty library — new, emptied by removals, or with a damaged saved index — answers every
search with no hits instead of failing inside the index."""

import numpy as np
import pytest

from assistant.library.facade import Library
from assistant.search import PrecedentSearch, SearchFilters
from tests.helpers import SEEDS
from vectorstore.embeddings import FakeEmbedder
from vectorstore.index import ChunkIndex

FILTERS = [
    SearchFilters(),
    SearchFilters(sections=("achievements",)),
    SearchFilters(year_from=2020, year_to=2024, unit="县", levels=("县",)),
]


def _all_searches(search: PrecedentSearch) -> list[list]:
    results = []
    for filters in FILTERS:
        for mode in ("hybrid", "dense", "lexical"):
            results.append(search.search("行政执法", filters=filters, mode=mode))
            results.append(
                search.similar("严格规范公正文明执法，全面推行行政执法三项制度。", filters=filters, mode=mode)
            )
    return results


def test_a_new_empty_library_gives_no_hits_with_and_without_filters(library):
    assert _all_searches(PrecedentSearch(library)) == [[]] * 18


def test_a_library_emptied_by_removal_gives_no_hits_now_and_after_reopening(library):
    library.add_paths(SEEDS[:1])
    for doc in library.documents():
        library.remove(doc.id)
    assert _all_searches(PrecedentSearch(library)) == [[]] * 18
    reopened = Library(library.settings, FakeEmbedder())  # loads the saved empty index
    assert _all_searches(PrecedentSearch(reopened)) == [[]] * 18


@pytest.mark.parametrize("empty", [np.array([]), np.zeros((0,)), np.zeros((0, 384)), np.zeros((0, 0))])
def test_an_index_of_no_chunks_accepts_any_empty_vector_array(empty):
    index = ChunkIndex.build([], empty)
    assert len(index) == 0 and index.vectors.shape[0] == 0 and index.vectors.ndim == 2


def test_a_saved_index_whose_vectors_do_not_match_its_chunks_is_rebuilt(library, tmp_path):
    library.add_paths(SEEDS[:1])
    library.index()
    (saved,) = list((tmp_path).rglob("vectors.npy"))
    np.save(saved, np.array([], dtype=np.float32))  # damaged: no vectors for its chunks
    reopened = Library(library.settings, FakeEmbedder())
    assert reopened.index().vectors.shape == (len(library.index()), FakeEmbedder().dim)
    assert len(PrecedentSearch(reopened).search("行政执法", k=3, mode="dense")) == 3
