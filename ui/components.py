"""Small rendering helpers shared by the pages: escaped Markdown, highlighted passages, precedent
cards, findings, uploads and the page-level error boundary."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import wraps

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from assistant.errors import AssistantError
from assistant.llm import ChatModel
from assistant.readers import SUPPORTED_SUFFIXES, read_bytes
from assistant.sections import SECTION_NAMES
from assistant.settings import Settings
from assistant.types import Finding, Hit

UPLOAD_TYPES = [s.lstrip(".") for s in SUPPORTED_SUFFIXES]
# Material icons ship with Streamlit, so they render without an emoji font (intranet PCs, servers).
SEVERITY_ICONS = {
    "error": ":red[:material/error:]",
    "warning": ":orange[:material/warning:]",
    "info": ":blue[:material/info:]",
}
SEVERITY_NAMES = {"error": "错误", "warning": "提醒", "info": "提示"}
PLACE_NAMES = {"title": "标题", "preamble": "开头"}
OFFLINE_BANNER = (
    "未配置大模型：将生成离线草稿（事实按标准结构整理，缺口标注【待补充】，范例列在旁边）"
    "— 在“设置”页查看如何配置"
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$~<>:])")


def page(render: Callable[[], None]) -> Callable[[], None]:
    """The error boundary of a page: an AssistantError becomes st.error with its Chinese message."""

    @wraps(render)
    def guarded() -> None:
        try:
            render()
        except AssistantError as exc:
            st.error(str(exc))

    return guarded


def escape(text: str) -> str:
    """Text shown through st.markdown exactly as written (no lists, emphasis, math or directives)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def paragraphs_md(text: str) -> str:
    """Plain text with one paragraph a line, as Markdown paragraphs."""
    return "\n\n".join(escape(line) for line in text.split("\n") if line.strip())


def highlighted_md(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with each [start, end) span in bold orange, paragraphs kept. (A background colour
    pads each span, which breaks up Chinese text.)"""
    pieces, at = [], 0
    for start, end in spans:
        if start < at or end <= start:
            continue
        pieces.append(escape(text[at:start]))
        pieces.append(f":orange[**{escape(text[start:end])}**]")
        at = end
    pieces.append(escape(text[at:]))
    return "\n\n".join(line for line in "".join(pieces).split("\n") if line.strip())


def hit_label(hit: Hit, number: int | None = None) -> str:
    """`[S1] 单位《标题》（2022年）` — the label a draft's sources use."""
    c = hit.chunk
    label = f"[S{number}] " if number is not None else ""
    label += c.unit or "（单位未识别）"
    title = c.title.strip().strip("《》")
    if title:
        label += f"《{title}》"
    return label + (f"（{c.year}年）" if c.year else "")


def hit_card(hit: Hit, number: int | None = None, *, details: bool = True, note: str = "") -> None:
    """One precedent: source, section and heading path, highlighted text, and a copy block."""
    c = hit.chunk
    with st.container(border=True):
        st.markdown(f"**{escape(hit_label(hit, number))}**")
        if note:
            st.caption(note)
        if details:
            path = " › ".join(c.heading_path) or "（无标题层级）"
            section = SECTION_NAMES.get(c.section, c.section)
            st.caption(f"部分：{escape(section)}　位置：{escape(path)}　相关度：{hit.score:.4f}")
        st.markdown(highlighted_md(c.text, hit.highlights))
        with st.expander("复制原文"):
            st.code(c.text, language=None, wrap_lines=True)


def findings_list(findings: Sequence[Finding], texts: Mapping[str, str], names: Mapping[str, str]) -> None:
    """Each finding: icon, where, message, suggestion, and the text it points at."""
    if not findings:
        st.success("没有发现问题。")
        return
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_NAMES}
    st.caption("　".join(f"{SEVERITY_ICONS[s]} {SEVERITY_NAMES[s]} {n}" for s, n in counts.items() if n))
    lines = [_finding_line(f, texts, names) for f in findings]
    st.markdown("\n".join(lines))


def _finding_line(finding: Finding, texts: Mapping[str, str], names: Mapping[str, str]) -> str:
    where = (
        names.get(finding.part)
        or PLACE_NAMES.get(finding.part)
        or SECTION_NAMES.get(finding.part, finding.part)
    )
    line = f"- {SEVERITY_ICONS.get(finding.severity, '')} **{escape(where)}**：{escape(finding.message)}"
    if finding.suggestion:
        line += f"。建议：{escape(finding.suggestion)}"
    excerpt = texts.get(finding.part, "")[finding.start : finding.end] if finding.end > finding.start else ""
    if excerpt:
        line += f"　原文：“{escape(excerpt)}”"
    return line


def read_upload(file: UploadedFile | None, settings: Settings) -> str:
    """The text of an uploaded file ('' when none); ReadError with a Chinese message when unreadable."""
    if file is None:
        return ""
    return read_bytes(file.getvalue(), file.name, max_bytes=settings.max_file_mb * 1024 * 1024)


def mode_banner(model: ChatModel | None, offline: bool) -> None:
    if model is None:
        st.info(OFFLINE_BANNER, icon=":material/cloud_off:")
    elif offline:
        st.info(
            "离线模式：不调用大模型，生成离线草稿（事实按标准结构整理，缺口标注【待补充】，范例列在旁边）。",
            icon=":material/cloud_off:",
        )
    else:
        st.success(f"已连接大模型：{escape(model.description)}", icon=":material/smart_toy:")
