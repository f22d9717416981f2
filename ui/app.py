"""Streamlit entry point: `fazhi ui` or `streamlit run ui/app.py`. Widgets and session state only;
all logic lives in assistant/. Each page is a file in ui/views/ that calls its `render()` when
Streamlit runs it as the page script."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` from a checkout without an install
    sys.path.insert(0, str(ROOT))

from assistant import AssistantError  # noqa: E402
from assistant.offline import go_offline  # noqa: E402
from ui import auth, chrome  # noqa: E402
from ui.components import UNEXPECTED, escape  # noqa: E402
from ui.state import get_settings, restore_session, warm_up  # noqa: E402

go_offline()
log = logging.getLogger("ui")


def _log_to_stderr() -> None:
    """Our warnings and page-edge tracebacks go to the server's stderr (Streamlit only sets up its own
    logger); once per process."""
    for name in ("ui", "assistant"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)


_log_to_stderr()

st.set_page_config(page_title="法治政府建设年度报告写作助手", page_icon=str(chrome.ICON), layout="wide")

PAGES = [
    st.Page("views/draft_page.py", title="起草报告", url_path="draft", default=True),
    st.Page("views/drafts_page.py", title="我的草稿", url_path="drafts"),
    st.Page("views/rewrite_page.py", title="改写段落", url_path="rewrite"),
    st.Page("views/search_page.py", title="查找范例", url_path="search"),
    st.Page("views/library_page.py", title="资料库", url_path="library"),
    st.Page("views/settings_page.py", title="设置", url_path="settings"),
    st.Page("views/guide_page.py", title="使用说明", url_path="guide"),
]


def main() -> None:
    try:
        settings = get_settings()
    except AssistantError as exc:  # a bad FAZHI_* value: say which, serve nothing else
        chrome.apply()
        st.error(escape(str(exc)))
        st.stop()
    chrome.apply(settings.max_file_mb)
    auth.gate()
    try:
        restore_session()
    except Exception as exc:  # noqa: BLE001 - the app edge: a Chinese message, the traceback in the log
        log.exception("the app could not start this page")
        st.error(UNEXPECTED.format(name=exc.__class__.__name__))
    st.navigation(PAGES).run()
    # After the page is drawn, so the first view does not share the CPU with the library loading.
    warm_up()


main()
