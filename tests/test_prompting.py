"""Prompt templates: loading, validation and rendering."""

from __future__ import annotations

import pytest

from assistant.errors import PromptError
from assistant.llm.prompts import PROMPTS_DIR, list_prompts, load_prompt, parse_prompt, render

TEMPLATE = """### system
你是{unit}的撰稿人。输出 JSON：{{"text": "…"}}

### user
请写{year}年的“{section}”部分。
事实：{facts}
"""


def write(tmp_path, name: str, text: str):
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_load_reads_both_sections_and_collects_placeholders(tmp_path):
    template = load_prompt("draft", write(tmp_path, "draft", TEMPLATE))
    assert template.name == "draft"
    assert template.system.startswith("你是{unit}") and template.system.endswith("}}")
    assert template.user.startswith("请写{year}年") and template.user.endswith("事实：{facts}")
    assert template.placeholders == {"unit", "year", "section", "facts"}


def test_render_fills_placeholders_and_keeps_literal_braces(tmp_path):
    template = load_prompt("draft", write(tmp_path, "draft", TEMPLATE))
    system, user = render(template, unit="某市司法局", year="2024", section="主要举措", facts="制定规章{3}件")
    assert system == '你是某市司法局的撰稿人。输出 JSON：{"text": "…"}'
    assert user == "请写2024年的“主要举措”部分。\n事实：制定规章{3}件"


def test_render_names_missing_and_unused_placeholders():
    template = parse_prompt("draft", TEMPLATE)
    with pytest.raises(PromptError) as caught:
        render(template, unit="某市", year="2024", section="成效", lang="zh")
    message = str(caught.value)
    assert "draft" in message
    assert "缺少占位符的值：facts" in message
    assert "没有这些占位符：lang" in message


def test_render_rejects_values_that_are_not_strings():
    template = parse_prompt("t", "### system\n系统\n### user\n{year}年")
    with pytest.raises(PromptError, match="year"):
        render(template, year=2024)  # type: ignore[arg-type]


def test_a_placeholder_named_template_does_not_clash_with_the_argument():
    template = parse_prompt("t", "### system\n系统\n### user\n参照：{template}")
    assert render(template, template="范文")[1] == "参照：范文"


def test_windows_line_endings_and_a_bom_are_accepted(tmp_path):
    (tmp_path / "crlf.txt").write_bytes("\ufeff### system\r\n系统{a}\r\n### user\r\n用户\r\n".encode())
    template = load_prompt("crlf", tmp_path)
    assert (template.system, template.user, template.placeholders) == ("系统{a}", "用户", {"a"})


def test_other_markdown_headings_are_part_of_the_text():
    template = parse_prompt("t", "### system\n### 角色\n撰稿人\n### user\n### 任务\n写作")
    assert template.system == "### 角色\n撰稿人" and template.user == "### 任务\n写作"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("只有正文", "### system"),
        ("### system\n系统", "### user"),
        ("### user\n用户\n### system\n系统", "之前"),
        ("### system\n系统\n### system\n又一个\n### user\n用户", "2 次"),
        ("前言\n### system\n系统\n### user\n用户", "之前不能有其他文字"),
        ("### system\n\n### user\n用户", "空的"),
        ("### system\n系统\n### user\n缺右括号 {name", "花括号不成对"),
        ("### system\n系统\n### user\n单个 } 括号", "花括号不成对"),
        ("### system\n系统\n### user\n{}", "无效占位符"),
        ("### system\n系统\n### user\n{0}", "无效占位符"),
        ("### system\n系统\n### user\n{a.b}", "无效占位符"),
        ("### system\n系统\n### user\n{a!r}", "无效占位符"),
        ("### system\n系统\n### user\n{a:>5}", "无效占位符"),
        ("### system\n系统\n### user\n{单位}", "无效占位符"),
    ],
)
def test_malformed_templates_are_rejected_at_load(tmp_path, text, problem):
    with pytest.raises(PromptError, match=problem) as caught:
        load_prompt("bad", write(tmp_path, "bad", text))
    assert "bad" in str(caught.value)


def test_a_missing_template_is_named(tmp_path):
    with pytest.raises(PromptError, match="找不到提示词模板 nope"):
        load_prompt("nope", tmp_path)


@pytest.mark.parametrize("name", ["../secrets", "a/b", "", "草稿"])
def test_template_names_cannot_leave_the_prompts_directory(tmp_path, name):
    with pytest.raises(PromptError, match="无效"):
        load_prompt(name, tmp_path)


def test_a_template_that_is_not_utf8_is_rejected(tmp_path):
    (tmp_path / "gbk.txt").write_bytes("### system\n系统\n### user\n用户".encode("gbk"))
    with pytest.raises(PromptError, match="UTF-8"):
        load_prompt("gbk", tmp_path)


def test_the_example_template_in_the_prompts_directory_loads():
    template = load_prompt("example_for_tests")
    assert template.placeholders == {"unit", "year", "section", "facts"}
    assert "example_for_tests" in list_prompts()


@pytest.mark.parametrize("name", list_prompts())
def test_every_shipped_template_renders(name):
    template = load_prompt(name, PROMPTS_DIR)
    system, user = render(template, **{key: f"<{key}>" for key in template.placeholders})
    assert system and user
    assert all(f"<{key}>" in system + user for key in template.placeholders)
