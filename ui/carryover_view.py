"""The 对照表 on the 起草报告 page: each promise of last year's report → its status → where this
year's draft answers it (opened, the sentence marked in its part) or what to add; then the 纲要's
areas part 一 leaves out, with the share of same-level reports that cover them. Also finds last
year's report in the library when the clerk chose none."""

from __future__ import annotations

import streamlit as st

from assistant.drafts.followup_table import PART_NAMES, STATUS_NAMES, peer_note, where_answered
from assistant.errors import AssistantError
from assistant.library.previous import previous_report
from assistant.types import Carryover
from ui.components import escape, marked_html
from ui.state import DraftSession, get_library

USE_PREVIOUS_KEY = "draft_use_previous"
_NOTE_KEY = "draft_previous_note"
_ICONS = {"done": "✅", "shortfall": "🟡", "missing": "❗"}


def use_previous_box() -> None:
    """The checkbox under the previous-report choice (on by default)."""
    st.checkbox(
        "未选择时，自动对照资料库中本单位上一年度的报告，逐条核对去年的承诺", value=True, key=USE_PREVIOUS_KEY
    )


def default_previous(unit: str, year: int) -> str:
    """Last year's report of the same unit from the library ('' when none or unwanted); which one
    is remembered and said above the 对照表."""
    st.session_state.pop(_NOTE_KEY, None)
    if not st.session_state.get(USE_PREVIOUS_KEY, True):
        return ""
    try:  # a library that cannot open is reported by the page's precedent search, not twice
        library = get_library()
    except AssistantError:
        return ""
    found = previous_report(library.documents(), unit, year)
    if found is None:
        return ""
    st.session_state[_NOTE_KEY] = (
        f"已自动对照资料库中的上一年度报告《{found.title or found.unit}》（{found.year}年）。"
    )
    return library.document_text(found.id) or ""


def show_followup(session: DraftSession) -> None:
    draft = session.draft
    if draft.carryover or session.request.previous:
        _carryover(session)
    gaps = [e for e in draft.coverage if not e.covered]
    if draft.coverage:
        st.subheader("纲要覆盖情况")
        covered = [e.area for e in draft.coverage if e.covered]
        st.caption(f"第一部分已涉及：{escape('、'.join(covered) or '无')}（仅供参考，不是错误）")
        for entry in gaps:
            note = peer_note(entry)
            st.markdown(f"- 未涉及 **{escape(entry.area)}**" + (f"：{escape(note)}" if note else ""))


def _carryover(session: DraftSession) -> None:
    st.subheader("去年承诺对照表")
    note = st.session_state.get(_NOTE_KEY)
    if note:
        st.caption(escape(note) + "不需要时，在上方取消勾选“自动对照”。")
    if not session.draft.carryover:
        st.caption("上一年度报告中没有找到“下一年度安排”的具体条目。")
        return
    for entry in session.draft.carryover:
        _row(session, entry)


def _row(session: DraftSession, entry: Carryover) -> None:
    label = f"{_ICONS[entry.status]} {STATUS_NAMES[entry.status]}｜{entry.promise}"
    with st.expander(label):
        text = session.checked.get(entry.part, "")
        st.markdown(escape(where_answered(entry, text)))
        if entry.part and entry.end > entry.start:
            st.caption(f"在{PART_NAMES.get(entry.part, entry.part)}中的位置（已标出）：")
            st.markdown(marked_html(text, [(entry.start, entry.end)]), unsafe_allow_html=True)
        if entry.fact:
            st.caption(f"对应的事实材料：{escape(entry.fact)}")
