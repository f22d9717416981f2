"""`fazhi` — the command line. Settings are built here; AssistantErrors become a Chinese message
on stderr and a non-zero exit; any other exception a Chinese message and a log entry (with its
traceback) in the data dir's logs/fazhi.log — never a traceback on screen."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import AssistantError
from assistant.cli.args import build_parser
from assistant.cli.common import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_UNEXPECTED, EXIT_USER_ERROR
from assistant.offline import go_offline

if TYPE_CHECKING:
    from assistant import Settings

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    go_offline()
    args = build_parser().parse_args(argv)
    verbose = bool(getattr(args, "verbose", False))
    data_dir = getattr(args, "data_dir", None)
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    settings: Settings | None = None
    try:
        from assistant import load_settings  # pydantic-settings: not needed for `fazhi -h`

        settings = load_settings(**({"data_dir": data_dir} if data_dir is not None else {}))
        _note_damaged_config(settings)
        from assistant.text import divisions, names

        divisions.use_cache_dir(settings.data_dir / "cache")  # the compact gazetteer, built once
        names.use_cache_dir(settings.data_dir / "cache" / "jieba")  # the checks' jieba tables, too
        code = args.handler(args, settings)
        sys.stdout.flush()  # a closed pipe shows here, inside the try
        return int(code)
    except AssistantError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return EXIT_INTERRUPTED
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


def _note_damaged_config(settings: Settings) -> None:
    from assistant.user_config import config_problem

    problem = config_problem(settings.data_dir)
    if problem:
        sys.stderr.write(f"提醒：{problem}\n")


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
