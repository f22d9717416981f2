"""The page's 提纲 step (AppTest): the outline from the facts, edited, then drafted from."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.library.facade import Library
from tests.helpers import ROOT, SEEDS, app_data_dir, make_settings

APP = str(ROOT / "ui" / "app.py")
TOWNSHIP = (Path(__file__).parent / "fixtures" / "facts" / "township_summary.txt").read_text(encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    settings = make_settings(tmp_path / "seed")
    Library(settings).add_paths(SEEDS[:2])
    yield from app_data_dir(monkeypatch, tmp_path, settings.data_dir)


def township_outline() -> AppTest:
    """The page with the township's facts filled in and its 提纲 made."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="draft_unit").input("某镇人民政府")
    at.text_input(key="draft_year").input("2024")
    at.selectbox(key="draft_level").select("乡镇")
    at.text_area(key="draft_facts").input(TOWNSHIP)
    at.checkbox(key="draft_use_outline").check().run()
    return at.button(key="draft_outline_make").click().run()


def test_the_outline_step_shows_the_clerks_headings_and_the_draft_follows_the_edited_outline(data_dir):
    at = township_outline()
    assert not at.exception
    topics = at.text_area(key="draft_outline_topics").value
    assert topics.startswith("（一）加强组织领导\n- 镇党委书记") and "（五）普法宣传" in topics
    shown = "".join(m.value for m in at.markdown)
    assert "合法性审查力量不足（原因：审查工作主要依靠法律顾问）" in shown
    assert "镇长在全镇干部大会上讲法治课1次" in at.text_area(key="draft_outline_leadership").value
    # rename, merge (化解矛盾纠纷's heading removed: its facts join 严格规范执法), reorder
    edited = topics.replace("（一）加强组织领导", "（一）坚持党的领导").replace("（四）化解矛盾纠纷\n", "")
    publicity = edited[edited.index("（五）普法宣传") :]
    edited = publicity + "\n" + edited[: edited.index("（五）普法宣传")]
    at.text_area(key="draft_outline_topics").input(edited)
    at.button(key="draft_generate").click().run()
    assert not at.exception
    text = next(t.value for t in at.text_area if str(t.key).endswith("_achievements"))
    assert "镇村两级调解组织调处矛盾纠纷86起" in text[text.index("（四）严格规范执法") :]
    assert "（一）普法宣传。" in text and "（二）坚持党的领导。" in text and "（四）化解矛盾纠纷" not in text
    assert "这是离线草稿" in "".join(i.value for i in at.info) and "目标约 2,000 字" in "".join(
        i.value for i in at.info
    )


def test_resuming_after_a_failed_model_call_follows_the_edited_outline(data_dir, monkeypatch):
    from assistant.llm.fakes import FakeOpenAIServer

    with FakeOpenAIServer(["本部分正文。"]) as server:
        server.script = ["ok", "ok", "500"]
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        monkeypatch.setenv("FAZHI_LLM_MAX_RETRIES", "0")
        at = township_outline()
        leaders = at.text_area(key="draft_outline_leadership").value
        assert "镇长在全镇干部大会上讲法治课1次" in leaders
        edited = "\n".join(line for line in leaders.split("\n") if "讲法治课" not in line)
        at.text_area(key="draft_outline_leadership").input(edited)
        at.button(key="draft_generate").click().run()
        assert [p.key for p in at.session_state["draft_session"].draft.parts] == [
            "achievements",
            "shortcomings",
        ]
        at.button(key="draft_resume").click().run()
        assert not at.exception
        asked = [r.body["messages"][-1]["content"] for r in server.chat_requests]
    leadership = next(a for a in asked[3:] if "第一责任人" in a)
    assert "讲法治课" not in leadership  # the clerk took it out of part 三 in the outline
    assert at.session_state["draft_session"].outline is not None


def test_after_a_reload_during_drafting_resuming_still_follows_the_edited_outline(data_dir, monkeypatch):
    from assistant.compose.outline import build_outline, outline_to_dict
    from assistant.drafts.store import DraftStore
    from assistant.llm.fakes import FakeOpenAIServer
    from assistant.types import DraftRequest
    from ui.partial import PartialSaver

    request = DraftRequest(unit="某镇人民政府", year=2024, level="乡镇", facts=TOWNSHIP)
    outline = build_outline(TOWNSHIP, 2024)
    assert any("讲法治课" in f for f in outline.leadership)
    edited = outline_to_dict(outline) | {"leadership": [f for f in outline.leadership if "讲法治课" not in f]}
    saver = PartialSaver(DraftStore(data_dir), request, "llm", outline=edited)  # saved before the reload
    for key, heading in (("achievements", "一、主要举措和成效"), ("shortcomings", "二、存在的不足和原因")):
        saver.started(key, heading)
        saver.done(key, "本部分正文。")
    with FakeOpenAIServer(["余下部分的正文。"]) as server:
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert at.session_state["draft_session"].outline is not None
        at.button(key="draft_resume").click().run()
        assert not at.exception
        asked = [r.body["messages"][-1]["content"] for r in server.chat_requests]
    leadership = next(a for a in asked if "第一责任人" in a)
    assert "镇党委书记主持召开党委会专题研究法治建设3次" in leadership and "讲法治课" not in leadership
