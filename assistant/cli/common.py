"""What the subcommand modules share: JSON output, the library opened with the crash hook, progress
on stderr, and the exit codes the edge returns."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.library.fsnames import readable_all

if TYPE_CHECKING:
    from assistant import Library, Settings

# Crash-point tests only: the process kills itself (SIGKILL, as `kill -9`) when a library change
# reaches the step named here (assistant.library.facade.ADD_STEPS / REMOVE_STEPS).
CRASH_VARIABLE = "FAZHI_TEST_CRASH_AT"
EXIT_USER_ERROR = 2
EXIT_UNEXPECTED = 70  # EX_SOFTWARE
EXIT_INTERRUPTED = 130
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


def open_library(settings: Settings) -> Library:
    from assistant import Library  # lazily: `fazhi parse` needs no models

    return Library(settings, step=crash_hook())


def stderr_progress(message: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r[{done}/{total}] {message}\033[K")
        if done == total:
            sys.stderr.write("\n")
