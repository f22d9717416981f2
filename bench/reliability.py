"""Reliability harness: tried/failed counts per area, written to bench/results/reliability.json.

- fuzz: the seeded hostile corpus (bench/hostile_corpus.py, when present) through read → parse →
  chunk: non-domain exceptions, runs over budget, peak RSS;
- crash_points: `fazhi ingest` / `fazhi remove` killed after every step (bench/reliability_crash.py):
  lost / orphans / half per point;
- concurrency: 1 writer + 8 readers, threads and processes × embedded Chroma and a `chroma run`
  server (bench/reliability_concurrency.py): ops, errors, phantom/stale/lost answers per mode;
- llm_faults: every fault mode of the fake OpenAI server (bench/llm_faults.py, when present):
  mode → outcome;
- key, injection, markdown, disk_full, damaged_drafts: the safety probes of issue 20
  (bench/reliability_safety.py): the saved key sent elsewhere, planted instructions reaching a
  prompt, live markup in shown user data, a full disk during ingest, damaged drafts and files.

`python bench/reliability.py` runs everything at full size (100 s per concurrency mode);
`--quick` a seeded subset in well under a minute (what tests/test_reliability_bench.py runs)."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse
import importlib
import json
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import RESULTS

QUICK_CRASH_STEPS = ("add:chunks", "remove:record")
QUICK_FUZZ_COUNT = 84  # 4 of each of the corpus's 21 kinds
FULL_FUZZ_COUNT = 2000
QUICK_LLM_MODES = ("503-then-ok", "cut stream (no chunked encoding)", "think tags")
SAFETY_AREAS = ("key", "injection", "markdown", "disk_full", "damaged_drafts")
AREAS = ("fuzz", "crash_points", "concurrency", "llm_faults", *SAFETY_AREAS)
MODES = (("threads", "embedded"), ("processes", "embedded"), ("threads", "server"), ("processes", "server"))
QUICK_MODES = (("threads", "embedded", 8), ("processes", "embedded", 2))


def _plugin(name: str) -> Any | None:
    """A bench/ module another part of the project provides, or None while it does not exist."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def _guarded(area: Callable[[], dict]) -> dict:
    """An area that crashes is recorded as one failure, with its traceback's last lines."""
    started = time.perf_counter()
    try:
        result = area()
    except Exception:  # noqa: BLE001 - the harness reports, it does not stop
        result = {"tried": 1, "failed": 1, "error": traceback.format_exc()[-1500:]}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def fuzz(quick: bool, seed: int, count: int = 0) -> dict:
    module = _plugin("hostile_corpus")
    if module is None:
        return {"available": False, "tried": 0, "failed": 0, "note": "bench/hostile_corpus.py not present"}
    # quick: every kind a few times over, with the generators' smaller files (seconds, not minutes)
    count = count or (QUICK_FUZZ_COUNT if quick else FULL_FUZZ_COUNT)
    found = module.run(count=count, seed=seed, budget_s=30.0, quick=quick)
    failed = int(found.get("non_domain_exceptions", 0)) + int(found.get("over_budget", 0))
    return {"available": True, **found, "tried": int(found.get("tried", 0)), "failed": failed}


def crash_points(quick: bool) -> dict:
    import reliability_crash

    return reliability_crash.run(QUICK_CRASH_STEPS) if quick else reliability_crash.run()


def concurrency(quick: bool, seconds: float, seed: int) -> dict:
    import reliability_concurrency

    cells = QUICK_MODES if quick else tuple((m, s, 8) for m, s in MODES)
    modes = {}
    for mode, store, readers in cells:
        cell = reliability_concurrency.run_mode(mode, store, seconds, readers=readers, seed=seed)
        cell["failed"] = cell["errors"] + cell["phantom"] + cell["stale"] + cell["lost"]
        modes[cell["mode"]] = cell
    return {
        "tried": sum(c["reads"] + c["writes"] for c in modes.values()),
        "failed": sum(c["failed"] for c in modes.values()),
        "modes": modes,
    }


def llm_faults(quick: bool = False) -> dict:
    module = _plugin("llm_faults")
    if module is None:
        return {"available": False, "tried": 0, "failed": 0, "note": "bench/llm_faults.py not present"}
    # quick: a retried error, a cut stream and think tags, side by side (each is a CLI run)
    outcomes = module.run(QUICK_LLM_MODES, parallel=3) if quick else module.run()
    failed = sum(1 for o in outcomes.values() if not o.get("ok"))
    return {"available": True, "tried": len(outcomes), "failed": failed, "modes": outcomes}


def safety(name: str) -> dict:
    import reliability_safety

    return reliability_safety.AREAS[name]()


def run(
    quick: bool = False,
    seconds: float | None = None,
    seed: int = 0,
    areas_wanted: tuple[str, ...] = AREAS,
    fuzz_count: int = 0,
) -> dict:
    seconds = seconds if seconds is not None else (3.0 if quick else 100.0)
    runners: dict[str, Callable[[], dict]] = {
        "fuzz": lambda: fuzz(quick, seed, fuzz_count),
        "crash_points": lambda: crash_points(quick),
        "concurrency": lambda: concurrency(quick, seconds, seed),
        "llm_faults": lambda: llm_faults(quick),
        **{name: (lambda name=name: safety(name)) for name in SAFETY_AREAS},
    }
    areas = {name: _guarded(runners[name]) for name in AREAS if name in areas_wanted}
    return {
        "quick": quick,
        "seed": seed,
        "tried": sum(a["tried"] for a in areas.values()),
        "failed": sum(a["failed"] for a in areas.values()),
        **areas,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a seeded subset in well under a minute")
    parser.add_argument("--seconds", type=float, help="per concurrency mode (default 100, quick 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS / "reliability.json")
    parser.add_argument("--area", action="append", choices=AREAS, help="only this area (repeatable)")
    parser.add_argument(
        "--fuzz-count", type=int, default=0, help=f"hostile files (default {FULL_FUZZ_COUNT})"
    )
    args = parser.parse_args()
    result = run(args.quick, args.seconds, args.seed, tuple(args.area or AREAS), args.fuzz_count)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
