"""查找范例: a query or a paragraph, with section / year / unit filters → ranked passages from the
library with source, section, heading path, highlighted words and a copy block."""

from __future__ import annotations

import streamlit as st

from assistant import AssistantError, PrecedentSearch, SearchFilters
from assistant.text.sections import SECTION_NAMES
from assistant.types import LEVELS, SECTION_KEYS, Hit
from ui.components import escape, hit_card, page, parse_year
from ui.state import library_or_error

HITS_KEY = "search_hits"
MODE_LABELS = {"hybrid": "混合（推荐）", "dense": "语义", "lexical": "关键词"}


@page
def render() -> None:
    st.title("查找范例")
    st.caption("在资料库中查找往年报告的措辞：按主题或关键词查找，或粘贴一段文字查找写法相似的段落。")
    library = library_or_error()
    if library is None:
        return
    if not library.documents():
        st.info("资料库是空的：请先在“资料库”页上传往年的报告。")
        return
    search = PrecedentSearch(library)
    query = st.text_input("查找措辞或主题", key="search_query", placeholder="例如：行政复议 纠错率")
    with st.expander("以段落查找相似"):
        passage = st.text_area("粘贴一段文字，查找写法相似的范例", key="search_passage", height=140)
        similar = st.button("查找相似段落", key="search_similar")
    filters, mode, k = _options()
    if st.button("查找", type="primary", key="search_go") and filters is not None:
        st.session_state.pop(HITS_KEY, None)
        _keep(f"“{escape(query.strip())}”", search.search(query, k=k, filters=filters, mode=mode))
    if similar and filters is not None:
        st.session_state.pop(HITS_KEY, None)
        _keep("与所给段落相似", search.similar(passage, k=k, filters=filters, mode=mode))
    _results()


def _options() -> tuple[SearchFilters | None, str, int]:
    with st.container(border=True):
        sections = st.multiselect(
            "部分",
            SECTION_KEYS,
            format_func=lambda k: SECTION_NAMES[k],
            key="search_sections",
            placeholder="全部",
        )
        levels = st.multiselect("级别", LEVELS, key="search_levels", placeholder="全部")
        left, middle, right = st.columns(3)
        year_from = left.text_input("起始年度", key="search_year_from", placeholder="不限")
        year_to = middle.text_input("截止年度", key="search_year_to", placeholder="不限")
        unit = right.text_input("单位或标题包含", key="search_unit", placeholder="例如：司法局")
        left, right = st.columns([2, 3])
        mode = left.radio(
            "检索方式", list(MODE_LABELS), format_func=MODE_LABELS.get, horizontal=True, key="search_mode"
        )
        k = right.slider("返回条数", 1, 20, 5, key="search_k")
    try:
        filters: SearchFilters | None = SearchFilters(
            sections=tuple(sections),
            year_from=parse_year(year_from, "起始年度") if year_from.strip() else None,
            year_to=parse_year(year_to, "截止年度") if year_to.strip() else None,
            unit=unit.strip(),
            levels=tuple(levels),
        )
    except AssistantError as exc:  # said under the filters; nothing is searched until corrected
        st.error(escape(str(exc)))
        filters = None
    return filters, mode, k


def _keep(what: str, hits: list[Hit]) -> None:
    st.session_state[HITS_KEY] = (what, hits)


def _results() -> None:
    found: tuple[str, list[Hit]] | None = st.session_state.get(HITS_KEY)
    if found is None:
        return
    what, hits = found
    if not hits:
        st.info(escape(f"没有找到{what}的范例：试试换个说法，或放宽部分、年度、单位的筛选。"))
        return
    st.subheader(escape(f"{what}：{len(hits)} 条"))
    for hit in hits:
        hit_card(hit)


if __name__ == "__main__":
    render()
