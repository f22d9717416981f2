import pytest

from assistant.compose.drafter import Drafter, clean_model_text
from assistant.errors import LLMError
from assistant.library.facade import Library
from assistant.llm.fakes import FakeChatModel
from assistant.search import PrecedentSearch
from assistant.text.sections import standard_heading
from assistant.types import PART_KEYS, DraftRequest
from tests.helpers import FACTS, SEEDS, UNIT, make_settings
from vectorstore.embeddings import FakeEmbedder

REQUEST = DraftRequest(unit=UNIT, year=2024, level="县", facts=FACTS)


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    library = Library(make_settings(tmp_path_factory.mktemp("lib")), FakeEmbedder())
    library.add_paths(SEEDS)
    return PrecedentSearch(library)


def test_offline_draft_has_the_four_standard_parts_with_the_right_years(search):
    draft = Drafter(search, None).draft(REQUEST).draft
    assert draft.mode == "offline" and draft.title == "某县司法局关于2024年法治政府建设情况的报告"
    assert [p.key for p in draft.parts] == list(PART_KEYS)
    assert [p.heading for p in draft.parts] == [standard_heading(k, 2024) for k in PART_KEYS]
    assert draft.parts[3].heading.startswith("四、2025年")


def test_offline_draft_uses_the_facts_and_marks_gaps_instead_of_inventing(search):
    draft = Drafter(search, None).draft(DraftRequest(unit=UNIT, year=2024, facts="审核规范性文件12件")).draft
    achievements, shortcomings = draft.parts[0].text, draft.parts[1].text
    assert "（一）完善依法行政制度体系。" in achievements and "审核规范性文件12件。" in achievements
    assert "【待补充" in shortcomings
    assert not [f for f in draft.findings if "未出现在您提供的事实材料中" in f.message]


def test_offline_draft_attaches_precedents_beside_parts_not_inside(search):
    outcome = Drafter(search, None).draft(REQUEST)
    for part in outcome.draft.parts:
        assert part.sources and len(part.sources) == len(outcome.precedents[part.key])
        for hit in outcome.precedents[part.key]:
            assert hit.chunk.section == part.key
            assert hit.chunk.text[:30] not in part.text


def test_offline_draft_turns_today_into_the_report_year(search):
    draft = Drafter(search, None).draft(REQUEST).draft
    assert "今年" not in draft.parts[0].text and "2024年组织全局干部集中学法6次" in draft.parts[0].text


def test_each_llm_call_carries_unit_year_facts_previous_part_and_labelled_precedents(search):
    model = FakeChatModel(["第一部分正文。[S1]", "第二部分。", "第三部分。", "第四部分。"])
    previous = SEEDS[0].read_text(encoding="utf-8")
    Drafter(search, model).draft(DraftRequest(unit=UNIT, year=2024, facts=FACTS, previous=previous))
    assert len(model.calls) == 4
    system, user = model.calls[0]
    assert UNIT in system and "2024 年" in system and "合法性审核率100%" in user
    assert "[S1]" in user and "[S4]" in user and "<<<范例" in user
    assert "中心组共集中学习法律法规6次" in user  # last year's achievements part
    plans_system, plans_user = model.calls[3]
    assert "2025 年" in plans_system and "深化行政执法协调监督" in plans_user


def test_cited_ids_become_sources_and_invented_ids_are_dropped(search):
    model = FakeChatModel(["学法6次。[S2] 复议35件。[S9]", "二。", "三。", "四。"])
    draft = Drafter(search, model).draft(REQUEST).draft
    first = draft.parts[0]
    assert [s.id for s in first.sources] == ["S2"]
    assert "[S" not in first.text and first.text == "学法6次。复议35件。"


def test_a_failing_llm_keeps_the_parts_already_drafted(search):
    model = FakeChatModel(["一部分。", "二部分。", LLMError("服务器错误 500")])
    draft = Drafter(search, model).draft(REQUEST).draft
    assert [p.key for p in draft.parts] == ["achievements", "shortcomings"]
    assert draft.errors and "500" in draft.errors[0] and "已保留" in draft.errors[0]
    assert any(f.message.startswith("缺少") or "缺" in f.message for f in draft.findings)


def test_planted_place_name_and_invented_figure_are_found(search):
    planted = "（一）加强学习。组织学法6次，参照山西做法开展培训18次。"
    model = FakeChatModel([planted, "不足。", "履职。", "安排。"])
    draft = Drafter(search, model).draft(REQUEST).draft
    part = draft.parts[0]
    spans = {part.text[f.start : f.end]: f for f in draft.findings if f.part == "achievements"}
    assert spans["山西"].severity == "error"
    assert "18次" in spans and "6次" not in spans


