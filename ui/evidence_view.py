"""Beside the drafted report on 起草报告: the 成文日期 (typed, checked, or left as
【待补充：成文日期】), how many 【待补充】 remain, and the 事实依据 — each sentence that states a
figure, an activity, a meeting or a document with the fact lines it came from, and the sentences
no line supports."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from assistant import AssistantError
from assistant.compose.evidence import evidence_for, fact_lines, unsupported
from assistant.drafts.codec import NO_DATE
from assistant.drafts.docx_layout import PLACEHOLDER
from assistant.drafts.export import date_warning, parse_date
from assistant.types import Draft, Evidence
from ui.components import escape
from ui.state import DraftSession


def placeholders_left(draft: Draft) -> int:
    """【待补充…】 still in the text, the date's included when none is set."""
    texts = [draft.preamble, *(part.text for part in draft.parts)]
    return sum(len(PLACEHOLDER.findall(text)) for text in texts) + (0 if draft.date.strip() else 1)


def date_and_gaps(session: DraftSession) -> bool:
    """The date field and the count of gaps; True when the date was changed."""
    draft = session.draft
    left, right = st.columns([2, 3])
    typed = left.text_input(
        "成文日期",
        draft.date,
        key=f"draft_date_{session.version}",
        placeholder="如 2025-02-20",
        help=f"落款处的日期：签发报告的日子，一般在{draft.year + 1}年3月1日前。不填则落款写{NO_DATE}。",
    )
    changed = False
    try:
        date = parse_date(typed) if typed.strip() else ""
    except AssistantError as exc:
        left.error(escape(str(exc)))
        date = draft.date
    if date != draft.date:
        session.draft = replace(draft, date=date)
        changed = True
    remaining = placeholders_left(session.draft)
    if remaining:
        right.warning(f"还有 {remaining} 处【待补充】需要填写（下载的 Word 文件中以黄色标出）。")
    else:
        right.success("没有【待补充】的内容了。")
    warning = date_warning(session.draft) if date else ""
    if warning:
        left.warning(escape(warning))
    return changed


def evidence_section(session: DraftSession) -> None:
    """Each checkable sentence with its facts, per part; then the sentences without any."""
    draft, facts = session.draft, session.request.facts
    evidence = evidence_for(draft, facts)
    if not evidence:
        return
    lines = fact_lines(facts)
    texts = {part.key: part.text for part in draft.parts}
    missing = unsupported(evidence)
    st.subheader("事实依据")
    st.caption(
        f"草稿中 {len(evidence)} 句写到数字、活动、会议或文件；其中 {len(missing)} 句在您的事实材料中找不到依据，"
        "请逐句核实：有依据的补进事实材料，没有的改为【待补充：……】或删去。"
    )
    if missing:
        with st.expander(f"找不到依据的句子 {len(missing)} 句", expanded=True):
            for item in missing:
                st.markdown(
                    f"- {escape(_name(draft, item))}：{escape(texts[item.part][item.start : item.end])}"
                )
    for part in draft.parts:
        items = [item for item in evidence if item.part == part.key and item.facts]
        if items:
            with st.expander(f"{part.heading}：{len(items)} 句有依据"):
                for item in items:
                    sources = "；".join(f"第{n}行：{lines[n]}" for n in item.facts)
                    sentence = texts[item.part][item.start : item.end]
                    st.markdown(f"**{escape(sentence)}**  \n依据　{escape(sources)}")


def _name(draft: Draft, item: Evidence) -> str:
    heading = next((part.heading for part in draft.parts if part.key == item.part), item.part)
    return heading.split("、", 1)[0] + "、"
