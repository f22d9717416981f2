"""The furniture that hides a report's title on a government page: 政务公开 index tables, bullet
metadata, watermarks glued into the text, titles glued to the first sentence, pinyin glosses;
and the titles found past it (without 报告, over several lines)."""

from __future__ import annotations

import pytest

from assistant.parsing.page_furniture import (
    is_record_bullet,
    record_row,
    split_glued_parts,
    split_glued_title,
    without_watermarks,
)
from assistant.parsing.structure import parse_report
from assistant.parsing.webclean import clean_published

OPENING = "2023年，我县坚持以习近平法治思想为指导，深入推进法治政府建设，取得明显成效。现将有关情况报告如下："
PARTS = (
    "一、主要举措和成效\n（一）加强组织领导。县政府常务会议专题研究法治政府建设工作4次。\n"
    "二、存在的不足和原因\n基层执法力量仍然薄弱。\n三、2024年工作安排\n持续深化行政执法体制改革。"
)


@pytest.mark.parametrize(
    "line, title",
    [
        ("| [ 索引号 ] | 11410423MB0123456X/2024-00031 | [ 发布机构 ] | 某县司法局 |", ""),
        ("| 发文日期 | 2024-03-20 | 主题分类 | 法治政府建设 |", ""),
        ("｜［ 成文日期 ］｜2024年03月15日｜［ 文号 ］｜某政〔2024〕6号｜", ""),
        (
            "| [ 名 称 ] | 某县人民政府关于2023年度法治政府建设情况的报告 | | |",
            "某县人民政府关于2023年度法治政府建设情况的报告",
        ),
        ("| 标题 | 某市司法局2023年法治政府建设年度报告 |", "某市司法局2023年法治政府建设年度报告"),
    ],
)
def test_an_index_table_row_is_furniture_or_gives_its_title(line, title):
    assert record_row(line) == title


@pytest.mark.parametrize(
    "line",
    [
        "| 序号 | 事项 | 完成情况 |",  # a table of the report itself: no record labels
        "2023年，全县办理行政复议案件35件。",
        "一、主要举措和成效",
    ],
)
def test_a_line_that_is_not_an_index_table_row_is_left_alone(line):
    assert record_row(line) is None


@pytest.mark.parametrize(
    "line, furniture",
    [
        ("• 文号", True),
        ("  • 索引号", True),
        ("  • lsx31/2025-00001", True),
        ("· 主题分类", True),
        ("● 发布机构", True),
        ("• 加强组织领导，压实法治建设责任。", False),
        ("• 全年办理行政复议案件35件", False),
    ],
)
def test_a_bullet_holding_a_record_label_or_index_number_is_furniture(line, furniture):
    assert is_record_bullet(line) is furniture


@pytest.mark.parametrize(
    "line, kept",
    [
        ("公文之家—范文每日更新www.gwzj.com某县人民政府关于2023年度法治政府建设情况的报告",
         "某县人民政府关于2023年度法治政府建设情况的报告"),
        ("县政府常务会议学法4次。材料网 - 免费下载 www.cailiao.cn 全年办理行政复议案件12件。",
         "县政府常务会议学法4次。全年办理行政复议案件12件。"),
        ("依法行政工作稳步推进。http://www.fwsite.net/", "依法行政工作稳步推进。"),
        ("全年办理行政复议案件35件。", "全年办理行政复议案件35件。"),
    ],
)  # fmt: skip
def test_a_site_watermark_is_cut_wherever_it_is_glued(line, kept):
    assert without_watermarks(line) == kept


def test_a_title_glued_to_the_first_sentence_gets_its_own_line():
    title = "某省人民政府关于2023年度法治政府建设情况的报告"
    body = "2023年，省政府坚持以习近平法治思想为指导。" * 20
    assert split_glued_title(title + body) == [title, body]


def test_a_long_paragraph_without_a_glued_title_is_one_line():
    line = "2023年，省政府坚持以习近平法治思想为指导，全面推进法治政府建设。" * 10
    assert split_glued_title(line) == [line]


