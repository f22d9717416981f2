"""The CLI's edges: closed pipes, option order, Chinese argparse errors, unexpected exceptions,
file names the OS hands over as bytes, folder expansion, input length limits, progress."""

import json
import os
import pty
import shutil
import subprocess
import sys

import pytest

from assistant.cli import main
from assistant.cli.common import EXIT_BROKEN_PIPE
from assistant.limits import MAX_PASSAGE_CHARS, MAX_QUERY_CHARS
from tests.helpers import ROOT, SEEDS


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    return {**env, "FAZHI_EMBEDDING": "fake", "PYTHONPATH": str(ROOT), **extra}


def _fazhi_args(*args: str | bytes) -> list:
    return [sys.executable, "-m", "assistant.cli", *args]


def test_a_closed_pipe_ends_quietly_without_a_traceback():
    proc = subprocess.Popen(
        _fazhi_args("parse", str(SEEDS[0]), "--json"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    proc.stdout.close()  # the reader is gone before the first line is written, as `| head -0`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert err == ""


def test_data_dir_is_accepted_after_the_subcommand(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    assert main(["ingest", str(SEEDS[0]), "--data-dir", str(tmp_path / "d"), "--json"]) == 0
    capsys.readouterr()
    assert main(["list", "--data-dir", str(tmp_path / "d"), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    assert (tmp_path / "d" / "chroma").exists()


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["lisst"], "取值 'lisst' 无效"),
        (["search", "--k", "x", "复议"], "应为整数"),
        (["ingest"], "缺少必需的参数：paths"),
        (["list", "--bogus"], "无法识别的参数：--bogus"),
    ],
)
def test_argument_errors_are_chinese_and_name_the_help(capsys, argv, expected):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and expected in err and "-h` 查看用法" in err
    assert "error:" not in err and "usage:" not in err


def test_an_unexpected_exception_is_a_chinese_message_and_a_logged_traceback(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("assistant.cli.library_commands.open_library", broken)
    code = main(["--data-dir", str(tmp_path / "d"), "list"])
    err = capsys.readouterr().err
    log = (tmp_path / "d" / "logs" / "fazhi.log").read_text(encoding="utf-8")
    assert code == 70 and "程序内部出错" in err and "fazhi.log" in err and "Traceback" not in err
    assert "Traceback" in log and "RuntimeError: simulated bug" in log


def test_a_file_name_in_gbk_bytes_ingests_and_prints_valid_json(tmp_path):
    folder = os.fsencode(tmp_path)
    name = "某县司法局2023年报告".encode("gbk") + b".txt"
    shutil.copyfile(SEEDS[0], folder + b"/" + name)
    (tmp_path / "empty.txt").write_bytes(b"")
    os.rename(tmp_path / "empty.txt", folder + b"/" + "空文件".encode("gbk") + b".txt")
    done = subprocess.run(
        _fazhi_args("--data-dir", str(tmp_path / "d"), "ingest", str(tmp_path), "--json"),
        capture_output=True,
        env=_env(),
        timeout=120,
    )
    result = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: no raw GBK bytes, no surrogates
    assert len(result["added"]) == 1
    assert (
        result["failed"][0]["path"].endswith("空文件.txt")
        and "《空文件.txt》" in result["failed"][0]["error"]
    )


def test_a_folder_skips_facts_and_readme_files(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    code = main(["--data-dir", str(tmp_path / "d"), "ingest", str(tmp_path / "samples"), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and len(result["added"]) == len(SEEDS) and not result["failed"]
    assert (tmp_path / "samples" / "facts").is_dir() and (tmp_path / "samples" / "README.md").exists()


@pytest.mark.parametrize(
    "argv, stdin",
    [
        (["search", "行政复议" * (MAX_QUERY_CHARS // 4 + 1)], ""),
        (["similar", "-"], "依法行政。" * MAX_PASSAGE_CHARS),
    ],
)
def test_overlong_queries_and_passages_are_refused_in_chinese(tmp_path, monkeypatch, capsys, argv, stdin):
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(stdin))
    code = main(["--data-dir", str(tmp_path / "d"), *argv])
    err = capsys.readouterr().err
    assert code == 2 and "过长" in err and "字以内" in err


def _run_in_terminal(*args: str) -> str:
    """`fazhi` with stdout and stderr on a pseudo-terminal; everything it showed there."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(_fazhi_args(*args), stdout=slave, stderr=slave, env=_env(COLUMNS="120"))
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not data:
            break
        shown += data
    proc.wait(timeout=120)
    os.close(master)
    return shown.decode("utf-8", errors="replace")


def test_ingest_on_a_terminal_shows_file_and_chunk_progress(tmp_path):
    shown = _run_in_terminal("--data-dir", str(tmp_path / "d"), "ingest", *map(str, SEEDS[:2]))
    assert "正在向量化《" in shown and "2/2" in shown and "已收录" in shown


def test_ingest_shows_no_progress_with_json_on_a_terminal(tmp_path):
    shown = _run_in_terminal("--data-dir", str(tmp_path / "d"), "ingest", str(SEEDS[0]), "--json")
    assert "正在" not in shown and json.loads(shown[shown.index("{") :])["added"]


def test_ingest_prints_one_progress_line_per_file_on_stderr_when_not_on_a_terminal(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    assert main(["--data-dir", str(tmp_path / "d"), "ingest", str(SEEDS[1]), str(SEEDS[2])]) == 0
    out, err = capsys.readouterr()
    assert "已收录" in out and "正在" not in out
    assert [line.split("《")[0] for line in err.splitlines()] == ["[1/2] 正在处理", "[2/2] 正在处理"]
