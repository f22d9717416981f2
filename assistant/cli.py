"""`fazhi` — the command line. Settings are built here; AssistantErrors become a Chinese message
on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import AssistantError
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Settings], int]
# Each module adds its subcommands; a subcommand sets `handler` via set_defaults.
COMMAND_MODULES = ("cli_library", "cli_search", "cli_draft", "cli_drafts", "cli_config")


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def open_library(settings: Settings):  # noqa: ANN201 - imported lazily: `fazhi parse` needs no models
    from .library import Library

    return Library(settings)


def stderr_progress(message: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r[{done}/{total}] {message}\033[K")
        if done == total:
            sys.stderr.write("\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(prog="fazhi", description="法治政府建设年度报告写作助手")
    parser.add_argument("--data-dir", type=Path, help="资料库目录（覆盖 FAZHI_DATA_DIR，默认 ./data）")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        importlib.import_module(f"assistant.{module}").add_subcommands(sub)
    return parser


# langchain sends prompts to LangSmith when these are set; a government tool must not.
TRACING_VARIABLES = ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING", "LANGSMITH_API_KEY")


def disable_tracing() -> None:
    for name in TRACING_VARIABLES:
        os.environ.pop(name, None)


def main(argv: Sequence[str] | None = None) -> int:
    disable_tracing()
    # huggingface_hub contacts its hub even for local models unless told it is offline.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = load_settings(**({"data_dir": args.data_dir} if args.data_dir is not None else {}))
        return args.handler(args, settings)
    except AssistantError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
