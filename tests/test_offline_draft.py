"""The offline draft as a product: the county bureau's 8 fact lines and the seed library give a
report of ≥ 1,500 characters in standard phrasing, honest and free of copy findings."""

import re
from pathlib import Path

import pytest

from assistant.compose.drafter import Drafter
from assistant.compose.offline_outline import draft_length
from assistant.compose.phrasing import shared_clauses, topic_openings
from assistant.library.facade import Library
from assistant.search import PrecedentSearch
from assistant.types import DraftRequest
from tests.helpers import SEEDS, make_settings
from vectorstore.embeddings import FakeEmbedder

COUNTY = (Path(__file__).parent / "fixtures" / "facts" / "county_bureau_numbered.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    library = Library(make_settings(tmp_path_factory.mktemp("lib")), FakeEmbedder())
    library.add_paths(SEEDS)
    return PrecedentSearch(library)


@pytest.fixture(scope="module")
def county(search):
    request = DraftRequest(unit="某县司法局", year=2024, level="县", facts=COUNTY)
    return Drafter(search, None).draft(request).draft


def test_the_county_bureau_offline_draft_reaches_1500_characters(county):
    assert draft_length(county) >= 1500 and sum(len(p.text) for p in county.parts) >= 1500
    assert [len(p.text) >= 150 for p in county.parts] == [True] * 4


def test_the_county_bureau_offline_draft_has_no_copy_finding_and_no_other_units_name(county, search):
    assert not [f for f in county.findings if f.kind in ("copy", "name")]
    units = {d.unit for d in search.library.documents()}
    text = county.preamble + "".join(p.text for p in county.parts)
    assert not [u for u in units if u and u in text]


def test_the_county_bureau_offline_draft_states_only_the_facts_figures(county):
    numbers = re.compile(r"\d+(?:\.\d+)?")
    stated = set(numbers.findall(re.sub(r"^\d+\.\s*", "", COUNTY, flags=re.MULTILINE)))
    written = set(numbers.findall("".join(p.text for p in county.parts)))
    assert written - stated <= {"2024", "2025"} and stated <= written
    assert "配齐执法记录仪" in county.parts[3].text and "针对执法装备不足" in county.parts[3].text


def test_standard_phrasing_is_wording_many_units_share_never_one_units_own():
    shared = "坚持把党的领导贯穿法治政府建设全过程，严格落实第一议题和理论学习中心组学法制度"
    documents = [
        (f"单位{n}", f"一年来，{shared}，第{n}项独有的说法是本单位自己写的句子{n}号。") for n in range(1, 5)
    ]
    documents.append(("单位5", "只有一家单位这样写的一句话不应被当成标准表述。"))
    clauses = shared_clauses(documents)
    assert "坚持把党的领导贯穿法治政府建设全过程" in clauses
    assert not [c for c in clauses if "独有" in c or "只有一家" in c]
    assert topic_openings(clauses)["leadership_org"] == (
        "{me}坚持把党的领导贯穿法治政府建设全过程，严格落实第一议题和理论学习中心组学法制度。"
    )


def test_shared_wording_that_is_a_heading_an_organ_or_dated_never_becomes_phrasing():
    """What a real library of 72 reports shared before these rules: headings, 在区委、区政府的坚强领导下
    (one level's voice), 党的二十大, the preamble's 报告如下, half-width fragments."""
    junk = [
        "一、深入学习宣传贯彻习近平法治思想",
        "（一）加强法治政府建设工作领导",
        "一是深入学习贯彻习近平法治思想",
        "在区委、区政府的坚强领导下",
        "深入贯彻落实党的二十大精神",
        "深入学习贯彻党的二十届三中全会精神",
        "现将有关情况报告如下",
    ]
    documents = [(f"单位{n}", "。".join(junk) + f"。第{n}家单位自己的话。") for n in range(1, 6)]
    assert shared_clauses(documents) == []


def test_one_thin_or_repeated_shared_clause_is_no_opening():
    thin = topic_openings(["深入学习习近平法治思想", "专题学习习近平法治思想"])
    assert "leadership_org" not in thin


def test_part_three_follows_the_duties_and_states_a_duty_only_with_a_fact(county):
    from assistant.compose.phrasing import LEADERSHIP_DUTIES

    text = county.parts[2].text
    titles = [duty.title for duty in LEADERSHIP_DUTIES]
    assert [t for t in titles if t in text] == titles  # every duty, in the 规定's order
    for duty in LEADERSHIP_DUTIES:
        paragraph = next(line for line in text.splitlines() if duty.title in line)
        shown = "【待补充" not in paragraph
        assert (duty.lead in paragraph) == shown  # the standard sentence only above a fact
    # one line showing two duties is cut between them: 研究 under 部署, 述法 under 述法
    deploy = next(line for line in text.splitlines() if "亲自部署推动法治建设" in line)
    report = next(line for line in text.splitlines() if "述法述职" in line)
    assert "专题研究法治建设4次" in deploy and "述法" not in deploy.split("。", 2)[-1]
    assert "年底向县委述法" in report


def test_part_four_puts_each_plan_under_its_shortcomings_topic():
    request = DraftRequest(
        unit="某市市场监督管理局",
        year=2024,
        level="市",
        facts="存在不足：政务平台数据共享不畅\n2025年：建成政务平台二期，打通数据共享",
    )
    plans = Drafter(None, None).draft(request).draft.parts[3].text
    assert "加快推进数字法治政府建设。针对政务平台数据共享不畅的问题，建成政务平台二期" in plans
    assert "2025年：" not in plans


@pytest.mark.parametrize(
    "fact, pieces",
    [
        (
            "局长主持召开党组会专题研究法治建设4次，年底向县委述法",
            [(0, "局长主持召开党组会专题研究法治建设4次"), (2, "年底向县委述法")],
        ),
        (
            "局长带头学法，全年参加学法6次，督促班子成员述法",
            [(1, "局长带头学法，全年参加学法6次"), (3, "督促班子成员述法")],
        ),
        # never cut inside quotes, before a cause or a linked clause, or where a piece shows no duty
        ("局主要负责人以“学法用法，依法履职”为题讲授专题法治课1次", None),
        ("局主要负责人因故未能出庭应诉1次，主要是开庭时间与全县重要会议冲突", None),
        ("在县委全面依法治县委员会会议上，局长作述法报告", None),
        ("局长主持研究法治建设4次，并于年底向县委述法", None),
    ],
)
def test_a_leader_line_is_cut_only_between_whole_duties(fact, pieces):
    from assistant.compose.offline_outline import duty_of, duty_pieces

    assert duty_pieces(fact) == (pieces or [(duty_of(fact), fact)])


TRICKY = """局长主持研究法治建设4次，并于年底向县委述法
局主要负责人因故未能出庭应诉1次，主要是开庭时间与全县重要会议冲突
审核规范性文件12件
审核规范性文件12件
存在不足：在行政执法方面，执法监督力量薄弱
存在不足：执法案卷质量不高的问题仍然存在
下一步：明年开展执法人员轮训，提升执法素养
下一步：2025年度，加强执法案卷评查
明年将继续深化普法宣传"""


@pytest.fixture(scope="module")
def tricky():
    request = DraftRequest(
        unit="某县司法局", year=2024, level="县", facts=TRICKY, other="我局承接示范创建试点工作"
    )
    return {p.key: p.text for p in Drafter(None, None).draft(request).draft.parts}


def test_the_offline_draft_reads_right_on_a_clerks_awkward_lines(tricky):
    assert tricky["achievements"].count("审核规范性文件12件") == 1  # a repeated line said once
    assert "方面，在" not in tricky["shortcomings"] and "方面，行政执法方面" not in tricky["shortcomings"]
    assert "一是在行政执法方面，执法监督力量薄弱。" in tricky["shortcomings"]
    plans = tricky["plans"]
    assert "2026年" not in plans and "明年" not in plans  # 明年 of a plan is Y+1, said by the part already
    # short labelled lines are facts, not headings
    assert "开展执法人员轮训" in plans and "深化普法宣传" in plans
    assert "针对执法案卷质量不高的问题，加强执法案卷评查" in plans and "仍然存在" not in plans
    assert plans.count("不断提升严格规范公正文明执法水平") <= 1  # a topic's aim closes its subheading once
    assert tricky["other"] == "我局承接示范创建试点工作。"


def test_a_duty_the_facts_say_was_not_done_gets_no_standard_sentence(tricky):
    from assistant.compose.phrasing import LEADERSHIP_DUTIES

    text = tricky["leadership"]
    court = next(line for line in text.splitlines() if "支持行政应诉工作" in line)
    assert "未能出庭应诉1次" in court and LEADERSHIP_DUTIES[4].lead not in court
    assert "【待补充：年终述法情况】" not in text  # 述法 is in the 部署 line: not asked again


def test_each_topic_keyed_phrasing_table_names_real_topics():
    from assistant.compose.facts import TOPICS
    from assistant.compose.phrasing import OPENINGS, PLAN_HEADINGS, SHORTCOMING_AREAS, TOPIC_SHORT

    keys = {t.key for t in TOPICS}
    assert set(OPENINGS) == set(PLAN_HEADINGS) == set(SHORTCOMING_AREAS) == set(TOPIC_SHORT) == keys
