"""起草报告 after a draft: the 成文日期 field, the count of 【待补充】, the 事实依据 view and the
篇幅 choice (AppTest, real HTTP to the fake server for the LLM cases)."""

from __future__ import annotations

import pytest

from assistant.llm.fakes import FakeOpenAIServer
from tests.model_answers import ANSWERS as MODEL_ANSWERS
from tests.model_answers import part_replies
from tests.test_ui_work import data_dir, fill, new_tab, seeded  # noqa: F401 - fixtures
from ui.evidence_view import placeholders_left

ANSWERS = MODEL_ANSWERS / "county_bureau"


@pytest.fixture
def county_model(data_dir, monkeypatch):  # noqa: F811 - the fixture imported above
    with FakeOpenAIServer(["（不应用到）"], part_replies=part_replies("county_bureau")) as server:
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        monkeypatch.setenv("FAZHI_LLM_MAX_RETRIES", "0")
        yield server


def test_the_date_field_sets_the_signature_date_and_the_gap_count_follows(data_dir):  # noqa: F811
    at = fill(new_tab())
    session = at.session_state["draft_session"]
    before = placeholders_left(session.draft)
    assert any(f"还有 {before} 处【待补充】" in w.value for w in at.warning)
    at.text_input(key=f"draft_date_{session.version}").input("2025-02-20").run()
    draft = at.session_state["draft_session"].draft
    assert not at.exception and draft.date == "2025年2月20日" and placeholders_left(draft) == before - 1


def test_a_date_outside_the_next_year_is_warned_and_a_bad_one_refused(data_dir):  # noqa: F811
    at = fill(new_tab())
    key = f"draft_date_{at.session_state['draft_session'].version}"
    at.text_input(key=key).input("2024-12-30").run()
    assert any("不在2025年内" in w.value for w in at.warning)
    at.text_input(key=key).input("二月").run()
    assert any("成文日期“二月”无效" in e.value for e in at.error)
    assert at.session_state["draft_session"].draft.date == "2024年12月30日"


def test_the_evidence_view_lists_what_no_fact_supports(county_model, data_dir):  # noqa: F811
    from tests.helpers import UNIT

    at = fill(new_tab(), unit=UNIT, facts=(ANSWERS / "facts.txt").read_text("utf-8"))
    assert not at.exception and "事实依据" in [s.value for s in at.subheader]
    unsupported = next(e for e in at.expander if e.label.startswith("找不到依据的句子"))
    assert any("全县法治政府建设工作推进会" in m.value for m in unsupported.markdown)
    supported = [e for e in at.expander if "句有依据" in e.label]
    assert any("第3行：办理行政复议案件35件" in m.value for e in supported for m in e.markdown)


def test_the_length_choice_reaches_the_requests(county_model, data_dir):  # noqa: F811
    at = new_tab()
    at.radio(key="draft_scale").set_value("详细")
    at = fill(at)
    assert at.session_state["draft_session"].request.scale == "详细"
    first = county_model.chat_requests[0].body["messages"][-1]["content"]
    assert "约" in first and int(first.split("约", 1)[1].split("字", 1)[0]) >= 1500
