"""资料库: the documents (with counts of documents and passages), adding files with progress,
editing a document's title/unit/year/level, removing the document the user picked after a
confirmation naming it, and one document's text (opened from a precedent, its passage marked)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from assistant import AssistantError
from assistant.limits import check_year
from assistant.readers import SUPPORTED_SUFFIXES
from assistant.text.sections import SECTION_NAMES
from assistant.types import LEVELS, DocumentInfo
from ui.components import CONVERTED_NOTE, FORMAT_NAMES, escape, marked_html, page, source_words
from ui.state import library_or_error

if TYPE_CHECKING:
    from assistant import Library
    from assistant.library.facade import IngestResult

NOTICE_KEY = "library_notice"
CHOSEN_KEY = "library_chosen"
CONFIRM_KEY = "library_confirm_remove"
UNKNOWN_UNIT_CELL = "！未识别，请补填"
UNKNOWN_SHOWN = 5


@page
def render() -> None:
    st.title("资料库")
    st.caption("往年报告和同类单位已公开的报告。起草和查找范例都从这里检索。")
    library = library_or_error()
    if library is None:
        return
    if st.query_params.get("doc"):
        _document_view(library, st.query_params["doc"], st.query_params.get("chunk", ""))
        return
    for kind, text in st.session_state.pop(NOTICE_KEY, []):
        getattr(st, kind)(escape(text))
    _upload(library)
    docs = unknown_first(library.documents())
    if not docs:
        st.info("资料库是空的：请在上方上传往年的报告。")
        return
    st.subheader(f"已收录 {len(docs)} 篇文档，共 {sum(d.chunks for d in docs)} 个段落")
    st.dataframe([_row(d) for d in docs], hide_index=True, width="stretch")
    _unknown_units(library, docs)
    _manage(library, docs)


def unknown_first(docs: list[DocumentInfo]) -> list[DocumentInfo]:
    """Documents whose unit was not found first (they need the clerk), the others as they were."""
    return sorted(docs, key=lambda d: bool(d.unit))


def _unknown_units(library: Library, docs: list[DocumentInfo]) -> None:
    """Each document without a unit, its edit form open: a report nobody can find by its unit
    is as good as missing."""
    unknown = [d for d in docs if not d.unit]
    if not unknown:
        return
    st.subheader(f"{len(unknown)} 篇文档没有识别出单位")
    st.caption(
        "请逐篇补填单位（必要时也核对年度和级别）后保存：未写单位的文档，按单位查找范例和对照上年报告时会被漏掉。"
    )
    for doc in unknown[:UNKNOWN_SHOWN]:
        with st.expander(escape(f"！《{doc.title}》（文件 {doc.source}）"), expanded=True):
            _edit(library, doc, prefix="library_unknown")
    if len(unknown) > UNKNOWN_SHOWN:
        st.caption(f"另有 {len(unknown) - UNKNOWN_SHOWN} 篇未识别单位：补填上面几篇后会依次显示。")


def _row(d: DocumentInfo) -> dict:
    return {
        "年度": str(d.year or "未写明"),
        "单位": d.unit or UNKNOWN_UNIT_CELL,
        "级别": d.level or "未写明",
        "标题": d.title,
        "段落数": d.chunks,
        "结构": "、".join(SECTION_NAMES.get(k, k) for k in d.sections),
        "文件": d.source,
        "提示": "；".join(d.warnings),
    }


def upload_label() -> str:
    """The uploader's label (also what a screen reader reads): every format the readers take."""
    return f"添加报告（可多选；格式：{'、'.join(s.lstrip('.') for s in SUPPORTED_SUFFIXES)}）"


def nothing_added_message(max_file_mb: int) -> str:
    """Why 收录到资料库 added nothing: Streamlit keeps an oversized or unsupported file in the box
    (marked red) but never sends it to the server."""
    return (
        "没有收录任何文件：上传框里没有可收录的文件。标红的文件超过 "
        f"{max_file_mb} MB 或格式不支持，未能上传——请移除它，压缩、拆分或另存为支持的格式后重新添加。"
    )


def _upload(library: Library) -> None:
    formats = "；".join(FORMAT_NAMES.get(s, s) for s in SUPPORTED_SUFFIXES)
    with st.form("library_upload", clear_on_submit=True, border=True):
        files = st.file_uploader(
            upload_label(), type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], accept_multiple_files=True,
            key="library_files",
        )  # fmt: skip
        st.caption(
            f"可以收录的格式：{formats}。{CONVERTED_NOTE}每个文件不超过 {library.settings.max_file_mb} MB。"
        )
        submitted = st.form_submit_button("收录到资料库", type="primary")
    if submitted and not files:
        st.warning(nothing_added_message(library.settings.max_file_mb))
    if not submitted or not files:
        return
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for f in files:
            path = Path(tmp) / Path(f.name).name
            path.write_bytes(f.getvalue())
            paths.append(path)
        result = library.add_paths(paths, progress=UploadProgress(len(paths)))
    st.session_state[NOTICE_KEY] = ingest_notices(result, {d.id: d for d in library.documents()})
    st.rerun()  # the notices show after the rerun that clears the uploader


class UploadProgress:
    """Library.add_paths progress → two bars: files done of all files, and the chunks of the file
    being embedded (its message starts with 正在向量化)."""

    def __init__(self, files: int) -> None:
        self.files = st.progress(0.0, text=f"开始收录 {files} 个文件…")
        self.chunks = st.empty()

    def __call__(self, message: str, done: int, total: int) -> None:
        share = min(done / max(total, 1), 1.0)
        if message.startswith("正在向量化"):
            self.chunks.progress(share, text=f"{message}：{done}/{total} 段")
        elif message == "完成":
            self.files.progress(1.0, text=f"已处理全部 {total} 个文件")
            self.chunks.empty()
        else:
            self.files.progress(share, text=f"{message}（第 {done + 1}/{total} 个文件）")
            self.chunks.empty()


