"""Shared test builders (imported by test modules; fixtures live in conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = sorted(SAMPLES.glob("*.txt"))


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict = {"data_dir": tmp_path / "data", "embedding": "fake", **overrides}
    return Settings(**values)


FACTS = """- 今年组织全局干部集中学法6次，举办习近平法治思想专题讲座2场
- 审核规范性文件12件，合法性审核率100%
- 办理行政复议案件35件，行政机关负责人出庭应诉率100%
- 开展“谁执法谁普法”宣传活动18场
- 局长主持召开党组会专题研究法治建设4次，带头述法
- 存在不足：基层执法人员法治素养有待提高
- 下一步：深化行政执法协调监督工作体系建设
"""
UNIT = "某县司法局"


def app_data_dir(monkeypatch, tmp_path: Path, seeded: Path | None = None):  # noqa: ANN001, ANN201
    """The data folder a page test runs on (a generator for a fixture to `yield from`): a copy of
    `seeded` (or an empty folder) in tmp_path, the working folder and FAZHI_* pointing at it, the
    fake embedder, Streamlit bound to loopback and its resource cache cleared before and after."""
    import shutil

    import streamlit as st
    from streamlit.config import set_option

    own = tmp_path / "data"
    if seeded is not None:
        shutil.copytree(seeded, own)
    else:
        own.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FAZHI_DATA_DIR", str(own))
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    set_option("server.address", "127.0.0.1")
    st.cache_resource.clear()
    yield own
    st.cache_resource.clear()


def run_bench(script: str, *args: str, shared: Path | None = None, timeout: float | None = None) -> dict:
    """bench/<script> run as a user runs it (no FAZHI_* of ours; FAZHI_SHARED when given): its JSON."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    if shared is not None:
        env["FAZHI_SHARED"] = str(shared)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)
