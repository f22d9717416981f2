"""Run a converter (pdftotext, pdftoppm, tesseract) as a child process with a time and memory
bound, so that a hostile file costs at most that and never raises inside this process."""

from __future__ import annotations

import os
import signal
import subprocess

from assistant.errors import ReadError


def run_bounded(
    command: list[str], timeout_s: float, max_memory_mb: int, name: str, what: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run `command`; ReadError (Chinese, naming `what` was being done to《name》) on timeout."""
    # The shell's ulimit rather than preexec_fn, which is unsafe when threads run (the UI's do).
    bounded = ["sh", "-c", f'ulimit -v {max_memory_mb * 1024} && exec "$@"', "sh", *command]
    done = run_in_own_group(bounded, timeout_s, stdin)
    if done is None:
        raise ReadError(
            f"《{name}》{what}超过 {timeout_s:.0f} 秒仍未完成，已中止：文件可能已损坏或构造异常，"
            "请重新导出 PDF 或提供 Word/文本版。"
        )
    return subprocess.CompletedProcess(command, done.returncode, done.stdout, done.stderr)


def run_in_own_group(
    command: list[str], timeout_s: float, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes] | None:
    """Run `command` in a process group of its own; None when it ran past `timeout_s` (the whole
    group is then killed: soffice, for one, starts a child that a plain kill would orphan)."""
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