def ingest_notices(result: IngestResult, docs: dict[str, DocumentInfo]) -> list[tuple[str, str]]:
    """What happened to each file, in Chinese; a near-duplicate names the document kept."""
    notices = [
        ("success", f"已收录《{d.title}》（{d.year or '年度未写明'}，{d.chunks} 段）") for d in result.added
    ]
    for entry in result.skipped:
        path, reason = entry[0], entry[1]
        kept = docs.get(getattr(entry, "duplicate_of", ""))
        if kept is not None:
            reason = (
                f"与资料库中已有的《{kept.title}》（{source_words(kept.unit, kept.year)}）是同一篇报告"
                "（格式或来源不同），没有重复收录。如需换用这个文件，请先删除已有的那篇再上传。"
            )
        notices.append(("info", f"{Path(path).name}：{reason}"))
    notices += [("error", f"{Path(p).name}：{error}") for p, error in result.failed]
    notices += [("warning", f"{Path(p).name}：{warning}") for p, warning in result.warnings]
    return notices


def _label(d: DocumentInfo) -> str:
    return f"{d.title}（{source_words(d.unit, d.year)}）"


def _manage(library: Library, docs: list[DocumentInfo]) -> None:
    st.subheader("修改或删除一篇文档")
    by_id = {d.id: d for d in docs}
    chosen = st.selectbox(
        "选择文档", list(by_id), index=None, format_func=lambda i: _label(by_id[i]),
        placeholder="请选择要修改或删除的文档", key=CHOSEN_KEY,
    )  # fmt: skip
    if chosen is None:
        return
    doc = by_id[chosen]
    _edit(library, doc)
    _remove(library, doc)


def _edit(library: Library, doc: DocumentInfo, prefix: str = "library_edit") -> None:
    for warning in doc.warnings:
        st.caption(f"提示：{escape(warning)}")
    with st.form(f"{prefix}_{doc.id}", border=True):
        title = st.text_input("标题", doc.title, key=f"{prefix}_title_{doc.id}")
        left, middle, right = st.columns(3)
        unit = left.text_input(
            "单位", doc.unit, key=f"{prefix}_unit_{doc.id}", placeholder="例如：某市司法局、某县人民政府"
        )
        year = middle.text_input("年度", str(doc.year or ""), key=f"{prefix}_year_{doc.id}")
        choices = ["", *LEVELS]
        level = right.selectbox(
            "级别", choices, choices.index(doc.level) if doc.level in LEVELS else 0,
            format_func=lambda v: v or "未写明", key=f"{prefix}_level_{doc.id}",
        )  # fmt: skip
        if not st.form_submit_button("保存修改", key=f"{prefix}_save_{doc.id}"):
            return
    try:
        changes = _changes(doc, title=title, unit=unit, year=_year(year), level=level)
        if not changes:
            st.info("没有改动：修改标题、单位、年度或级别后再保存。")
            return
        info = library.edit(doc.id, **changes)
    except AssistantError as exc:
        st.error(escape(str(exc)))
        return
    st.session_state[NOTICE_KEY] = [("success", f"已保存《{info.title}》的修改。")]
    st.rerun()


def _changes(doc: DocumentInfo, *, title: str, unit: str, year: int | None, level: str) -> dict:
    """Only the fields the user changed (Library.edit leaves the others as they are)."""
    changed = {"title": title.strip(), "unit": unit.strip(), "year": year, "level": level or None}
    now = {"title": doc.title, "unit": doc.unit, "year": doc.year, "level": doc.level or None}
    return {k: v for k, v in changed.items() if v is not None and v != now[k]}


def _year(text: str) -> int | None:
    return check_year(text) if text.strip().removesuffix("年").strip() else None


def _remove(library: Library, doc: DocumentInfo) -> None:
    if st.session_state.get(CONFIRM_KEY) != doc.id:
        if st.button(escape(f"删除《{doc.title}》…"), key="library_remove"):
            st.session_state[CONFIRM_KEY] = doc.id
            st.rerun()
        return
    st.warning(
        escape(f"确定从资料库删除《{doc.title}》（{source_words(doc.unit, doc.year)}，{doc.chunks} 段）吗？")
    )
    yes, no = st.columns([2, 3])
    if yes.button(escape(f"确认删除《{doc.title}》"), type="primary", key="library_remove_yes"):
        info = library.remove(doc.id)
        st.session_state.pop(CONFIRM_KEY, None)
        st.session_state.pop(CHOSEN_KEY, None)
        st.session_state[NOTICE_KEY] = [("success", f"已删除《{info.title}》。")]
        st.rerun()
    if no.button("取消", key="library_remove_no"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()


def _document_view(library: Library, doc_id: str, chunk_id: str) -> None:
    text = library.document_text(doc_id)
    info = next((d for d in library.documents() if d.id == doc_id), None)
    if text is None or info is None:
        st.error("资料库中没有这篇文档（可能已被删除）。")
        return
    st.subheader(escape(info.title))
    st.caption(
        escape(source_words(info.unit, info.year)) + f" · {info.chunks} 段 · 文件 {escape(info.source)}"
    )
    spans = []
    chunk = next((c for c in library.index().chunks if c.id == chunk_id), None) if chunk_id else None
    if chunk is not None and (at := text.find(chunk.text[:60])) >= 0:
        spans = [(at, at + len(chunk.text))]
        st.caption("标出的是引用的段落。")
    with st.container(height=640):
        st.markdown(marked_html(text, spans), unsafe_allow_html=True)


if __name__ == "__main__":
    render()
