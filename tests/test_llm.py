"""The chat-model seam over real HTTP to the fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import logging
import threading
import time
import traceback
import urllib.error
import urllib.request

import pytest

from assistant.errors import ConfigError, LLMError
from assistant.llm.chat import OpenAICompatibleChat, chat_model_from_settings, complete
from assistant.llm.fakes import FakeChatModel, FakeOpenAIServer, closed_port
from assistant.settings import Settings

KEY = "sk-test-SECRET-4f1c9e77"
REPLY = "一、2024年法治政府建设主要举措和成效。我市坚持以习近平法治思想为指导。"


def make_chat(base_url: str, **overrides: object) -> OpenAICompatibleChat:
    values: dict = {
        "llm_base_url": base_url,
        "llm_model": "deepseek-chat",
        "llm_api_key": KEY,
        "llm_timeout": 0.5,
        "llm_max_retries": 2,
        **overrides,
    }
    model = chat_model_from_settings(Settings(_env_file=None, **values), retry_delay=0.01)
    assert isinstance(model, OpenAICompatibleChat)
    return model


def failure_of(model: OpenAICompatibleChat) -> LLMError:
    with pytest.raises(LLMError) as caught:
        complete(model, "系统提示", "用户提示")
    return caught.value


@pytest.fixture
def server():
    with FakeOpenAIServer(replies=[REPLY], chunk_size=3) as srv:
        yield srv


def test_streaming_yields_the_reply_in_order(server):
    deltas = list(make_chat(server.base_url).stream("系统", "用户"))
    assert len(deltas) > 5
    assert deltas[0] == REPLY[:3]
    assert "".join(deltas) == REPLY


def test_a_complete_stream_logs_no_warning(server, caplog):
    complete(make_chat(server.base_url), "s", "u")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_request_carries_model_messages_stream_flag_and_bearer_key(server):
    complete(make_chat(server.base_url, llm_temperature=0.1), "你是撰稿人。", "请写成效部分。")
    (request,) = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.body["model"] == "deepseek-chat"
    assert request.body["stream"] is True
    assert request.body["temperature"] == 0.1
    assert request.body["messages"] == [
        {"role": "system", "content": "你是撰稿人。"},
        {"role": "user", "content": "请写成效部分。"},
    ]


def test_an_empty_api_key_sends_a_placeholder_for_local_servers(server):
    complete(make_chat(server.base_url, llm_api_key=""), "s", "u")
    assert server.requests[0].headers["authorization"] == "Bearer not-needed"


@pytest.mark.parametrize("behaviour", ["500", "503", "429", "hang"])
def test_a_transient_failure_is_retried_then_succeeds(server, behaviour, caplog):
    server.script = [behaviour, "ok"]
    assert complete(make_chat(server.base_url), "s", "u") == REPLY
    assert len(server.chat_requests) == 2
    assert any("重试" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_retries_back_off_exponentially_then_give_up(server):
    server.script = ["500", "500", "500", "500"]
    delays: list[float] = []
    model = OpenAICompatibleChat(
        server.base_url, "m", KEY, max_retries=2, retry_delay=0.01, sleep=delays.append
    )
    error = failure_of(model)
    assert "服务器错误 500" in str(error)
    assert len(server.chat_requests) == 3
    assert delays == [0.01, 0.02]


def test_a_hanging_server_times_out_with_a_message_naming_the_endpoint(server):
    server.script = ["hang"]
    started = time.monotonic()
    error = failure_of(make_chat(server.base_url, llm_max_retries=0))
    assert time.monotonic() - started < 3
    assert "超时" in str(error) and "FAZHI_LLM_TIMEOUT" in str(error)
    assert server.base_url in str(error) and "deepseek-chat" in str(error)
    assert len(server.chat_requests) == 1


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("401", ["鉴权失败", "API Key", "FAZHI_LLM_API_KEY"]),
        ("403", ["无访问权限"]),
        ("404", ["模型名不存在", "FAZHI_LLM_MODEL", "does not exist"]),
        ("400", ["请求被拒绝 400"]),
    ],
)
def test_client_errors_are_reported_without_retrying(server, status, words):
    server.script = [status]
    message = str(failure_of(make_chat(server.base_url)))
    assert all(word in message for word in words), message
    assert server.base_url in message
    assert len(server.chat_requests) == 1


def test_connection_refused_is_named_and_retried():
    base_url = f"http://127.0.0.1:{closed_port()}/v1"
    delays: list[float] = []
    model = OpenAICompatibleChat(
        base_url, "qwen-plus", KEY, max_retries=1, retry_delay=0.01, sleep=delays.append
    )
    message = str(failure_of(model))
    assert "连接被拒绝" in message and base_url in message and "qwen-plus" in message
    assert delays == [0.01]


def test_a_stream_cut_midway_keeps_the_partial_text_and_is_not_retried(server):
    server.script = ["drop"]
    received: list[str] = []
    with pytest.raises(LLMError, match="中途") as caught:
        received.extend(make_chat(server.base_url).stream("s", "u"))
    assert received and REPLY.startswith("".join(received)) and "".join(received) != REPLY
    assert "不完整" in str(caught.value)
    assert len(server.chat_requests) == 1


def test_an_empty_reply_is_an_error():
    with FakeOpenAIServer(replies=[""]) as srv:
        error = failure_of(make_chat(srv.base_url))
    assert "没有返回任何内容" in str(error)


@pytest.mark.parametrize("behaviour", ["401", "404", "429", "500", "hang", "drop", "refused"])
def test_the_api_key_never_appears_in_errors_logs_or_tracebacks(server, behaviour, caplog):
    caplog.set_level(logging.DEBUG)
    server.script = [behaviour] * 3
    base_url = f"http://127.0.0.1:{closed_port()}/v1" if behaviour == "refused" else server.base_url
    model = make_chat(base_url, llm_max_retries=1)
    error = failure_of(model)
    assert error.__cause__ is None and error.__context__ is None
    assert KEY not in "".join(traceback.format_exception(error))
    assert KEY not in caplog.text
    assert all(KEY not in r.getMessage() for r in caplog.records)
    assert KEY not in repr(model) and KEY not in model.description


def test_no_base_url_means_offline_mode():
    assert chat_model_from_settings(Settings(_env_file=None)) is None
    assert chat_model_from_settings(Settings(_env_file=None, llm_model="deepseek-chat")) is None


def test_a_base_url_without_a_model_name_is_a_config_error():
    with pytest.raises(ConfigError, match="FAZHI_LLM_MODEL"):
        chat_model_from_settings(Settings(_env_file=None, llm_base_url="http://127.0.0.1:1/v1"))


def test_a_base_url_without_a_scheme_is_a_config_error():
    with pytest.raises(ConfigError, match="http://"):
        make_chat("api.deepseek.com/v1")


def test_description_names_model_and_endpoint_only():
    model = make_chat("https://api.deepseek.com/v1/")
    assert model.description == "deepseek-chat @ https://api.deepseek.com/v1"


def test_fake_chat_model_records_calls_and_streams_replies_in_chunks():
    fake = FakeChatModel(["第一条回复内容较长", "第二条"], chunk_size=4)
    assert list(fake.stream("系统1", "用户1")) == ["第一条回", "复内容较", "长"]
    assert complete(fake, "系统2", "用户2") == "第二条"
    assert fake.calls == [("系统1", "用户1"), ("系统2", "用户2")]


def test_fake_chat_model_raises_when_replies_run_out_unless_repeating():
    fake = FakeChatModel(["唯一回复"])
    complete(fake, "s", "u")
    with pytest.raises(LLMError, match="已用完"):
        complete(fake, "s", "u")
    repeating = FakeChatModel(["唯一回复"], repeat_last=True)
    assert [complete(repeating, "s", "u") for _ in range(3)] == ["唯一回复"] * 3


def test_fake_chat_model_raises_a_queued_exception():
    fake = FakeChatModel([LLMError("模拟失败"), "恢复"])
    with pytest.raises(LLMError, match="模拟失败"):
        complete(fake, "s", "u")
    assert complete(fake, "s", "u") == "恢复"
    assert len(fake.calls) == 2


def post_json(url: str, payload: dict, key: str = KEY) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    request = urllib.request.Request(url, json.dumps(payload).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_fake_server_answers_models_and_non_streaming_requests(server):
    with urllib.request.urlopen(f"{server.base_url}/models", timeout=2) as response:
        assert json.load(response)["data"][0]["id"] == "fake-model"
    status, body = post_json(f"{server.base_url}/chat/completions", {"model": "m", "messages": []})
    assert status == 200
    assert body["choices"][0]["message"]["content"] == REPLY
    assert server.requests[-1].body == {"model": "m", "messages": []}


def test_fake_server_drop_cuts_a_non_streaming_body_short(server):
    server.script = ["drop"]
    with pytest.raises(http.client.IncompleteRead):
        post_json(f"{server.base_url}/chat/completions", {"model": "m"})


def test_fake_server_checks_the_key_when_given_one():
    with FakeOpenAIServer(api_key="right-key") as srv:
        url = f"{srv.base_url}/chat/completions"
        assert post_json(url, {"model": "m"}, key="wrong-key")[0] == 401
        assert post_json(url, {"model": "m"}, key="right-key")[0] == 200


def test_fake_server_stops_quickly_while_a_request_hangs():
    srv = FakeOpenAIServer().start()
    srv.script = ["hang"]
    url = f"{srv.base_url}/chat/completions"
    failures: list[OSError] = []

    def call() -> None:
        try:
            post_json(url, {"model": "m"})
        except OSError as error:  # the server closes without answering
            failures.append(error)

    client = threading.Thread(target=call)
    client.start()
    deadline = time.monotonic() + 2
    while not srv.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    srv.stop()
    client.join(timeout=3)
    assert time.monotonic() - started < 1.5
    assert not client.is_alive() and failures


def test_retry_after_is_honoured_and_a_wait_beyond_the_bound_fails_with_it_named(server):
    sleeps: list[float] = []
    model = make_chat(server.base_url)
    model._sleep = sleeps.append
    server.script = ["429:3"]
    assert complete(model, "s", "u") == REPLY and sleeps == [3.0]
    server.script = ["429:600"]
    error = failure_of(model)
    assert "600" in str(error) and sleeps == [3.0]


@pytest.mark.parametrize(
    ("mode", "words"), [("length", "长度上限"), ("content_filter", "拒绝"), ("cut", "结束标记")]
)
def test_an_unfinished_stream_raises_incomplete_after_the_text(server, mode, words):
    from assistant.llm.chat import IncompleteAnswer

    received: list[str] = []
    server.script = [mode]
    with pytest.raises(IncompleteAnswer, match=words):
        received.extend(make_chat(server.base_url).stream("s", "u"))
    assert received and REPLY.startswith("".join(received))


def test_a_content_filter_400_says_the_provider_refused_the_content(server):
    server.script = ["content_filter_400"]
    assert "拒绝" in str(failure_of(make_chat(server.base_url)))


def test_an_empty_reply_no_longer_blames_the_endpoint():
    with FakeOpenAIServer(replies=[""]) as srv:
        error = str(failure_of(make_chat(srv.base_url)))
    assert "OpenAI 兼容" not in error
