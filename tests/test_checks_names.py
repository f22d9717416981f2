"""Jurisdiction-aware leak checks: real-style sentences, each rule of the policy (docs/domain.md,
"Own and foreign names")."""

from __future__ import annotations

import pytest

from assistant.checks import Reference, check_passage
from assistant.checks.jurisdiction import Jurisdiction
from assistant.text.divisions import gazetteer

QINGCHUAN_TEXT = (
    "在广元市委、市政府的坚强领导下，认真落实《四川省法治政府建设实施方案》，及时向四川省司法厅报告，"
    "县委依法治县办统筹协调，指导乔庄镇开展基层依法治理，依据青司发〔2023〕5号文件完善制度。"
)
# Another unit's report, as the library or a precedent holds it.
JINGHAI = Reference(
    "jh",
    "2020年静海区法治政府建设情况报告",
    "天津市静海区人民政府",
    2020,
    text="静海区坚持依法行政，推广“邻栗小院”调解品牌，大邱庄镇试点先行，依据静政办发〔2020〕3号文件推进。",
)


def name_findings(text: str, unit: str, **context: object) -> list[tuple[str, str]]:
    findings = check_passage(text, unit=unit, year=2024, **context)  # type: ignore[arg-type]
    return [(f.severity, text[f.start : f.end]) for f in findings if f.kind == "name"]


@pytest.mark.parametrize("unit", ["青川县司法局", "四川省广元市青川县司法局", "广元市青川县司法局"])
def test_the_own_chain_is_never_a_leak_with_or_without_prefixes(unit: str) -> None:
    assert name_findings(QINGCHUAN_TEXT, unit) == []


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("青川县司法局", ["青川县", "广元市", "四川省"]),
        ("荣昌区司法局", ["荣昌区", "重庆市"]),
        ("渝北区", ["渝北区", "重庆市"]),
        ("重庆市荣昌区司法局", ["荣昌区", "重庆市"]),
        ("禄丰市中村乡人民政府", ["中村乡", "禄丰市", "楚雄彝族自治州", "云南省"]),
    ],
)
def test_the_chain_is_derived_from_the_unit_as_typed(unit: str, expected: list[str]) -> None:
    gaz = gazetteer()
    [lowest] = Jurisdiction(unit).lowest
    assert [gaz.divisions[i].name for i in gaz.chain(lowest)] == expected


@pytest.mark.parametrize(
    ("unit", "sentence"),
    [
        ("荣昌区司法局", "在重庆市委、市政府的坚强领导下，荣昌区司法局会同区体育局开展普法。"),
        ("渝北区", "重庆市渝北区深入推进依法治区，区委依法治区办统筹协调。"),
        ("石柱土家族自治县公安局", "在石柱县委的领导下，依据石发〔2023〕1号文件开展工作。"),
        ("深圳市人民政府", "在广东省委、省政府的领导下，落实粤府法治办〔2016〕7号文件。"),
        ("山西省人民政府外事办公室", "省外事办认真落实省委部署。"),
    ],
)
def test_own_bodies_short_names_and_document_numbers_are_own(unit: str, sentence: str) -> None:
    assert name_findings(sentence, unit) == []


@pytest.mark.parametrize(
    "body", ["党中央", "国务院", "中共中央办公厅", "司法部", "中央依法治国办", "全国人大常委会", "生态环境部"]
)
def test_national_bodies_are_never_a_leak(body: str) -> None:
    sentence = f"认真贯彻落实{body}关于法治政府建设的决策部署。"
    assert name_findings(sentence, "青川县司法局", references=[JINGHAI]) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "县普法办、县委依法治县办联合开展宣传。",  # a bare level + a department: names no one
        "全县各乡镇、各部门认真落实。",  # all/each words
        "推动粤港澳大湾区法治协同。",  # a region the gazetteer does not hold: no county-level place
        "开展“放管服”改革和“谁执法谁普法”普法责任制。",  # national policy terms in quotes
    ],
)
def test_generic_words_are_never_a_leak(sentence: str) -> None:
    assert [f for f in name_findings(sentence, "荣昌区司法局", references=[JINGHAI]) if f[0] == "error"] == []


