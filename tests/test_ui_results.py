"""The merged API seen through the page (AppTest, real library, real HTTP to the fake OpenAI
server): a document's level corrected, a near-duplicate skip that names the kept document, a
copied passage beside its source, a repaired part's diff, and the redo of an incomplete part."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.library.facade import Library
from assistant.llm.fakes import FakeOpenAIServer
from tests.helpers import SAMPLES, SEEDS, make_settings
from tests.test_ui_work import data_dir, fill, new_tab, seeded  # noqa: F401 - fixtures
from ui.views.library_page import ingest_notices

LEAKY = "高显镇全年办理行政复议案件35件，依法行政工作稳步推进。"
FIXED = "我局全年办理行政复议案件35件，依法行政工作稳步推进。"
# A passage of the 省外事办 seed, as a model that copies its precedent would answer.
COPIED = (
    "通过专家辅导、学法课堂等多种形式，增强学法用法的自觉性主动性。严格执行重大行政决策法定程序。"
    "把调查研究、公众参与、专家论证、风险评估、合法性审查和集体讨论决定作为重大决策的必经程序。"
)


@pytest.fixture
def llm(data_dir, monkeypatch):  # noqa: F811 - the fixture imported above
    def start(replies: list[str], script: tuple[str, ...] = ()) -> FakeOpenAIServer:
        server = FakeOpenAIServer(replies, chunk_size=8).start()
        server.script = list(script)
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        monkeypatch.setenv("FAZHI_LLM_MAX_RETRIES", "0")
        started.append(server)
        return server

    started: list[FakeOpenAIServer] = []
    yield start
    for server in started:
        server.stop()


def _library(data_dir) -> Library:  # noqa: ANN001, F811
    return Library(make_settings(data_dir.parent))


def test_changing_a_documents_level_on_the_library_page_shows_in_the_list(data_dir):  # noqa: F811
    doc = next(d for d in _library(data_dir).documents() if d.level != "部门")
    at = new_tab().switch_page("views/library_page.py").run()
    at.selectbox(key="library_chosen").set_value(doc.id).run()
    at.selectbox(key=f"library_edit_level_{doc.id}").set_value("部门")
    at.button(key=f"library_edit_save_{doc.id}").click().run()
    assert not at.exception and f"已保存《{doc.title}》的修改。" in at.success[0].value
    row = next(r for _, r in at.dataframe[0].value.iterrows() if r["标题"] == doc.title)
    assert row["级别"] == "部门"
    assert next(d for d in _library(data_dir).documents() if d.id == doc.id).level == "部门"


def test_a_near_duplicate_skip_names_the_document_kept(data_dir, tmp_path):  # noqa: F811
    library = _library(data_dir)
    copy = tmp_path / "同一篇报告.md"
    copy.write_text((SAMPLES / SEEDS[0].name).read_text(encoding="utf-8") + "\n（网页版）", encoding="utf-8")
    result = library.add_paths([copy])
    kept = {d.id: d for d in library.documents()}[result.skipped[0].duplicate_of]
    [(kind, text)] = ingest_notices(result, {d.id: d for d in library.documents()})
    assert kind == "info" and f"与资料库中已有的《{kept.title}》" in text and "没有重复收录" in text


def test_a_copied_passage_shows_its_source_beside_the_draft(llm, data_dir):  # noqa: F811
    llm([COPIED])
    at = fill(new_tab())
    copies = [f for f in at.session_state["draft_session"].draft.findings if f.kind == "copy"]
    assert copies and copies[0].source["title"]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("资料库中的原文：《") and copies[0].source["title"] in c for c in captions)


def test_a_repaired_part_shows_the_text_before_and_after(llm, data_dir):  # noqa: F811
    server = llm([LEAKY, LEAKY, LEAKY, LEAKY, FIXED])
    at = fill(new_tab())
    draft = at.session_state["draft_session"].draft
    assert draft.repairs and len(server.chat_requests) == 8
    diffs = [h.proto.body for h in at.get("html") if "修复前" in h.proto.body]
    assert diffs and "删去：</span>高显镇</del>" in diffs[0] and "新增：</span>我局</ins>" in diffs[0]
    assert "全年办理行政复议案件35件" in diffs[0]  # the unchanged rest of the sentence stays readable


def test_an_incomplete_part_is_marked_and_redone_alone(llm, data_dir):  # noqa: F811
    server = llm([FIXED], script=("length",))
    at = fill(new_tab())
    before = at.session_state["draft_session"].draft
    assert any(f.kind == "incomplete" and f.part == "achievements" for f in before.findings)
    assert any("这一部分不完整" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "draft_resume"]
    calls = len(server.chat_requests)
    at.button(key="draft_redo_achievements").click().run()
    after = at.session_state["draft_session"].draft
    assert len(server.chat_requests) == calls + 1
    assert not any(f.kind == "incomplete" for f in after.findings) and not after.errors
    assert after.parts[0].text == FIXED
    assert [p.text for p in after.parts[1:]] == [p.text for p in before.parts[1:]]


def _progress_bars(events: list[tuple[str, int, int]]) -> list[str]:
    """The texts of the 资料库 page's progress bars after `events` (AppTest of UploadProgress)."""

    def script(events: list[tuple[str, int, int]]) -> None:  # run from its source: imports inside
        from ui.views.library_page import UploadProgress

        bars = UploadProgress(2)
        for event in events:
            bars(*event)

    at = AppTest.from_function(script, args=(events,)).run()
    return [element.proto.text for element in at.get("progress")]


def test_upload_progress_shows_the_file_and_the_chunk_batches_the_library_reports(library, tmp_path):
    heard: list[tuple[str, int, int]] = []
    long = tmp_path / "长报告.txt"
    long.write_text((SAMPLES / SEEDS[0].name).read_text(encoding="utf-8") * 3, encoding="utf-8")
    library.add_paths([SEEDS[1], long], progress=lambda m, d, t: heard.append((m, d, t)))
    last_chunks = max(i for i, (m, _, _) in enumerate(heard) if m.startswith("正在向量化《长报告.txt》"))
    bars = _progress_bars(heard[: last_chunks + 1])
    message, done, total = heard[last_chunks]
    assert bars == ["正在处理《长报告.txt》（第 2/2 个文件）", f"{message}：{done}/{total} 段"]
    assert done == total > 32  # more than one batch of this file's chunks was reported
