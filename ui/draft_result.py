"""The draft on the 起草报告 page: an editor per part with its precedents beside it, its findings
marked in its text and (when the model's text was repaired) the repair's diff; the findings with
重新检查; the downloads. Edits go into the session's draft and are saved as a version."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from assistant.drafts.draft_json import draft_to_dict
from assistant.drafts.export import to_docx_bytes, to_markdown
from assistant.types import DraftPart, Finding, Hit, Repair
from ui.carryover_view import show_followup
from ui.components import escape, findings_in_text, findings_list, hit_card
from ui.diff_view import show_diff
from ui.evidence_view import date_and_gaps, evidence_section
from ui.state import DraftSession, save_version

if TYPE_CHECKING:
    from assistant import PrecedentSearch

MODE_NAMES = {"llm": "大模型起草", "offline": "离线草稿", "imported": "导入的草稿"}
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def show_draft(
    session: DraftSession, search: PrecedentSearch | None, redo: Callable[[str], None] | None = None
) -> None:
    """`redo(key)` drafts one part again (offered for a part the model left incomplete)."""
    draft = session.draft
    st.divider()
    st.header(escape(draft.title))
    saved = f" · 已自动保存（编号 {session.saved_id}）" if session.saved_id else ""
    st.caption(
        escape(
            f"{MODE_NAMES.get(draft.mode, draft.mode)} · {draft.unit} · {draft.year}年 · 直接在下方修改正文{saved}"
        )
    )
    for error in draft.errors:
        st.error(escape(error))
    preamble = st.text_area("开头", draft.preamble, key=f"part_{session.version}_preamble", height=110)
    changed = preamble != draft.preamble
    if changed:
        session.set_text("preamble", preamble)
    repairs = {r.part: r for r in draft.repairs if r.kept}
    for part in draft.parts:
        changed |= _part_editor(session, part, repairs.get(part.key), redo)
    changed |= date_and_gaps(session)
    if changed:
        save_version(session, "修改")
    evidence_section(session)
    _findings(session, search)
    show_followup(session)
    _downloads(session)


def _part_editor(
    session: DraftSession, part: DraftPart, repair: Repair | None, redo: Callable[[str], None] | None
) -> bool:
    st.subheader(escape(part.heading))
    _incomplete(session, part, redo)
    height = _height(part.text)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        text = st.text_area(
            escape(part.heading),
            part.text,
            key=f"part_{session.version}_{part.key}",
            height=height,
            label_visibility="collapsed",
        )
        _part_findings(session, part.key)
        if repair is not None:
            _repair_diff(repair)
    with right:
        # An offline draft lists every precedent as a source; only a model's citations say more.
        cited = {s.id for s in part.sources} if session.draft.mode == "llm" else set()
        _precedents(session.precedents.get(part.key, []), cited, max(height, 360))
    if text != part.text:
        session.set_text(part.key, text)
        return True
    return False


def _part_findings(session: DraftSession, key: str) -> None:
    findings: list[Finding] = [f for f in session.draft.findings if f.part == key]
    if not findings:
        return
    with st.expander(f"本部分的检查结果 {len(findings)} 条（在原文中标出）"):
        findings_in_text(session.checked.get(key, ""), findings)


def _incomplete(session: DraftSession, part: DraftPart, redo: Callable[[str], None] | None) -> None:
    """A part the model left unfinished (cut by the length limit, a content filter, a closed
    stream): said above its editor, with a button to draft just this part again."""
    marks = [f for f in session.draft.findings if f.part == part.key and f.kind == "incomplete"]
    if not marks:
        return
    st.warning(f"这一部分不完整，下面只是收到的部分内容。{escape(marks[0].message)}")
    if redo is not None and st.button("重新起草这一部分", key=f"draft_redo_{part.key}"):
        redo(part.key)


def _repair_diff(repair: Repair) -> None:
    fixed = "；".join(repair.fixed)
    with st.expander("已自动修复模型文字（点开查看修复前后的对比）"):
        if fixed:
            st.markdown(f"**修复的问题**：{escape(fixed)}")
        show_diff(repair.before, repair.after, "修复前", "修复后")


def _height(text: str) -> int:
    lines = sum(len(line) // 38 + 1 for line in text.split("\n"))
    return max(160, min(520, 28 * lines + 20))


def _precedents(hits: list[Hit], cited: set[str], height: int) -> None:
    if not hits:
        st.caption("资料库中没有找到这一部分的范例（重新打开的草稿不带范例：可在“查找范例”页查找）。")
        return
    st.caption(f"参考范例 {len(hits)} 条（仅供借鉴结构和措辞，不要照抄其他单位的名称和数字）")
    with st.container(height=height):
        for number, hit in enumerate(hits, 1):
            hit_card(hit, number, details=False, note="草稿引用了这条范例" if f"S{number}" in cited else "")


def _findings(session: DraftSession, search: PrecedentSearch | None) -> None:
    from assistant import Drafter

    st.subheader("检查结果")
    st.caption(
        "结构、年份、其他单位名称、脱敏标记、没有依据的数字和待补充内容。点开一条，查看它在原文中的位置。"
    )
    if st.button("重新检查", key="draft_recheck"):
        session.set_checked(Drafter(search, None).checked(session.draft, session.request))
        save_version(session, "重新检查")
    if session.stale:
        st.warning("草稿已修改，下面的检查结果针对修改前的文字：请点击“重新检查”。")
    names = {p.key: p.heading for p in session.draft.parts}
    findings_list(session.draft.findings, session.checked, names)


def _downloads(session: DraftSession) -> None:
    draft = session.draft
    st.subheader("下载")
    name = _UNSAFE_FILENAME.sub("_", draft.title) or "草稿"
    docx_col, md_col, json_col = st.columns(3)
    docx_col.download_button(
        "Word 公文格式（.docx）",
        data=lambda: to_docx_bytes(session.draft),
        file_name=f"{name}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="download_docx",
    )
    md_col.download_button(
        "Markdown（.md，含参考来源）",
        data=to_markdown(draft),
        file_name=f"{name}.md",
        mime="text/markdown",
        key="download_md",
    )
    json_col.download_button(
        "草稿数据（.json，可重新打开）",
        data=json.dumps(draft_to_dict(draft), ensure_ascii=False, indent=2),
        file_name=f"{name}.json",
        mime="application/json",
        key="download_json",
    )
    st.caption(
        "Word 文件按 GB/T 9704-2012 排版，不含参考来源；Markdown 文件在每一部分后列出参考来源。"
        "下载的文件都可以在“我的草稿”页重新打开继续修改。"
    )
