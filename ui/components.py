"""Small rendering helpers shared by the pages: escaped Markdown, marked passages, precedent cards,
findings with their spans, a one-click copy button, uploads and the page-level error boundary.
No `:material/…` icons anywhere: Streamlit fetches them from a public font host."""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from assistant import AssistantError, Settings
from assistant.limits import check_year
from assistant.readers import SUPPORTED_SUFFIXES, read_bytes
from assistant.text.sections import SECTION_NAMES
from assistant.types import Finding, Hit

log = logging.getLogger(__name__)

UPLOAD_TYPES = [s.lstrip(".") for s in SUPPORTED_SUFFIXES]
FORMAT_NAMES = {
    ".txt": "纯文本（.txt，自动识别中文编码）",
    ".md": "Markdown 文本（.md）",
    ".docx": "Word 文档（.docx，自动编号照样识别）",
    ".pdf": "PDF（.pdf；没有文字层的扫描件自动文字识别，正文会标注“由文字识别得到”）",
    ".doc": "旧版 Word 文档（.doc）",
    ".wps": "WPS 文字（.wps）",
    ".odt": "开放文档格式文本（.odt）",
    ".rtf": "富文本（.rtf）",
}
# .doc/.wps/.odt/.rtf are converted to .docx by LibreOffice on this machine before reading.
CONVERTED_NOTE = "旧版 Word、WPS、.odt 和 .rtf 文件先在本机自动转换为 .docx 再读取。"
SEVERITY_NAMES = {"error": "错误", "warning": "提醒", "info": "提示"}
SEVERITY_COLOURS = {"error": "red", "warning": "orange", "info": "blue"}
PLACE_NAMES = {"title": "标题", "preamble": "开头"}
OFFLINE_BANNER = (
    "未配置大模型：将生成离线草稿（事实按标准结构整理，缺口标注【待补充】，范例列在旁边）"
    "— 可在“设置”页选择服务商并填写接口"
)
UNEXPECTED = "出现了意外错误（{name}），已记录在日志中。请重试；如果仍然出错，请把日志发给技术支持。"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$~<>:])")
_UNTITLED = "（原文无标题）"
_HTML_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "[]()!*_`:"})


def page(render: Callable[[], None]) -> Callable[[], None]:
    """The error boundary of a page: an AssistantError becomes st.error with its Chinese message;
    anything else a Chinese message plus the traceback in the log, never on screen."""

    @wraps(render)
    def guarded() -> None:
        try:
            render()
        except AssistantError as exc:
            st.error(escape(str(exc)))
        except Exception as exc:  # noqa: BLE001 - the page edge: nothing may reach the browser raw
            log.exception("unexpected error on page %s", render.__module__)
            st.error(UNEXPECTED.format(name=exc.__class__.__name__))

    return guarded


def parse_year(text: str, what: str = "年度") -> int:
    """The year the user typed; an AssistantError saying what is wrong, never a silent default."""
    return check_year(text, what)


