"""Published text as it comes from government websites: furniture lines go, the report's own
lines stay, traditional characters are converted (and said so), the unit and its level are found
however the report names itself, and part 一 is a standard part whatever its heading."""

from __future__ import annotations

import pytest

from assistant.parsing.structure import parse_report
from assistant.parsing.units import infer_level, normalise_level
from assistant.parsing.webclean import CONVERTED_WARNING, clean_published, is_furniture

BODY = (
    "2022年，东城街道深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下：\n"
    "一、深学笃用习近平法治思想，全力推动法治政府建设\n"
    "（一）加强组织领导。街道党工委召开专题会议4次，研究部署法治建设工作。\n"
    "二、存在的不足和原因\n"
    "基层执法人员法治素养有待提高。\n"
    "三、2023年工作安排\n"
    "深化行政执法协调监督工作体系建设。"
)


@pytest.mark.parametrize(
    "line",
    [
        "今天是:2019年10月31日 星期三 农历十月初七",
        "2023年3月1日 星期三",
        "星期三 2023年3月1日",
        "您所在的位置:政务公开 > 工作报告",
        "您当前的位置: 首页>政务公开>政府信息公开目录>法治政府建设年度报告 >区市场监管局",
        "当前位置:首页 > 专题专栏 > 法治深圳建设 > 法治政府建设考评",
        "首页 > 文件通知",
        "文章来源:司法局 更新时间:2021/03/29 11:30:01",
        "来源:区司法局 发布时间:2022-03-17 15:11",
        "时间:2023-02-28 15:36 浏览量:1",
        "日期:2023-03-31 10:00    来源:北京市海淀区人民政府",
        "发布时间:2025-02-25 14:31:36",
        "来源:湖南省政府门户网站 发布时间:2021-03-28 08:58 浏览次数:1",
        "信息来源:深圳市卫生健康委员会 信息提供日期:2020-12-31 15:53 【字体: 视力保护色:",
        "索引号：11350500MB0000000X/2023-00012",
        "发文机关：某某县人民政府",
        "主题分类：政府工作报告",
        "字号: [小] [大] 【打印正文】",
        "字号：大 中 小",
        "文章来源: 发布时间:2017年12月13日 字号:【小】 【大】",
        "打印 打印",
        "纠错 纠错",
        "【打印本页】【关闭窗口】",
        "分享到:",
        "分享到",
        "人工智能朗读:",
        "(欢迎您)注销",
        "进入关怀版",
        "请点击右上角 选择浏览器打开",
        "中华人民共和国国徽",
        "深圳市南山区人民政府网站",
        "网站支持IPv6",
        "政务邮箱 移动门户 广东省司法厅 深圳市司法局微信 深圳市司法局微博 数据开放 无障碍浏览",
    ],
)
def test_a_web_page_furniture_line_is_removed(line):
    assert is_furniture(line)
    assert line not in clean_published(line + "\n" + BODY).text.split("\n")


@pytest.mark.parametrize(
    "line",
    [
        "关于2022年法治政府建设工作情况的报告",
        "台政办字〔2022〕1号",
        "一、2022年推进法治政府建设的主要举措和成效",
        "（一）加强组织领导",
        "区委、区政府：",
        "2023年1月15日",
        "某某县人民政府",
        "基层执法人员法治素养有待提高。",
        "（三）加强政府网站建设",
        "开展法治星期五活动",
        "4.数字政府门户",
        "开展“4.15”全民国家安全教育日、“12·4宪法日”等宣传教育活动，全办同志学法尊法守法用法。",
    ],
)
def test_a_line_of_the_report_is_kept(line):
    assert not is_furniture(line)
    assert line in clean_published(line + "\n" + BODY).text.split("\n")


def test_a_spam_suffix_after_the_title_is_cut():
    report = parse_report("某某县司法局关于2022年法治政府建设情况的报告-某某娱乐\n" + BODY)
    assert report.title == "某某县司法局关于2022年法治政府建设情况的报告"
    assert report.unit == "某某县司法局"