@pytest.mark.parametrize("leak", ["静海区", "大邱庄镇", "静政办发", "邻栗小院", "天津市静海区人民政府"])
def test_names_belonging_to_another_unit_in_the_library_are_errors(leak: str) -> None:
    sentence = f"我局学习借鉴{leak}的做法。" if leak != "邻栗小院" else "推广“邻栗小院”调解品牌。"
    found = name_findings(sentence, "青川县司法局", references=[JINGHAI])
    assert ("error", leak) in found


def test_another_units_brand_copied_without_its_quotation_marks_is_a_warning_to_confirm() -> None:
    found = name_findings("推广邻栗小院调解品牌，化解矛盾纠纷。", "青川县司法局", references=[JINGHAI])
    assert ("warning", "邻栗小院") in found


@pytest.mark.parametrize("place", ["永川区", "渝中区", "龙岗区", "静海区", "通城镇"])
def test_another_jurisdiction_without_a_link_is_a_warning_to_confirm(place: str) -> None:
    sentence = f"组织执法人员赴{place}学习交流。"
    assert name_findings(sentence, "青川县司法局") == [("warning", place)]


def test_a_brand_used_by_the_own_unit_too_is_not_a_leak() -> None:
    own_report = Reference("own", "往年报告", "青川县司法局", 2023, text="推广“邻栗小院”调解品牌。")
    found = name_findings("推广“邻栗小院”调解品牌。", "青川县司法局", references=[JINGHAI, own_report])
    assert found == []


def test_a_place_the_facts_mention_is_the_users_to_name() -> None:
    sentence = "与永川区开展川渝执法协作。"
    assert name_findings(sentence, "荣昌区司法局", facts="与永川区开展执法协作2次") == []


XIHU = Reference(
    "xh",
    "2022年西湖区法治政府建设情况报告",
    "杭州市西湖区人民政府",
    2022,
    text="开展习近平法治思想“八进”活动。",
)
MIYUN = Reference(
    "my",
    "2022年密云区法治政府建设情况报告",
    "北京市密云区人民政府",
    2022,
    text="被中央依法治国办命名为“全国法治政府建设示范项目”。",
)


def test_a_brand_of_the_own_city_or_of_a_district_inside_it_is_not_a_leak_but_stays_one_elsewhere() -> None:
    sentence = "形成习近平法治思想学习宣贯“八进”杭州方案。"
    assert name_findings(sentence, "杭州市人民政府", references=[XIHU]) == []
    hangzhou = Reference("hz", "2022年杭州市报告", "杭州市人民政府", 2022, text="形成“八进”杭州方案。")
    assert name_findings("开展“八进”活动。", "杭州市西湖区人民政府", references=[hangzhou]) == []
    assert ("warning", "八进") in name_findings(sentence, "青川县司法局", references=[XIHU])  # short
    # a neighbouring district of the same city is not inside the own area
    assert ("warning", "八进") in name_findings(sentence, "杭州市拱墅区人民政府", references=[XIHU])


def test_only_short_brands_in_the_references_do_not_break_the_check() -> None:
    """A two-character brand (“八进”) is looked up quoted only; the unquoted lookup has no words."""
    assert name_findings("开展普法八进活动。", "青川县司法局", references=[XIHU]) == []


@pytest.mark.parametrize(
    "title", ["全国法治政府建设示范项目", "国家级法治宣传教育基地", "国家生态文明建设示范区"]
)
def test_a_national_title_in_quotation_marks_is_no_units_brand(title: str) -> None:
    other = Reference("o", "2022年某区报告", "北京市密云区人民政府", 2022, text=f"获评“{title}”。")
    assert name_findings(f"获评“{title}”。", "青川县司法局", references=[MIYUN, other]) == []


def test_a_provinces_slogan_opening_with_china_is_still_its_brand() -> None:
    zhejiang = Reference("zj", "2022年报告", "浙江省人民政府", 2022, text="争当“中国式现代化的先行者”。")
    found = name_findings("争当“中国式现代化的先行者”。", "青川县司法局", references=[zhejiang])
    assert ("error", "中国式现代化的先行者") in found
