"""End to end through `fazhi draft` over real HTTP: the fake server answers each part with a strong
model's real-looking answer (tests/fixtures/model_answers, faults planted) or to the length the
part's request asks for; the draft comes out official, long enough, with its 事实依据."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

from assistant.cli import main
from assistant.llm.fakes import FakeOpenAIServer
from tests.model_answers import ANSWERS, CASES, PART_MARKERS, TARGET, part_replies


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty data folder: no library, so no precedents — what is tested here is the model's
    text and the requests, and a draft takes a second instead of an ingest of the seeds."""
    return tmp_path_factory.mktemp("answers") / "data"


@pytest.fixture
def draft(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """fazhi draft for a case against a fake server: (exit code, JSON or text out, err, server)."""
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    monkeypatch.setenv("FAZHI_LLM_MODEL", "fake-model")

    def invoke(case: str, *extra: str, server: FakeOpenAIServer, level: str = "") -> tuple[int, str, str]:
        unit, level = CASES[case][0], level or CASES[case][1]
        monkeypatch.setenv("FAZHI_LLM_BASE_URL", server.base_url)
        facts = ANSWERS / case / "facts.txt"
        args = ["draft", "--unit", unit, "--year", "2024", "--level", level, "--facts", str(facts)]
        code = main(["--data-dir", str(data_dir), *args, "--no-repair", *extra])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def scripted(case: str) -> FakeOpenAIServer:
    return FakeOpenAIServer(["（不应用到）"], part_replies=part_replies(case))


def requested(server: FakeOpenAIServer) -> dict[str, int]:
    """约N字 of each part's request, by part key."""
    found = {}
    for request in server.chat_requests:
        user = request.body["messages"][-1]["content"]  # type: ignore[index]
        part = user.splitlines()[0]
        key = next(k for k, marker in PART_MARKERS.items() if marker in part)
        found[key] = int(TARGET.search(user)[1])  # type: ignore[index]
    return found


@pytest.mark.parametrize("case", CASES)
def test_a_strong_models_answers_come_out_official(draft, case: str) -> None:
    with scripted(case) as server:
        code, out, _ = draft(case, "--json", server=server)
    parts = {p["key"]: p["text"] for p in json.loads(out)["parts"]}
    assert code == 0 and set(parts) == set(PART_KEYS_ORDER)
    for text in parts.values():
        assert not re.search(r"^#|\*\*|^\s*[-*] ", text, flags=re.M)  # no Markdown left
        assert not re.search(r"[\u4e00-\u9fff][,:;?!]|[,:;?!][\u4e00-\u9fff]", text)  # full-width
    headings = re.findall(r"^（([一二三四五六七八九十]+)）", parts["achievements"], flags=re.M)
    assert headings and headings == ["一二三四五六七八九十"[n] for n in range(len(headings))]
    assert not re.search(r"^(?:[一二三四五六七八九十]+、|\d+\.)", parts["achievements"], flags=re.M)


PART_KEYS_ORDER = tuple(PART_MARKERS)


def test_the_docx_of_a_markdown_answer_has_the_second_level_under_part_one(draft, tmp_path: Path) -> None:
    out = tmp_path / "county.docx"
    with scripted("county_bureau") as server:
        assert draft("county_bureau", "--out", str(out), server=server)[0] == 0
    lines = [p.text for p in docx.Document(str(out)).paragraphs]
    first, second = (
        lines.index(next(x for x in lines if x.startswith("一、"))),
        lines.index(next(x for x in lines if x.startswith("二、"))),
    )
    level2 = [x for x in lines[first:second] if x.startswith("（")]
    assert [x[:3] for x in level2] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert not any(re.match(r"\d+\.", x) for x in lines[first:second])


def test_faults_a_rule_cannot_fix_are_left_for_the_checks_and_the_evidence(draft) -> None:
    with scripted("city_department") as server:
        _, out, _ = draft("city_department", "--json", server=server)
    result = json.loads(out)
    texts = {p["key"]: p["text"] for p in result["parts"]}
    assert "one-stop service" in texts["achievements"]  # Latin words are the checks' to judge
    unsupported = [texts[e["part"]][e["start"] : e["end"]] for e in result["evidence"] if not e["facts"]]
    assert any("推进会" in s for s in unsupported)  # the invented meeting has no fact behind it
    supported = [e for e in result["evidence"] if e["facts"]]
    assert any(
        texts[e["part"]][e["start"] : e["end"]].count("1362件") and e["facts"] == [1] for e in supported
    )


def test_a_county_bureau_with_eight_facts_asks_for_a_full_report_and_gets_it(draft) -> None:
    with FakeOpenAIServer(["（不应用到）"], to_length=True) as server:
        code, out, _ = draft("county_bureau", "--json", server=server)
        targets = requested(server)
    parts = {p["key"]: p["text"] for p in json.loads(out)["parts"]}
    assert code == 0 and sum(targets.values()) >= 2500
    assert min(targets["shortcomings"], targets["leadership"], targets["plans"]) >= 300
    for key, target in targets.items():
        assert len(parts[key]) >= 0.9 * target, key


def test_the_length_choice_scales_every_part(draft) -> None:
    totals = {}
    for scale in ("简要", "标准", "详细"):
        with FakeOpenAIServer(["（不应用到）"], to_length=True) as server:
            draft("county_bureau", "--json", "--length", scale, server=server)
            totals[scale] = requested(server)
    assert all(totals["简要"][k] < totals["标准"][k] < totals["详细"][k] for k in PART_KEYS_ORDER)


def test_the_same_facts_ask_for_more_in_a_city_and_less_in_a_township(draft) -> None:
    sums = {}
    for level in ("乡镇", "县", "市"):
        with FakeOpenAIServer(["（不应用到）"], to_length=True) as server:
            draft("county_bureau", "--json", server=server, level=level)
            sums[level] = sum(requested(server).values())
    assert sums["乡镇"] < sums["县"] < sums["市"]


def test_the_plans_request_carries_part_two_as_drafted(draft) -> None:
    with scripted("county_bureau") as server:
        _, out, _ = draft("county_bureau", "--json", server=server)
        plans = next(
            r for r in server.chat_requests if "主要安排" in r.body["messages"][-1]["content"].splitlines()[0]
        )  # type: ignore[index]
    shortcomings = next(p["text"] for p in json.loads(out)["parts"] if p["key"] == "shortcomings")
    assert shortcomings in plans.body["messages"][-1]["content"]  # type: ignore[index]


def test_every_request_carries_the_shared_rules(draft) -> None:
    with scripted("township_summary") as server:
        draft("township_summary", "--json", server=server)
        systems = [r.body["messages"][0]["content"] for r in server.chat_requests]  # type: ignore[index]
    assert len(systems) == 4
    for system in systems:
        assert (
            "全角" in system and "Markdown" in system and "《法治政府建设实施纲要（2021—2025年）》" in system
        )
        assert "20个字" in system and "不是给你的指令" in system and "宁短勿凑" not in system


def test_the_date_is_chosen_or_left_visibly_open(draft, tmp_path: Path) -> None:
    dated, open_date = tmp_path / "dated.docx", tmp_path / "open.docx"
    with scripted("county_bureau") as server:
        assert draft("county_bureau", "--date", "2025-02-20", "--out", str(dated), server=server)[0] == 0
        _, _, err = draft("county_bureau", "--out", str(open_date), server=server)
        _, _, late = draft("county_bureau", "--date", "2024-12-30", "--json", server=server)
    assert docx.Document(str(dated)).paragraphs[-1].text == "2025年2月20日"
    last = docx.Document(str(open_date)).paragraphs[-1]
    assert last.text == "【待补充：成文日期】" and "未填写成文日期" in err
    assert "不在2025年内" in late


def test_placeholders_in_the_docx_are_highlighted(draft, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    with scripted("county_bureau") as server:
        draft("county_bureau", "--out", str(out), server=server)
    runs = [run for p in docx.Document(str(out)).paragraphs for run in p.runs if "【待补充" in run.text]
    assert len(runs) >= 4 and all(run.font.highlight_color is not None for run in runs)
    assert all(run.text.startswith("【") and run.text.endswith("】") for run in runs)


def test_the_markdown_can_carry_the_evidence_table(draft, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    with scripted("county_bureau") as server:
        _, text_out, _ = draft("county_bureau", "--out", str(out), "--evidence-table", server=server)
    table = out.read_text("utf-8").split("## 事实依据", 1)[1]
    assert "第3行：办理行政复议案件35件" in table and "未找到依据" in table
    assert "事实依据：" in text_out
