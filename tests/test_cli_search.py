import io
import json

import pytest

from assistant.cli import main
from tests.helpers import SEEDS

HIT_FIELDS = {
    "text",
    "score",
    "doc_id",
    "title",
    "unit",
    "year",
    "section",
    "level",
    "heading_path",
    "highlights",
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("lib")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FAZHI_EMBEDDING", "fake")
        assert main(["--data-dir", str(data_dir), "ingest", *map(str, SEEDS)]) == 0
    return data_dir


@pytest.fixture
def run(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    capsys.readouterr()

    def invoke(*args: str) -> tuple[int, str]:
        code = main(["--data-dir", str(data_dir), *args])
        return code, capsys.readouterr().out

    return invoke


def test_search_json_contract_and_filters(run):
    code, out = run(
        "search", "行政复议", "--k", "3", "--section", "achievements", "--year-from", "2022", "--json"
    )
    hits = json.loads(out)
    assert code == 0 and len(hits) == 3
    assert all(set(h) == HIT_FIELDS and h["section"] == "achievements" and h["year"] >= 2022 for h in hits)
    assert all(h["text"][s:e] for h in hits for s, e in h["highlights"])


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_search_modes_and_unit_filter(run, mode):
    code, out = run("search", "法治建设", "--mode", mode, "--unit", "高显镇", "--json")
    hits = json.loads(out)
    assert code == 0 and hits and all("高显镇" in h["unit"] + h["title"] for h in hits)


def test_batch_queries_print_one_array_per_line_in_order(run, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"q": "行政复议"}\n{"q": "加强法治宣传", "section": "plans"}\n', encoding="utf-8")
    code, out = run("search", "--queries", str(queries), "--k", "2", "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 2 and all(len(hits) == 2 for hits in lines)
    assert {h["section"] for h in lines[1]} == {"plans"}


def test_similar_reads_a_paragraph_from_stdin(run, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("配合做好行政负责人出庭应诉工作，依法化解行政争议。"))
    code, out = run("similar", "-", "--k", "2", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 2 and all(set(h) == HIT_FIELDS for h in hits)


def test_empty_query_is_a_chinese_error(run, capsys):
    assert run("search")[0] == 2


@pytest.mark.parametrize("line", ['{"query": "行政复议"}', '"行政复议"'])
def test_a_malformed_batch_line_is_a_chinese_error(run, tmp_path, line, capsys):
    queries = tmp_path / "bad.jsonl"
    queries.write_text(line + "\n", encoding="utf-8")
    code, _ = run("search", "--queries", str(queries), "--json")
    assert code == 2


def test_k_below_one_is_refused(run):
    assert run("search", "行政复议", "--k", "0")[0] == 2
