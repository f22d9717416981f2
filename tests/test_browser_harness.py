"""The real-browser harness: a real `streamlit run` server and Debian's Chromium driven by Playwright.

Imported by tests/test_browser.py; the tests here check the harness's own judgements (what counts
as an English word on screen, which requests leave the machine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from assistant.llm.fakes import closed_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Latin words a Chinese clerk is expected to read: names of products, formats and standards.
ALLOWED_WORDS = {
    "deepseek", "dashscope", "glm", "moonshot", "kimi", "ollama", "vllm", "openai", "chroma",
    "word", "markdown", "gb", "mb", "kb", "api", "key", "url",
    "txt", "md", "docx", "pdf", "json", "sk", "v1", "localhost", "http", "https",
    "doc", "wps", "odt", "rtf",  # file extensions the readers accept (the uploader lists them)
}  # fmt: skip
_URL = re.compile(r"(?:https?://|www\.)\S+|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\S*")
_FILE = re.compile(r"\S*\.(?:txt|md|docx|doc|wps|odt|rtf|pdf|json|env)\b|(?<![\w.])/[\w./+-]+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9_.:/+-]*[A-Za-z][A-Za-z0-9_.:/+-]*")

# Every visible text node (and visible placeholder) on the page, by JavaScript in the page.
VISIBLE_TEXT_JS = """() => {
  const out = [];
  const shown = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
      if (parseFloat(s.fontSize) === 0) return false;
      if (s.fontFamily.includes('Material')) return false;  // a locally served icon glyph
    }
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (text && n.parentElement && !['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(n.parentElement.tagName)
        && shown(n.parentElement)) out.push(text);
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!el.value && shown(el)) out.push(el.getAttribute('placeholder'));
  }
  for (const el of document.querySelectorAll('input, textarea')) {
    if (el.value && shown(el)) out.push('\\u0000' + el.value);  // the user's own text
  }
  return out;
}"""

# What a screen reader speaks and a hover shows: every title/aria-label/placeholder/alt attribute.
ATTRIBUTE_TEXT_JS = """() => Array.from(document.querySelectorAll('[title],[aria-label],[placeholder],[alt]'))
  .flatMap(e => ['title', 'aria-label', 'placeholder', 'alt'].map(a => e.getAttribute(a)).filter(Boolean))"""


def english_words(texts: Iterable[str], user_data: Iterable[str] = ()) -> list[str]:
    """Latin words on screen that are not user data, URLs, file names/extensions or allowed names."""
    user = sorted((u for u in user_data if u), key=len, reverse=True)
    found: list[str] = []
    for text in texts:
        if text.startswith("\0"):  # inside an input: whatever the user typed
            continue
        for piece in user:
            text = text.replace(piece, " ")
        text = _FILE.sub(" ", _URL.sub(" ", text))
        found.extend(
            w for w in _WORD.findall(text) if w.lower() not in ALLOWED_WORDS and not _is_identifier(w)
        )
    return found


def _is_identifier(word: str) -> bool:
    """Model names, ids and variable names (deepseek-chat, qwen2.5:7b, FAZHI_DATA_DIR) carry a digit
    or punctuation; words do not."""
    return any(c.isdigit() or c in "-_.:/+" for c in word)


def outside_requests(urls: Iterable[str]) -> list[str]:
    """Requests the browser made to anything but this machine."""
    outside = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
            continue
        if parts.hostname not in LOOPBACK_HOSTS:
            outside.append(url)
    return outside


def _health(url: str) -> bool:
    try:
        with _DIRECT.open(url, timeout=2) as response:
            return bool(response.read() == b"ok")
    except OSError:
        return False


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    health_s: float
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def streamlit_server(
    workdir: Path, env: dict[str, str], timeout: float = 60.0, extra_args: tuple[str, ...] = ()
) -> Iterator[Server]:
    """`streamlit run ui/app.py` on a free loopback port with the flags of .streamlit/config.toml
    (the server runs in `workdir`, where that file is not found); yields once /_stcore/health answers."""
    port = closed_port()
    log_path = workdir / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"),
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
        "--server.fileWatcherType", "none", "--server.maxUploadSize", "20", *extra_args,
    ]  # fmt: skip
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=workdir, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        while not _health(f"{url}/_stcore/health"):
            if process.poll() is not None or time.monotonic() - started > timeout:
                raise RuntimeError(f"streamlit did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.1)
        yield Server(url, process, time.monotonic() - started, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Steps:
    """The step table the browser test prints: step → outcome → seconds."""

    rows: list[tuple[str, str, float]] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        except BaseException:
            self.rows.append((name, "失败", time.monotonic() - started))
            raise
        self.rows.append((name, "通过", time.monotonic() - started))

    def table(self) -> str:
        lines = ["| 步骤 | 结果 | 秒 |", "|---|---|---|"]
        lines += [f"| {name} | {outcome} | {seconds:.2f} |" for name, outcome, seconds in self.rows]
        return "\n".join(lines)


@contextmanager
def chromium(downloads: Path) -> Iterator:  # noqa: ANN201 - a Playwright BrowserContext
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            accept_downloads=True,
            downloads_path=str(downloads),
            viewport={"width": 1400, "height": 1000},
            locale="zh-CN",
        )
        try:
            yield context
        finally:
            context.close()


# --- the harness's own judgements ---------------------------------------------------------------
def test_english_words_flags_streamlit_builtins_but_not_user_data_urls_or_names():
    texts = [
        "Drag and drop files here",
        "Press Enter to apply",
        "某县司法局 draft-unit-X 的草稿",
        "接口 http://127.0.0.1:9/v1 无法连接",
        "已导出 草稿.docx（DeepSeek 模型 fake-model）",
        "\0typed by the user",
        "草稿编号 20261201-101500-00ab",
    ]
    words = english_words(texts, user_data=["draft-unit-X"])
    assert words == ["Drag", "and", "drop", "files", "here", "Press", "Enter", "to", "apply"]


def test_outside_requests_keeps_only_non_loopback_hosts():
    urls = [
        "http://127.0.0.1:8501/static/app.js",
        "http://localhost:8501/_stcore/health",
        "data:image/png;base64,xx",
        "https://fonts.gstatic.com/s/materialsymbols.woff2",
    ]
    assert outside_requests(urls) == ["https://fonts.gstatic.com/s/materialsymbols.woff2"]
