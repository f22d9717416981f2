"""Precedents that help: chosen by level, recency and document, dated topics left out, and masked
so that no other place, person or figure reaches a model's request."""

from __future__ import annotations

import re
from pathlib import Path

import jieba.posseg
import pytest

from assistant.compose.drafter import Drafter
from assistant.compose.masking import is_shell, mask_precedent, own_chain
from assistant.compose.precedents import choose_precedents, dated
from assistant.library.facade import Library
from assistant.llm.fakes import FakeChatModel
from assistant.search import PrecedentSearch
from assistant.text.divisions import find_places_at, gazetteer
from assistant.types import Chunk, DraftRequest, Hit
from tests.helpers import SEEDS, make_settings
from vectorstore.embeddings import FakeEmbedder

FIXTURES = Path(__file__).parent / "fixtures"
PLANTED = FIXTURES / "precedents" / "person_names_report.txt"
COUNTY = (FIXTURES / "facts" / "county_bureau_numbered.txt").read_text(encoding="utf-8")
UNIT = "青川县司法局"

# Real passages (the seed reports in samples/ and /work/shared/eval excerpts) and what a model may see.
MASKING_TABLE = [
    (
        "2020年我委罗乐宣主任为各区卫生健康行政部门、医疗机构主要负责人宣讲《深圳经济特区健康条例》等新出台的卫生健康法规规章。",
        "×年我委某某主任为各区卫生健康行政部门、医疗机构主要负责人宣讲《某地经济特区健康条例》等新出台的卫生健康法规规章。",
    ),
    (
        "市委副书记、市长于海田同志在全省推进“放管服”改革电视电话会议上作了典型发言。",
        "市委副书记、市长某某同志在全省推进“放管服”改革电视电话会议上作了典型发言。",
    ),
    (
        "省委书记、时任省长许达哲多次主持召开省政府常务会议，研究法治政府建设重要工作。",
        "省委书记、时任省长某某多次主持召开省政府常务会议，研究法治政府建设重要工作。",
    ),
    (
        "制定《**市**区人民政府2022年度重大行政决策事项目录》，印发《**市**区法治政府建设实施方案》。",
        "制定《某地人民政府×年度重大行政决策事项目录》，印发《某地法治政府建设实施方案》。",
    ),
    (
        "认真落实《山西省党政主要负责人推行履行法治建设第一责任人职责情况列入年终述职内容实施方案》。",
        "认真落实《某地党政主要负责人推行履行法治建设第一责任人职责情况列入年终述职内容实施方案》。",
    ),
    ("对照《某区2022年度法治政府建设情况报告》查找差距。", "对照《某地×年度法治政府建设情况报告》查找差距。"),
    ("开展信访维稳工作*次，区委书记专题研究信访工作。", "开展信访维稳工作×次，区委书记专题研究信访工作。"),
    (
        "深入学习习近平法治思想，认真落实《法治政府建设实施纲要（2021—2025年）》和《中华人民共和国行政复议法》。",
        "深入学习习近平法治思想，认真落实《法治政府建设实施纲要（2021—2025年）》和《中华人民共和国行政复议法》。",
    ),
    (
        "青川县司法局会同广元市司法局、江门市交通运输局开展培训。",
        "青川县司法局会同某单位、某地交通运输局开展培训。",
    ),
]


@pytest.mark.parametrize("before, after", MASKING_TABLE)
def test_masking_table_on_real_precedent_passages(before, after):
    assert mask_precedent(before, own=[UNIT]) == after


def test_a_passage_masking_reduces_to_a_shell_is_recognised():
    assert is_shell(mask_precedent("**市**区2022年完成12件、35件、120卷。", own=[UNIT]))
    assert not is_shell(mask_precedent(MASKING_TABLE[0][0] * 2, own=[UNIT]))


def _hit(
    doc: str,
    level: str,
    year: int | None,
    text: str = "依法行政制度建设取得新进展，规范性文件审核全面落实。" * 3,
) -> Hit:
    chunk = Chunk(f"{doc}-1", doc, text, "报告", "单位", year, "achievements", (), 0, level)  # type: ignore[arg-type]
    return Hit(chunk, 1.0)


def test_the_users_level_then_neighbours_then_recent_years_and_one_passage_per_document():
    hits = [
        _hit("a", "省", 2023),
        _hit("b", "乡镇", 2016),
        _hit("c", "乡镇", 2023),
        _hit("c", "乡镇", 2023),
        _hit("d", "县", 2022),
        _hit("e", "乡镇", 2022),
    ]
    chosen = choose_precedents(hits, "乡镇", 2024, 5)
    assert [h.chunk.doc_id for h in chosen] == ["c", "e", "b", "d", "a"]


def test_dated_topics_are_left_out():
    assert dated("统筹推进疫情防控和经济社会发展", 2025) and not dated("统筹推进疫情防控和经济社会发展", 2021)
    assert dated("落实《法治政府建设实施纲要（2015—2020年）》", 2022)
    assert dated("对照《法治政府建设实施纲要（2020—2025年）》", 2024)
    assert not dated("对照《法治政府建设实施纲要（2021—2025年）》", 2024)
    hits = [_hit("x", "县", 2022, "推进疫情防控常态化法治保障。" * 5), _hit("y", "县", 2022)]
    assert [h.chunk.doc_id for h in choose_precedents(hits, "县", 2025, 3)] == ["y"]


@pytest.fixture(scope="module")
def requests(tmp_path_factory):
    library = Library(make_settings(tmp_path_factory.mktemp("lib")), FakeEmbedder())
    library.add_paths([*SEEDS, PLANTED])
    model = FakeChatModel(["正文。"], repeat_last=True)
    request = DraftRequest(unit=UNIT, year=2024, level="县", facts=COUNTY)
    Drafter(PrecedentSearch(library), model).draft(request, repair=False)
    return [user for _, user in model.calls]


def test_no_place_other_than_the_units_own_chain_reaches_any_request(requests):
    allowed = own_chain([UNIT, COUNTY])
    gaz = gazetteer()
    assert len(requests) == 4 and all("[S1]" in r for r in requests)
    for user in requests:
        places = {user[a:b] for a, b, _ in gaz.mentions(user)} | {full for _, full, _ in find_places_at(user)}
        assert places <= allowed, places - allowed


def test_no_person_name_from_a_precedent_reaches_any_request(requests):
    text = PLANTED.read_text(encoding="utf-8")
    people = {"罗乐宣", "于海田", "许达哲"}
    assert all(name in text for name in people)
    for user in requests:
        assert not [name for name in people if name in user]
        found = {w.word for w in jieba.posseg.cut(user) if w.flag == "nr"} - {"习近平"}
        assert not [name for name in found if name in text and name not in COUNTY]


def test_no_precedent_figure_or_redaction_star_reaches_any_request(requests):
    for user in requests:
        block = user.split("<<<范例", 1)[1].split("范例>>>", 1)[0]
        assert "*" not in block and "＊" not in block
        assert not re.search(r"\d+\s*(?:次|件|项|人|%|个|场|家|份)", block)


def test_report_words_jieba_tags_as_person_names_are_not_masked():
    from assistant.compose.masking import mask_persons

    assert mask_persons("推进严格规范公正文明执法，市长于海田同志作动员讲话。") == (
        "推进严格规范公正文明执法，市长某某同志作动员讲话。"
    )
