"""The LLM path over real HTTP: a fake OpenAI-compatible server on 127.0.0.1, streaming."""

import pytest

from assistant.compose.drafter import Drafter
from assistant.llm.chat import chat_model_from_settings
from assistant.llm.fakes import FakeOpenAIServer, closed_port
from assistant.search import PrecedentSearch
from assistant.types import DraftRequest
from tests.helpers import FACTS, SEEDS, UNIT, make_settings

REQUEST = DraftRequest(unit=UNIT, year=2024, facts=FACTS)
REPLIES = [
    "（一）加强学习。组织学法6次。[S1]",
    "基层执法人员法治素养有待提高。",
    "局长带头述法。",
    "2025年将深化执法监督。",
]


@pytest.fixture(scope="module")
def search(library_of):
    return PrecedentSearch(library_of(SEEDS))


def _model(tmp_path, base_url, **overrides):
    settings = make_settings(
        tmp_path, llm_base_url=base_url, llm_model="fake-model", llm_api_key="sk-test-key", **overrides
    )
    return chat_model_from_settings(settings, retry_delay=0.01)


def test_streams_every_part_over_http_and_sends_the_prompt(search, tmp_path):
    deltas = []
    with FakeOpenAIServer(REPLIES) as server:
        server.replies = REPLIES  # one reply per part, in order
        outcome = Drafter(search, _model(tmp_path, server.base_url)).draft(
            REQUEST, on_event=lambda kind, key, text: deltas.append((kind, key)) if kind == "delta" else None
        )
        bodies = [r.body for r in server.chat_requests]
    draft = outcome.draft
    assert draft.mode == "llm" and [p.text for p in draft.parts] == [
        REPLIES[0].replace("[S1]", ""),
        *REPLIES[1:],
    ]
    assert len(bodies) == 4 and all(b["stream"] is True and b["model"] == "fake-model" for b in bodies)
    assert "合法性审核率100%" in bodies[0]["messages"][1]["content"]
    assert len([d for d in deltas if d[1] == "achievements"]) > 1  # streamed in pieces
    assert [s.id for s in draft.parts[0].sources] == ["S1"]


@pytest.mark.parametrize("failure", ["500", "hang"])
def test_a_server_failure_on_part_three_keeps_parts_one_and_two(search, tmp_path, failure):
    with FakeOpenAIServer(REPLIES, hang_seconds=2) as server:
        server.script = ["ok", "ok", failure, failure]
        model = _model(tmp_path, server.base_url, llm_max_retries=1, llm_timeout=0.5)
        draft = Drafter(search, model).draft(REQUEST).draft
    assert [p.key for p in draft.parts] == ["achievements", "shortcomings"]
    assert len(draft.errors) == 1 and server.base_url.split("/v1")[0] in draft.errors[0]
    assert "sk-test-key" not in draft.errors[0]
    assert any("缺少" in f.message for f in draft.findings)


def test_connection_refused_after_two_parts_keeps_them(search, tmp_path):
    server = FakeOpenAIServer(REPLIES).start()
    done = []

    def stop_after_two(kind, key, text):
        if kind == "part_done":
            done.append(key)
            if len(done) == 2:
                server.stop()

    draft = (
        Drafter(search, _model(tmp_path, server.base_url, llm_max_retries=0))
        .draft(REQUEST, on_event=stop_after_two)
        .draft
    )
    assert [p.key for p in draft.parts] == ["achievements", "shortcomings"]
    assert "连接" in draft.errors[0]


def test_connection_refused_from_the_start_is_a_clear_error(search, tmp_path):
    model = _model(tmp_path, f"http://127.0.0.1:{closed_port()}/v1", llm_max_retries=0)
    draft = Drafter(search, model).draft(REQUEST).draft
    assert draft.parts == () and "连接" in draft.errors[0] and "127.0.0.1" in draft.errors[0]
