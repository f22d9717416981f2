"""The pieces drafts are composed from: voice, level preference, reasoning removal."""

import pytest

from assistant.compose.voice import voice_of
from assistant.llm.reasoning import without_reasoning


@pytest.mark.parametrize(
    ("unit", "level", "me", "led_by", "described"),
    [
        ("某县司法局", "县", "我局", "在县委、县政府的坚强领导下", "县级政府部门"),
        ("某县青山镇人民政府", "乡镇", "我镇", "在县委、县政府的坚强领导下", "乡镇人民政府"),
        ("某市交通运输局", "市", "我局", "在市委、市政府的坚强领导下", "市级政府部门"),
        ("某区人民政府", "县", "区政府", "在区委的坚强领导下", "县级人民政府"),
        ("某区人民政府办公室", "部门", "我办", "在区委、区政府的坚强领导下", "县级政府部门"),
        ("某省司法厅", "省", "我厅", "在省委、省政府的坚强领导下", "省级政府部门"),
    ],
)
def test_a_unit_speaks_of_itself_and_its_leadership_by_its_kind(unit, level, me, led_by, described):
    voice = voice_of(unit, level)
    assert (voice.me, voice.led_by, voice.description) == (me, led_by, described)


@pytest.mark.parametrize(
    "deltas",
    [
        ["<th", "ink>推理", "内容</thi", "nk>正文", "继续。"],
        ["好的，用户要我写。", "想一想", "</think>", "正文继续。"],
        ["正文", "继续。"],
    ],
)
def test_reasoning_split_across_deltas_is_removed_and_the_answer_kept(deltas):
    assert "".join(without_reasoning(deltas)).strip() in ("正文继续。",)
