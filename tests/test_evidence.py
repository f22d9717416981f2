"""compose.evidence: each checkable sentence linked to the fact lines it came from."""

from __future__ import annotations

from assistant.compose.evidence import evidence_for, evidence_table, sentence_spans, unsupported
from assistant.types import Draft, DraftPart

FACTS = """某县司法局2024年工作要点

- 局党组全年组织集中学法6次，举办习近平法治思想专题讲座2场
- 审核规范性文件12件，合法性审核率100%
- 开展“谁执法谁普法”宣传活动18场
- 局长主持召开党组会专题研究法治建设4次，年底向县委述法
"""
TEXT = (
    "2024年，我局组织集中学法6次，举办习近平法治思想专题讲座2场。全年审核规范性文件12件，合法性审核率达100%。\n"
    "我局召开全县执法工作推进会3次。我局坚持以习近平法治思想为指导，统筹推进各项工作。\n"
    "深入开展“谁执法谁普法”活动，营造良好氛围。局长主持召开党组会专题研究法治建设，年底向县委述法。"
    "我局出台了《行政执法责任制办法》。【待补充：培训次数】"
)
DRAFT = Draft("t", "某县司法局", 2024, "llm", (DraftPart("achievements", "一、", TEXT),))


def spans() -> dict[str, tuple[int, ...]]:
    return {TEXT[e.start : e.end]: e.facts for e in evidence_for(DRAFT, FACTS)}


def test_sentences_with_figures_point_at_the_lines_that_give_them() -> None:
    found = spans()
    assert found["2024年，我局组织集中学法6次，举办习近平法治思想专题讲座2场。"] == (3,)
    assert found["全年审核规范性文件12件，合法性审核率达100%。"] == (4,)


def test_named_activities_and_meetings_without_a_figure_are_linked_by_their_words() -> None:
    found = spans()
    assert found["深入开展“谁执法谁普法”活动，营造良好氛围。"] == (5,)
    assert found["局长主持召开党组会专题研究法治建设，年底向县委述法。"] == (6,)


def test_invented_meetings_documents_and_figures_are_listed_as_unsupported() -> None:
    missing = [TEXT[e.start : e.end] for e in unsupported(evidence_for(DRAFT, FACTS))]
    assert missing == ["我局召开全县执法工作推进会3次。", "我局出台了《行政执法责任制办法》。"]


def test_plain_framing_sentences_and_placeholders_are_not_claims() -> None:
    found = spans()
    assert "我局坚持以习近平法治思想为指导，统筹推进各项工作。" not in found
    assert not any("【待补充" in sentence for sentence in found)


def test_spans_are_offsets_into_the_parts_text_across_paragraphs() -> None:
    for start, end, sentence in sentence_spans(TEXT):
        assert TEXT[start:end] == sentence


def test_the_table_lists_each_sentence_with_its_lines_and_the_unsupported_count() -> None:
    table = evidence_table(DRAFT, evidence_for(DRAFT, FACTS), FACTS)
    assert table.startswith("## 事实依据") and "第4行：审核规范性文件12件，合法性审核率100%" in table
    assert table.count("未找到依据") == 2 and "其中 2 句在事实材料中找不到依据" in table