def test_clean_model_text_strips_markup_heading_and_thinking():
    raw = "<think>先想想</think>## 一、2024年推进法治政府建设的主要举措和成效\n**（一）学法。** 学法6次。[S1]"
    text, cited = clean_model_text(raw, "一、2024年推进法治政府建设的主要举措和成效", 3)
    assert text == "（一）学法。学法6次。" and cited == {"S1"}


def test_missing_unit_is_a_chinese_error(search):
    with pytest.raises(Exception, match="单位名称"):
        Drafter(search, None).draft(DraftRequest(unit=" ", year=2024))


def test_facts_file_title_line_and_labels_are_not_facts():
    from assistant.compose.facts import split_facts, strip_label

    items = split_facts("某县司法局2024年法治政府建设工作要点（草稿）\n- 学法6次\n2. 复议35件")
    assert items == ["学法6次", "复议35件"]
    assert strip_label("存在不足：执法力量薄弱") == "执法力量薄弱" and strip_label("时间：3月") == "时间：3月"


def test_a_retry_keeps_the_parts_already_drafted_and_calls_the_model_for_the_rest(search):
    first = Drafter(search, FakeChatModel(["一部分。", LLMError("超时")])).draft(REQUEST).draft
    model = FakeChatModel(["二部分。", "三部分。", "四部分。"])
    again = Drafter(search, model).draft(REQUEST, keep=first.parts, repair=False).draft
    assert [p.text for p in again.parts] == ["一部分。", "二部分。", "三部分。", "四部分。"]
    assert len(model.calls) == 3 and not again.errors


def test_offline_shortcomings_listed_in_one_line_stay_one_shortcoming_with_one_placeholder(search):
    facts = "存在不足：基层执法人员法治素养有待提高，行政执法监督力量薄弱"
    part = Drafter(search, None).draft(DraftRequest(unit=UNIT, year=2024, facts=facts)).draft.parts[1]
    assert (
        "一是在严格规范公正文明执法方面，基层执法人员法治素养有待提高，行政执法监督力量薄弱。【待补充：原因分析】二是"
        in part.text
    )
    assert part.text.count("原因分析") == 1


def test_clean_model_text_keeps_redaction_marks_for_the_checks_to_find():
    text, _ = clean_model_text("在**市**区开展宣传，覆盖约*****份资料。**重点工作**已完成。", "", 0)
    assert text == "在**市**区开展宣传，覆盖约*****份资料。重点工作已完成。"


@pytest.mark.parametrize(
    "fact, part",
    [
        ("审核拟出台的规范性文件12件", "achievements"),
        ("完成年度普法计划，开展宣传活动18场", "achievements"),
        ("下一步：加强执法队伍建设，着力解决基层执法力量不足的问题", "plans"),
        ("存在不足：执法力量薄弱", "shortcomings"),
        ("2025年拟于上半年出台执法监督办法", "plans"),
        ("局长带头述法", "leadership"),
    ],
)
def test_facts_are_sorted_into_the_right_part(fact, part):
    from assistant.compose.facts import part_of

    assert part_of(fact, 2024) == part


def test_precedents_in_the_prompt_are_masked_and_cut_at_sentence_ends(search):
    import re

    model = FakeChatModel(["正文。"], repeat_last=True)
    Drafter(search, model).draft(REQUEST, repair=False)
    user = model.calls[0][1]
    block = user.split("<<<范例", 1)[1].split("范例>>>", 1)[0]
    assert "[S1]" in block
    assert not re.search(r"\d+\s*(?:次|件|人|%|个|场|家|份)", block)
    foreign = search.library.foreign_names({UNIT})
    assert not [name for name in foreign if len(name) > 2 and name in block]
    for reference in re.split(r"\[S\d+\] ", block)[1:]:
        assert reference.strip()[-1] in "。！？；”’」）…"


def test_the_prompt_speaks_of_the_unit_naturally_and_scales_length_with_the_facts(search):
    model = FakeChatModel(["正文。"], repeat_last=True)
    Drafter(search, model).draft(
        DraftRequest(unit="某县司法局", year=2024, facts="审核规范性文件12件"), repair=False
    )
    system, user = model.calls[0]
    assert "县级政府部门" in system and "（县级）" not in system and "自称“我局”" in system
    assert "宁短勿凑" not in system + user and "不超过" not in user
    assert "约1250字" in user  # county level, one fact: compose.lengths
