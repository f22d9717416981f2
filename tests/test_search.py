import pytest

from assistant.errors import AssistantError
from assistant.library.facade import Library
from assistant.search import PrecedentSearch, SearchFilters, highlight_spans, hit_to_dict
from tests.helpers import SEEDS
from vectorstore.embeddings import FakeEmbedder


@pytest.fixture(scope="module")
def search(library_of):
    return PrecedentSearch(library_of(SEEDS))


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_each_mode_returns_k_hits_with_metadata(search, mode):
    hits = search.search("行政复议", k=4, mode=mode)
    assert len(hits) == 4
    assert all(h.chunk.doc_id and h.chunk.title and h.chunk.section for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_lexical_finds_the_exact_term_and_highlights_it(search):
    hits = search.search("非法集资", k=3, mode="lexical")
    assert "非法集资" in hits[0].chunk.text
    start, end = hits[0].highlights[0]
    assert "集资" in hits[0].chunk.text[start:end] or "非法" in hits[0].chunk.text[start:end]


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_section_filter_keeps_only_that_section(search, mode):
    hits = search.search("加强法治宣传教育", k=5, filters=SearchFilters(sections=("plans",)), mode=mode)
    assert hits and {h.chunk.section for h in hits} == {"plans"}


def test_year_and_unit_filters(search):
    hits = search.search("法治建设", k=10, filters=SearchFilters(year_from=2022, year_to=2022, unit="高显镇"))
    assert hits and all(h.chunk.year == 2022 and "高显镇" in h.chunk.unit + h.chunk.title for h in hits)
    assert search.search("法治建设", filters=SearchFilters(year_from=2030)) == []


def test_similar_finds_the_neighbourhood_but_not_the_passage_itself(search):
    passage = search.search("出庭应诉", k=1, mode="lexical")[0].chunk.text
    hits = search.similar(passage, k=3)
    assert hits and all(h.chunk.text != passage for h in hits)


def test_near_duplicates_are_collapsed(library, tmp_path):
    text = SEEDS[0].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("省外事办", "省商务厅"), encoding="utf-8")
    library.add_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    hits = PrecedentSearch(library).search("行政应诉案件", k=5)
    texts = [h.chunk.text.replace("省商务厅", "省外事办") for h in hits]
    assert len(texts) == len(set(texts))


def test_bad_queries_and_filters_get_chinese_errors(search):
    with pytest.raises(AssistantError, match="查询内容为空"):
        search.search("  ")
    with pytest.raises(AssistantError, match="未知的部分"):
        search.search("复议", filters=SearchFilters(sections=("summary",)))
    with pytest.raises(AssistantError, match="检索方式"):
        search.search("复议", mode="fuzzy")


def test_highlight_spans_merge_overlaps():
    assert highlight_spans("行政复议和行政复议", ["行政复议", "复议"]) == ((0, 4), (5, 9))


def test_hit_dict_has_the_contract_fields(search):
    hit = hit_to_dict(search.search("学法", k=1)[0])
    assert set(hit) == {
        "text",
        "score",
        "doc_id",
        "title",
        "unit",
        "year",
        "section",
        "level",
        "heading_path",
        "highlights",
    }
    assert isinstance(hit["heading_path"], list) and hit["level"] in ("省", "市", "县", "乡镇", "部门", "")


def test_generic_words_are_highlighted_only_when_nothing_else_matches():
    text = "推进法治政府建设，办理行政复议案件。"
    spans = highlight_spans(text, ["推进", "法治政府", "行政复议"])
    assert [text[s:e] for s, e in spans] == ["行政复议"]
    assert [text[s:e] for s, e in highlight_spans(text, ["法治政府"])] == ["法治政府"]


def test_search_sees_this_process_changes_at_once_and_others_after_recheck(settings, library):
    """PrecedentSearch reuses the index between searches (see bench/README.md)."""
    library.add_paths(SEEDS[:1])
    search = PrecedentSearch(library, recheck_seconds=3600)
    first = search.search("法治", k=50)
    library.add_paths(SEEDS[1:2])  # same Library: the revision moves, seen at once
    assert {h.chunk.doc_id for h in search.search("法治", k=50)} > {h.chunk.doc_id for h in first}
    before = len(search.current_index())
    Library(settings, FakeEmbedder()).add_paths(SEEDS[2:3])  # another writer: seen after the recheck
    assert len(search.current_index()) == before
    search.recheck_seconds = 0
    assert len(search.current_index()) > before


def test_a_level_filter_keeps_only_that_levels_documents(search):
    towns = search.search("法治", k=20, filters=SearchFilters(levels=("乡镇",)))
    departments = search.search("法治", k=20, filters=SearchFilters(levels=("department",)))
    assert towns and {h.chunk.level for h in towns} == {"乡镇"}
    assert departments and {h.chunk.level for h in departments} == {"部门"}
    assert not {h.chunk.doc_id for h in towns} & {h.chunk.doc_id for h in departments}
