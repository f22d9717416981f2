"""`fazhi config set NAME VALUE | show [--json]` — the LLM connection saved in the data dir's
settings file (assistant/user_config.py), the same file the 设置 page writes."""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING

from assistant.cli.common import emit_json
from assistant.cli.wording import JSON_HELP
from assistant.user_config import FIELDS, config_path, read_config, shown, write_config

if TYPE_CHECKING:  # pydantic-settings: loaded by main, not by `fazhi -h`
    from assistant import Settings


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    config = sub.add_parser("config", help="保存或查看大模型接口设置（存于资料库目录的 settings.json）")
    actions = config.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    names = "、".join(FIELDS)
    p = actions.add_parser("set", help=f"保存一项设置（{names}）；值留空则删除该项")
    p.add_argument("name", choices=list(FIELDS), metavar="NAME")
    p.add_argument("value", nargs="?", help="llm_api_key 不写在命令行时会提示输入（不回显）")
    p.set_defaults(handler=cmd_set)

    p = actions.add_parser("show", help="显示正在使用的设置及其来源（密钥只显示“已设置”）")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_show)


def cmd_set(args: argparse.Namespace, settings: Settings) -> int:
    value = args.value
    if value is None:
        value = getpass.getpass("请输入接口密钥（不回显）：") if args.name == "llm_api_key" else ""
    write_config(settings.data_dir, {args.name: value})
    print(
        f"已保存 {args.name} = {shown(args.name, value) or '（已删除）'} 到 {config_path(settings.data_dir)}"
    )
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    saved = read_config(settings.data_dir)
    from assistant import Settings

    from_environment = Settings().model_fields_set  # FAZHI_* and .env only
    rows = {}
    for name in FIELDS:
        in_force = getattr(settings, name, saved.get(name, ""))
        source = "环境变量" if name in from_environment else ("设置文件" if name in saved else "默认")
        rows[name] = {"value": shown(name, in_force), "source": source}
    if args.json:
        emit_json({"file": str(config_path(settings.data_dir)), "settings": rows})
        return 0
    print(f"设置文件：{config_path(settings.data_dir)}")
    for name, row in rows.items():
        print(f"{name} = {row['value'] or '（空）'}  [{row['source']}]")
    return 0
