"""Concurrency matrix of bench/reliability.py: 1 writer (remove / re-add in a cycle) and N readers
(search in every mode, with and without filters, and list) on one library, as threads sharing one
`Library` (the UI's sessions) or as separate processes, against embedded Chroma or a `chroma run`
server. Every error is counted; every answer is checked against the writer's log:

- phantom: a hit whose text or document the library never held;
- stale: a hit or listed document that was removed before the read started and re-added only after
  it ended;
- lost: a document present for the whole read but missing from `list`.

Run alone: `python bench/reliability_concurrency.py --seconds 10 --mode threads --store embedded`."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse
import json
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchlib import ROOT, report_files

from assistant.library.facade import Library
from assistant.search import PrecedentSearch, SearchFilters
from assistant.settings import Settings
from vectorstore.embeddings import FakeEmbedder

QUERIES = ("行政复议", "法治政府建设", "合法性审核", "普法宣传", "行政执法", "下一步工作", "依法行政")
SECTIONS = ((), ("plans",), ("achievements",), ("shortcomings",))


def _settings(data_dir: Path, port: int | None) -> Settings:
    extra: dict[str, Any] = {"chroma_host": "127.0.0.1", "chroma_port": port} if port else {}
    return Settings(data_dir=data_dir, embedding="fake", **extra)


# --- the writer ------------------------------------------------------------------------------
def write_loop(library: Library, files: list[Path], seconds: float, seed: int) -> dict:
    """Remove and re-add the library's documents in turn; log when each one was absent."""
    rng = random.Random(seed)
    ids = {d.source: d.id for d in library.documents()}
    # (doc_id, remove started, remove done, re-add started, re-add done)
    absent: list[tuple[str, float, float, float, float]] = []
    ops = errors = 0
    messages: list[str] = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        path = rng.choice(files)
        doc_id = ids[path.name]
        try:
            removing = time.time()
            library.remove(doc_id)
            removed = time.time()
            time.sleep(rng.uniform(0.0, 0.2))
            started = time.time()
            library.add_paths([path])
            absent.append((doc_id, removing, removed, started, time.time()))
            ops += 2
        except Exception as exc:  # noqa: BLE001 - counting every failure is the point
            errors += 1
            messages.append(f"write: {exc.__class__.__name__}: {exc}"[:300])
    return {"ops": ops, "errors": errors, "messages": messages[:10], "absent": absent}


# --- a reader --------------------------------------------------------------------------------
def read_loop(library: Library, seconds: float, seed: int, recheck_seconds: float) -> dict:
    rng = random.Random(seed)
    search = PrecedentSearch(library, recheck_seconds=recheck_seconds)
    reads: list[dict] = []
    errors = 0
    messages: list[str] = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        started = time.time()
        try:
            if rng.random() < 0.2:
                listed = [d.id for d in library.documents()]
                reads.append({"t0": started, "t1": time.time(), "listed": listed})
                continue
            filters = SearchFilters(sections=rng.choice(SECTIONS))
            mode = rng.choice(("hybrid", "dense", "lexical"))
            hits = search.search(rng.choice(QUERIES), k=10, filters=filters, mode=mode)
            found = [[h.chunk.doc_id, h.chunk.text] for h in hits]
            reads.append({"t0": started, "t1": time.time(), "hits": found})
        except Exception as exc:  # noqa: BLE001 - counting every failure is the point
            errors += 1
            messages.append(f"read: {exc.__class__.__name__}: {exc}"[:300])
    return {"ops": len(reads) + errors, "errors": errors, "messages": messages[:10], "reads": reads}


def check_reads(reads: list[dict], absent: list, known_ids: set[str], known_texts: set[str]) -> dict:
    """Phantom, stale and lost answers, judged by the writer's log of absences."""
    by_doc: dict[str, list[tuple[float, float, float, float]]] = {}
    for doc_id, *times in absent:
        by_doc.setdefault(doc_id, []).append(tuple(times))  # type: ignore[arg-type]

    def gone_throughout(doc_id: str, t0: float, t1: float) -> bool:  # removed before, back after
        return any(removed <= t0 and t1 <= back for _, removed, back, _ in by_doc.get(doc_id, ()))

    def touched(doc_id: str, t0: float, t1: float) -> bool:  # being removed or re-added during it
        return any(removing <= t1 and t0 <= done for removing, _, _, done in by_doc.get(doc_id, ()))

    phantom = stale = lost = 0
    for read in reads:
        t0, t1 = read["t0"], read["t1"]
        for doc_id, text in read.get("hits", ()):
            phantom += doc_id not in known_ids or text not in known_texts
            stale += gone_throughout(doc_id, t0, t1)
        if "listed" in read:
            listed = set(read["listed"])
            stale += sum(gone_throughout(d, t0, t1) for d in listed)
            lost += sum(1 for d in known_ids - listed if not touched(d, t0, t1))
    return {"phantom": phantom, "stale": stale, "lost": lost}


