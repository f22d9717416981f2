"""Test doubles that ship with the package: a fake chat model and a fake OpenAI-compatible server.

Both are real code used by the test suite and by `--fake-llm` demos; neither touches the network
beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from assistant.errors import LLMError
from assistant.text.numbering import ordinal

logger = logging.getLogger(__name__)

MAX_HANG_SECONDS = 5.0


class FakeChatModel:
    """A ChatModel that streams queued replies and records every call as (system, user).

    Each call takes the next reply. A reply that is an exception instance is raised instead
    (to test failure paths). When the replies run out the call raises LLMError — a test that
    calls the model more often than it planned fails loudly — unless `repeat_last=True`, which
    suits demos that draft any number of parts.
    """

    def __init__(
        self,
        replies: Sequence[str | Exception] = ("（离线演示回复）",),
        *,
        chunk_size: int = 8,
        repeat_last: bool = False,
    ) -> None:
        self._replies = list(replies)
        self._chunk_size = max(1, chunk_size)
        self._repeat_last = repeat_last
        self._next = 0
        self.calls: list[tuple[str, str]] = []

    @property
    def description(self) -> str:
        return "fake-chat（测试用假模型，不联网）"

    def stream(self, system: str, user: str) -> Iterator[str]:
        self.calls.append((system, user))
        reply = self._take()
        if isinstance(reply, Exception):
            raise reply
        for start in range(0, len(reply), self._chunk_size):
            yield reply[start : start + self._chunk_size]

    def _take(self) -> str | Exception:
        if self._next < len(self._replies):
            reply = self._replies[self._next]
            self._next += 1
            return reply
        if self._repeat_last and self._replies:
            return self._replies[-1]
        raise LLMError(
            f"假模型的预设回复已用完（共 {len(self._replies)} 条，这是第 {len(self.calls)} 次调用）。"
        )


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake server received. Header names are lower-cased; `body` is the parsed
    JSON body (None for GET or a body that is not JSON)."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


def closed_port() -> int:
    """A loopback port that nothing listens on, so connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeOpenAIServer:
    """An OpenAI-compatible HTTP server on 127.0.0.1 in a background thread.

    Serves POST /v1/chat/completions (SSE when `stream` is true, JSON otherwise) and
    GET /v1/models. Replies are used in order; the last one repeats when they run out.
    `script` is a queue of behaviours, one per chat request, "ok" once it is empty (the names
    are listed in SERVER_MODES):
      "ok"      answer normally
      "NNN"     answer HTTP NNN with an OpenAI-style error body (e.g. "401", "429", "500");
                "NNN:S" adds a `Retry-After: S` header
      "hang"    say nothing for `hang_seconds` (at most 5 s), then close the connection
      "drop"    send about half of the reply, then close the connection mid-body
    and the damaged answers real providers send: "slow" (first byte after `slow_seconds`),
    "stall" (half the reply, then silence until `hang_seconds`), "cut" (half the reply on a
    connection without chunked encoding, closed without an end marker), "malformed" (SSE data
    that is not JSON), "content_filter_400", "length" and "content_filter" (the stream ends with
    that finish_reason after half the reply), "reasoning" (reasoning_content deltas first),
    "think", "think_lone" and "think_unclosed" (reasoning inside the content: <think>…</think>,
    a lone </think>, an unclosed <think>).
    If `api_key` is set, requests with another bearer token get 401. The 401 message echoes
    the token the client sent, so tests can check that callers never repeat it.
    Two ways to answer a drafting request by its part instead of in order: `part_replies` maps a
    text of the part's heading (e.g. "不足和原因") to the reply for the request whose "本部分："
    line holds it (a scripted model answer per part); `to_length=True` answers each part with
    about the 约N字 its request asks for, built from the request's own facts (length tested end
    to end).
    """

    def __init__(
        self,
        replies: Sequence[str] = ("好的。",),
        *,
        model: str = "fake-model",
        api_key: str | None = None,
        chunk_size: int = 4,
        hang_seconds: float = MAX_HANG_SECONDS,
        slow_seconds: float = 0.3,
        part_replies: Mapping[str, str] | None = None,
        to_length: bool = False,
    ) -> None:
        self.replies = list(replies) or [""]
        self.part_replies = dict(part_replies or {})
        self.to_length = to_length
        self.model = model
        self.api_key = api_key
        self.chunk_size = max(1, chunk_size)
        self.hang_seconds = min(hang_seconds, MAX_HANG_SECONDS)
        self.slow_seconds = min(slow_seconds, MAX_HANG_SECONDS)
        self.script: list[str] = []
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._replies_used = 0
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("FakeOpenAIServer is not running; use it as a context manager.")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def start(self) -> FakeOpenAIServer:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True
        httpd.fake = self  # type: ignore[attr-defined]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True, name="fake-openai"
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers that are "hanging"
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # Called from handler threads.
    def _record(self, request: RecordedRequest) -> str:
        with self._lock:
            self.requests.append(request)
            if request.path.endswith("/chat/completions") and self.script:
                return self.script.pop(0)
            return "ok"

    def _next_reply(self, body: dict[str, Any] | None = None) -> str:
        user = _user_text(body or {})
        part = _PART_LINE.search(user)
        for marker, reply in self.part_replies.items():
            if part and marker in part[0]:
                return reply
        if self.to_length and _TARGET.search(user):
            return answer_to_length(user)
        with self._lock:
            reply = self.replies[min(self._replies_used, len(self.replies) - 1)]
            self._replies_used += 1
            return reply

    def _hang(self, seconds: float | None = None) -> None:
        self._stopping.wait(self.hang_seconds if seconds is None else seconds)


