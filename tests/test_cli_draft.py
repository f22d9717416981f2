import json

import docx
import pytest

from assistant.cli import main
from assistant.llm.fakes import FakeOpenAIServer
from tests.helpers import FACTS, SEEDS, UNIT

PART_FIELDS = {"key", "heading", "text", "sources"}
SOURCE_FIELDS = {"id", "doc_id", "title", "unit", "year"}
FINDING_FIELDS = {"part", "start", "end", "severity", "message"}


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    data_dir = tmp_path / "data"
    (tmp_path / "facts.txt").write_text(FACTS, encoding="utf-8")

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    invoke("ingest", *map(str, SEEDS))
    return invoke


def _draft_args(tmp_path, *extra):
    return ["draft", "--unit", UNIT, "--year", "2024", "--facts", str(tmp_path / "facts.txt"), *extra]


def test_offline_draft_json_has_the_contract_shape(run, tmp_path):
    code, out, _ = run(*_draft_args(tmp_path, "--offline", "--json"))
    draft = json.loads(out)
    assert (
        code == 0
        and draft["mode"] == "offline"
        and draft["title"] == f"{UNIT}关于2024年法治政府建设情况的报告"
    )
    assert [p["key"] for p in draft["parts"]] == ["achievements", "shortcomings", "leadership", "plans"]
    assert all(
        PART_FIELDS <= set(p) and all(set(s) >= SOURCE_FIELDS for s in p["sources"]) for p in draft["parts"]
    )
    assert all(FINDING_FIELDS <= set(f) for f in draft["findings"])
    texts = {p["key"]: p["text"] for p in draft["parts"]}
    for f in draft["findings"]:
        if f["part"] in texts and f["end"] > f["start"]:
            assert texts[f["part"]][f["start"] : f["end"]]
    assert not any(p["text"].startswith(("#", "一、")) for p in draft["parts"])


def test_draft_out_docx_and_md_then_check_and_export(run, tmp_path):
    md, docx_path = tmp_path / "d.md", tmp_path / "d.docx"
    assert run(*_draft_args(tmp_path, "--offline", "--out", str(md)))[0] == 0
    assert run(*_draft_args(tmp_path, "--offline", "--out", str(docx_path)))[0] == 0
    assert docx.Document(str(docx_path)).paragraphs[0].text.replace("\n", "").startswith(UNIT)
    code, out, _ = run(
        "check", str(md), "--unit", UNIT, "--year", "2024", "--facts", str(tmp_path / "facts.txt"), "--json"
    )
    findings = json.loads(out)  # the findings list: `check --json` has printed it since issue 4
    assert code == 0 and all(FINDING_FIELDS <= set(f) for f in findings)
    assert any("待补充" in f["message"] or "篇幅" in f["message"] for f in findings)
    exported = tmp_path / "again.docx"
    assert run("export", str(md), "--out", str(exported))[0] == 0 and exported.stat().st_size > 5000


def test_check_flags_a_leaked_place_and_exits_1(run, tmp_path):
    text = SEEDS[0].read_text(encoding="utf-8")
    (tmp_path / "copied.md").write_text(text, encoding="utf-8")
    code, out, _ = run("check", str(tmp_path / "copied.md"), "--unit", UNIT, "--year", "2024", "--json")
    messages = [f["message"] for f in json.loads(out)]
    assert code == 1 and any("省外事办" in m for m in messages) and any("2022" in m for m in messages)


def test_llm_draft_through_the_cli_over_http(run, tmp_path, monkeypatch):
    replies = ["（一）学法。组织学法6次。", "素养有待提高。", "局长带头述法。", "2025年深化执法监督。"]
    with FakeOpenAIServer(replies) as server:
        server.replies = replies
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        code, out, _ = run(*_draft_args(tmp_path, "--json"))
    draft = json.loads(out)
    assert code == 0 and draft["mode"] == "llm"
    assert [p["text"] for p in draft["parts"]] == replies


def test_llm_failure_through_the_cli_exits_1_with_parts_kept(run, tmp_path, monkeypatch):
    with FakeOpenAIServer(["第一部分。"]) as server:
        server.script = ["ok", "401"]
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        monkeypatch.setenv("FAZHI_LLM_API_KEY", "sk-secret-xyz")
        code, out, err = run(*_draft_args(tmp_path, "--json"))
    draft = json.loads(out)
    assert code == 1 and [p["key"] for p in draft["parts"]] == ["achievements"]
    assert "401" in err or "鉴权" in err
    assert "sk-secret-xyz" not in out + err


