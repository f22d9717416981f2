"""compose.officialise: a model's Markdown and half-width punctuation made official, Latin left."""

from __future__ import annotations

import pytest

from assistant.compose.drafter import clean_model_text
from assistant.compose.officialise import officialise


@pytest.mark.parametrize(
    ("answer", "official"),
    [
        (
            "### 1. 加强组织领导\n正文。\n### 2. 严格执法\n正文。",
            "（一）加强组织领导\n正文。\n（二）严格执法\n正文。",
        ),
        ("### 加强组织领导\n正文。\n## 严格执法", "（一）加强组织领导\n正文。\n（二）严格执法"),
        ("**加强组织领导，压实主体责任**\n正文。", "（一）加强组织领导，压实主体责任\n正文。"),
        ("1. **深化放管服改革**：推进一网通办。", "（一）深化放管服改革。推进一网通办。"),
        ("一、加强学习\n正文。\n二、强化执法", "（一）加强学习\n正文。\n（二）强化执法"),
        ("**一是**强化学习。**二是**完善制度。", "一是强化学习。二是完善制度。"),
        ("- 开展执法检查\n- 办理案件", "开展执法检查\n办理案件"),
        ("（一）组织领导\n(1) 子项一\n(2) 子项二", "（一）组织领导\n1.子项一\n2.子项二"),
    ],
)
def test_markdown_becomes_the_numbering_hierarchy_under_a_part(answer: str, official: str) -> None:
    assert officialise(answer) == official


@pytest.mark.parametrize(
    ("answer", "official"),
    [
        ("全年召开党组会4次, 研究法治建设.", "全年召开党组会4次，研究法治建设。"),
        ("主要表现在以下方面:", "主要表现在以下方面："),
        ("完善制度(含清单)", "完善制度（含清单）"),
        ("合法性审核率达100%.", "合法性审核率达100%。"),
    ],
)
def test_half_width_punctuation_in_chinese_text_becomes_full_width(answer: str, official: str) -> None:
    assert officialise(answer) == official


def test_latin_words_urls_and_decimals_are_left_for_the_checks() -> None:
    text = officialise("持续推进 one-stop service，纠错率11.4%，详见 https://example.gov.cn/a,b。")
    assert "one-stop service" in text and "11.4%" in text and "https://example.gov.cn/a,b" in text


def test_the_part_heading_a_model_repeats_goes_before_numbering_counts_it() -> None:
    heading = "一、2024年推进法治政府建设的主要举措和成效"
    raw = f"## {heading}\n### 1. 加强组织领导\n正文。[S1]"
    text, cited = clean_model_text(raw, heading, 1, under=1)
    assert text == "（一）加强组织领导\n正文。" and cited == {"S1"}


def test_without_under_the_cleaning_keeps_a_passages_own_numbering() -> None:
    text, _ = clean_model_text("一、加强学习\n**正文**。", "", 0)
    assert text == "一、加强学习\n正文。"
