"""Streamlit entry point: `fazhi ui` or `streamlit run ui/app.py`. Widgets and session state only;
all logic lives in assistant/."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` from a checkout without an install
    sys.path.insert(0, str(ROOT))

from ui.views import library_page  # noqa: E402

st.set_page_config(page_title="法治政府建设年度报告写作助手", page_icon="📄", layout="wide")

PAGES = [
    st.Page(library_page.render, title="资料库", icon="📚", url_path="library"),
]

st.navigation(PAGES).run()