def test_pinyin_glosses_left_by_a_converter_are_removed():
    assert clean_published("深刻領(lǐng)會法治政府建設(shè)").text == "深刻领会法治政府建设"


def test_traditional_text_is_converted_and_the_report_says_so():
    report = parse_report(
        "2021年，司法部堅持以習近平新時代中國特色社會主義思想為指導，深入學習貫徹習近平法治思想。\n"
        "一、加強黨對法治政府建設的領導，確保法治政府建設正確方向\n"
        "司法部黨組堅持和加強黨對法治政府建設的領導。"
    )
    assert report.unit == "司法部" and report.level == "部门" and report.year == 2021
    assert CONVERTED_WARNING in report.warnings
    assert report.sections[1].key == "achievements" and "加强党对法治政府建设" in report.sections[1].heading


def test_simplified_text_gets_no_conversion_warning():
    assert CONVERTED_WARNING not in parse_report(BODY).warnings


@pytest.mark.parametrize(
    "front",
    [
        ["重庆市潼南区生态环境局", "关于2024年法治政府建设情况的报告"],
        ["重庆市潼南区生态环境局关于2024年", "法治政府建设", "情况的报告"],
        ["工作报告", "重庆市潼南区生态环境局关于2024年法治政府建设情况的报告"],
        [
            "重庆市潼南区生态环境局关于2024年法治政府建设情况的报告",
            "重庆市潼南区生态环境局",
            "关于2024年法治政府建设情况的报告",
        ],
    ],
)
def test_a_title_wrapped_over_lines_or_repeated_is_one_title(front):
    report = parse_report("\n".join(front) + "\n" + BODY)
    assert report.title == "重庆市潼南区生态环境局关于2024年法治政府建设情况的报告"
    assert report.unit == "重庆市潼南区生态环境局" and report.level == "部门"
    assert report.sections[0].key == "preamble" and report.sections[0].text.startswith("2022年")


@pytest.mark.parametrize(
    "opening, unit",
    [
        ("2022年，司法部坚持以习近平法治思想为指导，扎实推进法治政府建设。", "司法部"),
        ("东城街道深入学习贯彻习近平法治思想，扎实推进法治政府建设。", "东城街道"),
        ("2022年，在市委、市政府和区委坚强领导下，密云区政府坚持以习近平法治思想为指导。", "密云区政府"),
        ("2025年，银杏大街街道在文峰区委、区政府的正确领导下，紧紧围绕中心工作。", "银杏大街街道"),
        (
            "2022年以来，在县委、县政府的坚强领导下，中共高显镇党委、高显镇人民政府以习近平思想为指导。",
            "高显镇",
        ),
        ("根据工作要求，现将我街道2022年度法治政府建设情况报告如下：", ""),
        ("2024年，广东坚持以习近平新时代中国特色社会主义思想为指导。", "广东省"),
        ("2022年以来，烟台人力资源和社会保障局坚持以习近平法治思想为指导。", "烟台市人力资源和社会保障局"),
        ("2024年，区教育局认真学习贯彻《关于印发〈杭州市上城区2024年工作要点〉的通知》。", "上城区教育局"),
        ("2022年，区政府坚持以习近平思想为指导。成立铜梁区深学笃用习近平法治思想宣讲团。", "铜梁区"),
        ("现将区生态环境局2024年法治政府建设情况报告如下。", "区生态环境局"),
        (
            "根据中共重庆市潼南区委全面依法治区委员会办公室《通知》要求，现将区生态环境局2024年法治政府建设情况报告如下。",
            "潼南区生态环境局",
        ),
        ("2021，在市委、市政府的坚强领导下，按照市委的部署安排，渝中区坚持以习近平思想为指导。", "渝中区"),
        (
            "2020年，在省委坚强领导下，省政府坚持依法行政，落实习近平总书记关于湖南工作的重要讲话精神。",
            "湖南省",
        ),
        ("2021年，在市委直接领导下全市各级行政机关坚持依法行政，落实对重庆提出的要求。", "重庆市"),
    ],
)
def test_the_unit_is_found_where_the_report_names_itself(opening, unit):
    assert parse_report(opening + "\n" + BODY.split("\n", 1)[1]).unit == unit


