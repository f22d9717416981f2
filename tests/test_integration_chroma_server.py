"""ingest / list / search / remove against a real `chroma run` server on 127.0.0.1."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import SEEDS

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma server did not start within 60 s")
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def _fazhi(tmp_path: Path, port: int, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "FAZHI_CHROMA_HOST": "127.0.0.1",
        "FAZHI_CHROMA_PORT": str(port),
        "FAZHI_EMBEDDING": "fake",
        "FAZHI_DATA_DIR": str(tmp_path / "local"),
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_ingest_list_search_remove_against_a_chroma_server(chroma_server, tmp_path):
    added = json.loads(_fazhi(tmp_path, chroma_server, "ingest", *map(str, SEEDS), "--json").stdout)["added"]
    assert len(added) == 5
    listed = json.loads(_fazhi(tmp_path, chroma_server, "list", "--json").stdout)
    assert sorted(d["id"] for d in listed) == sorted(d["id"] for d in added)
    assert not (tmp_path / "local" / "chroma").exists()  # the vectors live on the server
    hits = json.loads(_fazhi(tmp_path, chroma_server, "search", "行政复议", "--k", "3", "--json").stdout)
    assert len(hits) == 3 and all(h["doc_id"] in {d["id"] for d in added} for h in hits)
    filtered = _fazhi(tmp_path, chroma_server, "search", "宣传", "--section", "plans", "--json")
    assert {h["section"] for h in json.loads(filtered.stdout)} == {"plans"}
    removed = _fazhi(tmp_path, chroma_server, "remove", added[0]["id"])
    assert removed.returncode == 0
    listed = json.loads(_fazhi(tmp_path, chroma_server, "list", "--json").stdout)
    assert len(listed) == 4 and added[0]["id"] not in {d["id"] for d in listed}
