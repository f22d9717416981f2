"""The gazetteer's compact table (issue 21): built once into the cache dir, then read back whole."""

from __future__ import annotations

import pytest

from assistant.text import divisions


@pytest.fixture
def cached(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(divisions, "_cache_dir", None)
    divisions.use_cache_dir(tmp_path / "cache")
    divisions.gazetteer.cache_clear()
    yield tmp_path / "cache"
    divisions.gazetteer.cache_clear()


def test_the_first_use_writes_the_table_and_the_next_reads_the_same_divisions(cached, monkeypatch):
    first = divisions.gazetteer().divisions
    assert divisions.cache_file() is not None and divisions.cache_file().exists()
    divisions.gazetteer.cache_clear()
    monkeypatch.setattr(divisions, "_built_divisions", lambda: pytest.fail("built again"))
    assert divisions.gazetteer().divisions == first
    assert divisions.gazetteer().resolve("青川县司法局")


def test_a_damaged_table_is_built_again(cached):
    divisions.gazetteer()
    path = divisions.cache_file()
    path.write_text("[[", encoding="utf-8")
    divisions.gazetteer.cache_clear()
    assert len(divisions.gazetteer().divisions) > 40_000
    assert path.read_text(encoding="utf-8").startswith('[["')


def test_without_a_cache_dir_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(divisions, "_cache_dir", None)
    assert divisions.cache_file() is None
