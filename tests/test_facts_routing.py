"""Facts routed as a clerk means them: headings label, labels stripped, transitions and examples
joined, plans never written as work done; sentences repaired."""

from assistant.compose.drafter import Drafter
from assistant.compose.facts import as_sentence
from assistant.compose.routing import route_facts
from assistant.types import DraftRequest

SUMMARY = """青山镇2024年工作总结
2024年，我镇在县委、县政府的坚强领导下，扎实推进各项工作。现将有关情况总结如下：
一、主要工作
（一）强化组织领导。镇党委书记主持召开法治建设专题会议3次。
（二）推进依法行政。审核镇级规范性文件5件，合法性审核率100%。
二、存在问题
但是我们也清醒地认识到还存在一些问题。比如，村级法治宣传阵地建设滞后。
三、2025年工作安排
1. 加强村级法治宣传阵地建设。
2. 推进综合行政执法改革。
"""
BULLETS = """- 组织集中学法6次
存在问题：执法人员法治素养有待提高
2025年打算：推进执法规范化建设
四、2025年工作安排
- 开展执法培训
- 完成案卷评查
"""


def test_a_work_summary_with_headings_is_mapped_to_the_parts():
    routed = route_facts(SUMMARY, 2024)
    assert routed["achievements"][-1] == "审核镇级规范性文件5件，合法性审核率100%。"
    assert routed["shortcomings"] == ["村级法治宣传阵地建设滞后。"]
    assert routed["plans"] == ["加强村级法治宣传阵地建设。", "推进综合行政执法改革。"]
    every = [f for items in routed.values() for f in items]
    assert not [f for f in every if "主要工作" in f or "工作安排" in f or "认识到" in f or "总结如下" in f]


def test_labels_are_stripped_and_bullets_under_a_plans_heading_never_reach_part_one():
    routed = route_facts(BULLETS, 2024)
    assert routed["achievements"] == ["组织集中学法6次"]
    assert routed["shortcomings"] == ["执法人员法治素养有待提高"]
    assert routed["plans"] == ["推进执法规范化建设", "开展执法培训", "完成案卷评查"]


def test_a_messy_paragraph_splits_and_an_example_joins_the_item_it_illustrates():
    text = "存在问题：执法力量薄弱。比如，部分村没有专职调解员。二是宣传不够深入。"
    routed = route_facts(text, 2024)
    assert routed["shortcomings"] == ["执法力量薄弱，比如，部分村没有专职调解员。", "宣传不够深入。"]


def test_a_sentence_closing_on_a_quote_gets_its_full_stop_and_years_are_not_doubled():
    assert as_sentence("推进新时代“枫桥经验”") == "推进新时代“枫桥经验”。"
    assert as_sentence("他说“要依法办事。”") == "他说“要依法办事。”"
    assert as_sentence("2024年以来，2024年以来开展培训") == "2024年以来开展培训。"


def test_eleven_topics_and_eleven_items_are_numbered_without_running_out():
    facts = "\n".join(f"审核规范性文件{n}件" for n in range(1, 13))
    draft = Drafter(None, None).draft(DraftRequest(unit="某县司法局", year=2024, facts=facts)).draft
    assert "十一是" in draft.parts[0].text and "十二是" in draft.parts[0].text


def test_facts_beyond_the_limit_are_refused_with_the_limit_named():
    import pytest

    from assistant.errors import AssistantError
    from assistant.limits import MAX_FACT_CHARS

    with pytest.raises(AssistantError, match=f"{MAX_FACT_CHARS:,}"):
        Drafter(None, None).draft(DraftRequest(unit="某县司法局", year=2024, facts="学法。" * MAX_FACT_CHARS))


def test_the_offline_draft_speaks_as_the_unit_and_marks_missing_reasons():
    request = DraftRequest(unit="某县青山镇人民政府", year=2024, level="乡镇", facts=SUMMARY)
    draft = Drafter(None, None).draft(request).draft
    assert "在县委、县政府的坚强领导下" in draft.preamble
    assert (
        "我镇也清醒地认识到" in draft.parts[1].text
        and "2024年的工作还存在一些不足" in draft.parts[1].text
        and "【待补充：原因分析】" in draft.parts[1].text
    )
    assert draft.parts[3].text.startswith("2025年，我镇将")
    assert "会议" not in draft.parts[2].text or "【待补充" in draft.parts[2].text


def test_topics_embed_facts_in_one_batch_within_the_budget():
    from assistant.compose.facts import EMBED_BUDGET, assign_topics
    from vectorstore.embeddings import FakeEmbedder

    embedder = FakeEmbedder()
    plain = [f"完成第{n}项重点任务" for n in range(EMBED_BUDGET + 40)]
    grouped = assign_topics(["审核规范性文件12件", *plain], embedder.embed)
    assert embedder.texts_embedded <= EMBED_BUDGET + 11 and embedder.calls <= 2
    assert (
        sum(len(v) for v in grouped.values()) == len(plain) + 1 and "审核规范性文件12件" in grouped["rules"]
    )