def escape(text: str) -> str:
    """Text shown through st.markdown exactly as written (no lists, emphasis, math, directives or
    auto-linked URLs swallowing the text after them)."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # No auto-link (it eats the Chinese after it, and points the page elsewhere): a zero-width
    # space splits the scheme from "://" (escaped or not) and "www" from its dot.
    escaped = re.sub(r"(?i)(https?|ftp)(\\?:)", "\\1\u200b\\2", escaped)
    return re.sub(r"(?i)(?<![a-z0-9])(www)(\\?\.)", "\\1\u200b\\2", escaped)


def paragraphs_md(text: str) -> str:
    """Plain text with one paragraph a line, as Markdown paragraphs."""
    return "\n\n".join(escape(line) for line in text.split("\n") if line.strip())


def html_text(text: str) -> str:
    """User text inside HTML the page renders: tags escaped, and the characters Markdown links and
    images are made of as entities, so no `![x](http://…)` in it can ever be read as markup."""
    return html.escape(text).translate(_HTML_MARKDOWN)


def marked_html(text: str, spans: Sequence[tuple[int, int]], css: str = "") -> str:
    """The text as HTML paragraphs with each [start, end) span in <mark> (overlaps skipped)."""
    pieces, at = [], 0
    for start, end in sorted(spans):
        if start < at or end <= start:
            continue
        pieces.append(html_text(text[at:start]))
        pieces.append(f'<mark class="fazhi-finding {css}">{html_text(text[start:end])}</mark>')
        at = end
    pieces.append(html_text(text[at:]))
    return "".join(f"<p>{line}</p>" for line in "".join(pieces).split("\n") if line.strip())


def highlighted_md(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with each [start, end) span in bold orange, paragraphs kept."""
    pieces, at = [], 0
    for start, end in spans:
        if start < at or end <= start:
            continue
        pieces.append(escape(text[at:start]))
        pieces.append(f":orange[**{escape(text[start:end])}**]")
        at = end
    pieces.append(escape(text[at:]))
    return "\n\n".join(line for line in "".join(pieces).split("\n") if line.strip())


def copy_button(text: str, label: str = "复制原文") -> None:
    """One click copies `text` (the clipboard API, or a selection copy where the page is plain http)."""
    payload = html.escape(json.dumps(text, ensure_ascii=False), quote=True)
    st.html(
        f"""<button class="fazhi-copy" data-text="{payload}" onclick="(async (b) => {{
  const t = JSON.parse(b.dataset.text);
  try {{ await navigator.clipboard.writeText(t); }} catch (e) {{
    const a = document.createElement('textarea'); a.value = t; document.body.appendChild(a);
    a.select(); document.execCommand('copy'); a.remove(); }}
  b.textContent = '已复制'; setTimeout(() => b.textContent = '{label}', 1500);
}})(this)">{label}</button>""",
        unsafe_allow_javascript=True,
    )


def source_words(unit: str, year: int | None, section: str = "") -> str:
    """`某市司法局 · 2023年 · 主要举措和成效` — what a precedent is, in words."""
    words = [unit or "单位未写明", f"{year}年" if year else "年度未写明"]
    if section:
        words.append(SECTION_NAMES.get(section, section))
    return " · ".join(words)


def hit_label(hit: Hit, number: int | None = None) -> str:
    """`[S1] 单位《标题》（2022年）` — the label a draft's sources use."""
    c = hit.chunk
    label = f"[S{number}] " if number is not None else ""
    title = c.title.replace(_UNTITLED, "").strip().strip("《》")
    return label + (f"《{title}》" if title else "（无标题的报告）")


def document_link(doc_id: str, chunk_id: str = "") -> str:
    """A link to the document on the 资料库 page (opens in a new tab, the passage marked)."""
    query = {"doc": doc_id, **({"chunk": chunk_id} if chunk_id else {})}
    return f"[在原文中查看](library?{urlencode(query)})"


def hit_card(hit: Hit, number: int | None = None, *, details: bool = True, note: str = "") -> None:
    """One precedent: unit · year · section in words, heading path, marked text, copy and open."""
    c = hit.chunk
    with st.container(border=True):
        st.markdown(f"**{escape(hit_label(hit, number))}**")
        st.caption(escape(source_words(c.unit, c.year, c.section)) + (f"　{escape(note)}" if note else ""))
        if details and c.heading_path:
            st.caption("位置：" + escape(" › ".join(c.heading_path)))
        st.markdown(highlighted_md(c.text, hit.highlights))
        left, right = st.columns(2)
        with left:
            copy_button(c.text)
        right.markdown(document_link(c.doc_id, c.id))


def place_name(part: str, names: Mapping[str, str]) -> str:
    return names.get(part) or PLACE_NAMES.get(part) or SECTION_NAMES.get(part, part)


