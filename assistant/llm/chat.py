"""The chat-model seam: any OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, GLM, Moonshot,
Ollama, vLLM, llama.cpp server) through langchain-openai, with our own retries and Chinese errors.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from assistant.errors import ConfigError, LLMError
from assistant.settings import Settings

if TYPE_CHECKING:  # langchain and openai load with the first model, not with `fazhi check`
    from langchain_core.messages import BaseMessage

logger = logging.getLogger(__name__)

# Local servers (Ollama, vLLM, llama.cpp) ignore the key, but the OpenAI client insists on one.
DUMMY_API_KEY = "not-needed"
_DETAIL_LIMIT = 200
# A server's Retry-After is honoured up to this many seconds; a longer wait is not worth blocking
# a clerk's draft for, so the call then fails with the server's wait named in the message.
MAX_RETRY_AFTER = 30.0

INCOMPLETE_REASONS = {
    "length": "输出达到模型的长度上限被截断",
    "content_filter": "服务方的内容审核中止了输出（服务方拒绝继续生成这部分内容）",
    "no_end": "输出没有结束标记就中断了",
    "cut": "输出中途连接中断",
}


class IncompleteAnswer(LLMError):
    """The model's answer stopped before it was finished. Raised after the text received so far
    has been yielded, so callers keep that text and mark it incomplete. `reason` is a key of
    INCOMPLETE_REASONS."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ChatModel(Protocol):
    def stream(self, system: str, user: str) -> Iterator[str]:
        """Yield the reply as text deltas."""
        ...

    @property
    def description(self) -> str:
        """Which model at which endpoint, for the UI and logs (never the key)."""
        ...


def complete(model: ChatModel, system: str, user: str) -> str:
    """The whole reply as one string."""
    return "".join(model.stream(system, user))


def chat_model_from_settings(settings: Settings, *, retry_delay: float = 1.0) -> ChatModel | None:
    """The configured chat model, or None when no endpoint is set (offline mode)."""
    if not settings.llm_base_url.strip():
        return None
    if not settings.llm_model.strip():
        raise ConfigError(
            "已设置 FAZHI_LLM_BASE_URL，但没有设置 FAZHI_LLM_MODEL。请填写模型名"
            "（如 deepseek-chat、qwen-plus、glm-4-flash），或清空 FAZHI_LLM_BASE_URL 使用离线模式。"
        )
    return OpenAICompatibleChat(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
        retry_delay=retry_delay,
    )


@dataclass(frozen=True)
class _Failure:
    """What went wrong, in words for the user. Holds no exception: those carry the request
    headers, and with them the API key."""

    kind: str
    hint: str
    retryable: bool
    detail: str = ""
    retry_after: float | None = None


