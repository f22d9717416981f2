"""The optional 提纲 step of 起草报告: the outline read from the facts (assistant.compose.outline),
shown before 生成草稿 so the clerk can rename, reorder and merge part 一's subheadings, move facts
between them and correct part 三's leader facts; the draft is then written from the edited outline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from assistant import AssistantError
from assistant.types import DraftRequest, Outline
from ui.components import escape
from ui.state import library_ready, search_or_none

USE_KEY = "draft_use_outline"
OUTLINE_KEY = "draft_outline"  # the outline as read (a dict, outline_to_dict)
TOPICS_KEY = "draft_outline_topics"  # part 一 as the clerk edits it
LEADER_KEY = "draft_outline_leadership"
TOPICS_HELP = (
    "每个“（一）……”行是一个小标题，其下每个“- ”行是一条事实。改名：直接改小标题；调整顺序或移动事实："
    "剪切整行粘贴到别处；合并：删去一个小标题行，其事实并入上一个小标题。编号在起草时自动重排。"
)


def outline_step(build_request: Callable[[], DraftRequest]) -> Outline | None:
    """The edited outline when the clerk chose the 提纲 step and made one, else None."""
    if not st.checkbox("先出提纲，确认后再生成草稿（可选）", key=USE_KEY):
        return None
    if st.button("生成提纲", key="draft_outline_make"):
        _make(build_request)
    data = st.session_state.get(OUTLINE_KEY)
    if data is None:
        st.caption("点“生成提纲”：按事实材料列出第一部分的小标题、不足及原因、对应的安排和第一责任人事实。")
        return None
    from assistant.compose.outline import outline_from_dict, topics_from_text

    outline = outline_from_dict(data)
    origin = "沿用您材料中的小标题" if outline.own_headings else "按常见层次归类"
    st.markdown(f"**提纲**（{origin}，可修改；生成草稿时按此提纲起草）")
    st.text_area("一、主要举措和成效：小标题和事实", key=TOPICS_KEY, height=260, help=TOPICS_HELP)
    _show_shortcomings_and_plans(outline)
    st.text_area("三、第一责任人履职的事实（每行一条）", key=LEADER_KEY, height=100)
    leaders = tuple(line.strip() for line in st.session_state.get(LEADER_KEY, "").split("\n") if line.strip())
    topics = topics_from_text(st.session_state.get(TOPICS_KEY, ""))
    return replace(outline, topics=topics, leadership=leaders)


def _make(build_request: Callable[[], DraftRequest]) -> None:
    from assistant.compose.outline import build_outline, outline_to_dict, topics_as_text

    try:
        request = build_request()
    except AssistantError as exc:
        st.error(escape(str(exc)))
        return
    search = search_or_none() if library_ready() else None
    embed = search.library.embedder.embed if search is not None else None
    outline = build_outline(request.facts, request.year, embed)
    st.session_state[OUTLINE_KEY] = outline_to_dict(outline)
    st.session_state[TOPICS_KEY] = topics_as_text(outline)
    st.session_state[LEADER_KEY] = "\n".join(outline.leadership)


def _show_shortcomings_and_plans(outline: Outline) -> None:
    lines = ["二、存在的不足和原因"]
    for item in outline.shortcomings:
        cause = item.cause or "材料未写明，草稿中留【待补充：原因分析】"
        lines.append(f"- {escape(item.text)}（原因：{escape(cause)}）")
    lines.append("\n四、下一年度的安排")
    for plan in outline.plans:
        answers = outline.shortcomings[plan.answers].text if plan.answers is not None else ""
        lines.append(f"- {escape(plan.text)}" + (f"（回应：{escape(answers)}）" if answers else ""))
    st.markdown("\n".join(lines))
