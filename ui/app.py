"""Streamlit entry point: `fazhi ui` or `streamlit run ui/app.py`. Widgets and session state only;
all logic lives in assistant/. Each page is a file in ui/views/ that calls its `render()` when
Streamlit runs it as the page script."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` from a checkout without an install
    sys.path.insert(0, str(ROOT))

from assistant.cli import disable_tracing  # noqa: E402

# Nothing phones home: no model downloads, no Chroma telemetry, no LangSmith tracing.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
disable_tracing()

st.set_page_config(
    page_title="法治政府建设年度报告写作助手", page_icon=":material/description:", layout="wide"
)

PAGES = [
    st.Page(
        "views/draft_page.py", title="起草报告", icon=":material/edit_note:", url_path="draft", default=True
    ),
    st.Page("views/rewrite_page.py", title="改写段落", icon=":material/autorenew:", url_path="rewrite"),
    st.Page("views/search_page.py", title="查找范例", icon=":material/search:", url_path="search"),
    st.Page("views/library_page.py", title="资料库", icon=":material/library_books:", url_path="library"),
    st.Page("views/settings_page.py", title="设置", icon=":material/settings:", url_path="settings"),
]

st.navigation(PAGES).run()
