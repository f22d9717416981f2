"""Changes shown inside the sentence: the pure comparison (assistant/drafts/diff.py) and its HTML
(ui/diff_view.py), the same for draft versions, rewrites and repairs."""

from __future__ import annotations

from dataclasses import replace

from assistant.drafts.diff import changed, draft_text, inline_diff, side
from assistant.types import DiffPiece, Draft, DraftPart
from ui.diff_view import diff_html, legend


def ops(before: str, after: str) -> list[tuple[str, str]]:
    return [(p.op, p.text) for p in inline_diff(before, after)]


def test_a_changed_digit_inside_a_sentence_is_a_one_character_change():
    assert ops("全年办理案件35件，同比增长。", "全年办理案件36件，同比增长。") == [
        ("same", "全年办理案件3"),
        ("delete", "5"),
        ("insert", "6"),
        ("same", "件，同比增长。"),
    ]


def test_a_changed_comma_is_marked_and_the_rest_of_the_paragraph_stays_plain():
    pieces = inline_diff(
        "第一段。\n推进依法行政，成效明显。\n第三段。", "第一段。\n推进依法行政。成效明显。\n第三段。"
    )
    assert [p for p in pieces if p.op != "same"] == [DiffPiece("delete", "，"), DiffPiece("insert", "。")]
    assert pieces[0] == DiffPiece("same", "第一段。\n推进依法行政")


def test_both_sides_are_rebuilt_exactly_from_the_pieces():
    before = "高显镇全年办理行政复议案件35件。\n明年将继续深化。\n旧段落。"
    after = "我局全年办理行政复议案件35件。\n2025年将继续深化。\n新增一段。"
    pieces = inline_diff(before, after)
    assert side(pieces, "before") == before and side(pieces, "after") == after
    assert ("delete", "高显镇") in [(p.op, p.text) for p in pieces]


def test_a_lone_kept_character_between_two_changes_is_folded_into_them():
    assert ops("甲乙丙", "丁乙戊") == [("delete", "甲乙丙"), ("insert", "丁乙戊")]


def test_an_added_paragraph_is_one_insertion_and_identical_texts_have_no_change():
    assert ops("一段。", "一段。\n新的一段。") == [("same", "一段。\n"), ("insert", "新的一段。")]
    assert not changed(inline_diff("相同的文字。", "相同的文字。"))


def test_the_html_escapes_the_clerks_text_and_marks_changes_with_del_and_ins():
    html = diff_html(inline_diff("<b>旧</b>的文字", "<script>alert(1)</script>的文字"))
    assert "<script>" not in html and "<b>" not in html
    assert (
        "&lt;" in html
        and "alert(1)" in html
        and '<ins class="fazhi-ins"' in html
        and '<del class="fazhi-del"' in html
    )
    assert "新增：" in html and "删去：" in html  # read out by screen readers


def test_line_breaks_survive_in_the_html_and_the_legend_names_both_sides():
    assert "一段。<br>" in diff_html(inline_diff("一段。\n二段。", "一段。\n二段！"))
    assert "第 1 版" in legend("第 1 版", "第 2 版") and "第 2 版" in legend("第 1 版", "第 2 版")


def test_a_versions_text_holds_title_preamble_headings_and_parts():
    part = DraftPart(key="achievements", heading="一、主要举措和成效", text="办理案件35件。")
    draft = Draft(title="2024年法治政府建设情况报告", unit="某局", year=2024, mode="offline", parts=(part,))
    text = draft_text(replace(draft, preamble="开头。"))
    assert text.split("\n") == [
        "2024年法治政府建设情况报告",
        "开头。",
        "一、主要举措和成效",
        "办理案件35件。",
    ]
