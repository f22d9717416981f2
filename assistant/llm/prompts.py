"""Prompt templates: prompts/NAME.txt files with a `### system` and a `### user` section.

Placeholders are str.format style, `{name}`; literal braces are doubled, `{{` and `}}`. Only plain
names are allowed (no `{a.b}`, `{0}`, `{x!r}`, `{x:>5}`). Rendering needs exactly the template's
placeholders: a missing value and an unused one are both errors, so code and templates cannot
drift apart silently.

A line `### include NAME` is replaced by prompts/NAME.inc: text several templates share (the
reviewer's rules in common_rules.inc), written once.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import PromptError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"

SYSTEM_MARKER = "### system"
USER_MARKER = "### user"
INCLUDE = re.compile(r"^### include ([A-Za-z0-9_\-]+)[ \t]*$", flags=re.MULTILINE)
_NAME = re.compile(r"[A-Za-z0-9_\-]+")


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    system: str
    user: str
    placeholders: frozenset[str]


def load_prompt(name: str, prompts_dir: Path = PROMPTS_DIR) -> PromptTemplate:
    """Read and validate prompts_dir/NAME.txt."""
    if not _NAME.fullmatch(name):
        raise PromptError(f"提示词模板名“{name}”无效：只能包含字母、数字、下划线和连字符。")
    path = prompts_dir / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PromptError(f"找不到提示词模板 {name}：{path} 不存在。") from None
    except UnicodeDecodeError:
        raise PromptError(f"提示词模板 {name}（{path}）不是 UTF-8 编码，请另存为 UTF-8。") from None
    return parse_prompt(name, expand_includes(name, text, prompts_dir))


def expand_includes(name: str, text: str, prompts_dir: Path = PROMPTS_DIR) -> str:
    """Each `### include PART` line replaced by the text of prompts_dir/PART.inc."""

    def included(match: re.Match[str]) -> str:
        path = prompts_dir / f"{match[1]}.inc"
        try:
            return path.read_text(encoding="utf-8-sig").strip()
        except FileNotFoundError:
            raise PromptError(f"提示词模板 {name} 引用的 {match[1]}.inc 不存在：{path}。") from None

    return INCLUDE.sub(included, text)


def list_prompts(prompts_dir: Path = PROMPTS_DIR) -> list[str]:
    """Names of all templates in prompts_dir."""
    return sorted(path.stem for path in prompts_dir.glob("*.txt"))


def parse_prompt(name: str, text: str) -> PromptTemplate:
    """Build a template from file text (see the module docstring for the format)."""
    system, user = _split_sections(name, text)
    placeholders = _placeholders(name, "system", system) | _placeholders(name, "user", user)
    return PromptTemplate(name=name, system=system, user=user, placeholders=frozenset(placeholders))


def render(template: PromptTemplate, /, **values: str) -> tuple[str, str]:
    """(system, user) with every placeholder filled."""
    missing = template.placeholders - values.keys()
    unknown = values.keys() - template.placeholders
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"缺少占位符的值：{_names(missing)}")
        if unknown:
            problems.append(f"模板中没有这些占位符：{_names(unknown)}")
        raise PromptError(
            f"提示词模板 {template.name} 与代码不一致，{'；'.join(problems)}。"
            f"请核对 prompts/{template.name}.txt 与调用它的代码。"
        )
    not_text = sorted(key for key, value in values.items() if not isinstance(value, str))
    if not_text:
        raise PromptError(f"提示词模板 {template.name} 的占位符 {_names(not_text)} 的值必须是字符串。")
    return template.system.format(**values), template.user.format(**values)


def _split_sections(name: str, text: str) -> tuple[str, str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    markers = {
        marker: [i for i, line in enumerate(lines) if line.strip().lower() == marker]
        for marker in (SYSTEM_MARKER, USER_MARKER)
    }
    for marker, found in markers.items():
        if len(found) != 1:
            count = "缺少" if not found else f"出现了 {len(found)} 次"
            raise PromptError(f"提示词模板 {name} 格式错误：“{marker}”这一行{count}，应恰好出现一次。")
    system_at, user_at = markers[SYSTEM_MARKER][0], markers[USER_MARKER][0]
    if system_at > user_at:
        raise PromptError(f"提示词模板 {name} 格式错误：“{SYSTEM_MARKER}”应写在“{USER_MARKER}”之前。")
    if "\n".join(lines[:system_at]).strip():
        raise PromptError(f"提示词模板 {name} 格式错误：“{SYSTEM_MARKER}”之前不能有其他文字。")
    system = "\n".join(lines[system_at + 1 : user_at]).strip()
    user = "\n".join(lines[user_at + 1 :]).strip()
    for marker, body in ((SYSTEM_MARKER, system), (USER_MARKER, user)):
        if not body:
            raise PromptError(f"提示词模板 {name} 格式错误：“{marker}”部分是空的。")
    return system, user


def _placeholders(name: str, section: str, text: str) -> set[str]:
    try:
        fields = [
            (field, spec, conv)
            for _, field, spec, conv in string.Formatter().parse(text)
            if field is not None
        ]
    except ValueError as exc:
        raise PromptError(
            f"提示词模板 {name} 的 {section} 部分花括号不成对（{exc}）。"
            "占位符写作 {name}；正文里的花括号要写成两个：{{ 和 }}。"
        ) from None
    for field, spec, conversion in fields:
        if not (field.isascii() and field.isidentifier()) or spec or conversion:
            shown = (
                "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            )
            raise PromptError(
                f"提示词模板 {name} 的 {section} 部分有无效占位符 {shown}："
                "占位符只能是 {name} 形式（英文字母、数字、下划线，不以数字开头）；"
                "正文里的花括号要写成两个：{{ 和 }}。"
            )
    return {field for field, _, _ in fields}


def _names(names: Iterable[str]) -> str:
    return "、".join(sorted(names))
