"""Seeded hostile corpus: ≥ 2,000 generated files of the kinds issue 11 lists, each pushed in-process
through read → parse_report → chunk_report. Counts non-domain exceptions (anything that is not an
AssistantError), runs over the per-file budget, garbage accepted as text, and peak RSS.

    python bench/hostile_corpus.py [--count 2000] [--seed 0] [--budget 30]

prints JSON and writes bench/results/hostile_corpus.json. tests/test_hostile_corpus.py runs a
small seeded subset (`quick=True`: smaller sizes) and asserts 0 non-domain exceptions.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from random import Random
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.errors import AssistantError  # noqa: E402
from assistant.parsing.chunking import chunk_report  # noqa: E402
from assistant.parsing.structure import parse_report  # noqa: E402
from assistant.readers import ReadOptions, read_path  # noqa: E402
from bench.hostile_files import KINDS, Materials  # noqa: E402

RESULTS = ROOT / "bench" / "results"


class _OverBudget(BaseException):
    """Raised by the alarm in a file that runs far past its budget (not an application error)."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _OverBudget


def process(path: Path, options: ReadOptions | None = None) -> str:
    """read → parse → chunk; returns "accepted" or "refused" (a domain error)."""
    try:
        text = read_path(path, options=options).text
        report = parse_report(text, path.name)
        chunk_report(report, "fuzz")
    except AssistantError:
        return "refused"
    return "accepted"


def run(
    count: int = 2000,
    seed: int = 0,
    budget_s: float = 30.0,
    quick: bool = False,
    options: ReadOptions | None = None,
    kinds: tuple[str, ...] = (),
) -> dict:
    """Generate `count` files (kinds in rotation, file i from Random(f"{seed}:{i}")) and run each
    with the reader `options`. A file still running at 3 × budget is interrupted (over budget)."""
    materials = Materials(quick=quick)
    by_kind: dict[str, dict[str, int]] = {}
    failures: list[str] = []
    slowest: list[tuple[float, str]] = []
    previous = signal.signal(signal.SIGALRM, _alarm)
    peak = _rss_mb()
    with tempfile.TemporaryDirectory(prefix="fazhi-hostile-") as tmp:
        for index in range(count):
            kind, make = KINDS[index % len(KINDS)]
            if kinds and kind not in kinds:
                continue
            rng = Random(f"{seed}:{index}")
            suffix, data = make(rng, materials)
            path = Path(tmp) / f"{index:05d}_{kind}{suffix}"
            path.write_bytes(data)
            stats = by_kind.setdefault(kind, {"tried": 0, "non_domain": 0, "over_budget": 0, "accepted": 0})
            stats["tried"] += 1
            outcome, seconds = _timed(path, budget_s, failures, options)
            stats["non_domain"] += outcome == "non_domain"
            stats["accepted"] += outcome == "accepted"
            stats["over_budget"] += seconds > budget_s
            if (rss := _rss_mb()) > peak:  # the peak rose during this file: blame its kind
                peak = stats["peak_rss_mb"] = rss
            slowest = sorted([*slowest, (seconds, path.name)], reverse=True)[:10]
            path.unlink()
    signal.signal(signal.SIGALRM, previous)
    return _summary(by_kind, failures, slowest, seed, budget_s)


def _rss_mb() -> int:
    """Peak RSS of this process so far; the kind during whose file it rose is the one to blame."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _timed(
    path: Path, budget_s: float, failures: list[str], options: ReadOptions | None
) -> tuple[str, float]:
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, 3 * budget_s)
    try:
        outcome = process(path, options)
    except _OverBudget:
        outcome = "interrupted"
        failures.append(f"{path.name}: interrupted after {3 * budget_s:.0f} s")
    except Exception as exc:  # the point of the corpus: any non-domain exception is a finding
        outcome = "non_domain"
        where = traceback.extract_tb(exc.__traceback__)[-1]
        failures.append(
            f"{path.name}: {type(exc).__name__}: {str(exc)[:120]} @ {Path(where.filename).name}:{where.lineno}"
        )
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome, time.perf_counter() - started


def _summary(
    by_kind: dict[str, dict[str, int]],
    failures: list[str],
    slowest: list[tuple[float, str]],
    seed: int,
    budget_s: float,
) -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "tried": sum(k["tried"] for k in by_kind.values()),
        "non_domain_exceptions": sum(k["non_domain"] for k in by_kind.values()),
        "over_budget": sum(k["over_budget"] for k in by_kind.values()),
        "accepted": sum(k["accepted"] for k in by_kind.values()),
        "peak_rss_mb": round(own, 1),
        "peak_child_rss_mb": round(children, 1),
        "budget_s": budget_s,
        "seed": seed,
        "by_kind": by_kind,
        "slowest": [f"{name}: {seconds:.2f} s" for seconds, name in slowest],
        "failures": failures[:100],
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument("--quick", action="store_true", help="smaller files (what the test runs)")
    parser.add_argument("--kind", action="append", default=[], help="only this kind (repeatable)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = run(args.count, args.seed, args.budget, quick=args.quick, kinds=tuple(args.kind))
    result["seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "hostile_corpus.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return result


Maker = Callable[[Random, Materials], tuple[str, bytes]]

if __name__ == "__main__":
    main()
