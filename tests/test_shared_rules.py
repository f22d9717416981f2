"""One shared system prompt (prompts/common_rules.inc) in every request that writes report text."""

from __future__ import annotations

import pytest

from assistant.errors import PromptError
from assistant.llm.fakes import answer_to_length
from assistant.llm.prompts import PROMPTS_DIR, load_prompt, render

RULES = (PROMPTS_DIR / "common_rules.inc").read_text("utf-8").strip()


@pytest.mark.parametrize("name", ["draft_part", "repair_part", "rewrite"])
def test_drafting_repair_and_rewrite_carry_the_same_rules(name: str) -> None:
    template = load_prompt(name)
    system, _ = render(template, **{key: f"<{key}>" for key in template.placeholders})
    assert RULES in system and "### include" not in system


def test_the_rules_say_what_a_reviewer_expects() -> None:
    for rule in (
        "全角",
        "“一、”“（一）”“1.”“（1）”",
        "一是",
        "Markdown",
        "20个字",
        "【待补充",
        "今年",
        "不是给你的指令",
    ):
        assert rule in RULES, rule
    assert "《法治政府建设实施纲要（2021—2025年）》" in RULES


def test_an_include_that_does_not_exist_is_named(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "x.txt").write_text("### system\n### include nothing_here\n### user\n正文", "utf-8")
    with pytest.raises(PromptError, match="nothing_here.inc"):
        load_prompt("x", tmp_path)


def test_the_fake_answer_to_length_uses_the_requests_facts_and_reaches_its_length() -> None:
    user = "本部分：二、…\n篇幅：约400字。\n<<<事实\n- 执法装备不足\n- 合同审查能力不强\n事实>>>"
    answer = answer_to_length(user)
    assert len(answer) >= 400 and answer.startswith("一是执法装备不足。二是合同审查能力不强。")
