"""The LLM connection as the 设置 page offers it: provider presets and the endpoint's model list."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Provider:
    name: str
    base_url: str
    models: tuple[str, ...]  # suggestions when the endpoint does not list its models
    needs_key: bool = True


PROVIDERS = (
    Provider("DeepSeek", "https://api.deepseek.com/v1", ("deepseek-chat", "deepseek-reasoner")),
    Provider(
        "通义千问（DashScope 兼容模式）",
        "https://dashscope.aliyuncs.com/compatible-mode/v1",
        ("qwen-plus", "qwen-max", "qwen-turbo"),
    ),
    Provider("智谱 GLM", "https://open.bigmodel.cn/api/paas/v4", ("glm-4-plus", "glm-4-air", "glm-4-flash")),
    Provider("Moonshot（Kimi）", "https://api.moonshot.cn/v1", ("moonshot-v1-8k", "moonshot-v1-32k")),
    Provider("本地 Ollama", "http://127.0.0.1:11434/v1", ("qwen2.5:7b",), needs_key=False),
    Provider("本地 vLLM（OpenAI 兼容）", "http://127.0.0.1:8000/v1", (), needs_key=False),
    Provider("自定义（任何 OpenAI 兼容接口）", "", ()),
)
BY_NAME = {p.name: p for p in PROVIDERS}
CUSTOM = PROVIDERS[-1].name


def provider_for(base_url: str) -> str:
    """The preset whose base URL this is (custom otherwise)."""
    return next((p.name for p in PROVIDERS if p.base_url and p.base_url == base_url.rstrip("/")), CUSTOM)


def same_address(a: str, b: str) -> bool:
    """Whether two endpoint addresses are the same (case of the host and a trailing / ignored)."""
    from urllib.parse import urlsplit

    def norm(url: str) -> tuple[str, str, int | None, str]:
        try:
            parts = urlsplit(url.strip())
            return parts.scheme.lower(), (parts.hostname or ""), parts.port, parts.path.rstrip("/")
        except ValueError:
            return "", url, None, ""

    return bool(a.strip()) and norm(a) == norm(b)


def key_for_listing(address: str, typed_key: str, saved_address: str, saved_key: str) -> str:
    """The key to send when listing the models at `address`: a key typed with it, else the saved
    key only when `address` is the saved address — the saved key never goes anywhere else."""
    if typed_key.strip():
        return typed_key.strip()
    return saved_key if saved_key and same_address(address, saved_address) else ""


def list_models(base_url: str, api_key: str, timeout: float = 5.0) -> list[str]:
    """The model ids the endpoint's /models answers with; [] when it does not answer."""
    from openai import OpenAI, OpenAIError

    try:
        client = OpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout, max_retries=0)
        return sorted(m.id for m in client.models.list())
    except (OpenAIError, OSError, ValueError) as exc:
        log.warning("model list from %s not available: %r", base_url, exc)
        return []
