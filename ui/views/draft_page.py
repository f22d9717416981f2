"""起草报告: the request form, the draft streamed part by part, then the editable draft with its
precedents, findings and downloads (ui/draft_result.py). Every draft is saved to the drafts store
as it is generated, resumed or edited; a reload reopens it (ui/state.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.uploaded_file_manager import UploadedFile

from assistant import AssistantError, Settings
from assistant.limits import MAX_FACT_CHARS, YEAR_HINT, check_facts
from assistant.types import LENGTH_SCALES, LEVELS, PART_KEYS, Draft, DraftRequest, Hit, Outline
from ui.carryover_view import default_previous, use_previous_box
from ui.components import (
    UPLOAD_TYPES,
    escape,
    mode_banner,
    page,
    paragraphs_md,
    parse_year,
    read_upload,
)
from ui.draft_result import show_draft
from ui.outline_step import outline_step
from ui.partial import PartialSaver
from ui.state import (
    QUERY_DRAFT,
    DraftSession,
    chat_model_or_error,
    current_draft,
    get_settings,
    get_store,
    keep_draft,
    library_or_error,
    library_ready,
    same_draft_id,
    search_or_none,
)

if TYPE_CHECKING:
    from assistant.llm.chat import ChatModel

# A year's facts run to a few thousand characters; past this the page would stall for minutes.
CONFIRM_EMPTY_KEY = "draft_confirm_empty"
SAVE_AS_NEW_KEY = "draft_save_as_new"


@dataclass
class DraftForm:
    """What the form holds; files are read only when the user asks for a draft."""

    unit: str
    year_text: str
    level: str
    facts: str
    facts_file: UploadedFile | None
    previous_id: str
    previous_file: UploadedFile | None
    length: int | None
    other: str
    scale: str = "标准"


@page
def render() -> None:
    st.title("起草报告")
    st.caption(
        "按标准的四部分结构起草年度报告：每一部分依据您提供的事实材料，并参考资料库中的范例。"
        "草稿边写边自动保存，可在“我的草稿”页找回、比较各版本，或打开下载过的草稿文件。"
    )
    settings = get_settings()
    configured = settings.llm_configured
    offline = configured and st.checkbox("离线模式（不调用大模型）", key="draft_offline")
    mode_banner(configured, f"{settings.llm_model}（{settings.llm_base_url}）", offline)
    form = _form()
    outline = outline_step(lambda: _request(form, settings))
    button, choice = st.columns([1, 4], vertical_alignment="center")
    generate = button.button("生成草稿", type="primary", key="draft_generate")
    choice.checkbox(
        "另存为新草稿", key=SAVE_AS_NEW_KEY,
        help="不勾选时，同一单位、同一年度再次生成会作为已有草稿的新一版保存，可在“我的草稿”页比较。",
    )  # fmt: skip
    if generate or st.session_state.get(CONFIRM_EMPTY_KEY):
        _ask_for_draft(
            form, settings, use_model=configured and not offline, clicked=generate, outline=outline
        )
    session = current_draft()
    use_model = configured and not offline
    if session is not None and missing_parts(session) and use_model:
        if st.button("继续起草余下部分", key="draft_resume"):
            _resume(session)
            session = current_draft()
    if session is not None:
        if session.draft.mode == "offline":
            from assistant.compose.offline_outline import offline_note

            st.info(offline_note(session.draft, session.request.level, session.request.length))
        search = search_or_none() if library_ready() else None
        show_draft(session, search, redo=(lambda key: _redo(session, key)) if use_model else None)


def _form() -> DraftForm:
    left, middle, right = st.columns([3, 1, 1])
    unit = left.text_input(
        "单位名称", key="draft_unit", placeholder="例如：某县司法局", persist_state="session"
    )
    if "draft_year" not in st.session_state:
        st.session_state["draft_year"] = str(dt.date.today().year - 1)
    year_text = middle.text_input(
        "年度",
        key="draft_year",
        help=f"报告所总结的年度，{YEAR_HINT}。",
        persist_state="session",
    )
    st.session_state.setdefault("draft_level", "县")
    level = right.selectbox("级别", LEVELS, key="draft_level", persist_state="session")
    facts = st.text_area(
        "本年度事实材料",
        key="draft_facts",
        height=200,
        placeholder="每行一条，例如：\n- 审核规范性文件12件，合法性审核率100%\n- 办理行政复议案件35件",
        help=f"写清做了什么、数字是多少；草稿中的数字只来自这里。最多 {MAX_FACT_CHARS:,} 字。",
        persist_state="session",
    )
    scale = st.radio(
        "篇幅", LENGTH_SCALES, index=1, horizontal=True, key="draft_scale",
        help="大模型起草时各部分的字数：按单位级别和事实多少定“标准”，“简要”约七成，“详细”约一倍半。",
    )  # fmt: skip
    facts_file = st.file_uploader(
        "或上传工作总结（txt、md、docx、pdf，内容附在事实材料之后）",
        type=UPLOAD_TYPES,
        key="draft_facts_file",
    )
    with st.expander("上一年度报告、目标字数、其他需要报告的情况（可选）"):
        previous_id = _previous_choice()
        use_previous_box()
        previous_file = st.file_uploader(
            "或上传上一年度报告（优先于资料库中的选择）", type=UPLOAD_TYPES, key="draft_previous_file"
        )
        length = st.number_input(
            "目标字数（全文）", 500, 50000, None, step=500, key="draft_length", placeholder="不限",
            help="大模型起草时按此分配各部分篇幅；离线草稿不受影响。",
        )  # fmt: skip
        other = st.text_area("五、其他需要报告的情况", key="draft_other", persist_state="session")
    return DraftForm(
        unit, year_text, level, facts, facts_file, previous_id, previous_file, length and int(length), other,
        scale or "标准",
    )  # fmt: skip


def _previous_choice() -> str:
    if not library_ready():
        st.caption("资料库正在后台加载，稍候即可从资料库选择上一年度报告；也可以直接上传文件。")
        return ""
    library = library_or_error()
    docs = {d.id: d for d in library.documents()} if library is not None else {}

    def label(doc_id: str) -> str:
        if not doc_id:
            return "（不使用）"
        d = docs[doc_id]
        return f"{d.title}（{d.unit or '单位未写明'}，{d.year or '年度未写明'}）"

    return (
        st.selectbox("上一年度报告：从资料库选择", ["", *docs], format_func=label, key="draft_previous") or ""
    )


def _request(form: DraftForm, settings: Settings) -> DraftRequest:
    """The request; AssistantError (Chinese) for a missing unit, a bad year or too many facts."""
    if not form.unit.strip():
        raise AssistantError("请填写单位名称（例如“某县司法局”）。")
    year = parse_year(form.year_text)
    facts = "\n".join(t for t in (form.facts.strip(), read_upload(form.facts_file, settings)) if t)
    check_facts(f"{facts}\n{form.other.strip()}")
    previous = read_upload(form.previous_file, settings)
    if not previous and form.previous_id:
        library = library_or_error()
        previous = (library.document_text(form.previous_id) or "") if library is not None else ""
    if not previous and not form.previous_id:
        previous = default_previous(form.unit.strip(), year)
    return DraftRequest(
        unit=form.unit.strip(), year=year, level=form.level, facts=facts, previous=previous,
        length=form.length, other=form.other.strip(),
        scale=next((s for s in LENGTH_SCALES if s == form.scale), "标准"),
    )  # fmt: skip


def _ask_for_draft(
    form: DraftForm, settings: Settings, *, use_model: bool, clicked: bool, outline: Outline | None = None
) -> None:
    """Check the form; with no facts ask first (the draft would be all 【待补充】); then draft."""
    try:
        request = _request(form, settings)
    except AssistantError as exc:
        st.session_state.pop(CONFIRM_EMPTY_KEY, None)
        st.error(escape(str(exc)))
        return
    if not request.facts.strip() and not st.session_state.get(CONFIRM_EMPTY_KEY):
        st.session_state[CONFIRM_EMPTY_KEY] = True
    if st.session_state.get(CONFIRM_EMPTY_KEY) and not request.facts.strip():
        st.warning("没有填写事实材料：草稿各部分将全部标注【待补充】，只列出结构和范例。仍要生成吗？")
        yes, no = st.columns([1, 5])
        if no.button("先去填写事实材料", key="draft_empty_no"):
            st.session_state.pop(CONFIRM_EMPTY_KEY, None)
            st.rerun()
        if not yes.button("仍然生成", key="draft_empty_yes"):
            return
    st.session_state.pop(CONFIRM_EMPTY_KEY, None)
    model = chat_model_or_error() if use_model else None
    if use_model and model is None:
        return
    _generate(request, model, outline)


def _generate(request: DraftRequest, model: ChatModel | None, outline: Outline | None = None) -> None:
    from assistant import Drafter
    from assistant.drafts.store import source_label

    search = search_or_none()
    mode = "llm" if model else "offline"
    saved_id = same_draft_id(request, bool(st.session_state.get(SAVE_AS_NEW_KEY)))
    source = source_label(mode, get_settings().llm_model)
    saver = PartialSaver(get_store(), request, mode, saved_id, source=source, outline=_outline_data(outline))
    holder = st.empty()
    with holder.container(), st.spinner("正在起草…"):
        outcome = Drafter(search, model).draft(request, on_event=_Stream(saver=saver), outline=outline)
    holder.empty()
    _keep(outcome.draft, request, outcome.precedents, "生成", None, saved_id=saver.saved_id, outline=outline)
    st.rerun()


def _resume(session: DraftSession) -> None:
    """Retry after a failed LLM call: the parts already drafted are kept, only the rest is drafted."""
    from assistant import Drafter

    model = chat_model_or_error()
    if model is None:
        return
    holder = st.empty()
    saver = PartialSaver(
        get_store(), session.request, "llm", session.saved_id, outline=_outline_data(session.outline)
    )
    with holder.container(), st.spinner("正在继续起草…"):
        outcome = Drafter(search_or_none(), model).draft(
            session.request, on_event=_Stream(saver=saver), keep=session.draft.parts, outline=session.outline
        )
    session.saved_id = saver.saved_id
    holder.empty()  # the streamed copy goes: the editors below show the parts
    _keep(outcome.draft, session.request, outcome.precedents, "继续起草", session)
    st.rerun()


def _outline_data(outline: Outline | None) -> dict | None:
    from assistant.compose.outline import outline_to_dict

    return outline_to_dict(outline) if outline is not None else None


def missing_parts(session: DraftSession) -> list[str]:
    """The standard parts a failed model call left undrafted (继续起草余下部分 drafts them)."""
    drafted = {p.key for p in session.draft.parts}
    return [key for key in PART_KEYS if key not in drafted]


def _redo(session: DraftSession, key: str) -> None:
    """Draft one part again (the model left it incomplete); every other part is kept as it is now."""
    from assistant import Drafter

    model = chat_model_or_error()
    if model is None:
        return
    keep = tuple(p for p in session.draft.parts if p.key != key)
    holder = st.empty()
    with holder.container(), st.spinner("正在重新起草这一部分…"):
        outcome = Drafter(search_or_none(), model).draft(
            session.request, on_event=_Stream({key}), keep=keep, outline=session.outline
        )
    holder.empty()
    _keep(outcome.draft, session.request, outcome.precedents, "重新起草一部分", session)
    st.rerun()


def _keep(
    draft: Draft, request: DraftRequest, precedents: dict[str, list[Hit]], reason: str,
    previous: DraftSession | None, saved_id: str = "", outline: Outline | None = None,
) -> None:  # fmt: skip
    """Save the outcome: when the model's text was repaired, the text before repair first."""
    from dataclasses import replace

    from assistant.drafts.store import source_label

    saved_id = previous.saved_id if previous else saved_id
    outline = previous.outline if previous else outline
    source = source_label(draft.mode, get_settings().llm_model)
    session = DraftSession(draft, request, precedents, saved_id=saved_id, source=source, outline=outline)
    repairs = [r for r in draft.repairs if r.kept]
    if repairs:
        before = {r.part: r.before for r in repairs}
        raw = replace(draft, parts=tuple(replace(p, text=before.get(p.key, p.text)) for p in draft.parts))
        keep_draft(
            DraftSession(raw, request, precedents, saved_id=session.saved_id, source=source, outline=outline),
            "修复前",
        )
        session.saved_id = current_draft().saved_id  # type: ignore[union-attr]
        reason += f"（已修复 {len(repairs)} 处）"
    keep_draft(session, reason)


class _Stream:
    """Draft events → one heading and one growing text per part."""

    def __init__(self, only: set[str] | None = None, saver: PartialSaver | None = None) -> None:
        self.only = only  # the parts to show (a redo shows only the part drafted again)
        self.saver = saver  # saves each finished part (a reload during drafting loses nothing)
        self.slots: dict[str, DeltaGenerator] = {}
        self.texts: dict[str, str] = {}

    def __call__(self, kind: str, key: str, text: str) -> None:
        if self.saver is not None and kind in ("part_start", "part_done"):
            self.saver.started(key, text) if kind == "part_start" else self.saver.done(key, text)
            if kind == "part_done" and self.saver.saved_id:
                st.query_params[QUERY_DRAFT] = self.saver.saved_id
        if self.only is not None and key not in self.only:
            return
        if kind == "part_start":
            st.markdown(f"#### {escape(text)}")
            self.slots[key], self.texts[key] = st.empty(), ""
        elif kind == "delta":
            self.texts[key] += text
            self.slots[key].markdown(paragraphs_md(self.texts[key]) + " ▌")
        elif kind == "part_done":
            self.slots[key].markdown(paragraphs_md(text))
        elif kind == "error":
            st.error(escape(text))


if __name__ == "__main__":
    render()
