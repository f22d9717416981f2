"""The realistic model answers of tests/fixtures/model_answers (long official prose with planted
faults, one file per part, listed in its README): the three cases, the text of each part's heading
that a part's request carries, and the replies a scripted fake server gives per part. Shared by the
tests and bench/drafting_eval.py."""

from __future__ import annotations

import re
from pathlib import Path

ANSWERS = Path(__file__).parent / "fixtures" / "model_answers"
CASES = {
    "county_bureau": ("某县司法局", "县"),
    "township_summary": ("某镇人民政府", "乡镇"),
    "city_department": ("某市市场监督管理局", "市"),
}
# A text of each part's standard heading, as the request's 本部分： line carries it.
PART_MARKERS = {
    "achievements": "主要举措和成效",
    "shortcomings": "不足和原因",
    "leadership": "第一责任人",
    "plans": "主要安排",
}
TARGET = re.compile(r"约(\d+)字")


def part_replies(case: str) -> dict[str, str]:
    """The case's answer for each part, keyed by the marker its request carries (FakeOpenAIServer)."""
    return {
        marker: (ANSWERS / case / f"{key}.txt").read_text("utf-8") for key, marker in PART_MARKERS.items()
    }
