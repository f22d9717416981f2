"""起草报告: the request form, the draft streamed part by part, then the editable draft with its
precedents, findings and downloads (ui/draft_result.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.uploaded_file_manager import UploadedFile

from assistant.drafting import Drafter
from assistant.errors import AssistantError
from assistant.library import Library
from assistant.llm import ChatModel
from assistant.search import PrecedentSearch
from assistant.settings import Settings
from assistant.types import LEVELS, DraftRequest
from ui.components import UPLOAD_TYPES, escape, mode_banner, page, paragraphs_md, read_upload
from ui.draft_result import show_draft
from ui.state import (
    DraftSession,
    chat_model_or_error,
    current_draft,
    get_settings,
    keep_draft,
    library_or_error,
)


@dataclass
class DraftForm:
    """What the form holds; files are read only when the user asks for a draft."""

    unit: str
    year: int
    level: str
    facts: str
    facts_file: UploadedFile | None
    previous_id: str
    previous_file: UploadedFile | None
    length: int | None
    other: str


@page
def render() -> None:
    st.title("起草报告")
    st.caption("按标准的四部分结构起草年度报告：每一部分依据您提供的事实材料，并参考资料库中的范例。")
    settings = get_settings()
    library = library_or_error()
    model = chat_model_or_error()
    offline = model is not None and st.checkbox("离线模式（不调用大模型）", key="draft_offline")
    mode_banner(model, offline)
    form = _form(library)
    if st.button("生成草稿", type="primary", key="draft_generate", icon=":material/edit_note:"):
        search = PrecedentSearch(library) if library is not None else None
        _generate(form, settings, library, search, None if offline else model)
    session = current_draft()
    if session is not None and session.draft.errors and model is not None and not offline:
        if st.button("继续起草余下部分", key="draft_resume", icon=":material/replay:"):
            search = PrecedentSearch(library) if library is not None else None
            _resume(session, search, model)
            session = current_draft()
    if session is not None:
        show_draft(session, PrecedentSearch(library) if library is not None else None)


def _form(library: Library | None) -> DraftForm:
    left, middle, right = st.columns([3, 1, 1])
    unit = left.text_input(
        "单位名称", key="draft_unit", placeholder="例如：某县司法局", persist_state="session"
    )
    year = middle.number_input(
        "年度", 1990, 2100, dt.date.today().year - 1, step=1, key="draft_year", persist_state="session"
    )
    level = right.selectbox(
        "级别", LEVELS, index=LEVELS.index("县"), key="draft_level", persist_state="session"
    )
    facts = st.text_area(
        "本年度事实材料",
        key="draft_facts",
        height=200,
        placeholder="每行一条，例如：\n- 审核规范性文件12件，合法性审核率100%\n- 办理行政复议案件35件",
        help="写清做了什么、数字是多少；草稿中的数字只来自这里。",
        persist_state="session",
    )
    facts_file = st.file_uploader(
        "或上传工作总结（txt、md、docx、pdf，内容附在事实材料之后）",
        type=UPLOAD_TYPES,
        key="draft_facts_file",
    )
    with st.expander("上一年度报告、目标字数、其他需要报告的情况（可选）"):
        previous_id = _previous_choice(library)
        previous_file = st.file_uploader(
            "或上传上一年度报告（优先于资料库中的选择）", type=UPLOAD_TYPES, key="draft_previous_file"
        )
        length = st.number_input(
            "目标字数（全文）",
            500,
            50000,
            None,
            step=500,
            key="draft_length",
            placeholder="不限",
            help="大模型起草时按此分配各部分篇幅；离线草稿不受影响。",
        )
        other = st.text_area("五、其他需要报告的情况", key="draft_other", persist_state="session")
    return DraftForm(
        unit, int(year), level, facts, facts_file, previous_id, previous_file, length and int(length), other
    )


def _previous_choice(library: Library | None) -> str:
    docs = {d.id: d for d in library.documents()} if library is not None else {}

    def label(doc_id: str) -> str:
        if not doc_id:
            return "（不使用）"
        d = docs[doc_id]
        return f"{d.title}（{d.unit or '单位未识别'}，{d.year or '年度未识别'}）"

    return (
        st.selectbox("上一年度报告：从资料库选择", ["", *docs], format_func=label, key="draft_previous") or ""
    )


def _request(form: DraftForm, settings: Settings, library: Library | None) -> DraftRequest:
    facts = "\n".join(t for t in (form.facts.strip(), read_upload(form.facts_file, settings)) if t)
    previous = read_upload(form.previous_file, settings)
    if not previous and form.previous_id and library is not None:
        previous = library.document_text(form.previous_id) or ""
    return DraftRequest(
        unit=form.unit.strip(),
        year=form.year,
        level=form.level,
        facts=facts,
        previous=previous,
        length=form.length,
        other=form.other.strip(),
    )


def _generate(
    form: DraftForm,
    settings: Settings,
    library: Library | None,
    search: PrecedentSearch | None,
    model: ChatModel | None,
) -> None:
    try:
        request = _request(form, settings, library)
        holder = st.empty()
        with holder.container(), st.spinner("正在起草…"):
            outcome = Drafter(search, model).draft(request, on_event=_Stream())
    except AssistantError as exc:
        st.error(str(exc))
        return
    holder.empty()
    keep_draft(DraftSession(outcome.draft, request, outcome.precedents))


def _resume(session: DraftSession, search: PrecedentSearch | None, model: ChatModel) -> None:
    """Retry after a failed LLM call: the parts already drafted are kept, only the rest is drafted."""
    try:
        with st.spinner("正在继续起草…"):
            outcome = Drafter(search, model).draft(
                session.request, on_event=_Stream(), keep=session.draft.parts
            )
    except AssistantError as exc:
        st.error(str(exc))
        return
    keep_draft(DraftSession(outcome.draft, session.request, outcome.precedents))


class _Stream:
    """Draft events → one heading and one growing text per part."""

    def __init__(self) -> None:
        self.slots: dict[str, DeltaGenerator] = {}
        self.texts: dict[str, str] = {}

    def __call__(self, kind: str, key: str, text: str) -> None:
        if kind == "part_start":
            st.markdown(f"#### {escape(text)}")
            self.slots[key], self.texts[key] = st.empty(), ""
        elif kind == "delta":
            self.texts[key] += text
            self.slots[key].markdown(paragraphs_md(self.texts[key]) + " ▌")
        elif kind == "part_done":
            self.slots[key].markdown(paragraphs_md(text))
        elif kind == "error":
            st.error(text)


if __name__ == "__main__":
    render()
