"""Every clue a clerk's file carries to its unit: a joint report gives the government, the body
names its own organ (我局 in a text about its 卫生健康 work, 全市司法行政系统), and the file name
fills what the text lacks — the text winning, with a warning, when the two disagree."""

from __future__ import annotations

import pytest

from assistant.parsing.file_names import (
    UNIT_DISAGREES,
    completes,
    file_title,
    unit_from_file_name,
    with_file_name,
    year_from_file_name,
)
from assistant.parsing.organs import organ_name, system_subject
from assistant.parsing.structure import parse_report

PARTS = (
    "一、主要举措和成效\n（一）加强组织领导。专题研究法治建设工作4次。\n"
    "二、存在的不足和原因\n基层执法力量仍然薄弱。\n三、2024年工作安排\n持续深化行政执法体制改革。"
)


@pytest.mark.parametrize(
    "title, unit, level",
    [
        ("中共汉阴县委汉阴县人民政府关于2023年度法治政府建设工作情况的报告", "汉阴县人民政府", "县"),
        ("中共浚县县委 浚县人民政府关于2024年法治政府建设情况的报告", "浚县人民政府", "县"),
        ("中共宝鸡市委、宝鸡市人民政府关于2023年法治政府建设情况的报告", "宝鸡市人民政府", "市"),
        ("中共高显镇委员会 高显镇人民政府关于2023年度法治政府建设情况的报告", "高显镇人民政府", "乡镇"),
    ],
)
def test_a_joint_party_and_government_report_gives_the_government(title, unit, level):
    report = parse_report(f"{title}\n2023年，全县深入推进法治政府建设。\n{PARTS}")
    assert (report.unit, report.level) == (unit, level)


@pytest.mark.parametrize(
    "opening, unit",
    [
        ("2022年，我局坚持以习近平法治思想为指导，在市委市政府领导下，深入推进卫生健康法治建设，"
         "依法履行卫生健康部门职能，推动卫生健康事业高质量发展。江门市新冠肺炎疫情防控有力。",
         "江门市卫生健康局"),
        ("2021年，我局深入推进法治政府建设，为人社工作强化法治支撑，人社服务效能全面提升，"
         "人社领域执法更加规范。东莞市就业形势总体稳定。",
         "东莞市人力资源和社会保障局"),
        ("2020年，我委深入学习贯彻习近平法治思想，充分发挥法治对卫生健康事业的保障作用，"
         "卫生健康行政部门依法履职，卫生健康法规体系更加完善。深圳市医疗资源持续扩容。",
         "深圳市卫生健康委员会"),
        ("2023年，全市司法行政系统坚持以习近平法治思想为指导，扎实推进法治政府建设。"
         "潍坊市行政复议体制改革全面完成。",
         "潍坊市司法局"),
        ("2023年，全省各级行政机关坚持以习近平法治思想为指导，全面推进依法行政。"
         "湖南省法治政府建设示范创建扎实开展。",
         "湖南省"),
        ("2023年，在县委、县政府的正确领导下，在全乡干部群众的积极配合下，桐木漯瑶族乡党委、"
         "乡政府深入学习贯彻习近平法治思想。",
         "桐木漯瑶族乡"),
        ("根据《全面深化法治领域改革纲要》的要求，以及区委对法治建设工作的具体部署，2023年，"
         "清波街道以深入学习贯彻习近平法治思想为核心，全面推进法治建设。",
         "清波街道"),
    ],
)  # fmt: skip
def test_a_report_without_a_title_names_its_unit_in_the_body(opening, unit):
    assert parse_report(f"{opening}\n{PARTS}").unit == unit


@pytest.mark.parametrize(
    "text, kind, organ",
    [
        ("推进卫生健康法治建设，依法履行卫生健康部门职能，卫生健康事业稳步发展。", "局", "卫生健康局"),
        ("法治公安建设扎实推进，公安执法更加规范，公安工作群众满意度提升。", "局", "公安局"),
        ("市场监管执法规范有力，市场监管领域信用监管深化，市场监管工作提质增效。", "局", "市场监督管理局"),
        ("加强法治宣传教育工作，推进普法教育工作，开展警示教育工作。", "局", ""),  # 教育 as 普法, not the sector
        ("卫生健康事业发展，公安执法规范，卫生健康工作推进，公安工作有力。", "局", ""),  # no clear sector
        ("推进卫生健康法治建设，卫生健康部门依法履职，卫生健康事业发展。", "办", ""),  # no such organ
    ],
)  # fmt: skip
def test_the_organ_of_a_self_reference_is_the_sector_the_text_calls_its_own(text, kind, organ):
    assert organ_name(kind, text) == organ