_ERROR_MESSAGES = {
    400: ("invalid_request_error", "Bad request."),
    401: ("invalid_request_error", "Incorrect API key provided: {key}."),
    403: ("permission_denied", "You are not allowed to use this model."),
    404: ("invalid_request_error", "The model `{model}` does not exist."),
    429: ("rate_limit_exceeded", "Rate limit reached, please retry later."),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # chunked SSE, so a dropped stream is visible to the client

    @property
    def fake(self) -> FakeOpenAIServer:
        return self.server.fake  # type: ignore[attr-defined, no-any-return]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("fake openai server: " + format, *args)

    def _headers(self) -> dict[str, str]:
        return {name.lower(): value for name, value in self.headers.items()}

    def do_GET(self) -> None:
        self.fake._record(RecordedRequest("GET", self.path, self._headers(), None))
        if self.path.rstrip("/").endswith("/models"):
            listing = {
                "object": "list",
                "data": [{"id": self.fake.model, "object": "model", "owned_by": "fake"}],
            }
            self._send_json(200, listing)
        else:
            self._send_error(404, f"Unknown path {self.path}", "not_found")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            body = None
        behaviour = self.fake._record(RecordedRequest("POST", self.path, self._headers(), body))
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_error(404, f"Unknown path {self.path}", "not_found")
        elif not isinstance(body, dict):
            self._send_error(400, "Request body is not JSON.", "invalid_request_error")
        elif self._bad_key():
            self._send_status_error(401, body)
        else:
            self._chat(behaviour, body)

    def _bad_key(self) -> bool:
        expected = self.fake.api_key
        return expected is not None and self.headers.get("Authorization") != f"Bearer {expected}"

    def _chat(self, behaviour: str, body: dict[str, Any]) -> None:
        status, _, retry_after = behaviour.partition(":")
        if behaviour == "hang":
            self.fake._hang()
            self.close_connection = True
        elif status.isdigit():
            self._send_status_error(int(status), body, retry_after)
        elif behaviour == "content_filter_400":
            message = "Output data may contain inappropriate content."
            self._send_json(
                400,
                {"error": {"message": message, "type": "invalid_request_error", "code": "content_filter"}},
            )
        elif behaviour in _REPLY_MODES:
            if behaviour == "slow":
                self.fake._hang(self.fake.slow_seconds)
            reply = self.fake._next_reply(body)
            model = str(body.get("model", self.fake.model))
            if body.get("stream"):
                self._stream_reply(reply, model, behaviour)
            else:
                self._json_reply(reply, model, drop=behaviour == "drop")
        else:
            raise ValueError(f"unknown fake-server behaviour {behaviour!r}")

    def _send_status_error(self, status: int, body: dict[str, Any], retry_after: str = "") -> None:
        kind, template = _ERROR_MESSAGES.get(status, ("server_error", "The server had an error."))
        key = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        message = template.format(key=key, model=body.get("model", ""))
        headers = {"Retry-After": retry_after} if retry_after else {}
        self._send_error(status, message, kind, headers)

    def _send_error(
        self, status: int, message: str, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        payload = {"error": {"message": message, "type": kind, "param": None, "code": None}}
        self._send_json(status, payload, headers=headers)

    def _send_json(
        self,
        status: int,
        payload: dict[str, Any],
        *,
        drop: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data[: len(data) // 2] if drop else data)
        self.close_connection = True

    def _json_reply(self, reply: str, model: str, *, drop: bool) -> None:
        message = {"role": "assistant", "content": reply}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        usage = {"prompt_tokens": 1, "completion_tokens": len(reply), "total_tokens": 1 + len(reply)}
        payload = _envelope("chat.completion", model) | {"choices": [choice], "usage": usage}
        self._send_json(200, payload, drop=drop)

    def _stream_reply(self, reply: str, model: str, mode: str) -> None:
        chunked = mode != "cut"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        events = _mode_events(reply, model, self.fake.chunk_size, mode)
        for event in events:
            self._write(event, chunked)
        if mode == "stall":
            self.fake._hang()
        if chunked and mode not in ("drop", "stall"):
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _write(self, data: bytes, chunked: bool) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n" if chunked else data)
        self.wfile.flush()


FAKE_REASONING = "好的，用户要我起草这一部分。我先梳理事实材料，再考虑结构。"
# Modes that answer 200 with (some of) the next reply.
_REPLY_MODES = (
    "ok", "drop", "slow", "stall", "cut", "malformed", "length", "content_filter",
    "reasoning", "think", "think_lone", "think_unclosed",
)  # fmt: skip
# Every behaviour the server offers, for harnesses that go through them all ("NNN" stands for
# any status; 401/404/429/500/503 are the ones providers send).
SERVER_MODES = (*_REPLY_MODES, "hang", "content_filter_400", "401", "404", "429:1", "500", "503")


def _mode_events(reply: str, model: str, chunk_size: int, mode: str) -> list[bytes]:
    """The SSE events a mode sends: the whole answer, half of it, or a damaged version."""
    content = {
        "think": f"<think>{FAKE_REASONING}</think>\n{reply}",
        "think_lone": f"{FAKE_REASONING}\n</think>\n\n{reply}",
        "think_unclosed": f"<think>{FAKE_REASONING}{reply}",
    }.get(mode, reply)
    events = list(_sse_events(content, model, chunk_size))
    half = events[: max(2, len(events) // 2)]
    if mode in ("drop", "stall", "cut"):
        # The role event and at least one content delta, then the connection goes away (or
        # stalls) without the finish event: an interrupted stream, as the client sees it.
        return half
    if mode in ("length", "content_filter"):
        return [*half, _sse_event({}, model, mode), b"data: [DONE]\n\n"]
    if mode == "malformed":
        return [events[0], b'data: {"choices": [{"delta": {"content": "x\n\n', b"data: [DONE]\n\n"]
    if mode == "reasoning":
        thinking = [_sse_event({"reasoning_content": FAKE_REASONING[i : i + chunk_size]}, model, None)
                    for i in range(0, len(FAKE_REASONING), chunk_size)]  # fmt: skip
        return [events[0], *thinking, *events[1:]]
    return events


def _envelope(kind: str, model: str) -> dict[str, Any]:
    return {"id": "chatcmpl-fake", "object": kind, "created": int(time.time()), "model": model}


def _sse_event(delta: dict[str, Any], model: str, finish: str | None) -> bytes:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    chunk = _envelope("chat.completion.chunk", model) | {"choices": [choice]}
    return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()


def _sse_events(reply: str, model: str, chunk_size: int) -> Iterator[bytes]:
    yield _sse_event({"role": "assistant", "content": ""}, model, None)
    for start in range(0, len(reply), chunk_size):
        yield _sse_event({"content": reply[start : start + chunk_size]}, model, None)
    yield _sse_event({}, model, "stop")
    yield b"data: [DONE]\n\n"


_PART_LINE = re.compile(r"^本部分：.*$", flags=re.MULTILINE)
_TARGET = re.compile(r"约(\d+)字")
_FACTS = re.compile(r"<<<事实\n(.*?)\n事实>>>", flags=re.DOTALL)
_FILLER = (
    "我们坚持以习近平法治思想为指导，把法治政府建设摆在全局工作的突出位置，统筹谋划、协调推进、督促落实。",
    "工作中坚持问题导向和目标导向，既注重建章立制，又注重推动落实，确保各项任务有序推进、取得实效。",
    "通过上述举措，依法行政的意识和能力进一步增强，法治政府建设的基础进一步夯实。",
)


def _user_text(body: dict[str, Any]) -> str:
    messages = body.get("messages") or []
    users = [m.get("content", "") for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    return str(users[-1]) if users else ""


def answer_to_length(user: str) -> str:
    """An answer of about the 约N字 the request asks for: its facts as 一是…二是…, then official
    linking sentences until the length is reached (no figure the facts do not give)."""
    target = int(_TARGET.search(user)[1])  # type: ignore[index]
    block = _FACTS.search(user)
    facts = [ln.strip().lstrip("-").strip() for ln in (block[1] if block else "").splitlines()]
    facts = [f.rstrip("。；;，,") for f in facts if f and not f.startswith("（")]
    text = "".join(f"{ordinal(n)}是{fact}。" for n, fact in enumerate(facts, 1))
    n = 0
    while len(text) < target:
        text += _FILLER[n % len(_FILLER)]
        n += 1
    return text
