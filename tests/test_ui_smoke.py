"""`fazhi ui` started outside the project folder: a real headless streamlit server that answers its
health check, given the settings' upload limit and no file watcher on its command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from assistant.cli import library_commands as cli_library
from assistant.cli import main
from assistant.llm.fakes import closed_port

HEALTH_TIMEOUT = 60.0
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def _health(url: str) -> str:
    try:
        with _DIRECT.open(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_fazhi_ui_gives_streamlit_the_upload_limit_and_no_file_watcher(tmp_path, monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setattr(cli_library.subprocess, "call", lambda cmd, env: seen.append(cmd) or 0)
    monkeypatch.setenv("FAZHI_MAX_FILE_MB", "7")
    monkeypatch.chdir(tmp_path)  # where .streamlit/config.toml is not found
    assert main(["--data-dir", str(tmp_path / "data"), "ui", "--port", "8600"]) == 0
    assert _option(seen[0], "--server.maxUploadSize") == "7"
    assert _option(seen[0], "--server.fileWatcherType") == "none"
    assert _option(seen[0], "--server.address") == "127.0.0.1"


@pytest.mark.integration
def test_fazhi_ui_started_outside_the_project_folder_answers_health(tmp_path):
    port = closed_port()
    env = {**os.environ, "FAZHI_DATA_DIR": str(tmp_path / "data"), "FAZHI_EMBEDDING": "fake"}
    command = [sys.executable, "-m", "assistant.cli", "ui", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,  # `fazhi ui` waits on its streamlit child: stop both
    )  # fmt: skip
    try:
        deadline, answer = time.monotonic() + HEALTH_TIMEOUT, ""
        while time.monotonic() < deadline and server.poll() is None and answer != "ok":
            time.sleep(0.3)
            answer = _health(f"http://127.0.0.1:{port}/_stcore/health")
        assert answer == "ok", f"no health answer; exit code {server.poll()}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=10)[0].decode(errors="replace")
    assert "Traceback" not in output
