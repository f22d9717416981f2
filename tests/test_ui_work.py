"""The UI keeps the clerk's work and refuses bad input in Chinese (AppTest, in-process, fast)."""

from __future__ import annotations

import logging
import os
import stat

import pytest
from streamlit.config import set_option
from streamlit.testing.v1 import AppTest

from assistant.compose.drafter import Drafter
from assistant.drafts.store import DraftStore
from assistant.library.facade import Library
from assistant.limits import MAX_FACT_CHARS
from assistant.llm.fakes import FakeOpenAIServer
from assistant.user_config import config_path, read_config
from tests.helpers import FACTS, ROOT, SEEDS, UNIT, app_data_dir, make_settings

APP = str(ROOT / "ui" / "app.py")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("ui-work"))
    Library(settings).add_paths(SEEDS)
    return settings.data_dir


@pytest.fixture
def data_dir(seeded, tmp_path, monkeypatch):
    yield from app_data_dir(monkeypatch, tmp_path, seeded)


def new_tab() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30).run()


def fill(at: AppTest, unit: str = UNIT, year: str = "2024", facts: str = FACTS) -> AppTest:
    at.text_input(key="draft_unit").input(unit)
    at.text_input(key="draft_year").input(year)
    at.text_area(key="draft_facts").input(facts)
    return at.button(key="draft_generate").click().run()


def test_a_year_outside_1990_to_2100_is_refused_in_words_and_nothing_is_drafted(data_dir):
    at = fill(new_tab(), year="1800")
    assert not at.exception
    assert "年度 1800 超出范围" in at.error[0].value and "1990–2100" in at.error[0].value
    assert "draft_session" not in at.session_state