def severity_tag(severity: str) -> str:
    colour = SEVERITY_COLOURS.get(severity, "gray")
    return f":{colour}[**【{SEVERITY_NAMES.get(severity, severity)}】**]"


def findings_list(findings: Sequence[Finding], texts: Mapping[str, str], names: Mapping[str, str]) -> None:
    """Each finding: its kind, where, message and suggestion; opened, the part text with the span
    marked and, for copied text, the source passage beside it."""
    if not findings:
        st.success("没有发现问题。")
        return
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_NAMES}
    st.caption("　".join(f"{SEVERITY_NAMES[s]} {n} 条" for s, n in counts.items() if n))
    for number, finding in enumerate(findings, 1):
        where = place_name(finding.part, names)
        title = f"{SEVERITY_NAMES.get(finding.severity, '')}｜{where}：{finding.message}"
        with st.expander(escape(title[:120]), expanded=False):
            _finding_detail(finding, texts.get(finding.part, ""), number)


def _finding_detail(finding: Finding, text: str, number: int) -> None:
    if finding.suggestion:
        st.markdown(f"**建议**：{escape(finding.suggestion)}")
    source = finding.source  # copy findings: {"doc_id","title","unit","year","text"}
    spans = [(finding.start, finding.end)] if finding.end > finding.start else []
    excerpt = _context_excerpt(text, spans)
    if source:
        left, right = st.columns(2)
        with left:
            st.caption("草稿中的文字")
            st.markdown(excerpt, unsafe_allow_html=True)
        with right:
            where = source_words(str(source.get("unit", "")), source.get("year"))
            title = f"《{source['title']}》" if source.get("title") else ""
            st.caption(f"资料库中的原文：{escape(title + where)}")
            st.markdown(marked_html(str(source.get("text", "")), []), unsafe_allow_html=True)
            if source.get("doc_id"):
                st.markdown(document_link(str(source["doc_id"])))
    elif excerpt:
        st.caption("在原文中的位置（标出部分）")
        st.markdown(excerpt, unsafe_allow_html=True)


def _context_excerpt(text: str, spans: list[tuple[int, int]], context: int = 120) -> str:
    """The marked span with some text around it (the whole text when short)."""
    if not text:
        return ""
    if not spans or len(text) <= 3 * context:
        return marked_html(text, spans, "error")
    start, end = spans[0]
    lo, hi = max(0, start - context), min(len(text), end + context)
    shifted = [(start - lo, end - lo)]
    return ("…" if lo else "") + marked_html(text[lo:hi], shifted, "error") + ("…" if hi < len(text) else "")


def findings_in_text(text: str, findings: Sequence[Finding]) -> None:
    """A part's text with all of its findings' spans marked (under the part's editor)."""
    spans = [(f.start, f.end) for f in findings if f.end > f.start]
    st.markdown(marked_html(text, spans), unsafe_allow_html=True)
    for f in findings:
        excerpt = text[f.start : f.end] if f.end > f.start else ""
        line = f"{severity_tag(f.severity)} {escape(f.message)}"
        if excerpt:
            line += f"　（标出：“{escape(excerpt[:40])}”）"
        if f.suggestion:
            line += f"　建议：{escape(f.suggestion)}"
        st.markdown(line)


def read_upload(file: UploadedFile | None, settings: Settings) -> str:
    """The text of an uploaded file ('' when none); ReadError with a Chinese message when unreadable."""
    if file is None:
        return ""
    return read_bytes(file.getvalue(), file.name, max_bytes=settings.max_file_mb * 1024 * 1024)


def mode_banner(configured: bool, description: str, offline: bool) -> None:
    if not configured:
        st.info(OFFLINE_BANNER)
    elif offline:
        st.info(
            "离线模式：不调用大模型，生成离线草稿（事实按标准结构整理，缺口标注【待补充】，范例列在旁边）。"
        )
    else:
        st.success(f"已设置大模型：{escape(description)}")
