"""A report ingested in traditional characters (a page in 繁体, as some
government sites publish) is kept as it came but compared with drafts in simplified characters: its brands
and its paragraphs are still another unit's when a simplified draft copies them."""

from __future__ import annotations

import pytest

from assistant.checks import check_passage
from assistant.library.facade import Library
from tests.helpers import make_settings

TRADITIONAL = (
    "上海市人民政府關於2022年法治政府建設情況的報告\n"
    "2022年，上海市堅持以習近平新時代中國特色社會主義思想為指導，深入學習貫徹習近平法治思想。\n"
    "一、2022年推進法治政府建設的主要舉措和成效\n"
    "（一）健全依法決策機制。組建“長三角法治專家智庫”，為重大行政決策提供法律諮詢論證意見，"
    "全年對涉及營商環境優化、城市數字化轉型、生態環境保護等領域的重大行政決策事項開展合法性審查和風險評估，"
    "確保每一項決策都經過公眾參與、專家論證、風險評估、合法性審查和集體討論決定等法定程序。\n"
    "二、存在的不足\n部分區級部門合法性審核力量不足。\n"
)
COPIED = (
    "全年对涉及营商环境优化、城市数字化转型、生态环境保护等领域的重大行政决策事项开展合法性审查和风险评估，"
    "确保每一项决策都经过公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序。"
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    lib = Library(make_settings(tmp_path_factory.mktemp("trad")))
    lib.commit(lib.prepare_text(TRADITIONAL, source="shanghai.txt"))
    return lib


def _findings(library: Library, text: str) -> list:
    return check_passage(text, unit="青川县司法局", year=2024, library=library)


def test_a_brand_of_a_traditional_document_is_caught_in_a_simplified_draft(library: Library) -> None:
    text = "组建“长三角法治专家智库”，提供法律咨询。"
    found = [(f.severity, text[f.start : f.end]) for f in _findings(library, text) if f.kind == "name"]
    assert ("error", "长三角法治专家智库") in found


def test_a_paragraph_copied_from_a_traditional_document_is_a_copy(library: Library) -> None:
    copies = [f for f in _findings(library, COPIED) if f.kind == "copy"]
    assert copies and copies[0].source is not None and copies[0].source["unit"] == "上海市人民政府"