def test_parts_glued_into_one_line_are_broken_before_each_ordinal_in_order():
    filler = "严格落实重大行政决策程序规定，推进行政执法“三项制度”。" * 30
    line = f"{filler}一、加强组织领导{filler}二、存在的不足{filler}四、不在此处"
    pieces = split_glued_parts(line)
    assert [p[:6] for p in pieces[1:]] == ["一、加强组织", "二、存在的不"]
    assert "".join(pieces) == line


@pytest.mark.parametrize(
    "glossed, plain",
    [
        ("認(rèn)真落實法治政府建設(shè)要求", "认真落实法治政府建设要求"),
        ("认真(rèn zhēn)落实", "认真落实"),
        ("认(ren4)真落实", "认真落实"),
        ("推行政府和社会资本合作(PPP)模式", "推行政府和社会资本合作(PPP)模式"),
        ("12345热线(APP)上线", "12345热线(APP)上线"),
        ("《法治政府建设实施纲要(2021-2025年)》", "《法治政府建设实施纲要(2021-2025年)》"),
    ],
)
def test_pinyin_glosses_are_removed_and_acronyms_kept(glossed, plain):
    assert clean_published(glossed).text == plain


@pytest.mark.parametrize(
    "front",
    [
        "| [ 索引号 ] | 000014349/2024-00012 | [ 发布机构 ] | 某县人民政府 |\n"
        "| [ 发文日期 ] | 2024-03-01 | [ 主题分类 ] | 法治建设 |\n",
        "• 文号\n  • 索引号\n  • abc12/2024-00003\n  • 关键词\n  • 主题分类\n  • 法治政府建设\n"
        "  • 体裁分类\n  • 服务对象\n  • 发布机构\n  • 成文日期\n",
    ],
)
def test_the_title_is_found_past_an_index_table_or_bullet_metadata(front):
    report = parse_report(f"{front}\n桃源县人民政府关于2023年法治政府建设情况的报告\n{OPENING}\n{PARTS}")
    assert report.title == "桃源县人民政府关于2023年法治政府建设情况的报告"
    assert report.unit == "桃源县人民政府" and report.level == "县" and report.year == 2023


@pytest.mark.parametrize(
    "title, unit",
    [
        ("桃源县人民政府2023年法治政府建设工作情况", "桃源县人民政府"),
        ("某市司法局关于2023年度依法行政工作情况", "某市司法局"),
        ("桃源县2023年法治建设工作总结", "桃源县"),
    ],
)
def test_a_title_without_the_word_report_is_a_title(title, unit):
    report = parse_report(f"{title}\n{OPENING}\n{PARTS}")
    assert report.title == title and report.unit == unit


def test_a_title_over_two_lines_is_joined():
    report = parse_report(
        f"中共桃源县委  桃源县人民政府\n关于2023年法治政府建设情况的报告\n{OPENING}\n{PARTS}"
    )
    assert report.title == "中共桃源县委  桃源县人民政府关于2023年法治政府建设情况的报告"
    assert report.unit == "桃源县人民政府" and report.level == "县"


def test_a_page_copied_without_line_breaks_keeps_its_title_unit_and_parts():
    filler = "严格落实重大行政决策程序规定，推进行政执法“三项制度”。" * 30
    text = (
        "公文之家—范文每日更新www.gwzj.com湖南省人民政府关于2023年度法治政府建设情况的报告"
        f"2023年，省政府坚持以习近平法治思想为指导。{filler}一、坚持党的领导{filler}"
        f"二、存在的不足和原因{filler}三、2024年工作安排{filler}"
    )
    report = parse_report(text)
    body = [s.key for s in report.sections if s.key not in ("preamble", "closing")]
    assert report.title == "湖南省人民政府关于2023年度法治政府建设情况的报告"
    assert report.unit == "湖南省人民政府" and report.level == "省"
    assert body[:3] == ["achievements", "shortcomings", "plans"]
