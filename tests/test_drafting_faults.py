"""Damaged answers over real HTTP to the fake server, parts that answer each other, and the
repair pass with a fake model that leaks then fixes."""

import pytest

from assistant.compose.drafter import Drafter
from assistant.llm.chat import chat_model_from_settings
from assistant.llm.fakes import FAKE_REASONING, FakeChatModel, FakeOpenAIServer
from assistant.search import PrecedentSearch
from assistant.types import DraftRequest
from tests.helpers import SEEDS, UNIT, make_settings

FACTS = "组织集中学法6次。\n存在问题：基层执法人员法治素养有待提高。\n下一步：开展执法培训。"
REQUEST = DraftRequest(unit=UNIT, year=2024, facts=FACTS)
REPLY = "（一）加强党的领导。坚持把法治建设摆在重要位置，组织集中学法6次，推动各项工作落实。"


def _model(tmp_path, base_url, sleeps=None):
    settings = make_settings(
        tmp_path, llm_base_url=base_url, llm_model="fake-model", llm_timeout=1.0, llm_max_retries=1
    )
    model = chat_model_from_settings(settings, retry_delay=0.01)
    if sleeps is not None:
        model._sleep = sleeps.append
    return model


@pytest.mark.parametrize("mode", ["length", "content_filter", "cut", "drop", "stall"])
def test_an_unfinished_answer_is_kept_marked_incomplete_and_the_rest_is_drafted(tmp_path, mode):
    with FakeOpenAIServer([REPLY], hang_seconds=2) as server:
        server.script = [mode]
        draft = Drafter(None, _model(tmp_path, server.base_url)).draft(REQUEST, repair=False).draft
    first = draft.parts[0]
    assert first.text and REPLY.startswith(first.text) and first.text != REPLY
    assert len(draft.parts) == 4 and len(draft.errors) == 1 and "不完整" in draft.errors[0]
    assert [f.part for f in draft.findings if f.kind == "incomplete" and f.severity == "error"] == [
        "achievements"
    ]


@pytest.mark.parametrize("mode", ["reasoning", "think", "think_lone", "think_unclosed"])
def test_reasoning_is_never_streamed_or_kept_as_draft_text(tmp_path, mode):
    shown = []
    with FakeOpenAIServer([REPLY]) as server:
        server.script = [mode]
        outcome = Drafter(None, _model(tmp_path, server.base_url)).draft(
            REQUEST,
            on_event=lambda kind, key, text: shown.append(text) if kind == "delta" else None,
            repair=False,
        )
    texts = "".join(shown) + "".join(p.text for p in outcome.draft.parts)
    assert FAKE_REASONING[:8] not in texts and "think>" not in texts
    if mode == "think_unclosed":
        assert outcome.draft.parts == () and "推理" in outcome.draft.errors[0]
    else:
        assert outcome.draft.parts[0].text == REPLY and not outcome.draft.errors


def test_retry_after_is_honoured(tmp_path):
    sleeps: list[float] = []
    with FakeOpenAIServer([REPLY]) as server:
        server.script = ["429:2"]
        draft = Drafter(None, _model(tmp_path, server.base_url, sleeps)).draft(REQUEST, repair=False).draft
    assert sleeps[0] == 2.0 and not draft.errors


def test_plans_call_receives_part_two_and_leadership_call_part_one_subheadings():
    part_two = "对照要求，我局还存在以下不足：一是基层执法人员法治素养有待提高。"
    model = FakeChatModel(
        ["（一）加强学法。组织集中学法6次。", part_two, "局长带头述法。", "2025年，我局将开展执法培训。"]
    )
    Drafter(None, model).draft(REQUEST, repair=False)
    assert "加强学法" in model.calls[2][1] and "不要重复" in model.calls[2][1]
    assert part_two in model.calls[3][1] and "每一条不足" in model.calls[3][1]


def test_precedents_are_masked_before_they_are_sent():
    from assistant.compose.masking import mask_precedent

    masked = mask_precedent(
        "，接上文。2022年，台州市司法局组织学法12次，落实《纲要（2021—2025年）》。", own={UNIT}
    )
    assert "12" not in masked and "×次" in masked and "台州" not in masked and "（2021—2025年）" in masked
    assert masked.startswith("×年")


@pytest.fixture(scope="module")
def leak_search(library_of):
    """A real library holding another unit's report (seed 002 names 平安山西)."""
    return PrecedentSearch(library_of([SEEDS[2]]))


def test_the_repair_pass_revises_a_leaking_part_once_and_keeps_the_better_version(leak_search):
    leak = "（一）加强党的领导。组织集中学法6次。"
    model = FakeChatModel(
        [leak + "学习平安山西经验。", "不足。", "述法。", "2025年，我局将开展执法培训。", leak]
    )
    outcome = Drafter(leak_search, model).draft(REQUEST)
    (repair,) = outcome.draft.repairs
    assert repair.part == "achievements" and "平安山西" in repair.before and "平安山西" not in repair.after
    assert repair.fixed and "平安山西" in model.calls[4][1] and outcome.draft.parts[0].text == leak
    assert len(model.calls) == 5


def test_no_repair_leaves_the_part_as_drafted(leak_search):
    model = FakeChatModel(["（一）学习平安山西经验。", "不足。", "述法。", "2025年，我局将培训。"])
    draft = Drafter(leak_search, model).draft(REQUEST, repair=False).draft
    assert not draft.repairs and "平安山西" in draft.parts[0].text and len(model.calls) == 4


def test_the_same_figure_stated_differently_in_two_parts_is_flagged():
    model = FakeChatModel(
        ["（一）加强学法。审核规范性文件12件。", "不足。", "督促审核规范性文件15件。", "2025年，我局将培训。"]
    )
    draft = Drafter(None, model).draft(REQUEST, repair=False).draft
    (finding,) = [f for f in draft.findings if f.kind == "consistency"]
    assert finding.part == "leadership" and draft.parts[2].text[finding.start : finding.end] == "15件"


@pytest.mark.parametrize(
    ("script", "words"),
    [
        (["malformed"], "无法解析"),
        (["content_filter_400"], "服务方拒绝"),
        (["404"], "模型名不存在"),
        (["401"], "鉴权失败"),
        (["500", "500"], "服务器错误 500"),
    ],
)
def test_a_refused_first_part_says_why_and_that_no_part_was_kept(tmp_path, script, words):
    with FakeOpenAIServer([REPLY]) as server:
        server.script = script
        draft = Drafter(None, _model(tmp_path, server.base_url)).draft(REQUEST).draft
    assert draft.parts == () and words in draft.errors[0] and "尚未完成任何部分" in draft.errors[0]
    assert "已保留此前完成" not in draft.errors[0]


@pytest.mark.parametrize("script", [["503", "ok"], ["slow"]])
def test_a_transient_failure_or_a_slow_first_byte_still_drafts(tmp_path, script):
    with FakeOpenAIServer([REPLY], slow_seconds=0.3) as server:
        server.script = script
        draft = Drafter(None, _model(tmp_path, server.base_url)).draft(REQUEST, repair=False).draft
    assert not draft.errors and draft.parts[0].text == REPLY
