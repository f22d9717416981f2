"""The 对照表 on the 起草报告 page: last year's report found in the library, each promise with its
status, and the 纲要 areas part 一 leaves out (AppTest, in-process)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.config import set_option
from streamlit.testing.v1 import AppTest

from assistant.library.facade import Library
from tests.helpers import ROOT, make_settings

APP = str(ROOT / "ui" / "app.py")
CASE = Path(__file__).parent / "fixtures" / "carryover"
FACTS = (CASE / "county_bureau_2024_facts.txt").read_text(encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    settings = make_settings(tmp_path)
    Library(settings).add_paths([CASE / "county_bureau_2023.txt"])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FAZHI_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    set_option("server.address", "127.0.0.1")
    st.cache_resource.clear()
    yield settings.data_dir
    st.cache_resource.clear()


def _drafted(use_previous: bool = True) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="draft_unit").input("某县司法局")
    at.text_input(key="draft_year").input("2024")
    at.text_area(key="draft_facts").input(FACTS)
    if not use_previous:
        at.checkbox(key="draft_use_previous").uncheck()
    return at.button(key="draft_generate").click().run()


def test_the_page_shows_last_years_promises_found_in_the_library(data_dir):
    at = _drafted()
    assert not at.exception
    assert "去年承诺对照表" in [s.value for s in at.subheader]
    labels = [e.label for e in at.expander]
    assert any("未见回应｜开展突发事件应急演练" in label for label in labels)
    assert any("已回应｜推进公共法律服务平台建设" in label for label in labels)
    assert any("已自动对照资料库中的上一年度报告" in c.value for c in at.caption)
    assert any("突发事件应对体系" in m.value for m in at.markdown)


def test_unticking_the_box_drafts_without_last_years_report(data_dir):
    at = _drafted(use_previous=False)
    assert not at.exception and "去年承诺对照表" not in [s.value for s in at.subheader]
