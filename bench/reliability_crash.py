"""Crash points of bench/reliability.py: `fazhi ingest` and `fazhi remove` are killed (SIGKILL,
through the CLI's FAZHI_TEST_CRASH_AT hook) after every step of a change; the library is then
reopened and audited:

- lost: a document that was in the library before the killed command and is not now;
- orphans: chunks without a document record left in Chroma, and hits of documents `list` does not
  show (visible orphans);
- half: a document record whose chunks are not all there;
- outcome: whether the document the command was changing is now fully present or fully gone.

Run alone: `python bench/reliability_crash.py`."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import json
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import ROOT, report_files

from assistant.library.facade import ADD_STEPS, REMOVE_STEPS, Library
from assistant.search import PrecedentSearch
from assistant.settings import Settings
from vectorstore.embeddings import FakeEmbedder

QUERIES = ("法治政府建设", "行政复议", "下一步工作")


def crash_runner(plan: list[list[str]]) -> list[int]:
    """Run each planned `fazhi` command in a child forked from this (single-threaded) process with
    FAZHI_TEST_CRASH_AT set; returns each child's wait status. Forking spares each killed command
    the interpreter's start-up (~4 s of imports); the child is still a real process killed by
    SIGKILL in the middle of its writes."""
    import threading

    from assistant.cli import main
    from assistant.cli.common import CRASH_VARIABLE
    from vectorstore.lexical import warm_up

    with tempfile.TemporaryDirectory() as cache:
        warm_up(Path(cache))  # jieba's dictionary loaded once, before forking
    assert threading.active_count() == 1, "fork only from a single-threaded process"
    statuses = []
    for step, *args in plan:
        pid = os.fork()
        if pid == 0:  # the child: the command as the CLI runs it, with the crash hook armed
            os.environ[CRASH_VARIABLE] = step
            os._exit(main(args))
        statuses.append(os.waitpid(pid, 0)[1])
    return statuses


def _run_plan(plan: list[list[str]]) -> list[int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env |= {"FAZHI_EMBEDDING": "fake", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, __file__, "--runner", json.dumps(plan)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def audit(data_dir: Path, before: set[str], target: str) -> dict:
    """Open the library (which finishes an interrupted change) and count the damage."""
    library = Library(Settings(data_dir=data_dir, embedding="fake"), FakeEmbedder())
    listed = {d.id: d for d in library.documents()}
    per_doc: dict[str, int] = {}
    for chunk, _ in library.store.iter_chunks():
        per_doc[chunk.doc_id] = per_doc.get(chunk.doc_id, 0) + 1
    search = PrecedentSearch(library, recheck_seconds=0)
    hits = {
        h.chunk.doc_id for q in QUERIES for m in ("hybrid", "dense") for h in search.search(q, 50, mode=m)
    }
    return {
        "lost": len(before - {target} - set(listed)),
        "orphans": len(set(per_doc) - set(listed)) + len(hits - set(listed)),
        "half": sum(1 for d in listed.values() if per_doc.get(d.id, 0) != d.chunks),
        "outcome": "present" if target in listed else "gone",
    }


def _library_with(folder: Path, files: list[Path]) -> dict[str, str]:
    library = Library(Settings(data_dir=folder, embedding="fake"), FakeEmbedder())
    return {d.source: d.id for d in library.add_paths(files).added}


def run(steps: tuple[str, ...] = ADD_STEPS + REMOVE_STEPS) -> dict:
    """Every step: a copy of a two-document library, the command killed there, the audit."""
    files = report_files(ROOT / "samples")
    with tempfile.TemporaryDirectory(prefix="fazhi-crash-") as tmp:
        work = Path(tmp)
        ids = _library_with(work / "template", files[:2])
        added_id = _library_with(work / "probe", files[2:3])[files[2].name]
        removed_id = ids[files[1].name]
        plan = []
        for step in steps:
            data_dir = work / step.replace(":", "_")
            shutil.copytree(work / "template", data_dir)
            command = ["ingest", str(files[2])] if step.startswith("add") else ["remove", removed_id]
            plan.append([step, "--data-dir", str(data_dir), *command])
        points = {}
        for (step, _, data_dir, *_), status in zip(plan, _run_plan(plan), strict=True):
            target = added_id if step.startswith("add") else removed_id
            killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            points[step] = {"killed": killed, **audit(Path(data_dir), set(ids.values()), target)}
    bad = [s for s, p in points.items() if not p["killed"] or p["lost"] or p["orphans"] or p["half"]]
    return {"tried": len(points), "failed": len(bad), "points": points}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--runner"]:
        print(json.dumps(crash_runner(json.loads(sys.argv[2]))))
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2))
