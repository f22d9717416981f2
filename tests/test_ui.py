"""The Streamlit UI driven in-process with AppTest, over a real library built from the samples."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.config import set_option
from streamlit.testing.v1 import AppTest

from assistant.library.facade import Library
from assistant.llm.fakes import FakeOpenAIServer, closed_port
from assistant.text.sections import SECTION_NAMES, standard_heading
from assistant.types import PART_KEYS
from tests.helpers import FACTS, ROOT, SEEDS, UNIT, make_settings

APP = str(ROOT / "ui" / "app.py")
REPLY = "依法行政工作稳步推进，重大行政决策程序严格落实。"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("ui"))
    Library(settings).add_paths(SEEDS)
    return settings.data_dir


@pytest.fixture
def app(data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stray .env
    own = tmp_path / "data"  # drafts and settings saved by one test stay out of the next
    shutil.copytree(data_dir, own)
    monkeypatch.setenv("FAZHI_DATA_DIR", str(own))
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    set_option("server.address", "127.0.0.1")  # as `fazhi ui` serves it: no password asked
    st.cache_resource.clear()
    yield AppTest.from_file(APP, default_timeout=30)
    st.cache_resource.clear()


def draft(at: AppTest, unit: str = UNIT, facts: str = FACTS) -> AppTest:
    at.run()
    at.text_input(key="draft_unit").input(unit)
    at.text_input(key="draft_year").input("2024")
    at.text_area(key="draft_facts").input(facts)
    return at.button(key="draft_generate").click().run()


def part_texts(at: AppTest) -> dict[str, str]:
    prefix = f"part_{at.session_state['draft_session'].version}_"
    return {ta.key.removeprefix(prefix): ta.value for ta in at.text_area if ta.key.startswith(prefix)}


def all_text(at: AppTest) -> str:
    """Everything the page sends to the browser, Markdown escapes removed."""
    found: list[str] = []

    def walk(node) -> None:
        if getattr(node, "proto", None) is not None:
            found.append(str(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return "\n".join(found).replace("\\", "")


def test_draft_page_makes_a_four_part_offline_draft_with_the_facts_and_findings(app):
    at = draft(app)
    assert not at.exception and not at.error
    assert "未配置大模型" in at.info[0].value
    headings = [h.value for h in at.subheader]
    assert all(standard_heading(k, 2024) in headings for k in PART_KEYS)
    texts = part_texts(at)
    assert "审核规范性文件12件" in texts["achievements"] and "35件" in texts["achievements"]
    assert "检查结果" in headings and any("待补充" in e.label for e in at.expander)
    assert any("这是离线草稿" in i.value and "目标约 2,500 字" in i.value for i in at.info)
    assert any("[S1]" in m.value.replace("\\", "") for m in at.markdown)  # precedents beside the parts
    assert len(at.get("download_button")) == 3


def test_draft_page_without_a_unit_shows_a_chinese_error_not_a_traceback(app):
    at = draft(app, unit="  ")
    assert not at.exception
    assert "请填写单位名称" in at.error[0].value
    assert "draft_session" not in at.session_state


def test_an_unreadable_facts_file_shows_a_chinese_error(app):
    app.run()
    app.text_input(key="draft_unit").input(UNIT)
    app.get("file_uploader")[0].set_value(("总结.docx", b"not a zip at all", "application/octet-stream"))
    at = app.button(key="draft_generate").click().run()
    assert not at.exception and "总结.docx" in at.error[0].value.replace("\\", "")


def test_an_uploaded_summary_is_appended_to_the_facts(app):
    app.run()
    app.text_input(key="draft_unit").input(UNIT)
    app.get("file_uploader")[0].set_value(
        ("总结.txt", "办理行政复议案件35件".encode("gb18030"), "text/plain")
    )
    at = app.button(key="draft_generate").click().run()
    assert "办理行政复议案件35件" in part_texts(at)["achievements"]


def test_edits_update_the_draft_and_recheck_finds_an_unsupported_figure(app):
    at = draft(app)
    key = f"part_{at.session_state['draft_session'].version}_achievements"
    at.text_area(key=key).input(at.text_area(key=key).value + "\n举办培训99场。").run()
    assert "培训99场" in at.session_state["draft_session"].draft.parts[0].text
    assert any("重新检查" in w.value for w in at.warning)
    at.button(key="draft_recheck").click().run()
    assert any("99场" in e.label for e in at.expander if "未出现在您提供的事实材料中" in e.label)


def test_search_page_returns_hits_and_honours_the_section_filter(app):
    at = app.run().switch_page("views/search_page.py").run()
    at.text_input(key="search_query").input("行政复议")
    at.multiselect(key="search_sections").select("plans")
    at.button(key="search_go").click().run()
    _, hits = at.session_state["search_hits"]
    assert hits and {h.chunk.section for h in hits} == {"plans"}
    assert sum(SECTION_NAMES["plans"] in c.value for c in at.caption) == len(hits)  # in words
    assert not any("相关度" in c.value for c in at.caption)  # no raw score


def test_search_page_with_an_empty_query_shows_a_chinese_error(app):
    at = app.run().switch_page("views/search_page.py").run()
    at.button(key="search_go").click().run()
    assert not at.exception and "查询内容为空" in at.error[0].value


def rewrite(at: AppTest, text: str, preset: str) -> AppTest:
    at.switch_page("views/rewrite_page.py").run()
    at.text_area(key="rw_text").input(text)
    at.selectbox(key="rw_preset").select(preset)
    at.text_input(key="rw_year").input("2024")
    return at.button(key="rw_go").click().run()


def test_rewrite_page_rebases_years_offline_and_shows_a_diff(app):
    at = rewrite(app.run(), "2022年，组织学法6次。明年将继续深化。", "改为Y年口径")
    assert not at.exception and not at.error
    assert any("2024年，组织学法6次" in m.value for m in at.markdown)
    diff = next(h.proto.body for h in at.get("html") if '<div class="fazhi-diff">' in h.proto.body)
    assert "删去：</span>2</del>" in diff and "新增：</span>4</ins>" in diff  # 2022 → 2024: one digit
    assert "年，组织学法6次。" in diff


def test_rewrite_page_says_an_llm_preset_needs_an_llm(app):
    at = rewrite(app.run(), "组织学法6次。", "精炼")
    assert not at.exception
    assert "需要大模型" in at.error[0].value
    assert any("（需要大模型）" in o for o in at.selectbox(key="rw_preset").options)


def test_a_rewritten_part_goes_back_into_the_draft(app):
    at = draft(app).switch_page("views/rewrite_page.py").run()
    at.selectbox(key="rw_source").select("achievements").run()
    at.selectbox(key="rw_preset").select("改为Y年口径")
    at.text_input(key="rw_year").input("2030")
    at.button(key="rw_go").click().run()
    at.button(key="rw_put_back").click().run()
    assert any("已放回草稿" in s.value for s in at.success)
    at.switch_page("views/draft_page.py").run()
    achievements = part_texts(at)["achievements"]
    assert "2030年组织全局干部集中学法6次" in achievements and "2024年" not in achievements


def test_settings_page_never_shows_the_api_key(app, monkeypatch):
    monkeypatch.setenv("FAZHI_LLM_API_KEY", "sk-secret-123")
    monkeypatch.setenv("FAZHI_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("FAZHI_LLM_MODEL", "deepseek-chat")
    at = app.run().switch_page("views/settings_page.py").run()
    assert not at.exception
    shown = all_text(at)
    assert "deepseek-chat" in shown and "**接口密钥**：已设置" in shown
    assert "sk-secret-123" not in shown


def test_settings_connection_test_reports_a_refused_connection_in_chinese(app, monkeypatch):
    monkeypatch.setenv("FAZHI_LLM_BASE_URL", f"http://127.0.0.1:{closed_port()}/v1")
    monkeypatch.setenv("FAZHI_LLM_MODEL", "m")
    monkeypatch.setenv("FAZHI_LLM_MAX_RETRIES", "0")
    at = app.run().switch_page("views/settings_page.py").run()
    at.button(key="settings_test_llm").click().run()
    assert not at.exception and "连接被拒绝" in at.error[0].value


def test_library_page_lists_the_documents(app):
    at = app.run().switch_page("views/library_page.py").run()
    assert not at.exception and any(h.value.startswith("已收录 5 篇文档，共") for h in at.subheader)
    assert len(at.dataframe[0].value) == 5


def test_llm_mode_streams_the_models_reply_into_each_part(app, monkeypatch):
    with FakeOpenAIServer([REPLY]) as server:
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        at = draft(app)
        assert "已设置大模型：fake-model" in at.success[0].value.replace("\\", "")
        assert len(server.chat_requests) == 4
    texts = part_texts(at)
    assert all(REPLY in texts[k] for k in PART_KEYS)
    assert at.session_state["draft_session"].draft.mode == "llm"


def test_offline_checkbox_drafts_without_calling_the_configured_llm(app, monkeypatch):
    with FakeOpenAIServer([REPLY]) as server:
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        app.run().checkbox(key="draft_offline").check()
        at = draft(app)
        assert not server.chat_requests
    assert at.session_state["draft_session"].draft.mode == "offline"


def test_after_a_failed_llm_call_resume_drafts_only_the_missing_parts(app, monkeypatch):
    with FakeOpenAIServer([REPLY]) as server:
        server.script = ["ok", "ok", "500"]
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        monkeypatch.setenv("FAZHI_LLM_MAX_RETRIES", "0")
        at = draft(app)
        kept = at.session_state["draft_session"].draft
        assert [p.key for p in kept.parts] == ["achievements", "shortcomings"] and kept.errors
        assert any("500" in e.value for e in at.error)
        at.button(key="draft_resume").click().run()
        assert len(server.chat_requests) == 3 + 2
    resumed = at.session_state["draft_session"].draft
    assert [p.key for p in resumed.parts] == list(PART_KEYS) and not resumed.errors


def test_rewrite_refuses_a_year_outside_1990_to_2100_in_words(app):
    at = app.run().switch_page("views/rewrite_page.py").run()
    at.text_area(key="rw_text").input("2022年，组织学法6次。")
    at.selectbox(key="rw_preset").select("改为Y年口径")
    at.text_input(key="rw_year").input("1800")
    at.button(key="rw_go").click().run()
    assert not at.exception and "年度 1800 超出范围：请填写 1990–2100" in at.error[0].value
    assert not [h for h in at.get("html") if '<div class="fazhi-diff">' in h.proto.body]


def test_search_refuses_a_year_outside_1990_to_2100_and_filters_by_level(app):
    at = app.run().switch_page("views/search_page.py").run()
    at.text_input(key="search_query").input("行政复议")
    at.text_input(key="search_year_from").input("1800")
    at.button(key="search_go").click().run()
    assert not at.exception and "起始年度 1800 超出范围" in at.error[0].value
    assert not any(s.value.startswith("“行政复议”：") for s in at.subheader)
    at.text_input(key="search_year_from").input("")
    at.multiselect(key="search_levels").select("乡镇")
    at.button(key="search_go").click().run()
    assert not at.error and any(s.value.startswith("“行政复议”：") for s in at.subheader)
    hits = at.session_state["search_hits"][1]
    assert hits and {h.chunk.unit for h in hits} == {"高显镇"}  # the one 乡镇 report of the seeds