# --- the two ways of running -----------------------------------------------------------------
def _seed_library(settings: Settings, files: list[Path]) -> tuple[set[str], set[str]]:
    library = Library(settings, FakeEmbedder())
    library.add_paths(files)
    ids = {d.id for d in library.documents()}
    texts = {c.text for c in library.index().chunks}
    return ids, texts


def run_threads(settings: Settings, files: list[Path], seconds: float, readers: int, seed: int) -> dict:
    library = Library(settings, FakeEmbedder())
    results: dict[str, dict] = {}

    def reader(n: int) -> None:
        results[f"r{n}"] = read_loop(library, seconds, seed + n, recheck_seconds=1.0)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    for t in threads:
        t.start()
    results["writer"] = write_loop(library, files, seconds, seed)
    for t in threads:
        t.join()
    return results


def run_processes(
    settings: Settings, files: list[Path], seconds: float, readers: int, seed: int, workdir: Path
) -> dict:
    def spawn(role: str, n: int) -> tuple[subprocess.Popen, Path]:
        out = workdir / f"{role}{n}.json"
        cmd = [sys.executable, __file__, "--worker", role, "--data-dir", str(settings.data_dir)]
        cmd += ["--seconds", str(seconds), "--seed", str(seed + n), "--out", str(out)]
        cmd += ["--port", str(settings.chroma_port)] if settings.chroma_host else []
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        return subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True), out

    workers = {f"r{n}": spawn("reader", n) for n in range(readers)}
    workers["writer"] = spawn("writer", 0)
    results: dict[str, dict] = {}
    for name, (proc, out) in workers.items():
        _, err = proc.communicate(timeout=seconds + 600)
        if proc.returncode == 0 and out.exists():
            results[name] = json.loads(out.read_text(encoding="utf-8"))
        else:  # a process that died counts as one error (its traceback's last line kept)
            results[name] = {"ops": 1, "errors": 1, "messages": [err.strip()[-300:]], "reads": []}
    return results


def worker_main(args: argparse.Namespace) -> None:
    settings = _settings(args.data_dir, args.port)
    library = Library(settings, FakeEmbedder())
    if args.worker == "writer":
        result = write_loop(library, report_files(ROOT / "samples"), args.seconds, args.seed)
    else:
        result = read_loop(library, args.seconds, args.seed, recheck_seconds=0.0)
    args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


@contextmanager
def chroma_server(path: Path):
    """A `chroma run` server on a free loopback port (as tests/test_integration_chroma_server.py)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    cmd = [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("chroma server did not start within 60 s") from None
                time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run_mode(mode: str, store: str, seconds: float, readers: int = 8, seed: int = 0) -> dict:
    """One cell of the matrix: ops, errors and wrong answers."""
    files = report_files(ROOT / "samples")
    with tempfile.TemporaryDirectory(prefix="fazhi-conc-") as tmp:
        workdir = Path(tmp)
        server = chroma_server(workdir / "server") if store == "server" else None
        port = server.__enter__() if server else None
        try:
            settings = _settings(workdir / "data", port)
            known_ids, known_texts = _seed_library(settings, files)
            if mode == "threads":
                results = run_threads(settings, files, seconds, readers, seed)
            else:
                results = run_processes(settings, files, seconds, readers, seed, workdir)
        finally:
            if server:
                server.__exit__(None, None, None)
    reads = [r for name, res in results.items() if name != "writer" for r in res.get("reads", [])]
    absent = results["writer"].get("absent", [])
    wrong = check_reads(reads, absent, known_ids, known_texts)
    messages = [m for res in results.values() for m in res.get("messages", [])]
    return {
        "mode": f"{mode}/{store}",
        "seconds": seconds,
        "readers": readers,
        "writes": results["writer"]["ops"],
        "reads": sum(res["ops"] for name, res in results.items() if name != "writer"),
        "searches": sum(1 for r in reads if "hits" in r),
        "errors": sum(res["errors"] for res in results.values()),
        **wrong,
        "messages": sorted(set(messages))[:8],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", choices=("reader", "writer"))
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--port", type=int)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=("threads", "processes"), default="threads")
    parser.add_argument("--store", choices=("embedded", "server"), default="embedded")
    parser.add_argument("--readers", type=int, default=8)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return
    print(
        json.dumps(run_mode(args.mode, args.store, args.seconds, args.readers, args.seed), ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
