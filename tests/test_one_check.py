"""One check for every job: drafting (check_draft), 改写段落 / `fazhi rewrite` (Rewriter) and
`fazhi check` (Drafter.checked) give the same passage the same findings, with the same inputs."""

from __future__ import annotations

from dataclasses import replace

from assistant.checks import check_draft
from assistant.compose.drafter import Drafter
from assistant.rewriting import Rewriter
from assistant.types import DraftRequest
from tests.faulty_answers import FACTS, answer

PASSAGE = (
    "2024年，我局办理行政复议案件58件，学习借鉴深圳市龙岗区经验，召开全县依法行政推进会，"
    "深入宣讲《厦门经济特区多元化纠纷解决机制促进条例》，主要原因是人员不足.此外加强了follow up。"
)
UNIT, YEAR = "青川县司法局", 2024


def _key(findings) -> list[tuple]:  # noqa: ANN001 - findings
    return sorted((f.start, f.end, f.severity, f.kind, f.message) for f in findings if f.end > f.start)


def _draft():  # noqa: ANN202 - a Draft
    clean = answer("clean")
    parts = tuple(replace(p, text=PASSAGE) if p.key == "achievements" else p for p in clean.parts)
    return replace(clean, parts=parts)


def test_the_same_passage_gets_the_same_findings_on_every_path() -> None:
    drafted = [f for f in check_draft(_draft(), facts=FACTS) if f.part == "achievements"]
    request = DraftRequest(unit=UNIT, year=YEAR, facts=FACTS)
    checked = [f for f in Drafter(None, None).checked(_draft(), request).findings if f.part == "achievements"]
    rewritten = Rewriter(None, None).rewrite(PASSAGE, preset="改为Y年口径", year=YEAR, facts=FACTS, unit=UNIT)
    assert rewritten.text == PASSAGE  # the preset has nothing to change here
    kinds = {f.kind for f in drafted}
    assert {"name", "figure", "meeting", "format"} <= kinds
    assert _key(drafted) == _key(checked) == _key(rewritten.findings)


def test_a_rewrite_with_facts_flags_an_invented_figure_and_another_units_place() -> None:
    result = Rewriter(None, None).rewrite(PASSAGE, preset="改为Y年口径", year=YEAR, facts=FACTS, unit=UNIT)
    spans = {result.text[f.start : f.end] for f in result.findings}
    assert {"58件", "深圳市", "厦门"} <= spans
