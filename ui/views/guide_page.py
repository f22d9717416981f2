"""使用说明: docs/使用说明.md rendered as Markdown. The file is ours, but it is still shown as text
only: raw HTML is not rendered, and images are replaced by their description, so the page never
fetches anything from outside the machine."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from ui.components import page

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "使用说明.md"
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<(/?[A-Za-z][^>]*)>")
MISSING = "找不到使用说明文件 docs/使用说明.md：请从完整的安装目录启动，或联系管理员重新安装。"


def guide_markdown(text: str) -> str:
    """The guide as safe Markdown: images become their description (nothing is loaded from
    elsewhere) and HTML tags are shown as text, never run."""
    text = _IMAGE.sub(lambda m: f"（图：{m.group(1) or '略'}）", text)
    return _TAG.sub(lambda m: f"&lt;{m.group(1)}&gt;", text)


def guide_sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) per `## ` section; the text before the first one has the heading ''."""
    sections: list[tuple[str, str]] = [("", "")]
    for line in text.split("\n"):
        if line.startswith("## "):
            sections.append((line[3:].strip(), ""))
        else:
            heading, body = sections[-1]
            sections[-1] = (heading, body + line + "\n")
    return [(h, b) for h, b in sections if h or b.strip()]


@page
def render() -> None:
    try:
        text = GUIDE.read_text(encoding="utf-8")
    except OSError:
        st.title("使用说明")
        st.error(MISSING)
        return
    for heading, body in guide_sections(guide_markdown(text)):
        if heading:
            st.markdown(f"## {heading}")
        st.markdown(body)


if __name__ == "__main__":
    render()
