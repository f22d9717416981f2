"""Objects shared across reruns: settings and the library, built once per process."""

from __future__ import annotations

import streamlit as st

from assistant.errors import AssistantError
from assistant.library import Library
from assistant.settings import Settings


@st.cache_resource(show_spinner="正在打开资料库…")
def get_library() -> Library:
    return Library(Settings())


def library_or_error() -> Library | None:
    """The library, or None after showing the user what is wrong and what to do."""
    try:
        return get_library()
    except AssistantError as exc:
        st.error(str(exc))
        return None
