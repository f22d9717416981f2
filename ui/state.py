"""Objects shared across reruns: settings, the library and the chat model (built once per process),
the saved-drafts store, and the draft the user is working on (one per browser session, saved to
the store as it changes so a reload or a new tab finds it again).

The library (embedder, Chroma, jieba) and the langchain modules take seconds to load, so they are
built in a background thread started by the first page view: the form is usable at once and only
an action that needs the library waits for it."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import streamlit as st

from assistant import AssistantError, Settings, load_settings
from assistant.drafts.store import DraftStore, DraftStoreError
from assistant.types import Draft, DraftRequest, Hit, Outline
from ui.components import escape

if TYPE_CHECKING:
    from assistant import Library, PrecedentSearch
    from assistant.llm.chat import ChatModel

log = logging.getLogger(__name__)
DRAFT_KEY = "draft_session"
RESTORED_KEY = "draft_restored"
QUERY_DRAFT = "draft"


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    return load_settings()


class _LibraryLoader:
    """Builds the Library in a thread; `get()` waits for it, `ready` says whether it is there."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.library: Library | None = None
        self.error: AssistantError | None = None
        self.done = threading.Event()
        threading.Thread(target=self._load, name="fazhi-library", daemon=True).start()

    def _load(self) -> None:
        try:
            from assistant import Library

            library = Library(self.settings)
            if library.documents():
                library.index()  # the search index (jieba, BM25) is built before the first search
            self.library = library
            import assistant.compose.drafter  # noqa: F401 - warms the langchain imports drafting needs
            import assistant.rewriting  # noqa: F401
        except AssistantError as exc:
            self.error = exc
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged in full
            log.exception("the library could not be opened")
            self.error = AssistantError(f"资料库无法打开（{exc.__class__.__name__}）：详情已写入日志。")
        finally:
            self.done.set()

    @property
    def ready(self) -> bool:
        return self.done.is_set()

    def get(self) -> Library:
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.library is not None
        return self.library


@st.cache_resource(show_spinner=False)
def _loader(_settings: Settings, key: str) -> _LibraryLoader:
    return _LibraryLoader(_settings)


def _library_loader() -> _LibraryLoader:
    settings = get_settings()
    return _loader(settings, settings.model_dump_json())


def warm_up() -> None:
    """Start opening the library in the background (the first call in a process does it)."""
    _library_loader()


def library_ready() -> bool:
    return _library_loader().ready


def get_library() -> Library:
    loader = _library_loader()
    if not loader.ready:
        with st.spinner("正在打开资料库…"):
            return loader.get()
    return loader.get()


@st.cache_resource(show_spinner=False)
def _chat_model(_settings: Settings, key: str) -> ChatModel | None:
    from assistant.llm.chat import chat_model_from_settings

    return chat_model_from_settings(_settings)


def get_chat_model() -> ChatModel | None:
    """The configured chat model (None: offline), cached per LLM settings; may raise ConfigError."""
    settings = get_settings()
    if not settings.llm_configured:
        return None
    fields = settings.model_dump_json(include={"llm_base_url", "llm_api_key", "llm_model", "llm_timeout"})
    return _chat_model(settings, hashlib.sha256(fields.encode()).hexdigest())


def reload_settings() -> None:
    """Forget everything built from the settings, so the next run reads FAZHI_*, .env and the
    settings file again."""
    get_settings.clear()
    _loader.clear()
    _chat_model.clear()


def get_store() -> DraftStore:
    return DraftStore(get_settings().data_dir)


def library_or_error() -> Library | None:
    """The library, or None after showing the user what is wrong and what to do."""
    try:
        return get_library()
    except AssistantError as exc:
        st.error(escape(str(exc)))
        return None


def search_or_none() -> PrecedentSearch | None:
    """Precedent search over the library; None when it is empty, or (after an error message) when
    it cannot open. (Searching an empty library fails inside the index build.)"""
    from assistant import PrecedentSearch

    library = library_or_error()
    return PrecedentSearch(library) if library is not None and library.documents() else None


def chat_model_or_error() -> ChatModel | None:
    try:
        return get_chat_model()
    except AssistantError as exc:
        st.error(escape(str(exc)))
        return None


