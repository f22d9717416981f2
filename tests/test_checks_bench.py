"""perf.py's copy-check phase runs end to end at toy size and reports what it claims."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import ROOT


def test_perf_times_the_copy_check_and_finds_the_copied_paragraphs(tmp_path) -> None:
    out = tmp_path / "perf.json"
    args = [
        "--skip-ingest",
        "--scales",
        "",
        "--copy-scales",
        "200",
        "--queries",
        "10",
        "--out",
        str(out),
        "--growth-scales",
        "",
        "--startup-repeats",
        "0",
        "--skip-embedder",
    ]  # only the copy phase
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "perf.py"), *args], capture_output=True, text=True, cwd=ROOT,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    row = json.loads(out.read_text(encoding="utf-8"))["copy_check"]["200"]
    assert row["documents"] == 200 and row["fingerprints"] > 0 and row["check_ms"]["n"] == row["drafts"]
    found, planted = (int(n) for n in row["copied_paragraphs_found"].split("/"))
    assert planted == 3 * row["drafts"] and found >= planted * 0.8
