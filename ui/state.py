"""Objects shared across reruns: settings, the library and the chat model (built once per process),
and the draft the user is working on (one per browser session)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

import streamlit as st

from assistant.errors import AssistantError
from assistant.library import Library
from assistant.llm import ChatModel, chat_model_from_settings
from assistant.search import PrecedentSearch
from assistant.settings import Settings, load_settings
from assistant.types import Draft, DraftRequest, Hit

DRAFT_KEY = "draft_session"


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner="正在打开资料库…")
def get_library() -> Library:
    return Library(get_settings())


@st.cache_resource(show_spinner=False)
def _chat_model(_settings: Settings, key: str) -> ChatModel | None:
    return chat_model_from_settings(_settings)


def get_chat_model() -> ChatModel | None:
    """The configured chat model (None: offline), cached per LLM settings; may raise ConfigError."""
    settings = get_settings()
    fields = settings.model_dump_json(include={"llm_base_url", "llm_api_key", "llm_model", "llm_timeout"})
    return _chat_model(settings, hashlib.sha256(fields.encode()).hexdigest())


def reload_settings() -> None:
    """Forget everything built from the settings, so the next run reads FAZHI_* and .env again."""
    get_settings.clear()
    get_library.clear()
    _chat_model.clear()


def library_or_error() -> Library | None:
    """The library, or None after showing the user what is wrong and what to do."""
    try:
        return get_library()
    except AssistantError as exc:
        st.error(str(exc))
        return None


def search_or_none() -> PrecedentSearch | None:
    """Precedent search over the library; None (after an error message) when it cannot open."""
    library = library_or_error()
    return PrecedentSearch(library) if library is not None else None


def chat_model_or_error() -> ChatModel | None:
    try:
        return get_chat_model()
    except AssistantError as exc:
        st.error(str(exc))
        return None


@dataclass
class DraftSession:
    """The draft being edited, what it was asked for, the precedents per part, and the texts the
    current findings refer to. `version` changes whenever the text is replaced from outside the
    editors (a new draft, a rewrite put back), so the editors start again from the new text."""

    draft: Draft
    request: DraftRequest
    precedents: dict[str, list[Hit]] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)
    version: int = 0

    def __post_init__(self) -> None:
        if not self.checked:
            self.checked = texts_of(self.draft)

    def set_text(self, key: str, text: str) -> None:
        """An edit made in the part's editor."""
        if key == "preamble":
            self.draft = replace(self.draft, preamble=text)
            return
        parts = tuple(replace(p, text=text) if p.key == key else p for p in self.draft.parts)
        self.draft = replace(self.draft, parts=parts)

    def put_back(self, key: str, text: str) -> None:
        """A text replaced from elsewhere (the rewrite page): the editors are rebuilt."""
        self.set_text(key, text)
        self.version += 1

    def set_checked(self, draft: Draft) -> None:
        self.draft = draft
        self.checked = texts_of(draft)

    @property
    def stale(self) -> bool:
        return self.checked != texts_of(self.draft)


def texts_of(draft: Draft) -> dict[str, str]:
    """The texts findings point into, by Finding.part."""
    return {"title": draft.title, "preamble": draft.preamble, **{p.key: p.text for p in draft.parts}}


def current_draft() -> DraftSession | None:
    return st.session_state.get(DRAFT_KEY)


def keep_draft(session: DraftSession) -> None:
    previous = current_draft()
    if previous is not None:
        session.version = previous.version + 1
    st.session_state[DRAFT_KEY] = session