class OpenAICompatibleChat:
    """A ChatModel on an OpenAI-compatible /chat/completions endpoint, streamed.

    The underlying client never retries (max_retries=0); this class retries connection errors,
    timeouts, 429 and 5xx with exponential backoff, and only while nothing has been yielded yet,
    so text is never duplicated. `timeout` bounds connecting and each wait for the next bytes,
    not the whole reply.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        *,
        timeout: float = 60.0,
        max_retries: int = 2,
        temperature: float = 0.3,
        retry_delay: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"FAZHI_LLM_BASE_URL 应以 http:// 或 https:// 开头，当前为“{base_url}”。"
                "例如 https://api.deepseek.com/v1 或 http://127.0.0.1:11434/v1。"
            )
        self._base_url = base_url.rstrip("/")
        self._model = model
        self._secret = api_key
        self._timeout = timeout
        self._max_retries = max(0, max_retries)
        self._retry_delay = retry_delay
        self._sleep = sleep
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        self._chat = ChatOpenAI(
            base_url=self._base_url,
            api_key=SecretStr(api_key or DUMMY_API_KEY),
            model=model,
            timeout=timeout,
            max_retries=0,
            streaming=True,
            temperature=temperature,
        )

    @property
    def description(self) -> str:
        return self._redact(f"{self._model} @ {self._base_url}")

    def __repr__(self) -> str:
        return f"OpenAICompatibleChat({self.description})"

    def stream(self, system: str, user: str) -> Iterator[str]:
        import openai

        messages = _messages(system, user)
        for attempt in range(self._max_retries + 1):
            produced = False
            try:
                for text in self._deltas(messages):
                    produced = True
                    yield text
            except IncompleteAnswer:
                raise
            except (openai.OpenAIError, ValueError) as exc:
                failure = _classify(exc, self._timeout)
                logger.debug("大模型调用出错：%s", self._redact(f"{type(exc).__name__}: {exc}"))
            else:
                if not produced:
                    raise self._error(_EMPTY_REPLY)
                return
            # Raised here, outside the except block, so the original exception (whose request
            # carries the Authorization header) is not kept as __context__.
            if produced:
                raise self._incomplete("cut", failure.kind)
            delay = self._delay(failure, attempt)
            if not failure.retryable or attempt == self._max_retries or delay is None:
                raise self._error(failure)
            logger.warning(
                "大模型请求失败（%s，%s），%.1f 秒后第 %d/%d 次重试",
                failure.kind,
                self.description,
                delay,
                attempt + 1,
                self._max_retries,
            )
            self._sleep(delay)

    def _delay(self, failure: _Failure, attempt: int) -> float | None:
        """Seconds to wait before the next attempt: the server's Retry-After when it sent one
        (None when it asks for more than MAX_RETRY_AFTER), else exponential backoff."""
        if failure.retry_after is None:
            return self._retry_delay * 2**attempt
        if failure.retry_after > MAX_RETRY_AFTER:
            return None
        return max(failure.retry_after, self._retry_delay)

    def _deltas(self, messages: list[BaseMessage]) -> Iterator[str]:
        finish_reason = None
        produced = False
        for chunk in self._chat.stream(messages):
            finish_reason = chunk.response_metadata.get("finish_reason") or finish_reason
            if chunk.text:
                produced = True
                yield chunk.text
        # A stream cut without chunked encoding ends like a normal one; only the missing
        # finish_reason gives it away.
        if not produced:
            return
        if finish_reason is None:
            raise self._incomplete("no_end")
        if finish_reason in ("length", "content_filter"):
            raise self._incomplete(finish_reason)

    def _incomplete(self, reason: str, detail: str = "") -> IncompleteAnswer:
        why = INCOMPLETE_REASONS[reason] + (f"（{detail}）" if detail else "")
        hint = (
            "请检查事实材料中是否有敏感表述，删改后重新生成，或更换模型服务。"
            if reason == "content_filter"
            else "已收到的内容已保留但不完整，请重新生成这一部分；如反复出现，请检查网络、模型服务和输出长度设置。"
        )
        message = f"{why}，内容不完整。接口：{self._base_url}，模型：{self._model}。{hint}"
        logger.warning("大模型输出不完整：%s（%s）", reason, self.description)
        return IncompleteAnswer(self._redact(message), reason)

    def _error(self, failure: _Failure) -> LLMError:
        kind, hint = failure.kind, failure.hint
        if failure.retry_after is not None and failure.retry_after > MAX_RETRY_AFTER:
            hint += (
                f"服务要求 {failure.retry_after:g} 秒后再试，超过了自动等待的上限 {MAX_RETRY_AFTER:g} 秒。"
            )
        detail = f"服务端信息：{failure.detail.rstrip('。.')}。" if failure.detail else ""
        message = f"调用大模型失败：{kind}。接口：{self._base_url}，模型：{self._model}。{hint}{detail}"
        return LLMError(self._redact(message))

    def _redact(self, text: str) -> str:
        # One- and two-character placeholders ("x") would garble the message and protect nothing.
        return text.replace(self._secret, "***") if len(self._secret) >= 3 else text


def _messages(system: str, user: str) -> list[BaseMessage]:
    from langchain_core.messages import HumanMessage, SystemMessage

    messages: list[BaseMessage] = [SystemMessage(content=system)] if system else []
    return [*messages, HumanMessage(content=user)]


_EMPTY_REPLY = _Failure(
    "模型没有返回任何内容（连接正常，但回复为空）",
    "请稍后重试；如反复出现，请换一个模型，或检查该模型的输出长度和内容审核设置。",
    retryable=False,
)
_CONTENT_FILTER_WORDS = ("content_filter", "content_policy", "data_inspection", "sensitive", "inappropriate")
_CONNECTION_HINT = "请确认模型服务已启动，FAZHI_LLM_BASE_URL 的地址和端口正确，且本机网络或代理可以访问它。"
_BAD_RESPONSE = _Failure(
    "响应无法解析",
    "该地址可能不是 OpenAI 兼容接口，请检查 FAZHI_LLM_BASE_URL（通常以 /v1 结尾）。",
    retryable=False,
)
_STATUS_FAILURES = {
    401: ("鉴权失败 401", "请检查 FAZHI_LLM_API_KEY（API Key）是否正确、是否已过期。", False),
    403: ("无访问权限 403", "请确认该 API Key 有权使用此模型，且账户状态正常。", False),
    404: (
        "模型名不存在或接口地址错误 404",
        "请检查 FAZHI_LLM_MODEL 的模型名，以及 FAZHI_LLM_BASE_URL 是否为 OpenAI 兼容地址（通常以 /v1 结尾）。",
        False,
    ),
    429: ("请求过于频繁或额度不足 429", "请稍后再试，或检查账户余额与限流设置。", True),
}


def _classify(exc: BaseException, timeout: float) -> _Failure:
    import openai

    # APITimeoutError subclasses APIConnectionError, so it is tested first.
    if isinstance(exc, openai.APITimeoutError):
        return _Failure(
            f"请求超时（{timeout:g} 秒内没有响应）",
            "请检查网络和模型服务负载，必要时调大 FAZHI_LLM_TIMEOUT。",
            retryable=True,
        )
    if isinstance(exc, openai.APIConnectionError):
        return _Failure(_connection_kind(exc), _CONNECTION_HINT, retryable=True)
    if isinstance(exc, openai.APIStatusError):
        failure = _status_failure(exc.status_code, _server_detail(exc.body), _error_code(exc.body))
        return replace(failure, retry_after=_retry_after(exc.response.headers.get("retry-after")))
    if isinstance(exc, openai.APIError):  # an error event inside an otherwise healthy stream
        return _Failure(
            "服务端在输出过程中报错", "请稍后再试。", retryable=True, detail=_server_detail(exc.body)
        )
    return _BAD_RESPONSE


def _connection_kind(exc: BaseException) -> str:
    """Name the socket-level cause, found down the chain of wrapped exceptions."""
    seen: BaseException | None = exc
    for _ in range(12):
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError):
            return "连接被拒绝（该地址和端口上没有服务在监听）"
        if isinstance(seen, socket.gaierror):
            return "连接失败（域名无法解析）"
        seen = seen.__cause__ or seen.__context__
    return "连接失败或连接中断"


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the HTTP-date form is rare for APIs and treated as absent)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _error_code(body: Any) -> str:
    inner = body.get("error", body) if isinstance(body, dict) else None
    if not isinstance(inner, dict):
        return ""
    return " ".join(str(inner.get(k) or "") for k in ("code", "type"))


def _status_failure(status: int, detail: str, code: str = "") -> _Failure:
    said = f"{code} {detail}".lower()
    if status == 400 and any(word in said for word in _CONTENT_FILTER_WORDS):
        return _Failure(
            "服务方拒绝了本次请求的内容（内容审核未通过）",
            "这不是网络或配置问题：请检查事实材料和参考范例中是否有敏感表述，删改后重试，或更换模型服务。",
            retryable=False,
            detail=detail,
        )
    if status in _STATUS_FAILURES:
        kind, hint, retryable = _STATUS_FAILURES[status]
        return _Failure(kind, hint, retryable, detail)
    if status >= 500:
        return _Failure(
            f"服务器错误 {status}", "模型服务暂时不可用，请稍后再试或联系服务提供方。", True, detail
        )
    return _Failure(
        f"请求被拒绝 {status}",
        "可能是输入过长或参数不被该模型支持，请缩短输入或检查模型名。",
        retryable=False,
        detail=detail,
    )


def _server_detail(body: Any) -> str:
    """The server's own error message, if it sent one, shortened."""
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
    else:
        message = body
    if not isinstance(message, str):
        return ""
    message = " ".join(message.split())
    return message if len(message) <= _DETAIL_LIMIT else message[:_DETAIL_LIMIT] + "…"
