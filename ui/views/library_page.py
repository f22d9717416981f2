"""资料库: the documents in the library; add files; remove a document."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from assistant.errors import AssistantError
from assistant.readers import SUPPORTED_SUFFIXES
from ui.state import library_or_error

SECTION_LABELS = {
    "preamble": "开头",
    "achievements": "举措成效",
    "shortcomings": "不足",
    "leadership": "履职",
    "plans": "安排",
    "other": "其他",
    "closing": "结尾",
}


def render() -> None:
    st.title("资料库")
    st.caption("往年报告和同类单位已公开的报告。起草和查找范例都从这里检索。")
    library = library_or_error()
    if library is None:
        return
    _upload(library)
    docs = library.documents()
    if not docs:
        st.info("资料库是空的：请在上方上传往年的报告（txt、md、docx、pdf）。")
        return
    st.subheader(f"已收录 {len(docs)} 篇")
    rows = [
        {
            "编号": d.id,
            "年度": d.year or "",
            "单位": d.unit,
            "标题": d.title,
            "段落数": d.chunks,
            "结构": "、".join(SECTION_LABELS.get(k, k) for k in d.sections),
            "文件": d.source,
        }
        for d in docs
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    _remove(library, [d.id for d in docs], {d.id: d.title for d in docs})


def _upload(library) -> None:  # noqa: ANN001
    files = st.file_uploader(
        "添加报告", type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], accept_multiple_files=True
    )
    if not files or not st.button("收录到资料库", type="primary"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for f in files:
            path = Path(tmp) / f.name
            path.write_bytes(f.getvalue())
            paths.append(path)
        bar = st.progress(0.0, text="开始收录…")
        result = library.add_paths(paths, progress=lambda m, d, t: bar.progress(d / max(t, 1), text=m))
    for d in result.added:
        st.success(f"已收录《{d.title}》（{d.year or '年度未识别'}，{d.chunks} 段）")
    for p, reason in result.skipped:
        st.info(f"{Path(p).name}：{reason}")
    for p, error in result.failed:
        st.error(f"{Path(p).name}：{error}")
    for p, warning in result.warnings:
        st.warning(f"{Path(p).name}：{warning}")


def _remove(library, ids: list[str], titles: dict[str, str]) -> None:  # noqa: ANN001
    with st.expander("删除文档"):
        doc_id = st.selectbox("选择要删除的文档", ids, format_func=lambda i: f"{titles[i]}（{i}）")
        if st.button("删除", disabled=doc_id is None):
            try:
                info = library.remove(doc_id)
            except AssistantError as exc:
                st.error(str(exc))
                return
            st.success(f"已删除《{info.title}》")
            st.rerun()


if __name__ == "__main__":
    render()
