"""Suite-wide guards (offline, no telemetry, no network except loopback) and the shared
`settings` / `library` fixtures."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.offline import go_offline

go_offline()
for _var in [v for v in os.environ if v.startswith("FAZHI_")]:
    del os.environ[_var]

import pytest  # noqa: E402

from assistant.settings import Settings  # noqa: E402
from tests.helpers import make_settings  # noqa: E402

if TYPE_CHECKING:
    from assistant.library.facade import Library

_LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
_real_connect = socket.socket.connect


def _host_of(address: object) -> str:
    if isinstance(address, tuple) and address:
        return str(address[0])
    return str(address)


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and _host_of(address) not in _LOOPBACK:
        raise RuntimeError(f"测试中禁止访问外部网络：{address!r}")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The test settings: data in tmp_path/data, the fake embedder."""
    return make_settings(tmp_path)


@pytest.fixture
def library(settings: Settings) -> Library:
    """An empty library on `settings` with a fresh FakeEmbedder (its call counts start at 0)."""
    # Imported here so that test modules which never open a library do not load chromadb.
    from assistant.library.facade import Library
    from vectorstore.embeddings import FakeEmbedder

    return Library(settings, FakeEmbedder())


@pytest.fixture(scope="module")
def library_of(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - returns a factory
    """A module-wide library factory: `library_of(paths)` → a fake-embedded Library holding those
    reports, in a folder of its own (for modules whose tests only read one library)."""
    from assistant.library.facade import Library
    from vectorstore.embeddings import FakeEmbedder

    def make(paths: list[Path], name: str = "lib") -> Library:
        made = Library(make_settings(tmp_path_factory.mktemp(name)), FakeEmbedder())
        made.add_paths(list(paths))
        return made

    return make


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    """`fazhi` in this process on tmp_path/data with the fake embedder: run(*args) → (exit code,
    stdout, stderr)."""
    from assistant.cli import main

    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    data_dir = tmp_path / "data"

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke
