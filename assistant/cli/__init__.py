"""`fazhi` — the command line. Settings are built here; AssistantErrors become a Chinese message
on stderr and a non-zero exit; any other exception a Chinese message and a log entry (with its
traceback) in the data dir's logs/fazhi.log — never a traceback on screen."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.cli.args import ChineseArgumentParser
from assistant.errors import AssistantError
from assistant.library.fsnames import readable_all
from assistant.settings import Settings, load_settings

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Settings], int]
# Each module adds its subcommands; a subcommand sets `handler` via set_defaults.
COMMAND_MODULES = (
    "library_commands",
    "search_commands",
    "draft_commands",
    "drafts_commands",
    "config_commands",
)
# Crash-point tests only: the process kills itself (SIGKILL, as `kill -9`) when a library change
# reaches the step named here (assistant.library.facade.ADD_STEPS / REMOVE_STEPS).
CRASH_VARIABLE = "FAZHI_TEST_CRASH_AT"
EXIT_UNEXPECTED = 70  # EX_SOFTWARE
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a tool killed by the closed pipe would return


def emit_json(value: Any) -> None:
    """JSON on stdout; file names holding undecodable bytes are decoded first (valid UTF-8 always)."""
    sys.stdout.write(json.dumps(readable_all(value), ensure_ascii=False, indent=2) + "\n")


def crash_hook() -> Callable[[str], None] | None:
    target = os.environ.get(CRASH_VARIABLE, "")
    if not target:
        return None

    def step(name: str) -> None:
        if name == target:
            os.kill(os.getpid(), signal.SIGKILL)

    return step


def open_library(settings: Settings):  # noqa: ANN201 - imported lazily: `fazhi parse` needs no models
    from assistant.library.facade import Library

    return Library(settings, step=crash_hook())


def stderr_progress(message: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r[{done}/{total}] {message}\033[K")
        if done == total:
            sys.stderr.write("\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = ChineseArgumentParser(prog="fazhi", description="法治政府建设年度报告写作助手")
    _common_options(parser, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="子命令")
    for module in COMMAND_MODULES:
        importlib.import_module(f"assistant.cli.{module}").add_subcommands(sub)
    for command in sub.choices.values():  # `fazhi list --data-dir X` as well as `fazhi --data-dir X list`
        _common_options(command, argparse.SUPPRESS)
    return parser


def _common_options(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--data-dir", type=Path, default=default, help="资料库目录（覆盖 FAZHI_DATA_DIR，默认 ./data）"
    )
    parser.add_argument("-v", "--verbose", action="store_true", default=default, help="输出调试日志")


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
    args = build_parser().parse_args(argv)
    verbose = bool(getattr(args, "verbose", False))
    data_dir = getattr(args, "data_dir", None)
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    settings: Settings | None = None
    try:
        settings = load_settings(**({"data_dir": data_dir} if data_dir is not None else {}))
        code = args.handler(args, settings)
        sys.stdout.flush()  # a closed pipe shows here, inside the try
        return int(code)
    except AssistantError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
    except BrokenPipeError:  # `fazhi parse X | head -1`: the reader has all it wanted
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # noqa: BLE001 - the edge: a bug becomes a message and a log entry
        where = _log_unexpected(settings, args)
        if verbose:
            traceback.print_exc()
        sys.stderr.write(
            f"错误：程序内部出错（{exc.__class__.__name__}: {exc}）。详细信息已写入日志 {where}，"
            "请把该日志和所做的操作反馈给维护人员。\n"
        )
        return EXIT_UNEXPECTED


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _log_unexpected(settings: Settings | None, args: argparse.Namespace) -> Path:
    """Write the current exception's traceback to logs/fazhi.log (in the data dir, else the temp dir)."""
    folders = ([settings.data_dir / "logs"] if settings else []) + [Path(tempfile.gettempdir())]
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "fazhi.log"
            handler = logging.FileHandler(path, encoding="utf-8", errors="backslashreplace")
        except OSError:
            continue
        crash_log = logging.getLogger("fazhi.unexpected")
        crash_log.propagate = False  # the traceback goes to the file only, not to the screen
        crash_log.addHandler(handler)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        crash_log.exception("unexpected error in `fazhi %s`", getattr(args, "command", ""))
        crash_log.removeHandler(handler)
        handler.close()
        return path
    return Path(os.devnull)
