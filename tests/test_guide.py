"""docs/使用说明.md: the clerk's guide, complete and shown in the app as safe Markdown."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.config import set_option
from streamlit.testing.v1 import AppTest

from assistant.llm.providers import PROVIDERS
from assistant.types import FINDING_KINDS
from tests.helpers import ROOT
from ui.views.guide_page import GUIDE, guide_markdown, guide_sections

TEXT = GUIDE.read_text(encoding="utf-8")


def test_the_guide_covers_the_three_jobs_the_providers_the_intranet_and_placeholders():
    headings = [h for h, _ in guide_sections(TEXT)]
    for topic in ("起草报告", "改写段落", "查找范例", "设置大模型", "内网", "检查结果", "【待补充】"):
        assert any(topic in h for h in headings), topic
    for name in ("DeepSeek", "通义千问", "智谱", "Kimi", "Ollama", "vLLM"):
        assert name in TEXT
    for provider in PROVIDERS:
        assert not provider.base_url or provider.base_url in TEXT, provider.name


# How the guide's table names each kind of finding (a new kind fails here until it is explained).
KIND_NAMES = {
    "name": "其他单位的名称", "year": "年份不对", "figure": "没有依据的数字", "placeholder": "待补充",
    "redaction": "脱敏标记", "structure": "结构", "length": "篇幅", "copy": "雷同", "incomplete": "不完整",
    "consistency": "前后不一致", "meeting": "未见于材料的会议", "document": "未见于材料的文件", "format": "格式",
    "unused_facts": "没有用到事实材料", "repeat": "重复的段落", "carryover": "去年承诺未回应", "advert": "广告或推销",
}  # fmt: skip


def test_every_kind_of_finding_is_explained_with_what_to_do():
    rows = [line for line in TEXT.split("\n") if line.startswith("| ") and line.count("|") == 4]
    for kind in FINDING_KINDS:
        if kind:
            assert kind in KIND_NAMES, f"finding kind {kind} is not in the guide"
            assert any(row.startswith(f"| {KIND_NAMES[kind]} |") for row in rows), kind


def test_images_and_html_in_the_guide_are_shown_as_text_never_loaded_or_run():
    safe = guide_markdown('看图 ![流程图](https://example.com/a.png) 和 <img src="x" onerror="alert(1)">')
    assert "example.com" not in safe and "（图：流程图）" in safe
    assert "<img" not in safe and "&lt;img" in safe


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    set_option("server.address", "127.0.0.1")
    st.cache_resource.clear()
    yield AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=30)
    st.cache_resource.clear()


def test_the_guide_page_shows_the_file_and_settings_links_to_it(app):
    at = app.run().switch_page("views/guide_page.py").run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert "## 九、怎样填写【待补充】" in shown and "deepseek-chat" in shown
    at = at.switch_page("views/settings_page.py").run()
    links = [e.proto.page for e in at.get("page_link")]
    assert "guide" in links
