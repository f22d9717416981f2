import re

import pytest

from assistant.text.script import CJK, HAN, full_width_marks, strip_markdown, to_full_width_punctuation


@pytest.mark.parametrize(
    "char, han, cjk",
    [
        ("法", True, True),
        ("㐀", True, True),
        ("豈", True, True),
        ("。", False, True),
        ("，", False, True),
        ("a", False, False),
        ("1", False, False),
    ],
)
def test_cjk_class_covers_ideographs_punctuation_and_full_width_forms(char, han, cjk):
    assert (bool(re.fullmatch(HAN, char)), bool(re.fullmatch(CJK, char))) == (han, cjk)


@pytest.mark.parametrize(
    "before, after",
    [
        ("开展培训,强化学习;效果:良好", "开展培训，强化学习；效果：良好"),
        ("是否落实?已落实!", "是否落实？已落实！"),
        ("通过ISO(2015版)认证.", "通过ISO（2015版）认证。"),
        ('开展"法治进社区"活动...', "开展“法治进社区”活动……"),
        ("增长3.5%.", "增长3.5%。"),
        ("共12.", "共12。"),
        ("出庭率达100%.", "出庭率达100%。"),
        ("详见 https://www.gov.cn/a,b.html.", "详见 https://www.gov.cn/a,b.html。"),
        ("联系 fazhi@example.gov.cn 咨询", "联系 fazhi@example.gov.cn 咨询"),
        ('version 1,2 said "OK" f(x).', 'version 1,2 said "OK" f(x).'),
    ],
)
def test_to_full_width_punctuation_changes_chinese_text_only(before, after):
    assert to_full_width_punctuation(before) == after


def test_full_width_marks_leave_latin_text_alone():
    assert full_width_marks("开展培训,强化学习 version 1,2") == "开展培训，强化学习 version 1,2"


@pytest.mark.parametrize(
    "line, inline, after",
    [
        ("## 一、主要举措", True, "一、主要举措"),
        ("**（一）加强领导**", False, "（一）加强领导"),
        ("- 开展**专项**检查", True, "开展专项检查"),
        ("> 参考[纲要](http://x)", True, "参考纲要"),
        ("涉**地产、**村问题", False, "涉**地产、**村问题"),
        ("约*****份", True, "约*****份"),
    ],
)
def test_strip_markdown_removes_markup_but_keeps_redaction_stars(line, inline, after):
    assert strip_markdown(line, inline=inline) == after
