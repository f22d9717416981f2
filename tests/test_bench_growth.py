"""Issue 21's benchmarks run end to end at toy size (fake embedder): start-up ratios with the
import sets, and growth (ingest, check after ingest, search) — their figures, not their speed."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.helpers import ROOT, SEEDS, run_bench

BENCH = ROOT / "bench"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A stand-in for /work/shared with the repository's five seeds and no dev split."""
    folder = tmp_path_factory.mktemp("shared")
    (folder / "seeds").mkdir()
    for path in SEEDS:
        shutil.copy(path, folder / "seeds" / path.name)
    return folder


def test_startup_reports_each_commands_ratio_to_importing_chromadb_and_what_it_imports(shared, tmp_path):
    out = tmp_path / "startup.json"
    args = ("--embedding", "fake", "--repeats", "1", "--commands", "help,list", "--out", str(out))
    result = run_bench("perf_startup.py", *args, shared=shared)
    assert json.loads(out.read_text(encoding="utf-8")) == result
    rows = result["commands"]
    assert set(rows) == {"import_chromadb", "help", "list"} and result["library"]["added"] == len(SEEDS)
    assert rows["help"]["ratio"] > 0 and rows["help"]["imports"] == []
    assert not {"chromadb", "jieba", "numpy", "docx"} & set(rows["list"]["imports"])  # the catalog
    assert set(result["targets"]) == {"help_ratio<=0.5", "list_ratio<=1.5"}


def test_scale_reports_ingest_check_and_search_against_an_empty_library(shared, tmp_path):
    out = tmp_path / "scale.json"
    result = run_bench(
        "perf_scale.py",
        "--scales",
        "20",
        "--repeats",
        "1",
        "--queries",
        "3",
        "--out",
        str(out),
        shared=shared,
    )
    row = result["scales"]["20"]
    assert row["documents"] == 20 and row["ingest_10"] > 0 and row["check_unchanged"] > 0
    assert row["ingest_ratio_to_empty"] > 0 and row["check_after_ingest_ratio"] > 0
    assert 0 < row["search"]["p50_ms"] <= row["search"]["p95_ms"]
    assert set(result["targets"]) == {"ingest_10_ratio<=1.2", "check_after_ingest_ratio<=1.5"}
