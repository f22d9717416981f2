"""Readers never fail because another thread or process writes: the derived index is saved
atomically, and a few seconds of 1 writer + readers against a Chroma server give no error and no
wrong answer (the bench runs 100 s of every mode; tests/test_reliability_bench.py the embedded ones)."""

import sys
import threading

import pytest

from tests.helpers import ROOT, SEEDS
from vectorstore.index import ChunkIndex

sys.path.insert(0, str(ROOT / "bench"))
import reliability_concurrency  # noqa: E402


def test_index_saves_and_loads_from_many_threads_never_fail_nor_see_a_partial_index(library, tmp_path):
    library.add_paths(SEEDS[:2])
    index = library.index()
    directory = tmp_path / "shared-index"
    failures: list[BaseException] = []
    loaded: list[int] = []

    def save_and_load(n: int) -> None:
        try:
            for round_ in range(5):
                manifest = {"revision": round_ * 8 + n % 3, "count": len(index)}
                index.save(directory, manifest)
                again = ChunkIndex.load(directory, manifest)
                if again is not None:
                    loaded.append(len(again))
        except BaseException as exc:  # noqa: BLE001 - any failure fails the test
            failures.append(exc)

    threads = [threading.Thread(target=save_and_load, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == [] and loaded and set(loaded) == {len(index)}
    assert not [p for p in directory.iterdir() if p.name.startswith(".tmp-")]


def test_a_half_written_index_folder_is_never_loaded(library, tmp_path):
    library.add_paths(SEEDS[:1])
    index = library.index()
    manifest = {"revision": 1, "count": len(index)}
    index.save(tmp_path / "i", manifest)
    (next((tmp_path / "i").glob("*/chunks.json"))).write_text("[[", encoding="utf-8")  # damaged
    assert ChunkIndex.load(tmp_path / "i", manifest) is None


@pytest.mark.integration
def test_threads_against_a_chroma_server_see_no_error_and_no_wrong_answer():
    cell = reliability_concurrency.run_mode("threads", "server", seconds=3.0, readers=4)
    assert cell["searches"] > 0 and cell["writes"] > 0
    assert (cell["errors"], cell["phantom"], cell["stale"], cell["lost"]) == (0, 0, 0, 0), cell["messages"]
