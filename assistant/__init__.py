"""法治政府建设年度报告写作助手 — the domain package (never imports streamlit).

The front door: the CLI and the UI take these names from `assistant`. Each is imported on first use
(PEP 562), so `import assistant` costs nothing and `fazhi --help` loads no models or vector store."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.checks import check_draft
    from assistant.compose.drafter import Drafter
    from assistant.errors import (
        AssistantError,
        ConfigError,
        IngestError,
        LLMError,
        PromptError,
        ReadError,
        StoreError,
    )
    from assistant.library.facade import Library
    from assistant.rewriting import Rewriter
    from assistant.search import PrecedentSearch, SearchFilters
    from assistant.settings import Settings, load_settings

__version__ = "0.1.0"

_OWNERS = {
    "Library": "assistant.library.facade",
    "PrecedentSearch": "assistant.search",
    "SearchFilters": "assistant.search",
    "Drafter": "assistant.compose.drafter",
    "Rewriter": "assistant.rewriting",
    "check_draft": "assistant.checks",
    "Settings": "assistant.settings",
    "load_settings": "assistant.settings",
    "AssistantError": "assistant.errors",
    "ConfigError": "assistant.errors",
    "ReadError": "assistant.errors",
    "IngestError": "assistant.errors",
    "StoreError": "assistant.errors",
    "LLMError": "assistant.errors",
    "PromptError": "assistant.errors",
}

__all__ = [
    "AssistantError",
    "ConfigError",
    "Drafter",
    "IngestError",
    "LLMError",
    "Library",
    "PrecedentSearch",
    "PromptError",
    "ReadError",
    "Rewriter",
    "SearchFilters",
    "Settings",
    "StoreError",
    "check_draft",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    owner = _OWNERS.get(name)
    if owner is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    # Not cached here: the owner module stays the one place the name is looked up.
    return getattr(importlib.import_module(owner), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
