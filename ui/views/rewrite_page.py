"""改写段落: a passage (pasted, or a part of the current draft) + a preset or an instruction → the
rewrite, a before/after diff, the precedents it used and the findings; a part can be put back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from assistant import AssistantError, Rewriter
from assistant.drafts.export import source_label
from assistant.limits import YEAR_HINT
from assistant.llm.chat import ChatModel
from assistant.rewriting import OFFLINE_PRESETS, PRESETS, RewriteResult
from assistant.text.sections import SECTION_NAMES
from assistant.types import PART_KEYS
from ui.components import escape, findings_list, page, paragraphs_md, parse_year
from ui.diff_view import show_diff
from ui.state import DraftSession, chat_model_or_error, current_draft, search_or_none

CUSTOM = "自定义"
RESULT_KEY = "rewrite_outcome"
SECTIONS = (*PART_KEYS, "other")
PRESET_HELP = {
    "改为Y年口径": "把文中的年份整体换算到所选年度，“今年”“明年”“去年”改为具体年份（不需要大模型）。",
    "规范格式": "半角标点改为全角，重新编排“一、（一）1.（1）”序号（不需要大模型）。",
    "扩写": "可填写目标字数，如 800 字。",
    "补充数据": "把“事实材料”中的数字补充到原文合适的位置。",
}


def preset_name(preset: str) -> str:
    """A preset as the clerk reads it: “改为Y年口径” names the year it converts to in words."""
    return preset.replace("Y年", "所选年度")


@dataclass
class RewriteOutcome:
    result: RewriteResult
    section: str
    part_key: str  # the draft part the passage came from; '' for pasted text
    applied: bool = False
    original: str = ""  # the text before the rewrite, for the comparison


@page
def render() -> None:
    st.title("改写段落")
    st.caption("按要求改写一段文字，给出改写前后的对比、参考的范例和检查结果。")
    model = chat_model_or_error()
    session = current_draft()
    part_key = _source(session)
    part = _part_text(session, part_key)
    text = st.text_area(
        "要改写的文字",
        part,
        key=f"rw_text_{part_key}_{_version(session)}" if part_key else "rw_text",
        height=220,
    )
    preset, instruction = _instruction(model)
    context = _context(session, part_key)
    if st.button("改写", type="primary", key="rw_go") and context["year"] is not None:
        _rewrite(model, text, preset, instruction, context, part_key)
    outcome: RewriteOutcome | None = st.session_state.get(RESULT_KEY)
    if outcome is not None:
        _show(outcome, session)


def _version(session: DraftSession | None) -> int:
    return session.version if session is not None else 0


def _source(session: DraftSession | None) -> str:
    if session is None:
        st.caption("提示：在“起草报告”页生成草稿后，可以直接选择草稿的某一部分来改写。")
        return ""
    headings = {p.key: p.heading for p in session.draft.parts}
    return st.selectbox(
        "改写什么",
        ["", *headings],
        format_func=lambda k: f"草稿：{headings[k]}" if k else "粘贴一段文字",
        key="rw_source",
    )


def _part_text(session: DraftSession | None, key: str) -> str:
    if session is None or not key:
        return ""
    return next((p.text for p in session.draft.parts if p.key == key), "")


def _instruction(model: ChatModel | None) -> tuple[str, str]:
    def label(preset: str) -> str:
        needs_llm = preset not in OFFLINE_PRESETS
        shown = preset_name(preset)
        return f"{shown}（需要大模型）" if needs_llm and model is None else shown

    default = PRESETS.index(OFFLINE_PRESETS[0]) if model is None else 0
    preset = st.selectbox("改写要求", [*PRESETS, CUSTOM], default, format_func=label, key="rw_preset")
    if model is None:
        st.caption(
            f"未配置大模型：只有“{'”“'.join(map(preset_name, OFFLINE_PRESETS))}”可以离线使用，其他预设和自定义要求需要大模型"
            "（在“设置”页查看如何配置）。"
        )
    if preset in PRESET_HELP:
        st.caption(PRESET_HELP[preset])
    if preset == CUSTOM:
        return "", st.text_area(
            "自定义要求", key="rw_instruction", placeholder="例如：突出“放管服”改革的成效"
        )
    if preset == "扩写":
        target = st.number_input("目标字数（可选）", 100, 5000, None, step=100, key="rw_expand_to")
        return (f"扩写到{int(target)}字" if target else preset), ""
    return preset, ""


def _context(session: DraftSession | None, part_key: str) -> dict:
    """Year, section, unit and facts: the keyword arguments Rewriter.rewrite checks against."""
    year_default = session.draft.year if session is not None else dt.date.today().year - 1
    left, middle, right = st.columns(3)
    year_text = left.text_input(
        "年度（报告所总结的年度）", str(year_default), key="rw_year", help=f"{YEAR_HINT}。"
    )
    section = middle.selectbox(
        "所属部分",
        SECTIONS,
        SECTIONS.index(part_key) if part_key in SECTIONS else 0,
        format_func=lambda k: SECTION_NAMES[k],
        key=f"rw_section_{part_key}",
    )
    unit = right.text_input("单位名称（用于检查）", session.draft.unit if session else "", key="rw_unit")
    facts = st.text_area(
        "事实材料（可选，“补充数据”会用到）",
        session.request.facts if session is not None and part_key else "",
        key=f"rw_facts_{part_key}",
        height=120,
    )
    try:
        year: int | None = parse_year(year_text)
    except AssistantError as exc:  # said under the form; 改写 then does nothing
        st.error(escape(str(exc)))
        year = None
    return {"year": year, "section": section, "unit": unit, "facts": facts}


def _rewrite(
    model: ChatModel | None, text: str, preset: str, instruction: str, context: dict, part_key: str
) -> None:
    st.session_state.pop(RESULT_KEY, None)  # a failed attempt must not leave the last result up
    holder = st.empty()
    streamed: list[str] = []

    def on_delta(delta: str) -> None:
        streamed.append(delta)
        holder.markdown(paragraphs_md("".join(streamed)) + " ▌")

    rewriter = Rewriter(search_or_none(), model)
    result = rewriter.rewrite(
        text,
        preset=preset if preset != CUSTOM else "",
        instruction=instruction,
        on_delta=on_delta,
        **context,
    )
    holder.empty()
    st.session_state[RESULT_KEY] = RewriteOutcome(result, context["section"], part_key, original=text)


def _show(outcome: RewriteOutcome, session: DraftSession | None) -> None:
    result = outcome.result
    st.divider()
    st.subheader("改写结果")
    st.caption("大模型改写" if result.mode == "llm" else "离线改写（不调用大模型）")
    with st.container(border=True):
        st.markdown(paragraphs_md(result.text))
    with st.expander("复制改写后的文字"):
        st.code(result.text, language=None, wrap_lines=True)
    st.markdown("**改写前后对比**")
    show_diff(outcome.original, result.text, "原文", "改写")
    if result.sources:
        st.markdown("**参考范例**")
        st.markdown("\n".join(f"- {escape(source_label(s))}" for s in result.sources))
    st.markdown("**检查结果**")
    findings_list(result.findings, {outcome.section: result.text}, {})
    _put_back(outcome, session)


def _put_back(outcome: RewriteOutcome, session: DraftSession | None) -> None:
    if not outcome.part_key or session is None:
        return
    heading = next((p.heading for p in session.draft.parts if p.key == outcome.part_key), "")
    if not heading:
        return
    if outcome.applied:
        st.success(escape(f"已放回草稿：{heading}。可在“起草报告”页继续修改并重新检查。"))
    elif st.button(escape(f"放回草稿：{heading}"), key="rw_put_back"):
        session.put_back(outcome.part_key, outcome.result.text)
        outcome.applied = True
        st.rerun()


if __name__ == "__main__":
    render()