@dataclass
class DraftSession:
    """The draft being edited, what it was asked for, the precedents per part, and the texts the
    current findings refer to. `version` changes whenever the text is replaced from outside the
    editors (a new draft, a rewrite put back), so the editors start again from the new text.
    `saved_id` is the draft's id in the store ('' until saved); `outline` the 提纲 the clerk
    edited before drafting (None: the one made from the facts), which 继续起草 and 重新起草 follow too."""

    draft: Draft
    request: DraftRequest
    precedents: dict[str, list[Hit]] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)
    version: int = 0
    saved_id: str = ""
    source: str = ""  # 离线 or the model's name, recorded on 我的草稿
    outline: Outline | None = None

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
        save_version(self, "改写放回")

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


def keep_draft(session: DraftSession, reason: str = "") -> None:
    """Make `session` the current draft; with a reason, also save it as a version in the store
    (a new saved draft unless it already has an id)."""
    previous = current_draft()
    if previous is not None:
        session.version = previous.version + 1
    st.session_state[DRAFT_KEY] = session
    if reason:
        save_version(session, reason)


def save_version(session: DraftSession, reason: str) -> None:
    """Save the session's draft (a failure to save is shown, never fatal)."""
    store = get_store()
    try:
        if session.saved_id:
            store.save_version(session.saved_id, session.draft, reason, session.request, session.source)
        else:
            session.saved_id = store.create(session.request, session.draft, reason, session.source).id
        if session.precedents:
            store.save_precedents(session.saved_id, session.precedents)
    except (OSError, DraftStoreError) as exc:
        log.warning("draft not saved: %s", exc)
        st.warning(escape(f"草稿未能自动保存（{exc}）：请检查资料库目录是否可写，或下载草稿文件备份。"))
        return
    st.query_params[QUERY_DRAFT] = session.saved_id


def same_draft_id(request: DraftRequest, save_as_new: bool) -> str:
    """The saved draft a new generation for this unit and year adds a version to ('' for a new one:
    none yet, or the clerk chose 另存为新草稿)."""
    if save_as_new:
        return ""
    try:
        found = get_store().find(request.unit, request.year)
    except (OSError, DraftStoreError) as exc:
        log.warning("saved drafts not read: %s", exc)
        return ""
    return found.id if found else ""


def open_saved(draft_id: str, version: int | None = None) -> DraftSession:
    """A saved draft as the current session (DraftStoreError when it cannot be read)."""
    store = get_store()
    from assistant.compose.outline import outline_from_dict

    request, draft = store.load(draft_id, version)
    try:
        data = store.outline_data(draft_id)
        outline = outline_from_dict(data) if data is not None else None
    except AssistantError as exc:  # a damaged 提纲: the draft still opens and follows its facts
        log.warning("outline of draft %s not used: %s", draft_id, exc)
        outline = None
    session = DraftSession(
        draft, request, store.precedents(draft_id), saved_id=draft_id, source=store.get(draft_id).source,
        outline=outline,
    )  # fmt: skip
    keep_draft(session)
    fill_form(request)
    st.query_params[QUERY_DRAFT] = draft_id
    return session


FORM_FIELDS = {"draft_unit": "unit", "draft_level": "level", "draft_facts": "facts", "draft_other": "other"}


def fill_form(request: DraftRequest) -> None:
    """Put a request back into the 起草报告 form's widgets."""
    for key, name in FORM_FIELDS.items():
        st.session_state[key] = getattr(request, name)
    st.session_state["draft_year"] = str(request.year)


def restore_session() -> None:
    """Once per browser session: reopen the draft named in the URL, else the most recent one."""
    if st.session_state.get(RESTORED_KEY):
        session = current_draft()
        if session is not None and session.saved_id and st.query_params.get(QUERY_DRAFT) != session.saved_id:
            st.query_params[QUERY_DRAFT] = session.saved_id
        return
    st.session_state[RESTORED_KEY] = True
    store = get_store()
    wanted = st.query_params.get(QUERY_DRAFT, "")
    try:
        target = wanted or (latest.id if (latest := store.latest()) else "")
        if target:
            open_saved(target)
    except DraftStoreError as exc:
        log.info("saved draft not reopened: %s", exc)
        if wanted:
            st.warning(escape(f"网址中的草稿无法打开：{exc}"))