def test_rewrite_json_contract_offline(run, tmp_path):
    (tmp_path / "p.txt").write_text("2022年组织学法6次,成效明显。", encoding="utf-8")
    code, out, _ = run(
        "rewrite", str(tmp_path / "p.txt"), "--preset", "改为Y年口径", "--year", "2024", "--json"
    )
    result = json.loads(out)
    assert code == 0 and set(result) == {"text", "diff", "sources", "findings"}
    assert result["text"] == "2024年组织学法6次,成效明显。"
    code, _, err = run("rewrite", str(tmp_path / "p.txt"), "--preset", "精炼", "--offline")
    assert code == 2 and "需要大模型" in err


def test_rewrite_a_part_of_a_saved_draft(run, tmp_path):
    md = tmp_path / "d.md"
    run(*_draft_args(tmp_path, "--offline", "--out", str(md)))
    code, out, _ = run("rewrite", str(md), "--part", "plans", "--preset", "规范格式", "--json")
    result = json.loads(out)
    assert code == 0 and result["text"].startswith("2025年") and "深化行政执法协调监督" in result["text"]
    code, _, err = run("rewrite", str(md), "--part", "summary", "--preset", "规范格式")
    assert code == 2 and "achievements" in err


@pytest.mark.parametrize("out", ["x.pdf", "missing-dir/x.md"])
def test_a_bad_out_path_is_refused_before_drafting(run, tmp_path, out):
    code, stdout, err = run(*_draft_args(tmp_path, "--offline", "--json", "--out", str(tmp_path / out)))
    assert code == 2 and stdout == "" and "Traceback" not in err and ("docx" in err or "不存在" in err)


def test_markdown_export_round_trips_the_issuer_without_leaking_it_into_the_plans(run, tmp_path):
    from assistant.drafts.codec import load_draft

    md = tmp_path / "d.md"
    run(*_draft_args(tmp_path, "--offline", "--out", str(md)))
    draft = load_draft(md)
    assert draft.unit == UNIT and not draft.parts[-1].text.endswith(UNIT)
    assert draft.date == "" and "【待补充：成文日期】" not in draft.parts[-1].text  # read back as no date


def test_an_answer_cut_by_length_exits_1_and_the_json_marks_the_part_incomplete(run, tmp_path, monkeypatch):
    with FakeOpenAIServer(["（一）学法。组织集中学法6次，推动工作落实。"]) as server:
        server.script = ["length"]
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
        code, out, err = run(*_draft_args(tmp_path, "--json", "--no-repair"))
    draft = json.loads(out)
    assert code == 1 and len(draft["parts"]) == 4 and "长度上限" in draft["errors"][0]
    assert [f["part"] for f in draft["findings"] if f["kind"] == "incomplete"] == ["achievements"]
    assert draft["repairs"] == [] and "长度上限" in err


def test_the_repair_pass_shows_in_the_json_and_no_repair_turns_it_off(run, tmp_path, monkeypatch):
    monkeypatch.setattr("assistant.library.facade.Library.foreign_names", lambda self, own: {"平安山西"})
    leak, fixed = "（一）学法。学习平安山西经验，组织学法6次。", "（一）学法。组织学法6次。"
    for extra, calls in (((), 5), (("--no-repair",), 4)):
        with FakeOpenAIServer([leak, "不足。", "述法。", "2025年，我局将开展培训。", fixed]) as server:
            monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
            monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")
            code, out, _ = run(*_draft_args(tmp_path, "--json", *extra))
            requests = len(server.chat_requests)
        draft = json.loads(out)
        assert requests == calls
        if not extra:
            (repair,) = draft["repairs"]
            assert set(repair) == {"part", "before", "after", "fixed", "outcome"} and repair["after"] == fixed
            assert repair["outcome"] == "kept"
            assert draft["parts"][0]["text"] == fixed and repair["fixed"]
        else:
            assert draft["repairs"] == [] and draft["parts"][0]["text"] == leak
