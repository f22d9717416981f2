"""`streamlit run ui/app.py` as a real headless server answers its health check."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from assistant.testing import closed_port
from tests.helpers import ROOT

HEALTH_TIMEOUT = 60.0
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def _health(url: str) -> str:
    try:
        with _DIRECT.open(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


@pytest.mark.integration
def test_headless_streamlit_server_answers_health(tmp_path):
    port = closed_port()
    env = {**os.environ, "FAZHI_DATA_DIR": str(tmp_path / "data"), "FAZHI_EMBEDDING": "fake"}
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"),
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline, answer = time.monotonic() + HEALTH_TIMEOUT, ""
        while time.monotonic() < deadline and server.poll() is None and answer != "ok":
            time.sleep(0.3)
            answer = _health(f"http://127.0.0.1:{port}/_stcore/health")
        assert answer == "ok", f"no health answer; exit code {server.poll()}"
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode(errors="replace")
    assert "Traceback" not in output
