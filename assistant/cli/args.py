"""argparse in Chinese: usage, help and every error message argparse writes, so a mistyped
command gets a Chinese line that says what is wrong and how to see the usage."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from assistant.cli import (
    config_commands,
    draft_commands,
    drafts_commands,
    library_commands,
    outline_commands,
    search_commands,
)

# Each module adds its subcommands; a subcommand sets `handler` via set_defaults.
COMMAND_MODULES = (
    library_commands,
    search_commands,
    draft_commands,
    outline_commands,
    drafts_commands,
    config_commands,
)

# argparse's English messages (CPython 3.11–3.13) and their Chinese.
_MESSAGES = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (.*?): invalid int value: (.*)", r"参数 \1 的取值 \2 无效：应为整数"),
    (r"argument (.*?): invalid float value: (.*)", r"参数 \1 的取值 \2 无效：应为数字"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"参数 \1 的取值 \3 无效"),
    (r"argument (.*?): expected one argument", r"参数 \1 后面需要跟一个值"),
    (r"argument (.*?): expected at least one argument", r"参数 \1 后面至少需要一个值"),
    (r"argument (.*?): expected (.*) arguments?", r"参数 \1 的值个数不对"),
    (r"argument (.*?): not allowed with argument (.*)", r"参数 \1 不能与 \2 同时使用"),
    (r"argument (.*?): ignored explicit argument (.*)", r"参数 \1 不接受取值 \2"),
    (r"ambiguous option: (.*?) could match (.*)", r"选项 \1 有歧义，可能是：\2"),
    (r"one of the arguments (.*) is required", r"需要以下参数之一：\1"),
)


def chinese_message(message: str) -> str:
    for pattern, chinese in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, chinese, message)
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, headings, -h and errors are Chinese (subparsers inherit it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_usage(self) -> str:
        return _chinese_usage(super().format_usage())

    def format_help(self) -> str:
        return _chinese_usage(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{chinese_message(message)}。用 `{self.prog} -h` 查看用法。\n")


def _chinese_usage(text: str) -> str:
    return re.sub(r"^usage: ", "用法：", text)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="fazhi", description="法治政府建设年度报告写作助手")
    _common_options(parser, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="子命令")
    for module in COMMAND_MODULES:
        module.add_subcommands(sub)
    for command in sub.choices.values():  # `fazhi list --data-dir X` as well as `fazhi --data-dir X list`
        _common_options(command, argparse.SUPPRESS)
    return parser


def _common_options(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--data-dir", type=Path, default=default, help="资料库目录（覆盖 FAZHI_DATA_DIR，默认 ./data）"
    )
    parser.add_argument("-v", "--verbose", action="store_true", default=default, help="输出调试日志")
