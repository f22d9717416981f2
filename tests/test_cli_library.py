import json

import pytest

from tests.helpers import SEEDS


def test_ingest_json_reports_added_skipped_and_failed(run, tmp_path):
    (tmp_path / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    code, out, _ = run("ingest", *map(str, SEEDS[:2]), str(tmp_path / "garbage.txt"), "--json")
    result = json.loads(out)
    assert code == 1
    fields = sorted(["id", "title", "unit", "year", "level", "chunks", "path", "warnings"])
    assert [sorted(a) for a in result["added"]] == [fields] * 2
    assert [a["path"] for a in result["added"]] == list(map(str, SEEDS[:2]))
    assert result["skipped"] == []
    assert result["failed"][0]["path"].endswith("garbage.txt") and result["failed"][0]["error"]
    code, out, _ = run("ingest", *map(str, SEEDS[:2]), "--json")
    again = json.loads(out)
    assert code == 0 and again["added"] == []
    assert [set(s) for s in again["skipped"]] == [{"path", "reason", "duplicate_of"}] * 2
    assert [s["duplicate_of"] for s in again["skipped"]] == [a["id"] for a in result["added"]]


def test_list_json_has_the_contract_fields(run):
    run("ingest", str(SEEDS[0]))
    code, out, _ = run("list", "--json")
    (doc,) = json.loads(out)
    assert code == 0
    assert set(doc) == {"id", "title", "unit", "year", "level", "chunks", "sections", "warnings"}
    assert doc["level"] == "部门" and doc["warnings"] == []
    assert doc["year"] == 2022 and doc["sections"]["achievements"] >= 1
    assert sum(doc["sections"].values()) == doc["chunks"]


def test_remove_then_list_is_empty_and_unknown_id_is_a_clear_error(run):
    _, out, _ = run("ingest", str(SEEDS[0]), "--json")
    doc_id = json.loads(out)["added"][0]["id"]
    assert run("remove", doc_id)[0] == 0
    assert json.loads(run("list", "--json")[1]) == []
    code, _, err = run("remove", doc_id)
    assert code == 2 and "fazhi list" in err and "Traceback" not in err


def test_parse_json_prints_the_contract(run):
    code, out, _ = run("parse", str(SEEDS[1]), "--json")
    parsed = json.loads(out)
    assert code == 0
    assert set(parsed) == {"title", "unit", "year", "doc_number", "level", "warnings", "sections"}
    assert parsed["year"] == 2021 and parsed["doc_number"] == "台政办字〔2022〕1号"
    assert all(set(s) == {"key", "heading", "text"} for s in parsed["sections"])


def test_reindex_command_reports_the_chunk_count(run):
    run("ingest", str(SEEDS[0]))
    code, out, _ = run("reindex")
    assert code == 0 and "重建索引" in out


@pytest.mark.parametrize(
    "content, name",
    [(b"", "empty.txt"), (b"PK\x03\x04broken", "bad.docx"), (b"\x00\x01\x02" * 1000, "bin.txt")],
)
def test_bad_input_gives_a_chinese_message_and_no_traceback(run, tmp_path, content, name):
    (tmp_path / name).write_bytes(content)
    code, _, err = run("ingest", str(tmp_path / name))
    assert code == 1 and "Traceback" not in err and "失败" in err
    assert json.loads(run("list", "--json")[1]) == []


def test_edit_corrects_the_document_and_what_search_filters_on(run):
    _, out, _ = run("ingest", str(SEEDS[2]), "--json")
    doc_id = json.loads(out)["added"][0]["id"]
    code, out, _ = run(
        "edit", doc_id, "--unit", "某县高显镇", "--year", "2021", "--level", "township", "--json"
    )
    edited = json.loads(out)
    assert code == 0 and (edited["unit"], edited["year"], edited["level"]) == ("某县高显镇", 2021, "乡镇")
    (listed,) = json.loads(run("list", "--json")[1])
    assert (listed["unit"], listed["year"], listed["level"]) == ("某县高显镇", 2021, "乡镇")
    hits = json.loads(run("search", "法治", "--level", "乡镇", "--year-to", "2021", "--json")[1])
    assert hits and {(h["unit"], h["year"], h["level"]) for h in hits} == {("某县高显镇", 2021, "乡镇")}
    assert json.loads(run("search", "法治", "--level", "department", "--json")[1]) == []


@pytest.mark.parametrize(
    "args, words",
    [(["--level", "村"], "层级"), (["--year", "22"], "年度"), (["--unit", " "], "单位"), ([], "没有要修改")],
)
def test_edit_with_a_bad_value_is_a_chinese_error_and_changes_nothing(run, args, words):
    _, out, _ = run("ingest", str(SEEDS[0]), "--json")
    before = json.loads(run("list", "--json")[1])
    code, _, err = run("edit", json.loads(out)["added"][0]["id"], *args)
    assert code != 0 and words in err and "Traceback" not in err
    assert json.loads(run("list", "--json")[1]) == before


def test_edit_of_an_unknown_id_names_fazhi_list(run):
    code, _, err = run("edit", "0123456789abcdef", "--year", "2022")
    assert code != 0 and "fazhi list" in err


def test_search_with_an_unknown_level_is_a_chinese_error(run):
    run("ingest", str(SEEDS[0]))
    code, _, err = run("search", "法治", "--level", "village")
    assert code != 0 and "层级" in err and "乡镇" in err
