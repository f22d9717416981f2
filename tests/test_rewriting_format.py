"""规范格式 and the explicit-year preset on passages as clerks paste them."""

import pytest

from assistant.rewriting import Rewriter, apply_offline_preset, formal_punctuation

PASSAGE = """一、2024年推进法治政府建设的主要举措和成效
\u3000\u3000（一）强化组织领导.全年召开专题会议3次,研究法治建设重点工作;
\u3000\u3000(二)完善制度体系:审核规范性文件12件,合法性审核率达100%.
\u3000\u30001.开展"八五"普法中期评估,群众知晓率达93.5%.
\u3000\u30003.推进"放管服"改革,详见https://www.gov.cn/zhengce/a.html,办理时限压缩3.5天!
\u3000\u3000（三）加强执法监督(详见附件1).
\u3000\u3000（五）化解矛盾纠纷?全年办理行政复议案件26件."""

EXPECTED = """一、2024年推进法治政府建设的主要举措和成效
\u3000\u3000（一）强化组织领导。全年召开专题会议3次，研究法治建设重点工作；
\u3000\u3000（二）完善制度体系：审核规范性文件12件，合法性审核率达100%。
\u3000\u30001.开展“八五”普法中期评估，群众知晓率达93.5%。
\u3000\u30002.推进“放管服”改革，详见https://www.gov.cn/zhengce/a.html，办理时限压缩3.5天！
\u3000\u3000（三）加强执法监督（详见附件1）。
\u3000\u3000（四）化解矛盾纠纷？全年办理行政复议案件26件。"""


def test_formal_format_keeps_chinese_ordinals_renumbers_and_converts_punctuation():
    assert apply_offline_preset("规范格式", PASSAGE, 2024) == EXPECTED


@pytest.mark.parametrize(
    "before, after",
    [
        # indentation and Markdown/bold markup before the number stay; the number is not doubled
        ("\u3000\u3000（一）甲。\n\u3000\u3000（一）乙。", "\u3000\u3000（一）甲。\n\u3000\u3000（二）乙。"),
        ("### （一）强化组织领导\n**（三）完善制度**", "### （一）强化组织领导\n**（二）完善制度**"),
        ("（九）甲\n（九）乙\n（十一）丙", "（一）甲\n（二）乙\n（三）丙"),
        ("一.基本情况\n二.存在问题", "一、基本情况\n二、存在问题"),
    ],
)
def test_headings_are_renumbered_in_place_with_their_own_numerals(before, after):
    assert apply_offline_preset("规范格式", before, 2024) == after


@pytest.mark.parametrize(
    "text",
    [
        "English text: Hello, world. OK!",
        'She said "don\'t" (really).',
        "version 1.2.3, f(x) = 3:1",
        "https://www.gov.cn/a.html?x=1,2;y=(3)",
    ],
)
def test_latin_text_numbers_and_urls_keep_their_punctuation(text):
    assert formal_punctuation(text) == text


@pytest.mark.parametrize(
    "before, after",
    [
        ("比例为3:1,时间8:30,金额1,000元,增长3.5%.", "比例为3:1，时间8:30，金额1,000元，增长3.5%。"),
        (
            '通过ISO 9001(2015版)认证,开展"ISO"培训,函数f(x)不变.',
            "通过ISO 9001（2015版）认证，开展“ISO”培训，函数f(x)不变。",
        ),
        (
            "等等...详见www.gov.cn/x.html,或发邮件至fz@sft.gov.cn.",
            "等等……详见www.gov.cn/x.html，或发邮件至fz@sft.gov.cn。",
        ),
        ("落实'谁执法谁普法'责任制,共12.", "落实‘谁执法谁普法’责任制，共12。"),
    ],
)
def test_half_width_marks_in_chinese_text_become_full_width(before, after):
    assert formal_punctuation(before) == after


@pytest.mark.parametrize("preset", ["改为2024年口径", "改为 2024 年口径", "调整为2024年度口径"])
def test_an_explicit_year_works_as_preset_as_custom_request_and_directly(preset):
    text = "2023年共审核规范性文件12件，明年将继续。"
    expected = "2024年共审核规范性文件12件，2025年将继续。"
    assert Rewriter(None, None).rewrite(text, preset=preset).text == expected
    by_request = Rewriter(None, None).rewrite(text, instruction=preset)  # no LLM configured
    assert by_request.text == expected and by_request.mode == "offline"
    assert apply_offline_preset(preset, text, None) == expected


def test_an_explicit_year_in_plans_is_the_plans_own_year():
    result = Rewriter(None, None).rewrite("2024年将深化执法监督。", preset="改为2025年口径", section="plans")
    assert result.text == "2025年将深化执法监督。"
    assert not [f for f in result.findings if f.kind == "year"]