@pytest.mark.parametrize(
    "sentence, organ",
    [
        ("全市司法行政系统坚持以习近平法治思想为指导", "市司法局"),
        ("全省公安系统深入推进法治公安建设", "省公安厅"),
        ("全县市场监管系统扎实推进", "县市场监督管理局"),
        ("全区各级行政机关全面推进依法行政", "区政府"),
        ("全市上下深入推进法治建设", ""),
    ],
)
def test_a_sentence_opening_with_a_whole_system_names_the_organ_at_its_head(sentence, organ):
    assert system_subject(sentence) == organ


@pytest.mark.parametrize(
    "name, title",
    [
        ("某市司法局2022年法治政府建设情况报告.docx", "某市司法局2022年法治政府建设情况报告"),
        ("附件2：某县人民政府关于2023年度法治政府建设情况的报告(1).pdf", "某县人民政府关于2023年度法治政府建设情况的报告"),
        ("/home/clerk/下载/01_某县司法局2023年法治政府建设年度报告-定稿.docx", "某县司法局2023年法治政府建设年度报告"),
        ("20240315_某镇人民政府2023年法治政府建设工作报告 副本.txt", "某镇人民政府2023年法治政府建设工作报告"),
        ("杭州市人民政府關於2022年度法治政府建設情況的報告.doc", "杭州市人民政府关于2022年度法治政府建设情况的报告"),
    ],
)  # fmt: skip
def test_a_file_name_is_read_as_a_title_without_copy_marks(name, title):
    assert file_title(name) == title


@pytest.mark.parametrize(
    "name, unit, year",
    [
        ("江门市卫生健康局2020年法治政府建设年度报告.docx", "江门市卫生健康局", 2020),
        ("中共浚县县委 浚县人民政府关于2024年法治政府建设情况的报告.pdf", "浚县人民政府", 2024),
        ("广州市公安局增城区分局关于2024年度法治政府建设情况的报告.txt", "广州市公安局增城区分局", 2024),
        ("2023年法治政府建设情况报告.docx", "", 2023),
        ("scan_0001.pdf", "", None),
        ("报告(1).docx", "", None),
    ],
)
def test_the_file_name_gives_the_unit_and_year_it_names(name, unit, year):
    assert unit_from_file_name(name) == unit and year_from_file_name(name) == year


@pytest.mark.parametrize(
    "short, full, same",
    [
        ("省卫生健康委", "广东省卫生健康委员会", True),
        ("静海区", "天津市静海区人民政府", True),
        ("区市场监管局", "重庆市九龙坡区市场监管局", True),
        ("江门市卫生健康局", "江门市卫生健康局", True),
        ("杭州市人民政府", "杭州市人民政府关于杭州市", False),
        ("司法局", "某县公安局", False),
        ("江门市卫生健康局", "佛山市卫生健康局", False),
    ],
)
def test_a_name_is_completed_only_by_places_before_it(short, full, same):
    assert completes(short, full) is same


BODY = "2022年，省卫生健康委坚持以习近平法治思想为指导，深入推进卫生健康法治建设。\n" + PARTS


def test_the_file_name_completes_a_unit_the_text_writes_relatively():
    report = parse_report(BODY, "广东省卫生健康委员会2022年法治政府建设年度报告.docx")
    assert (report.unit, report.level, report.year) == ("广东省卫生健康委员会", "部门", 2022)
    assert not any("文件名" in w for w in report.warnings)


def test_the_file_name_fills_a_unit_and_year_the_text_lacks():
    text = "坚持以习近平法治思想为指导，扎实推进法治政府建设。\n" + PARTS.replace("2024年", "明年")
    report = parse_report(text, "东莞市人力资源和社会保障局2021年法治政府建设年度报告.docx")
    assert (report.unit, report.level, report.year) == ("东莞市人力资源和社会保障局", "部门", 2021)


def test_the_text_wins_over_a_file_name_naming_another_unit_and_says_so():
    report = parse_report(BODY, "佛山市司法局2021年法治政府建设年度报告.docx")
    assert report.unit == "省卫生健康委" and report.year == 2022
    assert UNIT_DISAGREES.format(file="佛山市司法局", text="省卫生健康委") in report.warnings
    assert any("文件名中的年度（2021年）" in w and "请在资料库中更正年度" in w for w in report.warnings)


def test_a_report_read_without_a_file_name_is_unchanged_by_it():
    report = parse_report(BODY)
    assert with_file_name(report, "") == report
