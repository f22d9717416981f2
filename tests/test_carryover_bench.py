"""bench/carryover_eval.py runs with the fake embedder and accounts for every labelled promise."""

import json
import subprocess
import sys

from tests.helpers import ROOT


def test_the_carryover_bench_counts_every_promise_once():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "carryover_eval.py"), "fake"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["results"][0]
    assert result["embedder"] == "fake" and result["promises"] == sum(result["expected"].values())
    assert result["promises"] - result["right"] == len(result["wrong"])
