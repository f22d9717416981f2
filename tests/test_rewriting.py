import pytest

from assistant.errors import AssistantError
from assistant.llm.fakes import FakeChatModel
from assistant.rewriting import (
    Rewriter,
    rebase_to_year,
    renumber_headings,
    sentence_diff,
)
from assistant.text.script import full_width_marks


@pytest.mark.parametrize(
    "before, after",
    [
        ("2022年共开展培训6次，2023年将继续。", "2024年共开展培训6次，2025年将继续。"),
        ("今年共开展培训6次，明年将继续。", "2024年共开展培训6次，2025年将继续。"),
        (
            "落实《法治政府建设实施纲要（2021—2025年）》，2022年成效明显。",
            "落实《法治政府建设实施纲要（2021—2025年）》，2024年成效明显。",
        ),
    ],
)
def test_rebase_to_year_shifts_bare_years_but_not_titles_or_ranges(before, after):
    assert rebase_to_year(before, 2024) == after


def test_full_width_marks_only_next_to_chinese():
    assert (
        full_width_marks("开展培训,强化学习;效果(良好)。version 1,2")
        == "开展培训，强化学习；效果（良好）。version 1,2"
    )


def test_renumber_headings_restarts_under_each_parent():
    text = "一、甲\n（一）子\n（三）子\n1.孙\n3.孙\n三、乙\n（二）子"
    assert renumber_headings(text) == "一、甲\n（一）子\n（二）子\n1.孙\n2.孙\n二、乙\n（一）子"


def test_formal_format_preset_makes_a_numbered_list_under_a_part_heading_its_second_level():
    text = "一、主要举措和成效\n1.加强组织领导。召开会议3次.\n2.推进依法决策。"
    result = Rewriter(None, None).rewrite(text, preset="规范格式", year=2024)
    assert result.text == "一、主要举措和成效\n（一）加强组织领导。召开会议3次。\n（二）推进依法决策。"


def test_offline_presets_work_without_llm_and_return_diff_and_findings():
    result = Rewriter(None, None).rewrite("今年培训6次,效果良好。", preset="改为Y年口径", year=2024)
    assert result.text == "2024年培训6次,效果良好。" and result.mode == "offline"
    assert "-今年培训6次" in result.diff and "+2024年培训6次" in result.diff
    assert [(f.kind, f.suggestion) for f in result.findings] == [("format", "改为全角“，”")]


def test_llm_preset_without_llm_says_which_presets_work_offline():
    with pytest.raises(AssistantError, match="改为Y年口径、规范格式"):
        Rewriter(None, None).rewrite("培训6次。", preset="精炼")


def test_llm_rewrite_uses_the_instruction_and_checks_the_result():
    model = FakeChatModel(["2024年开展培训6次，培训18次，效果良好。"])
    result = Rewriter(None, model).rewrite("今年培训6次。", preset="扩写到300字", year=2024, facts="培训6次")
    system, user = model.calls[0]
    assert "扩写到约300字" in user and "今年培训6次。" in user and "2024 年" in system
    assert [result.text[f.start : f.end] for f in result.findings] == ["18次"]


def test_preset_and_instruction_are_exclusive_and_unknown_preset_is_named():
    with pytest.raises(AssistantError, match="二选一"):
        Rewriter(None, None).rewrite("文字。", preset="精炼", instruction="改短")
    with pytest.raises(AssistantError, match="未知的预设"):
        Rewriter(None, FakeChatModel(["x"])).rewrite("文字。", preset="变魔术")


def test_sentence_diff_is_empty_for_identical_text():
    assert sentence_diff("一句。二句。", "一句。二句。") == ""


def test_rebasing_a_plans_passage_targets_the_following_year():
    result = Rewriter(None, None).rewrite(
        "2023年将深化执法监督。", preset="改为Y年口径", year=2024, section="plans"
    )
    assert result.text == "2025年将深化执法监督。" and result.findings == ()


def test_rebase_shifts_the_year_of_full_dates_too():
    assert (
        rebase_to_year("2023年12月4日开展宪法宣传，2023年共培训6次。", 2024)
        == "2024年12月4日开展宪法宣传，2024年共培训6次。"
    )


def test_a_plans_passage_tells_the_model_the_following_year_and_is_checked_against_it():
    model = FakeChatModel(["2025年将深化执法监督。"])
    result = Rewriter(None, model).rewrite("明年深化执法监督。", preset="更正式", year=2024, section="plans")
    assert "叙述的是 2025 年" in model.calls[0][0]
    assert not [f for f in result.findings if "年份" in f.message]


def test_an_explicit_year_preset_works_like_the_y_preset():
    explicit = Rewriter(None, None).rewrite("2023年培训6次。", preset="改为2024年口径")
    assert explicit.text == "2024年培训6次。" and explicit.mode == "offline"


def test_formal_format_converts_half_width_full_stops_and_straight_quotes():
    result = Rewriter(None, None).rewrite('开展"宪法宣传周"活动.发放3.5万份.', preset="规范格式")
    assert result.text == "开展“宪法宣传周”活动。发放3.5万份。"


def test_reasoning_is_not_streamed_in_a_rewrite():
    shown: list[str] = []
    model = FakeChatModel(["<think>先想想</think>2024年培训6次。"], chunk_size=3)
    result = Rewriter(None, model).rewrite("培训6次。", preset="更正式", year=2024, on_delta=shown.append)
    assert "".join(shown) == result.text == "2024年培训6次。"
