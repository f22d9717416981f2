"""法治政府建设年度报告写作助手 — the domain package (never imports streamlit)."""

__version__ = "0.1.0"
