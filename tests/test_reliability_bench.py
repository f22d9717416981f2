"""bench/reliability.py in its quick mode: every area reports, and nothing failed."""

import json
import os
import subprocess
import sys

from tests.helpers import ROOT


def test_the_quick_reliability_bench_finds_no_error_no_orphan_and_writes_its_json(tmp_path):
    out = tmp_path / "reliability.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "reliability.py"),
            "--quick",
            "--seconds",
            "2",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result) >= {"fuzz", "crash_points", "concurrency", "llm_faults"}
    assert result["failed"] == 0, json.dumps(result, ensure_ascii=False)[:3000]
    points = result["crash_points"]["points"]
    assert points and all(
        p["killed"] and p["orphans"] == p["half"] == p["lost"] == 0 for p in points.values()
    )
    modes = result["concurrency"]["modes"]
    assert {"threads/embedded", "processes/embedded"} <= set(modes)
    assert all(m["reads"] > 0 and m["writes"] > 0 and m["errors"] == 0 for m in modes.values())
    fuzz = result["fuzz"]
    assert fuzz["available"] and fuzz["tried"] == 84 and len(fuzz["by_kind"]) >= 19
    assert fuzz["non_domain_exceptions"] == fuzz["over_budget"] == 0
    llm = result["llm_faults"]
    assert llm["available"] and len(llm["modes"]) == 3 and all(o["ok"] for o in llm["modes"].values())
