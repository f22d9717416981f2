"""The pages in a clerk's language (AppTest, in-process): regenerating adds a version, versions are
compared inside the sentence, and an upload that never arrived is explained."""

from __future__ import annotations

from dataclasses import replace

import pytest
import streamlit as st
from streamlit.config import set_option
from streamlit.testing.v1 import AppTest

from assistant.drafts.store import DraftStore
from tests.helpers import FACTS, ROOT, UNIT

APP = str(ROOT / "ui" / "app.py")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    own = tmp_path / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FAZHI_DATA_DIR", str(own))
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    monkeypatch.delenv("FAZHI_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("FAZHI_LLM_MODEL", raising=False)
    set_option("server.address", "127.0.0.1")
    st.cache_resource.clear()
    yield own
    st.cache_resource.clear()


def generate(at: AppTest, facts: str = FACTS, *, as_new: bool = False) -> AppTest:
    at.text_input(key="draft_unit").input(UNIT)
    at.text_input(key="draft_year").input("2024")
    at.text_area(key="draft_facts").input(facts)
    at.checkbox(key="draft_save_as_new").set_value(as_new)
    return at.button(key="draft_generate").click().run()


def test_regenerating_the_same_unit_and_year_adds_a_version_unless_saved_as_new(data_dir):
    at = generate(AppTest.from_file(APP, default_timeout=30).run())
    at = generate(at, FACTS + "\n全年开展普法活动12场。")
    [saved] = DraftStore(data_dir).list()
    assert [v.reason for v in saved.versions] == ["生成", "生成"] and saved.source == "离线"
    generate(at, FACTS + "\n全年开展普法活动13场。", as_new=True)
    assert len(DraftStore(data_dir).list()) == 2


def test_two_versions_differing_by_one_character_show_that_character(data_dir):
    at = generate(AppTest.from_file(APP, default_timeout=30).run())
    store = DraftStore(data_dir)
    [saved] = store.list()
    draft = store.load(saved.id)[1]
    store.save_version(saved.id, replace(draft, preamble=draft.preamble + "甲"), "修改")
    at = at.switch_page("views/drafts_page.py").run()
    assert f"{UNIT} · 2024年 · 离线 · 最近修改" in " ".join(m.value for m in at.markdown)
    at.toggle(key=f"drafts_cmp_{saved.id}").set_value(True).run()
    [diff] = [h.proto.body for h in at.get("html") if '<div class="fazhi-diff">' in h.proto.body]
    assert "新增：</span>甲</ins>" in diff and "<del" not in diff.split("</p>", 1)[1]


def test_adding_to_the_library_with_nothing_uploaded_says_why_nothing_was_added(data_dir):
    at = AppTest.from_file(APP, default_timeout=30).run().switch_page("views/library_page.py").run()
    at.button[0].click().run()
    assert not at.exception
    assert any("没有收录任何文件" in w.value and "MB" in w.value for w in at.warning)