def test_a_partner_place_does_not_complete_a_relative_name():
    text = "2023年以来，区市场监管局坚持依法行政。\n一、2023年工作情况\n向四川省成都市新都区、成华区市场监督管理局通报案件线索10件。"
    assert parse_report(text).unit == "区市场监管局"


def test_the_unit_of_the_signature_block_is_used_when_nothing_else_names_it():
    text = "一、主要举措和成效\n扎实推进依法行政，完成规范性文件审核12件。\n某某县交通运输局\n2023年1月15日"
    assert parse_report(text).unit == "某某县交通运输局"


@pytest.mark.parametrize(
    "unit, level",
    [
        ("重庆市人民政府", "省"),
        ("广东省", "省"),
        ("广州市人民政府", "市"),
        ("淄博市政府", "市"),
        ("静海区", "县"),
        ("杭州市西湖区人民政府", "县"),
        ("金平县政府", "县"),
        ("泉州市鲤城区金龙街道办事处", "乡镇"),
        ("贤庠镇人民政府", "乡镇"),
        ("中村乡", "乡镇"),
        ("司法部", "部门"),
        ("广东省卫生健康委员会", "部门"),
        ("区政府办公室", "部门"),
        ("江门市交通运输局", "部门"),
        ("", ""),
    ],
)
def test_the_level_follows_from_the_unit(unit, level):
    assert infer_level(unit) == level


@pytest.mark.parametrize(
    "value, level",
    [
        ("province", "省"),
        ("city", "市"),
        ("district-county", "县"),
        ("township", "乡镇"),
        ("department", "部门"),
        ("乡镇", "乡镇"),
        ("村", ""),
    ],
)
def test_levels_are_accepted_in_chinese_or_as_the_english_keys(value, level):
    assert normalise_level(value) == level


def test_a_department_known_only_as_wo_ju_is_a_department():
    text = "2020年，我局坚持以习近平新时代中国特色社会主义思想为指导。\n一、落实法治建设第一责任人职责\n局党组研究法治工作4次。"
    report = parse_report(text)
    assert report.unit == "" and report.level == "部门"


@pytest.mark.parametrize(
    "heading",
    [
        "一、深学笃用习近平法治思想，全力推动法治政府建设",
        "一、依法全面履行政府职能",
        "一、工作总体完成情况",
        "一、2016年法治政府建设基本情况",
    ],
)
def test_part_one_with_a_topical_heading_is_the_achievements(heading):
    report = parse_report(f"2022年，某某县司法局坚持依法行政。\n{heading}\n完成规范性文件审核12件。")
    assert [s.key for s in report.sections] == ["preamble", "achievements"]


def test_the_first_part_is_other_only_when_it_says_so():
    report = parse_report("一、其他需要报告的情况\n无。\n二、2023年工作安排\n继续推进。")
    assert report.sections[0].key == "other"


def test_a_merged_achievements_and_shortcomings_part_is_split_at_its_shortcomings():
    text = (
        "一、2022年推进法治政府建设主要举措、成效和不足\n"
        "（一）强化组织领导。召开专题会议4次。\n"
        "（二）存在的不足\n"
        "基层执法人员法治素养有待提高。\n"
        "二、2023年推进法治政府建设的主要安排\n"
        "深化行政执法协调监督工作体系建设。"
    )
    keys = [s.key for s in parse_report(text).sections]
    assert keys == ["achievements", "shortcomings", "plans"]
