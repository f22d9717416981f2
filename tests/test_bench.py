"""The benchmarks run end to end at toy size (fake embedder, 500 synthetic chunks), and the
project's hard query set is what it claims to be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.types import SECTION_KEYS
from tests.helpers import ROOT, SEEDS, run_bench

BENCH = ROOT / "bench"
MODES = ("hybrid", "dense", "lexical")


@pytest.fixture(scope="module")
def eval_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tmp = tmp_path_factory.mktemp("eval")
    # a set in the shared set's format, so the test needs nothing outside the repository
    shared_like = tmp / "queries.jsonl"
    shared_like.write_text(
        '{"q": "行政复议工作", "must_contain": ["行政复议"]}\n'
        '{"q": "下一年度加强法治宣传教育", "section": "plans", "must_contain": ["宣传"]}\n',
        encoding="utf-8",
    )
    args = ("--queries", str(shared_like), "--queries", str(BENCH / "queries_hard.jsonl"))
    return run_bench(
        "eval_retrieval.py", "--embedding", "fake", *args, "--out", str(tmp / "eval.json"), timeout=120
    ), tmp / "eval.json"


@pytest.fixture(scope="module")
def perf_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tmp = tmp_path_factory.mktemp("perf")
    args = ("--scales", "500", "--quick", "--embedding", "fake", "--work-dir", str(tmp / "work"))
    return run_bench("perf.py", *args, "--out", str(tmp / "perf.json"), timeout=120), tmp / "perf.json"


def test_eval_reports_recall_and_mrr_for_three_modes_on_both_sets(eval_result):
    result, out = eval_result
    assert json.loads(out.read_text(encoding="utf-8")) == result
    assert len(result["sets"]) == 2 and "bench/queries_hard.jsonl" in result["sets"]
    assert result["library"]["documents"] == len(SEEDS) and result["library"]["chunks"] > 0
    for name, row in result["sets"].items():
        assert row["queries"] > 0 and set(row["modes"]) == set(MODES)
        for figures in row["modes"].values():
            assert set(figures) == {"recall@1", "recall@3", "recall@5", "mrr"}
            assert all(0.0 <= v <= 1.0 for v in figures.values())
            assert figures["recall@1"] <= figures["recall@3"] <= figures["recall@5"]
        assert set(result["hybrid_vs_best_single"][name]) == {"hybrid", "best_single", "ok"}


def test_perf_reports_ingestion_latencies_memory_and_rebuild(perf_result):
    result, out = perf_result
    assert json.loads(out.read_text(encoding="utf-8")) == result
    ingestion = result["ingestion"]
    assert ingestion["chars"] > 0 and ingestion["overhead_ratio"] > 0 and ingestion["e2e_chars_per_s"] > 0
    assert ingestion["reingest"]["embed_calls"] == 0 and ingestion["reingest"]["skipped"] == len(SEEDS)
    assert ingestion["query_embedding"]["p95_ms"] > 0
    scale = result["scales"]["500"]
    assert scale["build"]["count"] == 500 and scale["rebuild"]["chunks"] == 500
    assert scale["rebuild"]["from_store_s"] >= 0 and scale["rebuild"]["peak_rss_mb"] > 0
    serve = scale["serve"]
    assert serve["peak_rss_mb"] > 0 and serve["chunks"] == 500
    for name in ("hybrid", "hybrid_filtered", "chroma_raw", "chroma_where", "bm25_raw", "raw_sum"):
        assert 0 < serve["latency"][name]["p50_ms"] <= serve["latency"][name]["p95_ms"], name
    assert serve["ratios"]["hybrid_p95_vs_raw_sum_p95"] > 0
    assert all(isinstance(row["ok"], bool) for row in result["targets"].values())


def test_hard_queries_are_paraphrases_of_passages_in_the_samples():
    corpus = "".join(path.read_text(encoding="utf-8") for path in SEEDS)
    rows = [
        json.loads(line) for line in (BENCH / "queries_hard.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(rows) >= 20
    for row in rows:
        assert row["must_contain"], row
        assert any(s in corpus for s in row["must_contain"]), row
        assert not any(s in row["q"] for s in row["must_contain"]), row
        assert row.get("section", "plans") in SECTION_KEYS
