"""compose.lengths: 约N字 per part from level, facts and the clerk's 简要/标准/详细."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistant.compose.lengths import length_rule, part_targets
from assistant.drafts.store import DraftStore
from assistant.types import Draft, DraftRequest

COUNTY_BUREAU = {  # 8 fact lines routed as a county justice bureau's are
    "achievements": ["学法6次", "审核规范性文件12件", "行政复议35件", "评查案卷120卷", "普法18场"],
    "shortcomings": ["执法人员法治素养有待提高"],
    "leadership": ["局长主持研究法治建设4次"],
    "plans": ["开展执法人员轮训"],
}


def targets(level: str = "县", **fields: object) -> dict[str, int]:
    return part_targets(DraftRequest(unit="某县司法局", year=2024, level=level, **fields), COUNTY_BUREAU)  # type: ignore[arg-type]


def test_a_county_bureau_with_eight_facts_gets_a_full_report() -> None:
    found = targets()
    assert sum(found.values()) >= 2500
    assert min(found["shortcomings"], found["leadership"], found["plans"]) >= 300


def test_province_and_city_get_more_and_a_township_less() -> None:
    totals = {level: sum(targets(level).values()) for level in ("省", "市", "县", "乡镇")}
    assert totals["省"] > totals["市"] > totals["县"] > totals["乡镇"]


def test_more_facts_ask_for_more_words() -> None:
    more = {**COUNTY_BUREAU, "shortcomings": COUNTY_BUREAU["shortcomings"] * 3}
    request = DraftRequest(unit="某县司法局", year=2024)
    assert part_targets(request, more)["shortcomings"] > part_targets(request, COUNTY_BUREAU)["shortcomings"]


def test_the_scale_and_a_typed_total_change_every_part() -> None:
    brief, standard, full = (targets(scale=scale) for scale in ("简要", "标准", "详细"))
    assert all(brief[k] < standard[k] < full[k] for k in standard)
    typed = targets(length=5000)
    assert abs(sum(typed.values()) - 5000) <= 100 and all(typed[k] > standard[k] for k in standard)


@pytest.mark.parametrize("key", list(COUNTY_BUREAU))
def test_the_rule_states_about_n_characters_and_no_ceiling(key: str) -> None:
    rule = length_rule(key, 450)
    assert "约450字" in rule and "不超过" not in rule and "宁短勿凑" not in rule and "【待补充" in rule


def test_part_rules_ask_for_causes_measures_and_the_leaders_own_acts() -> None:
    assert "原因" in length_rule("shortcomings", 400) and "措施" in length_rule("plans", 400)
    assert all(word in length_rule("leadership", 400) for word in ("亲自部署", "亲自过问", "述法", "学法"))


def test_a_request_saved_before_the_scale_existed_still_loads(tmp_path) -> None:  # noqa: ANN001
    store = DraftStore(tmp_path)
    saved = store.create(
        DraftRequest(unit="某县司法局", year=2024, scale="详细"), Draft("t", "u", 2024, "llm", ())
    )
    path = tmp_path / "drafts" / saved.id / "request.json"
    data = json.loads(path.read_text("utf-8"))
    assert data["scale"] == "详细"
    del data["scale"]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert store.request(saved.id) == dataclasses.replace(
        DraftRequest(unit="某县司法局", year=2024), scale="标准"
    )
