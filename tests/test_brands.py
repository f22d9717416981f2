"""Brands that are really brands: generic and national phrases, common currency, severities and
messages that name a unit only when the document has one."""

from __future__ import annotations

import pytest

from assistant.checks import Reference, check_passage
from assistant.checks.brands import is_common_currency, is_generic_phrase, phrase_spread


def _names(text: str, unit: str, refs: list[Reference]) -> list[tuple[str, str, str]]:
    found = check_passage(text, unit=unit, year=2024, references=refs)
    return [(f.severity, text[f.start : f.end], f.message) for f in found if f.kind == "name"]


@pytest.mark.parametrize(
    "phrase",
    ["学习贯彻习近平法治思想", "12345", "3·15", "12.4", "法律进机关", "全国法治政府建设示范项目", "放管服"],
)
def test_national_terms_figures_and_campaigns_are_generic(phrase: str) -> None:
    assert is_generic_phrase(phrase)


@pytest.mark.parametrize("phrase", ["邻里和事佬", "红色管家", "法治小院"])
def test_coined_work_names_are_not_generic_by_shape(phrase: str) -> None:
    assert not is_generic_phrase(phrase)


def test_a_phrase_written_by_units_of_two_provinces_is_common_currency() -> None:
    spread = phrase_spread(
        ["以上率下"], [("甲", "坚持以上率下。"), ("乙", "“以上率下”抓落实。"), ("丙", "无关。")]
    )
    assert spread == {"以上率下": frozenset({"甲", "乙"})}
    assert is_common_currency({"甲", "乙"}, {"甲": frozenset({1}), "乙": frozenset({2})})
    assert not is_common_currency({"甲", "乙"}, {"甲": frozenset({1}), "乙": frozenset({1})})
    assert is_common_currency({"甲", "乙", "丙"}, {})


def test_a_quoted_phrase_another_province_also_writes_is_no_brand() -> None:
    refs = [
        Reference("a", "报告甲", "天津市静海区人民政府", 2023, text="推行“非接触式执法监督”模式。"),
        Reference("b", "报告乙", "湖北省人民政府", 2023, text="探索非接触式执法监督。"),
    ]
    assert _names("推行“非接触式执法监督”模式。", "青川县司法局", refs) == []


def test_a_quoted_brand_of_one_unit_elsewhere_stays_an_error_naming_that_unit() -> None:
    refs = [Reference("a", "报告甲", "天津市静海区人民政府", 2023, text="打造“邻里和事佬”调解品牌。")]
    [(severity, span, message)] = _names("打造“邻里和事佬”调解品牌。", "青川县司法局", refs)
    assert (severity, span) == ("error", "邻里和事佬") and "天津市静海区人民政府" in message


def test_a_brand_of_a_unit_in_the_own_province_is_a_warning() -> None:
    refs = [Reference("a", "报告甲", "北京市通州区人民政府", 2023, text="服务“副中心建设”大局。")]
    assert [s for s, _, _ in _names("服务“副中心建设”大局。", "北京市海淀区人民政府", refs)] == ["warning"]


def test_a_document_without_a_unit_is_named_by_its_title_never_as_an_empty_unit() -> None:
    refs = [Reference("a", "关于2022年法治政府建设情况的报告", "", 2022, text="打造“邻里和事佬”调解品牌。")]
    [(_, _, message)] = _names("打造“邻里和事佬”调解品牌。", "青川县司法局", refs)
    assert "《关于2022年法治政府建设情况的报告》" in message
    assert not message.startswith("“邻里和事佬”是的") and "是、" not in message
