"""The saved API key goes only to the saved address (issue 20, point 1)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.llm.fakes import FakeOpenAIServer
from assistant.llm.providers import key_for_listing, list_models, same_address
from assistant.user_config import write_config
from tests.helpers import ROOT, app_data_dir

APP = str(ROOT / "ui" / "app.py")
SAVED_KEY = "sk-saved-secret"


def bearer_tokens(server: FakeOpenAIServer) -> list[str]:
    return [r.headers.get("authorization", "") for r in server.requests]


def test_the_saved_key_is_used_only_for_the_saved_address():
    with FakeOpenAIServer() as saved, FakeOpenAIServer() as other:
        for address in (saved.base_url, other.base_url):
            list_models(address, key_for_listing(address, "", saved.base_url, SAVED_KEY))
        assert bearer_tokens(saved) == [f"Bearer {SAVED_KEY}"]
        assert all(SAVED_KEY not in token for token in bearer_tokens(other))


def test_a_key_typed_with_an_address_is_the_one_sent_there():
    with FakeOpenAIServer() as saved, FakeOpenAIServer() as other:
        key = key_for_listing(other.base_url, "sk-typed", saved.base_url, SAVED_KEY)
        assert list_models(other.base_url, key) == ["fake-model"]
        assert bearer_tokens(other) == ["Bearer sk-typed"]


def test_same_address_ignores_a_trailing_slash_and_host_case_but_not_the_port():
    assert same_address("http://LocalHost:8000/v1/", "http://localhost:8000/v1")
    assert not same_address("http://localhost:8001/v1", "http://localhost:8000/v1")
    assert not same_address("http://localhost:8000/v1@evil", "http://localhost:8000/v1")
    assert not same_address("", "")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    yield from app_data_dir(monkeypatch, tmp_path)


def test_listing_models_for_a_typed_address_on_the_page_never_sends_the_saved_key(data_dir):
    with FakeOpenAIServer() as saved, FakeOpenAIServer() as other:
        write_config(data_dir, {"llm_base_url": saved.base_url, "llm_api_key": SAVED_KEY, "llm_model": "m"})
        at = AppTest.from_file(APP, default_timeout=30).run().switch_page("views/settings_page.py").run()
        at.selectbox(key="settings_provider").select("自定义（任何 OpenAI 兼容接口）").run()
        at.text_input(key="settings_base_url").input(other.base_url)
        at.button(key="settings_list_models").click().run()
        assert not at.exception and other.requests
        assert all(SAVED_KEY not in token for token in bearer_tokens(other))
        at.text_input(key="settings_base_url").input(saved.base_url)
        at.button(key="settings_list_models").click().run()
        assert bearer_tokens(saved) == [f"Bearer {SAVED_KEY}"]