def test_facts_over_the_limit_are_refused_with_the_limit_named(data_dir):
    at = fill(new_tab(), facts="办理行政复议案件35件。\n" * (MAX_FACT_CHARS // 10))
    assert not at.exception and f"超过上限 {MAX_FACT_CHARS:,} 字" in at.error[0].value
    assert "draft_session" not in at.session_state


def test_empty_facts_are_drafted_only_after_saying_it_will_be_all_placeholders(data_dir):
    at = fill(new_tab(), facts="")
    assert "全部标注【待补充】" in at.warning[0].value and "draft_session" not in at.session_state
    at.button(key="draft_empty_yes").click().run()
    draft = at.session_state["draft_session"].draft
    assert all(part.text.startswith("【待补充") for part in draft.parts)


def test_an_unexpected_error_becomes_a_chinese_message_and_a_log_line(data_dir, monkeypatch, caplog):
    def broken(self, request, **kwargs):  # noqa: ANN001, ANN003
        raise IndexError("string index out of range")

    monkeypatch.setattr(Drafter, "draft", broken)
    with caplog.at_level(logging.ERROR):
        at = fill(new_tab())
    assert not at.exception
    assert "出现了意外错误（IndexError），已记录在日志中" in at.error[0].value
    assert any("unexpected error" in r.message and r.exc_info for r in caplog.records)


def test_a_draft_is_saved_and_a_new_tab_reopens_it_with_the_form(data_dir):
    at = fill(new_tab())
    saved_id = at.session_state["draft_session"].saved_id
    assert at.query_params["draft"] == saved_id
    key = f"part_{at.session_state['draft_session'].version}_achievements"
    at.text_area(key=key).input("改过的成效。").run()
    versions = DraftStore(data_dir).get(saved_id).versions
    assert [v.reason for v in versions] == ["生成", "修改"]
    again = new_tab()
    assert again.session_state["draft_session"].saved_id == saved_id
    assert again.text_input(key="draft_unit").value == UNIT
    assert again.session_state["draft_session"].draft.parts[0].text == "改过的成效。"


def test_deleting_a_saved_draft_asks_first_and_names_it(data_dir):
    fill(new_tab())
    saved = DraftStore(data_dir).latest()
    at = new_tab().switch_page("views/drafts_page.py").run()
    at.button(key=f"drafts_del_{saved.id}").click().run()
    assert f"{UNIT} 2024年" in at.warning[0].value and DraftStore(data_dir).latest() is not None
    at.button(key=f"drafts_del_yes_{saved.id}").click().run()
    assert DraftStore(data_dir).list() == [] and "已删除草稿" in at.success[0].value


def test_library_removal_preselects_nothing_and_confirms_with_the_title(data_dir):
    at = new_tab().switch_page("views/library_page.py").run()
    chooser = at.selectbox(key="library_chosen")
    assert chooser.value is None and not [b for b in at.button if b.key == "library_remove"]
    doc = Library(make_settings(data_dir.parent)).documents()[0]
    chooser.set_value(doc.id).run()
    at.button(key="library_remove").click().run()
    assert f"《{doc.title}》" in at.warning[0].value
    assert len(Library(make_settings(data_dir.parent)).documents()) == 5
    at.button(key="library_remove_yes").click().run()
    assert f"已删除《{doc.title}》" in at.success[0].value
    assert doc.id not in {d.id for d in Library(make_settings(data_dir.parent)).documents()}


def test_settings_preset_fills_the_url_and_the_key_is_saved_owner_only_never_shown(data_dir):
    with FakeOpenAIServer() as server:
        at = new_tab().switch_page("views/settings_page.py").run()
        at.selectbox(key="settings_provider").select("DeepSeek").run()
        assert at.text_input(key="settings_base_url").value == "https://api.deepseek.com/v1"
        at.selectbox(key="settings_provider").select("本地 vLLM（OpenAI 兼容）").run()
        at.text_input(key="settings_base_url").input(server.base_url)
        at.text_input(key="settings_api_key").input("sk-typed-once")
        at.button(key="settings_list_models").click().run()
        assert at.selectbox(key="settings_model_pick").options == ["fake-model"]
        at.button(key="settings_save").click().run()
        saved = read_config(data_dir)
        assert saved["llm_api_key"] == "sk-typed-once" and saved["llm_model"] == "fake-model"
        assert stat.S_IMODE(os.stat(config_path(data_dir)).st_mode) == 0o600
        assert (
            "sk-typed-once" not in str([e.proto for e in at.main])
            and "当前：已设置" in at.text_input(key="settings_api_key").label
        )
        at.button(key="settings_test_llm").click().run()
        assert "连接正常" in at.success[-1].value


def test_the_environment_wins_over_the_settings_file(data_dir, monkeypatch):
    from assistant.user_config import write_config

    write_config(data_dir, {"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "from-file"})
    monkeypatch.setenv("FAZHI_LLM_MODEL", "from-env")
    at = new_tab().switch_page("views/settings_page.py").run()
    assert "FAZHI_LLM_MODEL" in at.info[0].value
    assert any("from\\-env" in m.value or "from-env" in m.value for m in at.markdown)


def test_off_loopback_without_a_password_nothing_is_served(data_dir, monkeypatch):
    set_option("server.address", "0.0.0.0")
    monkeypatch.delenv("FAZHI_UI_PASSWORD", raising=False)
    at = new_tab()
    assert "FAZHI_UI_PASSWORD" in at.error[0].value and not at.text_input


def test_off_loopback_a_login_is_asked_and_a_wrong_password_refused(data_dir, monkeypatch):
    set_option("server.address", "0.0.0.0")
    monkeypatch.setenv("FAZHI_UI_PASSWORD", "right-one")
    at = new_tab()
    assert [t.key for t in at.text_input] == ["ui_password"]
    at.text_input(key="ui_password").input("wrong")
    at.button[0].click().run()
    assert "密码不正确" in at.error[0].value
    at.text_input(key="ui_password").input("right-one")
    at.button[0].click().run()
    assert at.text_input(key="draft_unit") is not None
