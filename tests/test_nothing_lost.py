"""Nothing lost in the page: parts saved as they arrive, precedents saved with the draft, the
sample library built once, ingest progress to a pipe (issue 20, point 7)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from assistant.cli.library_commands import line_progress
from assistant.drafts.store import DraftStore
from assistant.library.facade import EMBEDDING_MESSAGE, FILE_MESSAGE, Library
from assistant.llm.fakes import FakeOpenAIServer
from assistant.types import Chunk, DraftRequest, Hit
from tests.helpers import FACTS, ROOT, SEEDS, UNIT, app_data_dir, make_settings
from ui.partial import INTERRUPTED, PartialSaver

APP = str(ROOT / "ui" / "app.py")
REQUEST = DraftRequest(unit=UNIT, year=2024, level="县", facts=FACTS)


def test_parts_are_saved_as_they_arrive_and_the_finished_draft_replaces_that_version(tmp_path):
    store = DraftStore(tmp_path)
    saver = PartialSaver(store, REQUEST, "llm")
    for key, text in (("achievements", "学法6次。"), ("shortcomings", "仍有不足。")):
        saver.started(key, f"{key} 标题")
        saver.done(key, text)
    _, saved = store.load(saver.saved_id)
    assert [p.text for p in saved.parts] == ["学法6次。", "仍有不足。"] and saved.errors == (INTERRUPTED,)
    assert [v.reason for v in store.get(saver.saved_id).versions] == ["起草中"]
    store.save_version(saver.saved_id, saved.__class__(**{**saved.__dict__, "errors": ()}), "生成")
    assert [v.reason for v in store.get(saver.saved_id).versions] == ["生成"]


def test_precedents_are_saved_with_the_draft_and_read_back(tmp_path):
    store = DraftStore(tmp_path)
    saver = PartialSaver(store, REQUEST, "offline")
    saver.done("achievements", "正文。")
    chunk = Chunk("c1", "d1", "范例正文。", "《报告》", "某市", 2023, "achievements", ("一、",), 3, "市")
    store.save_precedents(saver.saved_id, {"achievements": [Hit(chunk, 0.5, ((0, 2),))]})
    assert store.precedents(saver.saved_id) == {"achievements": [Hit(chunk, 0.5, ((0, 2),))]}
    (store.root / saver.saved_id / "precedents.json").write_text("{", encoding="utf-8")
    assert store.precedents(saver.saved_id) == {}


def test_progress_lines_for_a_pipe_one_per_file_and_quarters_of_a_long_file():
    out = io.StringIO()
    report = line_progress(out)
    report(FILE_MESSAGE.format(name="大.txt"), 0, 2)
    for done in range(0, 401, 50):
        report(EMBEDDING_MESSAGE.format(name="大.txt"), done, 400)
    report(FILE_MESSAGE.format(name="小.txt"), 1, 2)
    lines = out.getvalue().splitlines()
    assert lines[0] == "[1/2] 正在处理《大.txt》" and lines[-1] == "[2/2] 正在处理《小.txt》"
    assert len(lines) == 2 + 5  # 0, 100, 200, 300 and 400 of 400 chunks


def test_make_library_builds_the_samples_once_and_a_removed_sample_stays_removed(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "FAZHI_EMBEDDING": "fake", "PYTHONPATH": str(ROOT)}
    bin_dir = os.path.dirname(sys.executable)  # the venv's fazhi
    make = ["make", "-s", "-o", "install", "library", f"DATA_DIR={data}", f"BIN={bin_dir}"]
    subprocess.run(make, cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    library = Library(make_settings(tmp_path))
    removed = library.documents()[0]
    library.remove(removed.id)
    del library
    again = subprocess.run(make, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=600)
    assert "已收录" not in again.stdout and (data / ".samples-added").is_file()
    assert removed.id not in {d.id for d in Library(make_settings(tmp_path)).documents()}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("nothing-lost"))
    Library(settings).add_paths(SEEDS)
    return settings.data_dir


@pytest.fixture
def data_dir(seeded, tmp_path, monkeypatch):
    yield from app_data_dir(monkeypatch, tmp_path, seeded)


def fill_and_generate(at: AppTest) -> AppTest:
    at.text_input(key="draft_unit").input(UNIT)
    at.text_input(key="draft_year").input("2024")
    at.text_area(key="draft_facts").input(FACTS)
    return at.button(key="draft_generate").click().run()


def test_after_a_reload_every_part_still_has_its_precedents(data_dir):
    at = fill_and_generate(AppTest.from_file(APP, default_timeout=60).run())
    assert not at.exception and len(DraftStore(data_dir).list()) == 1
    reloaded = AppTest.from_file(APP, default_timeout=60).run()
    shown = " ".join(c.value for c in reloaded.caption)
    assert "资料库中没有找到这一部分的范例" not in shown and "参考范例" in shown


def test_a_reload_during_drafting_reopens_the_parts_done_marked_interrupted_and_resumes(
    data_dir, monkeypatch
):
    saver = PartialSaver(DraftStore(data_dir), REQUEST, "llm")  # what the page saved before the reload
    for key, heading in (
        ("achievements", "一、2024年法治政府建设的主要举措和成效"),
        ("shortcomings", "二、存在的不足和原因"),
    ):
        saver.started(key, heading)
        saver.done(key, "全年组织集中学法6次。")
    with FakeOpenAIServer(["余下部分的正文。"]) as server:
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert any("起草中断" in e.value for e in at.error)
        at.button(key="draft_resume").click().run()
        assert not at.exception and len(server.chat_requests) >= 2
    _, draft = DraftStore(data_dir).load(saver.saved_id)
    assert len(draft.parts) == 4 and INTERRUPTED not in draft.errors
