"""The CLI's human output in the clerk's words: part names, quoted snippets, ranks, unknown values
marked, `--json` explained in every --help (the JSON itself is covered by the other CLI tests)."""

from __future__ import annotations

import re

import pytest

from assistant.cli import main
from assistant.cli.args import build_parser
from assistant.cli.wording import (
    JSON_HELP,
    UNKNOWN,
    changes_text,
    document_line,
    finding_line,
    part_name,
    rank_label,
    snippet,
)
from assistant.types import Finding
from tests.helpers import FACTS, SEEDS, UNIT

INTERNAL = re.compile(r"\b(?:preamble|achievements|shortcomings|leadership|plans|closing)\b|得分|\d+-\d+：")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("wording")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FAZHI_EMBEDDING", "fake")
        assert main(["--data-dir", str(data_dir), "ingest", *map(str, SEEDS[:2])]) == 0
    return data_dir


@pytest.fixture
def run(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    monkeypatch.delenv("FAZHI_LLM_BASE_URL", raising=False)
    capsys.readouterr()

    def invoke(*args: str) -> str:
        main(["--data-dir", str(data_dir), *args])
        return capsys.readouterr().out

    return invoke


def test_parts_are_named_as_in_the_report():
    assert [part_name(k) for k in ("achievements", "shortcomings", "leadership", "plans")] == [
        "一、主要举措和成效",
        "二、存在的不足和原因",
        "三、主要负责人履职情况",
        "四、下一年度主要安排",
    ]
    assert part_name("title") == "标题" and part_name("preamble") == "开头"


def test_a_finding_is_placed_by_a_quoted_snippet_not_by_offsets():
    text = "本年度，高显镇全年办理行政复议案件35件，依法行政工作稳步推进。"
    finding = Finding("achievements", 4, 7, "error", "出现其他单位的名称“高显镇”")
    line = finding_line(finding, {"achievements": text}, "错误")
    assert line.startswith("  [错误] 一、主要举措和成效 “本年度，【高显镇】全年办理行政复议案件35……”：出现")
    assert not INTERNAL.search(line)
    assert snippet(text, 0, 500) == ""  # offsets outside the text: no invented quote


def test_unknown_values_are_marked_and_ranks_replace_scores():
    assert (
        document_line("", None, "", "某报告", 3, "abc")
        == f"{UNKNOWN}｜{UNKNOWN}｜{UNKNOWN}｜《某报告》｜3 段｜abc"
    )
    assert rank_label(1, 5) == "第1条（最相关）" and rank_label(2, 5) == "第2条"


def test_a_repair_is_shown_with_the_changed_characters_marked():
    assert changes_text("第一段。\n高显镇办理案件35件。", "第一段。\n我局办理案件35件。") == (
        "  〔删去：高显镇〕〔新增：我局〕办理案件35件。"
    )


def test_list_prints_unit_year_level_title_with_no_internal_keys(run):
    out = run("list")
    assert "单位｜年度｜级别｜标题" in out and "《" in out
    assert not INTERNAL.search(out) and "[" not in out


def test_search_prints_ranks_and_part_names_not_scores(run):
    out = run("search", "行政复议", "--k", "3")
    assert "第1条（最相关）" in out and "位置：" in out
    assert not INTERNAL.search(out)


def test_check_names_parts_and_quotes_the_words_it_points_at(run, tmp_path):
    draft = tmp_path / "草稿.md"
    draft.write_text(
        "# 2024年法治政府建设情况报告\n\n## 一、2024年推进法治政府建设的主要举措和成效\n\n"
        "高显镇全年办理行政复议案件35件。2019年组织学法6次。\n",
        encoding="utf-8",
    )
    facts = tmp_path / "facts.txt"
    facts.write_text(FACTS, encoding="utf-8")
    out = run("check", str(draft), "--unit", UNIT, "--year", "2024", "--facts", str(facts))
    assert "检查发现" in out and "一、主要举措和成效 “" in out and "【" in out
    assert not INTERNAL.search(out)


def test_every_json_option_is_explained_in_its_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = dict(sub.choices)
    drafts = next(a for a in commands["drafts"]._actions if a.dest == "drafts_command")
    commands.update({f"drafts {k}": v for k, v in drafts.choices.items()})
    with_json = {name: p for name, p in commands.items() if "--json" in p._option_string_actions}
    assert len(with_json) >= 9
    for name, p in with_json.items():
        assert p._option_string_actions["--json"].help, f"fazhi {name} --json has no help"
    assert "供脚本读取" in commands["list"].format_help() and "供脚本读取" in JSON_HELP
