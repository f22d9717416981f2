import pytest

from assistant.parsing.structure import NO_STRUCTURE_WARNING, parse_report, report_to_dict
from assistant.text.numbering import heading_level, split_run_in_heading
from tests.helpers import SAMPLES


def normalize(text: str) -> str:
    """What readers.normalize_text guarantees: one paragraph per line, no indents, no blank lines."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def parse_seed(prefix: str):
    path = next(SAMPLES.glob(f"{prefix}_*.txt"))
    return parse_report(normalize(path.read_text(encoding="utf-8")), path.name)


SEED_EXPECTATIONS = [
    # prefix, section keys, year, unit, title, doc number
    (
        "000",
        ["achievements", "shortcomings", "leadership", "plans"],
        2022,
        "山西省外事办",  # 省外事办, completed from the 《山西省…》 the report cites
        "关于2022年法治政府建设工作情况的报告",
        "",
    ),
    (
        "001",
        ["preamble", "achievements", "shortcomings", "plans"],
        2021,
        "区政府办公室",
        "关于2021年度法治政府建设情况的报告",
        "台政办字〔2022〕1号",
    ),
    (
        "002",
        ["preamble", "achievements", "shortcomings", "plans", "closing"],
        2022,
        "高显镇",
        "2022年法治政府建设情况报告",
        "",
    ),
    ("003", ["preamble", "achievements", "shortcomings", "plans"], 2022, "区政府办公室", "", ""),
    ("004", ["preamble", "achievements", "shortcomings", "plans"], 2023, "政府办公室", "", ""),
]


@pytest.mark.parametrize(("prefix", "keys", "year", "unit", "title", "doc_number"), SEED_EXPECTATIONS)
def test_seed_is_parsed_into_expected_parts_and_metadata(prefix, keys, year, unit, title, doc_number):
    report = parse_seed(prefix)
    assert [s.key for s in report.sections] == keys
    assert (report.year, report.unit, report.title, report.doc_number) == (year, unit, title, doc_number)
    assert report.warnings == ()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_text_is_kept_whole_apart_from_front_matter_and_headings(prefix):
    path = next(SAMPLES.glob(f"{prefix}_*.txt"))
    lines = normalize(path.read_text(encoding="utf-8")).split("\n")
    report = parse_seed(prefix)
    rebuilt = [
        line for s in report.sections for line in ([s.heading] if s.heading else []) + s.text.split("\n")
    ]
    front = [x for x in (report.title, report.doc_number) if x]
    assert front + rebuilt == lines


def test_shortcomings_paragraph_at_end_of_part_one_becomes_its_own_section():
    report = parse_seed("003")
    shortcomings = report.sections[2]
    assert shortcomings.heading == ""
    assert shortcomings.text.startswith("一年来，我办")
    assert "但仍然存在不足" in shortcomings.text
    assert "一年来" not in report.sections[1].text
    assert report.sections[3].heading == "二、2023年主要目标任务"


def test_wrap_up_after_plans_is_closing_not_shortcomings():
    report = parse_seed("002")
    closing = report.sections[-1]
    assert (closing.key, closing.heading) == ("closing", "")
    assert closing.text.startswith("我镇虽然在依法行政方面") and closing.text.endswith("做出新的贡献。")
    assert "（三）深入推动行政执法责任制落实" in report.sections[-2].text


def test_parts_without_preamble_start_at_first_heading():
    report = parse_seed("000")
    assert report.sections[0].heading == "一、2022年推进法治政府建设的主要举措和成效"
    assert report.sections[0].text.startswith("在省委省政府的坚强领导下")


def test_markdown_headings_are_recognised_and_cleaned():
    text = "\n".join(
        [
            "# 关于2023年法治政府建设情况的报告",
            "2023年，市司法局坚持依法行政。现将有关情况报告如下：",
            "## 一、2023年推进法治政府建设的主要举措和成效",
            "### （一）加强党的领导。全年召开专题会议。",
            "## 二、存在的不足和原因",
            "学法用法还不够深入。",
            "## 三、2024年推进法治政府建设的主要安排",
            "继续推进依法行政。",
        ]
    )
    report = parse_report(text)
    assert report.title == "关于2023年法治政府建设情况的报告"
    assert [(s.key, s.heading) for s in report.sections] == [
        ("preamble", ""),
        ("achievements", "一、2023年推进法治政府建设的主要举措和成效"),
        ("shortcomings", "二、存在的不足和原因"),
        ("plans", "三、2024年推进法治政府建设的主要安排"),
    ]
    assert report.sections[1].text == "（一）加强党的领导。全年召开专题会议。"
    assert report.unit == "市司法局"


def test_leadership_first_order_is_kept_as_written():
    text = "\n".join(
        [
            "XX区2023年法治政府建设年度报告",
            "一、区政府主要负责同志履行推进法治建设第一责任人职责情况",
            "区长带头学法。",
            "二、2023年推进法治政府建设的主要举措和成效",
            "深化放管服改革。",
            "三、存在的不足",
            "执法规范化有待提升。",
            "四、2024年工作安排",
            "持续推进。",
        ]
    )
    report = parse_report(text)
    assert [s.key for s in report.sections] == ["leadership", "achievements", "shortcomings", "plans"]
    assert (report.unit, report.year) == ("XX区", 2023)


def test_text_without_structure_is_one_other_section_with_warning():
    text = "今年我们做了很多工作。\n群众满意度明显提高。"
    report = parse_report(text)
    assert [(s.key, s.heading, s.text) for s in report.sections] == [("other", "", text)]
    assert report.warnings == (NO_STRUCTURE_WARNING,)
    assert (report.title, report.unit, report.year, report.doc_number) == ("", "", None, "")


def test_text_without_headings_is_split_by_strong_paragraph_cues():
    text = "\n".join(
        [
            "2023年，县司法局全面推进依法行政。",
            "一年来工作成效明显，但仍存在不足：执法队伍专业化水平不高。",
            "下一步，我局将继续加强执法监督。",
        ]
    )
    report = parse_report(text)
    assert [s.key for s in report.sections] == ["achievements", "shortcomings", "plans"]
    assert report.warnings == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("台政办字〔2022〕1号", "台政办字〔2022〕1号"),
        ("琼政发[2023]5号", "琼政发[2023]5号"),
        ("县政办〔2024〕第12号", "县政办〔2024〕第12号"),
    ],
)
def test_document_number_is_extracted_and_not_a_section(line, expected):
    text = f"关于2023年度法治政府建设情况的报告\n{line}\n一、工作情况\n做了工作。"
    report = parse_report(text)
    assert report.doc_number == expected
    assert all(line not in s.text for s in report.sections)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("关于2021年度法治政府建设情况的报告\n台政办字〔2022〕1号\n一、工作情况\n2022年继续。", 2021),
        ("2023年，在县委领导下推进工作。\n一、工作情况\n做了工作。", 2023),
        ("一、2022年主要工作成效\n做了工作。\n二、2023年主要目标任务\n2023年将继续。", 2022),
        (
            "一、工作情况\n2021年办理案件。2021年开展培训。\n二、下一步工作计划\n2022年将继续，2022年加强。2022年完善。",
            2021,
        ),
        ("按照《纲要（2021—2025年）》要求推进。\n一、工作情况\n做了工作。", None),
    ],
)
def test_year_is_the_year_reported_on(text, year):
    assert parse_report(text).year == year


def test_year_falls_back_to_filename():
    assert parse_report("一、工作情况\n做了工作。", "2020年度报告.docx").year == 2020


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("XX市司法局关于2023年法治政府建设情况的报告\n一、工作情况\n做了工作。", "XX市司法局"),
        ("现将XX县人民政府2023年度法治政府建设情况报告如下：\n一、工作情况\n做了工作。", "XX县人民政府"),
        ("2023年，我局坚持依法行政。现将我局2023年法治政府建设情况报告如下：\n一、工作情况\n做了。", ""),
        ("2023年，在市委的领导下，市交通运输局深入推进依法行政。\n一、工作情况\n做了。", "市交通运输局"),
    ],
)
def test_unit_is_found_or_left_empty(text, unit):
    assert parse_report(text).unit == unit


def test_unknown_topic_headings_before_the_problems_count_as_achievements():
    text = "\n".join(
        [
            "一、加强党的领导",
            "做了工作。",
            "二、深化放管服改革",
            "做了工作。",
            "三、存在问题",
            "不够。",
            "四、其他",
        ]
    )
    assert [s.key for s in parse_report(text).sections] == [
        "achievements",
        "achievements",
        "shortcomings",
        "other",
    ]


def test_signature_and_date_after_plans_are_closing():
    text = "一、工作情况\n做了工作。\n二、下一步工作计划\n继续努力。\nXX县司法局\n2024年1月15日"
    sections = parse_report(text).sections
    assert (sections[-1].key, sections[-1].text) == ("closing", "XX县司法局\n2024年1月15日")
    assert sections[-2].text == "继续努力。"


def test_report_to_dict_has_the_parse_json_contract():
    data = report_to_dict(parse_seed("001"))
    assert set(data) == {"title", "unit", "year", "doc_number", "level", "warnings", "sections"}
    assert data["year"] == 2021 and data["doc_number"] == "台政办字〔2022〕1号"
    assert all(set(s) == {"key", "heading", "text"} for s in data["sections"])
    assert [s["key"] for s in data["sections"]] == ["preamble", "achievements", "shortcomings", "plans"]


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、工作情况", 1),
        ("十二、其他", 1),
        ("第二部分 存在问题", 1),
        ("## 三、改进措施", 1),
        ("（一）坚持高标站位。", 2),
        ("(二)加强学习", 2),
        ("1.坚持依法决策", 3),
        ("2、强化监督", 3),
        ("3．规范执法", 3),
        ("（1）开展培训", 4),
        ("一是明确工作责任。", None),
        ("4.15全民国家安全教育日", None),
        ("2022年，我办……", None),
        ("12345热线", None),
        ("一、二季度共开展培训3次。", None),
        ("2、3月份开展专项检查。", None),
    ],
)
def test_heading_level(line, level):
    assert heading_level(line) == level


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "（一）坚持高标站位，加强法治建设组织领导。一是明确工作责任。",
            ("（一）坚持高标站位，加强法治建设组织领导。", "一是明确工作责任。"),
        ),
        (
            "（一）深入开展学习宣传党的二十大精神和习近平法治思想",
            ("（一）深入开展学习宣传党的二十大精神和习近平法治思想", ""),
        ),
        ("（二）加强党的领导。", ("（二）加强党的领导。", "")),
        ("1.强化监督。全年开展检查3次。", ("1.强化监督。", "全年开展检查3次。")),
        (
            "（三）2022年共办理行政复议案件十二件，全部依法审结，纠错率和调解率均较上年有所提升。此外还……",
            (
                "",
                "（三）2022年共办理行政复议案件十二件，全部依法审结，纠错率和调解率均较上年有所提升。此外还……",
            ),
        ),
        ("普通段落。", ("", "普通段落。")),
    ],
)
def test_split_run_in_heading(line, expected):
    assert split_run_in_heading(line) == expected
