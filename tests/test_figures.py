"""figures_in finds counts, rates, dates and years in Arabic or Chinese numerals — and nothing else."""

from __future__ import annotations

import pytest

from assistant.text.figures import Figure, figures_in, normalize_figure, parse_chinese_number


def texts(text: str) -> list[str]:
    return [f.text for f in figures_in(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年集中学法6次", ["6次"]),
        ("全年集中学法六次", ["六次"]),
        ("开展培训18次，覆盖2.3万人次", ["18次", "2.3万人次"]),
        ("办结率100%，满意率98.5%", ["100%", "98.5%"]),
        ("出庭率100％", ["100％"]),
        ("合格率达到百分之百", ["百分之百"]),
        ("覆盖率百分之九十八点五", ["百分之九十八点五"]),
        ("建成十个金融读书角，办理3件", ["十个", "3件"]),
        ("于2024年1月15日印发", ["2024年1月15日"]),
        ("5月起施行", ["5月"]),
        ("12月4日开展宪法宣传", ["12月4日"]),
        ("二十三次、一百零五件、十二名、两千人", ["二十三次", "一百零五件", "十二名", "两千人"]),
        ("共接诉群众来电2.2万余次", ["2.2万余次"]),
        ("举报11余条，公开信息5164条", ["11余条", "5164条"]),
        ("受理1,200件", ["1,200件"]),
        ("开展十余次", ["十余次"]),
        ("提高2.5个百分点", ["2.5个百分点"]),
        ("在10-15个工作日内办结", ["10-15个工作日"]),
        ("全镇16个行政村", ["16个"]),
        ("２０件", ["２０件"]),
    ],
)
def test_figures_are_found_with_their_exact_text(text: str, expected: list[str]) -> None:
    found = figures_in(text)
    assert [f.text for f in found] == expected
    assert all(text[f.start : f.end] == f.text for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "认真贯彻落实《法治政府建设实施纲要（2021-2025年）》",
        "《法治政府建设实施纲要（2021—2025年）》",
        "《山东省贯彻〈法治中国建设规划（2020-2025年）〉实施方案》",
        "第八个五年规划（2021—2025年）",
        "2021-2025年",
        "一是加强学习。二是强化监督。三是完善制度。",
        "（一）坚持党的领导。一、工作情况",
        "第一，落实第一议题制度，一把手亲自抓",
        "推进一体化平台、一站式服务、一次性告知",
        "“十四五”时期，“八五”普法，八五普法规划",
        "落实行政执法三项制度和“三重一大”决策制度",
        "双随机一公开、一网通办、放管服改革",
        "开展“12·4宪法日”和“4.15”全民国家安全教育日活动",
        "积极做好“12345”市长热线工作，12345平台",
        "树牢“四个意识”，坚定“四个自信”，做到“两个维护”",
        "区四套班子领导接访",
        "台政办字〔2022〕1号",
        "1. 加强学习；（1）完善制度；2、强化监督",
        "学习贯彻党的二十大精神",
        "【待补充：2024年培训次数】",
        "组织一次集体学习，作为一项重要任务",
        "开展“百名法学家百场报告会”活动",
        "推进5G网络建设",
    ],
)
def test_non_figures_are_not_found(text: str) -> None:
    assert figures_in(text) == []


@pytest.mark.parametrize(
    ("text", "year"),
    [("2024年，我局", 2024), ("2022年度法治政府建设", 2022), ("二〇二四年", 2024)],
)
def test_a_bare_year_is_reported_as_a_year(text: str, year: int) -> None:
    [fig] = figures_in(text)
    assert (fig.kind, fig.unit, fig.value) == ("year", "年", year)


def test_a_full_date_is_one_date_figure_not_a_year() -> None:
    [fig] = figures_in("成文日期2024年1月15日")
    assert fig.kind == "date"
    assert normalize_figure(fig) == ("date", 2024, 1, 15)


def key_of(text: str) -> tuple:
    [fig] = figures_in(text)
    return normalize_figure(fig)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("6次", "六次"),
        ("100%", "百分之百"),
        ("100％", "100%"),
        ("2.3万人次", "23000人次"),
        ("1,200人", "1200人"),
        ("十二名", "12名"),
        ("两千人", "2000人"),
        ("2.2万余次", "22000次"),
        ("九十八点五%", "98.5%"),
    ],
)
def test_equal_figures_normalize_to_the_same_key(a: str, b: str) -> None:
    assert key_of(a) == key_of(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("6次", "6场"), ("6次", "7次"), ("100%", "100人"), ("2.3万人次", "2.3人次"), ("5月", "5日")],
)
def test_different_figures_normalize_to_different_keys(a: str, b: str) -> None:
    assert key_of(a) != key_of(b)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十", 10),
        ("十二", 12),
        ("二十三", 23),
        ("一百零五", 105),
        ("两千", 2000),
        ("三万五千", 35000),
        ("九十八点五", 98.5),
        ("十四五", None),
        ("一一", None),
    ],
)
def test_chinese_numerals_parse(numeral: str, value: float | None) -> None:
    assert parse_chinese_number(numeral) == value


def test_figure_is_a_frozen_value() -> None:
    fig = Figure(0, 2, "6次", 6.0, "次")
    with pytest.raises(AttributeError):
        fig.value = 7.0  # type: ignore[misc]
