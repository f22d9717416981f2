"""我的草稿: every saved draft by unit and year with its versions — reopen one (any version),
compare two versions, delete with a confirmation; and open a downloaded .json/.md/.docx draft."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from assistant.drafts.diff import draft_text
from assistant.drafts.store import SavedDraft, source_label
from ui.components import escape, page
from ui.diff_view import show_diff
from ui.state import DraftSession, current_draft, fill_form, get_store, keep_draft, open_saved

DELETE_KEY = "drafts_delete_pending"
NOTICE_KEY = "drafts_notice"
DRAFT_PAGE = "views/draft_page.py"


@page
def render() -> None:
    st.title("我的草稿")
    st.caption(
        "起草和修改时自动保存：每次生成、继续起草、保存修改、重新检查都会留下一版。"
        "同一单位、同一年度再次生成，会作为该草稿的新一版（起草时勾选“另存为新草稿”则另起一篇）。"
    )
    notice = st.session_state.pop(NOTICE_KEY, "")
    if notice:
        st.success(escape(notice))
    _open_file()
    drafts = get_store().list()
    _damaged_cards()
    if not drafts:
        st.info("还没有保存的草稿：在“起草报告”页生成草稿后会出现在这里。")
        return
    current = current_draft()
    st.subheader(f"已保存 {len(drafts)} 篇")
    for saved in drafts:
        _draft_card(saved, current.saved_id if current else "")


def _damaged_cards() -> None:
    for bad in get_store().damaged():
        with st.container(border=True):
            st.markdown(f"**已损坏的草稿** · 编号 {escape(bad.id)}")
            st.caption(escape(f"{bad.reason}。这篇草稿无法打开，可以删除。"))
            if st.button("删除这篇已损坏的草稿", key=f"drafts_del_damaged_{bad.id}"):
                get_store().delete(bad.id)
                st.session_state[NOTICE_KEY] = f"已删除已损坏的草稿 {bad.id}。"
                st.rerun()


def _open_file() -> None:
    with st.expander("打开下载过的草稿文件（.json、.md、.docx）"):
        file = st.file_uploader("草稿文件", type=["json", "md", "txt", "docx"], key="drafts_open_file")
        if file is None or not st.button("打开并继续修改", key="drafts_open_go", type="primary"):
            return
        from assistant.drafts.codec import load_draft
        from assistant.types import DraftRequest

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(file.name).name
            path.write_bytes(file.getvalue())
            draft = load_draft(path)
        request = DraftRequest(unit=draft.unit, year=draft.year)
        keep_draft(DraftSession(draft, request, source=source_label(draft.mode)), "导入")
        fill_form(request)
        st.switch_page(DRAFT_PAGE)


def _draft_card(saved: SavedDraft, current_id: str) -> None:
    with st.container(border=True):
        tag = "（正在编辑）" if saved.id == current_id else ""
        st.markdown(f"**{escape(card_heading(saved))}**{tag}")
        st.caption(f"{escape(saved.title)} · 编号 {saved.id}")
        numbers = [v.number for v in reversed(saved.versions)]
        reasons = {
            v.number: f"第 {v.number} 版：{v.reason}（{v.saved_at.replace('T', ' ')}）"
            for v in saved.versions
        }
        left, middle, right = st.columns([3, 1, 1])
        version = left.selectbox(
            "版本", numbers, format_func=lambda n: reasons[n], key=f"drafts_v_{saved.id}"
        )
        if middle.button("打开", key=f"drafts_open_{saved.id}", type="primary"):
            open_saved(saved.id, version)
            st.switch_page(DRAFT_PAGE)
        if right.button("删除", key=f"drafts_del_{saved.id}"):
            st.session_state[DELETE_KEY] = saved.id
        if st.session_state.get(DELETE_KEY) == saved.id:
            _confirm_delete(saved)
        if len(numbers) > 1:
            _compare(saved, numbers, reasons)


def card_heading(saved: SavedDraft) -> str:
    """单位 · 年度 · 离线或模型名 · 最近修改 · 版本数: what tells two drafts of a unit apart."""
    return " · ".join((
        saved.unit or "单位未填", f"{saved.year}年", saved.source or "来源未记录",
        f"最近修改 {saved.updated_at.replace('T', ' ')}", f"共 {len(saved.versions)} 版",
    ))  # fmt: skip


def _confirm_delete(saved: SavedDraft) -> None:
    name = f"{saved.unit or '单位未填'} {saved.year}年《{saved.title}》"
    st.warning(escape(f"确定删除草稿 {name} 及其全部 {len(saved.versions)} 版吗？删除后不能恢复。"))
    yes, no = st.columns([1, 4])
    if yes.button(escape(f"确认删除 {saved.unit}{saved.year}年草稿"), key=f"drafts_del_yes_{saved.id}"):
        get_store().delete(saved.id)
        st.session_state.pop(DELETE_KEY, None)
        session = current_draft()
        if session is not None and session.saved_id == saved.id:
            session.saved_id = ""
            st.query_params.clear()
        st.session_state[NOTICE_KEY] = f"已删除草稿 {name}。"
        st.rerun()
    if no.button("取消", key=f"drafts_del_no_{saved.id}"):
        st.session_state.pop(DELETE_KEY, None)
        st.rerun()


def _compare(saved: SavedDraft, numbers: list[int], reasons: dict[int, str]) -> None:
    if st.toggle("比较两个版本", key=f"drafts_cmp_{saved.id}"):
        left, right = st.columns(2)
        older = left.selectbox(
            "较早的版本", numbers, 1, format_func=lambda n: reasons[n], key=f"drafts_a_{saved.id}"
        )
        newer = right.selectbox(
            "较新的版本", numbers, 0, format_func=lambda n: reasons[n], key=f"drafts_b_{saved.id}"
        )
        store = get_store()
        before, after = store.load(saved.id, older)[1], store.load(saved.id, newer)[1]
        show_diff(draft_text(before), draft_text(after), f"第 {older} 版", f"第 {newer} 版")


if __name__ == "__main__":
    render()
