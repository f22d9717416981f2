"""The chat-model seam: any OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, GLM, Moonshot,
Ollama, vLLM, llama.cpp server) through langchain-openai, with our own retries and Chinese errors.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import openai
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.errors import ConfigError, LLMError
from assistant.settings import Settings

logger = logging.getLogger(__name__)

# Local servers (Ollama, vLLM, llama.cpp) ignore the key, but the OpenAI client insists on one.
DUMMY_API_KEY = "not-needed"
_DETAIL_LIMIT = 200


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
        messages = _messages(system, user)
        for attempt in range(self._max_retries + 1):
            produced = False
            try:
                for text in self._deltas(messages):
                    produced = True
                    yield text
            except (openai.OpenAIError, ValueError) as exc:
                failure = _classify(exc, self._timeout)
                logger.debug("大模型调用出错：%s", self._redact(f"{type(exc).__name__}: {exc}"))
            else:
                if not produced:
                    raise self._error(_EMPTY_REPLY, partial=False)
                return
            # Raised here, outside the except block, so the original exception (whose request
            # carries the Authorization header) is not kept as __context__.
            if produced or not failure.retryable or attempt == self._max_retries:
                raise self._error(failure, partial=produced)
            delay = self._retry_delay * 2**attempt
            logger.warning(
                "大模型请求失败（%s，%s），%.1f 秒后第 %d/%d 次重试",
                failure.kind,
                self.description,
                delay,
                attempt + 1,
                self._max_retries,
            )
            self._sleep(delay)

    def _deltas(self, messages: list[BaseMessage]) -> Iterator[str]:
        finish_reason = None
        for chunk in self._chat.stream(messages):
            finish_reason = chunk.response_metadata.get("finish_reason") or finish_reason
            if chunk.text:
                yield chunk.text
        # A stream cut without chunked encoding ends like a normal one; only the missing
        # finish_reason gives it away. Warn rather than fail: a few servers omit it.
        if finish_reason is None:
            logger.warning("大模型的输出没有结束标记，内容可能不完整（%s）", self.description)
        elif finish_reason == "length":
            logger.warning("大模型输出达到长度上限被截断（%s）", self.description)

    def _error(self, failure: _Failure, *, partial: bool) -> LLMError:
        kind, hint = failure.kind, failure.hint
        if partial:
            kind = f"输出中途出错：{kind}，已收到的内容不完整"
            hint = "请重新生成这一部分；如反复出现，请检查网络和模型服务是否稳定。"
        detail = f"服务端信息：{failure.detail.rstrip('。.')}。" if failure.detail else ""
        message = f"调用大模型失败：{kind}。接口：{self._base_url}，模型：{self._model}。{hint}{detail}"
        return LLMError(self._redact(message))

    def _redact(self, text: str) -> str:
        # One- and two-character placeholders ("x") would garble the message and protect nothing.
        return text.replace(self._secret, "***") if len(self._secret) >= 3 else text


def _messages(system: str, user: str) -> list[BaseMessage]:
    messages: list[BaseMessage] = [SystemMessage(content=system)] if system else []
    return [*messages, HumanMessage(content=user)]


_EMPTY_REPLY = _Failure(
    "模型没有返回任何内容",
    "请确认 FAZHI_LLM_BASE_URL 是 OpenAI 兼容接口（通常以 /v1 结尾），并换一个模型或稍后再试。",
    retryable=False,
)
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
        return _status_failure(exc.status_code, _server_detail(exc.body))
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


def _status_failure(status: int, detail: str) -> _Failure:
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
