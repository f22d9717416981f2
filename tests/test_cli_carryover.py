"""`fazhi draft` / `fazhi check`: last year's report found in the library by default, the
"carryover" and "coverage" lists, --no-previous, and the 对照表 appended to the .md."""

import json
from pathlib import Path

import pytest

from assistant.drafts.codec import load_draft
from assistant.drafts.draft_json import draft_from_dict, draft_to_dict

CASE = Path(__file__).parent / "fixtures" / "carryover"
CARRYOVER_FIELDS = {"promise", "status", "part", "start", "end", "fact"}


@pytest.fixture
def run(run):  # noqa: ANN001, ANN201 - conftest's `run`, with last year's report in the library
    run("ingest", str(CASE / "county_bureau_2023.txt"))
    return run


def _draft(*extra: str) -> list[str]:
    facts = str(CASE / "county_bureau_2024_facts.txt")
    return ["draft", "--unit", "某县司法局", "--year", "2024", "--facts", facts, "--offline", *extra]


def test_draft_takes_last_years_report_from_the_library_and_says_so(run):
    code, out, err = run(*_draft("--json"))
    draft = json.loads(out)
    assert code == 0 and "已自动对照资料库中的上一年度报告" in err
    assert len(draft["carryover"]) == 5 and all(set(e) == CARRYOVER_FIELDS for e in draft["carryover"])
    assert [e["status"] for e in draft["carryover"]].count("missing") == 2
    assert {c["area"] for c in draft["coverage"]} >= {"行政执法工作体系", "突发事件应对体系"}


def test_no_previous_skips_it(run):
    code, out, err = run(*_draft("--json", "--no-previous"))
    assert code == 0 and json.loads(out)["carryover"] == [] and "上一年度报告" not in err


def test_check_json_gains_carryover_with_previous(run, tmp_path):
    md = tmp_path / "d.md"
    assert run(*_draft("--no-previous", "--out", str(md)))[0] == 0
    previous = str(CASE / "county_bureau_2023.txt")
    code, out, _ = run(
        "check", str(md), "--unit", "某县司法局", "--year", "2024", "--previous", previous, "--json"
    )
    result = json.loads(out)
    statuses = [e["status"] for e in result["carryover"]]
    assert len(statuses) == 5 and statuses.count("missing") == 2
    assert sum(f["kind"] == "carryover" for f in result["findings"]) == 2


def test_check_json_without_previous_is_still_the_findings_list(run, tmp_path):
    md = tmp_path / "d.md"
    assert run(*_draft("--no-previous", "--out", str(md)))[0] == 0
    code, out, _ = run("check", str(md), "--unit", "某县司法局", "--year", "2024", "--json")
    findings = json.loads(out)
    assert isinstance(findings, list) and findings and all("kind" in f for f in findings)


def test_the_md_export_appends_the_table_and_reads_back_without_it(run, tmp_path):
    md = tmp_path / "d.md"
    assert run(*_draft("--out", str(md)))[0] == 0
    text = md.read_text(encoding="utf-8")
    assert "## 附：去年承诺对照表" in text and "| 开展突发事件应急演练 | 未见回应 |" in text
    assert "## 附：纲要覆盖情况" in text
    again = load_draft(md)
    assert [p.key for p in again.parts] == ["achievements", "shortcomings", "leadership", "plans"]
    assert again.unit == "某县司法局" and "附" not in again.parts[-1].text


def test_carryover_and_coverage_survive_the_json_round_trip(run):
    draft = draft_from_dict(json.loads(run(*_draft("--json"))[1]))
    assert draft_from_dict(draft_to_dict(draft)) == draft and len(draft.carryover) == 5
