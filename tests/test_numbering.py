import pytest

from assistant.text.numbering import heading_level, marker, ordinal, renumber, split_run_in_heading


@pytest.mark.parametrize(
    "line, level",
    [
        ("一、主要举措和成效", 1),
        ("第二部分 存在的不足", 1),
        ("## 三、下一年安排", 1),
        ("（一）加强组织领导", 2),
        ("(二)规范执法", 2),
        ("1.健全制度", 3),
        ("2、完善机制", 3),
        ("3．强化监督", 3),
        ("（1）公众参与", 4),
        ("(2)专家论证", 4),
        ("一、二季度共办理案件12件。", None),
        ("3.5万元用于普法。", None),
        ("一是加强学习。", None),
    ],
)
def test_heading_level_reads_each_marker(line, level):
    assert heading_level(line) == level


@pytest.mark.parametrize(
    "line, split",
    [
        (
            "（一）坚持高标站位，加强组织领导。局党组召开会议3次。",
            ("（一）坚持高标站位，加强组织领导。", "局党组召开会议3次。"),
        ),
        ("一、主要举措和成效", ("一、主要举措和成效", "")),
        ("1.规范执法。全面落实三项制度。", ("1.规范执法。", "全面落实三项制度。")),
        ("（1）公众参与。", ("（1）公众参与。", "")),
        ("普通段落。", ("", "普通段落。")),
        ("（二）" + "长" * 50 + "。正文", ("", "（二）" + "长" * 50 + "。正文")),
    ],
)
def test_split_run_in_heading_cuts_a_short_heading_sentence_at_any_level(line, split):
    assert split_run_in_heading(line) == split


@pytest.mark.parametrize(
    "n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九")]
)
def test_ordinal_writes_chinese_numerals(n, text):
    assert ordinal(n) == text


@pytest.mark.parametrize(
    "level, n, text", [(1, 2, "二、"), (2, 12, "（十二）"), (3, 3, "3."), (4, 4, "（4）")]
)
def test_marker_of_each_level(level, n, text):
    assert marker(level, n) == text


@pytest.mark.parametrize(
    "before, under, after",
    [
        ("一、甲\n二、乙\n四、丙", 0, "一、甲\n二、乙\n三、丙"),
        ("一、甲\n1.子一\n2.子二\n二、乙\n1.子三", 0, "一、甲\n（一）子一\n（二）子二\n二、乙\n（一）子三"),
        ("1.甲\n（1）细\n2.乙", 1, "（一）甲\n1.细\n（二）乙"),
        ("1.甲\n2.乙", 0, "1.甲\n2.乙"),
        ("（一）甲\n1.子\n3.子\n（三）乙\n2.子", 1, "（一）甲\n1.子\n2.子\n（二）乙\n1.子"),
        ("## **三、甲**\n正文。", 0, "## **一、甲**\n正文。"),
    ],
)
def test_renumber_numbers_in_sequence_and_fills_a_missing_level(before, under, after):
    assert renumber(before, under=under) == after
