"""The LLM fault matrix: every mode of the project's fake OpenAI server, run through the CLI
(`python -m assistant.cli draft …`) as a clerk would run it, against a real HTTP server.

Reports mode → exit code, what the user sees (the first error line, or that the draft is done),
and ok: the exit code is the expected one, the message names the cause, and no reasoning text
reached the screen. `run()` is the plug-in bench/reliability.py imports.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.llm.fakes import FAKE_REASONING, FakeOpenAIServer, closed_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FACTS = "组织全局干部集中学法6次。\n审核规范性文件12件。\n存在问题：基层执法人员法治素养有待提高。\n下一步：开展执法培训。\n"
REPLY = "（一）加强党的领导。坚持把法治建设摆在重要位置，组织集中学法6次，审核规范性文件12件。"
# mode → (server script for the first request, expected exit code, words the user must see)
CASES: dict[str, tuple[list[str], int, str]] = {
    "ok": (["ok"], 0, ""),
    "429+Retry-After": (["429:1", "ok"], 0, ""),
    "500": (["500", "500"], 1, "服务器错误 500"),
    "503-then-ok": (["503", "ok"], 0, ""),
    "slow first byte": (["slow"], 0, ""),
    "stall": (["stall"], 1, "不完整"),
    "cut stream (chunked)": (["drop"], 1, "不完整"),
    "cut stream (no chunked encoding)": (["cut"], 1, "没有结束标记"),
    "malformed SSE": (["malformed"], 1, "无法解析"),
    "connection refused": ([], 1, "连接被拒绝"),
    "hang": (["hang", "hang"], 1, "超时"),
    "404 model": (["404"], 1, "模型名不存在"),
    "401": (["401"], 1, "鉴权失败"),
    "content-filter 400": (["content_filter_400"], 1, "拒绝"),
    "finish_reason length": (["length"], 1, "长度上限"),
    "finish_reason content_filter": (["content_filter"], 1, "内容审核"),
    "reasoning_content": (["reasoning"], 0, ""),
    "think tags": (["think"], 0, ""),
    "lone </think>": (["think_lone"], 0, ""),
    "unclosed <think>": (["think_unclosed"], 1, "推理"),
}


def _cli(base_url: str, work: Path) -> tuple[int, str, str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "FAZHI_DATA_DIR": str(work / "data"),
        "FAZHI_LLM_BASE_URL": base_url,
        "FAZHI_LLM_MODEL": "fake-model",
        "FAZHI_LLM_API_KEY": "sk-bench",
        "FAZHI_LLM_TIMEOUT": "1.5",
        "FAZHI_LLM_MAX_RETRIES": "1",
    }
    facts = work / "facts.txt"
    facts.write_text(FACTS, encoding="utf-8")
    command = [sys.executable, "-m", "assistant.cli", "draft", "--unit", "某县司法局", "--year", "2024"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--facts", str(facts)], env=env, cwd=work, capture_output=True, text=True, timeout=120
    )
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def _seen(code: int, stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("错误：")]
    if errors:
        return errors[0][:160]
    return "草稿完成（四部分）" if code == 0 else (stderr.strip().splitlines() or ["（无输出）"])[-1][:160]


def run_mode(name: str) -> dict:
    script, expected, words = CASES[name]
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAIServer([REPLY], hang_seconds=3) as server:
        server.script = list(script)
        url = f"http://127.0.0.1:{closed_port()}/v1" if name == "connection refused" else server.base_url
        code, stdout, stderr, seconds = _cli(url, Path(tmp))
    seen = _seen(code, stderr)
    ok = code == expected and (words in seen) and FAKE_REASONING not in stdout + stderr
    if name == "429+Retry-After":
        ok = ok and seconds >= 1.0
    return {"exit_code": code, "user_sees": seen, "ok": ok, "seconds": round(seconds, 2)}


def run(modes: tuple[str, ...] = (), parallel: int = 1) -> dict:
    """mode → outcome for `modes` (default every mode), `parallel` CLI runs at a time (each has
    its own fake server and data folder, so they do not interfere)."""
    names = modes or tuple(CASES)
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        return dict(zip(names, pool.map(run_mode, names), strict=True))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    from benchlib import emit  # type: ignore[import-not-found]

    emit("llm_faults", run())
