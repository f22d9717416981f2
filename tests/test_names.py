"""names_in finds the names that identify a report's author, and not the generic words around them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.text.names import names_in

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def seed(prefix: str) -> str:
    [path] = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "included", "excluded"),
    [
        (
            "000",
            {"省外事办", "山西", "山西省"},
            {"省委省政府", "省委", "全省", "我省", "省委依法治省办", "法治政府", "我办", "全办"},
        ),
        (
            "001",
            {"山东省", "山东", "台政办字"},
            {"区政府办公室", "政府办公室", "区委", "区政府", "法治政府", "中华人民共和国"},
        ),
        (
            "002",
            {"高显镇", "高显镇人民政府", "平安山西", "山西"},
            {"县委", "县政府", "全镇", "我镇", "本镇", "镇党委", "镇政府", "各村", "行政村", "镇村", "辖区"},
        ),
        (
            "003",
            {"南方＋"},
            {"区政府办公室", "区委", "区司法局", "全区", "全市", "社区", "街道", "集镇", "依法治区"},
        ),
        ("004", set(), {"自治区", "政府办公室", "县委", "全县", "国务院", "法治政府"}),
    ],
)
def test_seed_names(prefix: str, included: set[str], excluded: set[str]) -> None:
    names = names_in(seed(prefix))
    assert included <= names
    assert not names & excluded


def test_seed_004_names_no_unit_or_place() -> None:
    # It says only 自治区 and 政府办公室: nothing that identifies its author.
    assert names_in(seed("004")) == set()


MADE_UP = (
    "浙江省台州市椒江区司法局关于2024年法治政府建设情况的报告\n"
    "椒政办发〔2024〕3号\n"
    "2024年，在区委、区政府的坚强领导下，我局深入推进依法治区。开展“平安浙江”建设，"
    "利用“互联网+”平台。朝阳区三里屯街道、长沙县黄花镇人民政府积极参与，不断提升市外事办工作水平。"
)


@pytest.mark.parametrize(
    "name",
    [
        "浙江省",
        "浙江",
        "台州市",
        "椒江区",
        "椒江区司法局",
        "椒政办发",
        "平安浙江",
        "三里屯街道",
        "朝阳区",
        "黄花镇人民政府",
        "市外事办",
    ],
)
def test_made_up_text_names_are_found(name: str) -> None:
    assert name in names_in(MADE_UP)


@pytest.mark.parametrize(
    "name", ["区委", "区政府", "我局", "依法治区", "互联网+", "法治政府", "司法局", "区司法局", "年度"]
)
def test_made_up_text_generic_words_are_not_names(name: str) -> None:
    assert name not in names_in(MADE_UP)


@pytest.mark.parametrize(
    "text",
    [
        "区政府办公室认真落实",
        "政府办公室、县委、区委",
        "在省委省政府的坚强领导下",
        "市司法局、区司法局、县财政局、省司法厅",
        "全省、全市、全县、全区、本市、辖区、城区、社区、我镇、各镇、乡镇、城乡、地区、园区、景区、小区、片区",
        "试点区、示范区、开发区、高新区、老城区、各乡镇、行政村",
        "省市县三级联动，省、市、县重要部署",
        "全面依法治省，深入推进依法治县、依法治区",
        "在涉及镇域内的重大问题上，镇村两级干部",
        "充分发挥区政府门户网站作用，紧紧围绕区委中心工作",
        "市场监管局、城市管理局",
        "大力推进“互联网+政务服务”，“互联网+”",
        "依据厅字〔2019〕28号文件",
        "建设法治政府，形成良好工作格局，亲自督办",
        "某县司法局",
    ],
)
def test_generic_words_are_not_names(text: str) -> None:
    assert names_in(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《山西省党政主要负责人履职方案》", {"山西省", "山西"}),
        ("用好“平安山西”平台", {"平安山西", "山西"}),
        ("通过“南方＋”等媒体", {"南方＋"}),
        ("广西壮族自治区人民政府", {"广西壮族自治区", "广西"}),
        ("中共高显镇党委", {"高显镇", "高显镇党委"}),
    ],
)
def test_names_inside_titles_and_quotes(text: str, expected: set[str]) -> None:
    assert names_in(text) == expected


def test_empty_text_has_no_names() -> None:
    assert names_in("") == set()
