"""Property-style, seeded: fact texts of many shapes — random CJK/ASCII, only punctuation, one very
long line, headings only, labels only, control and astral characters, structured 工作总结
fragments — never make the offline draft, the request check or the facts routing raise anything
but an AssistantError (a Chinese message for the clerk), and never lose the four parts."""

import random
import string

import pytest

from assistant.compose.drafter import Drafter, validate_request
from assistant.compose.facts import as_sentence, facts_by_part, split_facts, strip_label
from assistant.compose.routing import heading_key, route_facts
from assistant.errors import AssistantError
from assistant.limits import MAX_FACT_CHARS
from assistant.search import PrecedentSearch
from assistant.types import PART_KEYS, DraftRequest
from tests.helpers import SEEDS

SEED = 20241201
PUNCTUATION = "，。；：！？、…—“”‘’（）《》【】,.;:!?()[]{}\"'-*•·"
TOKENS = [
    *("一、", "二、存在问题", "（一）", "（十一）", "1.", "- ", "• ", "# ", "### "),
    *("存在问题：", "下一步：", "2025年打算：", "主要负责人", "局长主持", "党组书记带头"),
    *("但是我们也清醒地认识到还存在一些问题。", "比如", "主要是", "由于", "一是", "二是", "十一是"),
    *("审核规范性文件12件", "2024年以来，", "今年", "明年", "去年", "××", "XX", "【待补充】"),
    *("行政复议", "普法", "“枫桥经验”", "《纲要（2021—2025年）》", "工作要点", "总结如下："),
    *("\n", "\n\n", "\r\n", "\u3000", " ", "\t", "\x00", "\ufeff", "\u200b", "𠀀", "é", "Ω"),
    *list(PUNCTUATION),
]


def _random_cjk_ascii(rng: random.Random, n: int) -> str:
    return "".join(
        chr(rng.randint(0x4E00, 0x9FA5)) if rng.random() < 0.6 else rng.choice(string.printable)
        for _ in range(n)
    )


def _shapes(rng: random.Random) -> list[str]:
    shapes = [
        _random_cjk_ascii(rng, 30_000),
        "".join(rng.choice(PUNCTUATION) for _ in range(2_000)),
        "。" * 5_000,
        "审核规范性文件12件，" * 1_500,  # one very long line (15,000 characters)
        "\n".join(["二、存在问题", "四、2025年工作安排", "下一步工作计划："] * 40),  # headings only
        "\n".join(["存在问题：", "2025年打算：", "一是", "比如"] * 50),  # labels with nothing after
        "\n".join(_random_cjk_ascii(rng, rng.randint(1, 40)) for _ in range(150)),
        "".join(chr(rng.randint(0x1F300, 0x1FAFF)) for _ in range(500)),  # astral only
        "".join(chr(rng.randint(0, 31)) for _ in range(500)),  # control characters
        " \n\t\u3000" * 500,
    ]
    for _ in range(40):
        n = rng.choice([1, 2, 3, 8, 40, 300, 600])
        shapes.append("".join(rng.choice(TOKENS) for _ in range(n)))
    return [s for s in shapes if len(s) <= MAX_FACT_CHARS]


@pytest.fixture(scope="module")
def search(library_of):
    return PrecedentSearch(library_of(SEEDS[:1]))


def test_hostile_fact_texts_raise_only_assistant_errors_in_drafting(search):
    rng = random.Random(SEED)
    drafted = 0
    for facts in _shapes(rng):
        request = DraftRequest(
            unit=rng.choice(["某县司法局", "某镇人民政府", "某市交通运输局"]),
            year=rng.choice([1990, 2024, 2100]),
            level=rng.choice(["县", "乡镇", "部门", "市", "省"]),
            facts=facts,
            other=rng.choice(["", facts[:500]]),
        )
        try:
            validate_request(request)
            draft = Drafter(search, None).draft(request).draft
        except AssistantError as exc:
            assert str(exc)  # a message for the clerk
            continue
        assert [p.key for p in draft.parts][:4] == list(PART_KEYS), repr(facts[:80])
        drafted += 1
    assert drafted >= 30  # most shapes are under the limits and must be drafted, not refused


def test_hostile_fact_texts_route_and_split_without_errors():
    rng = random.Random(SEED + 1)
    for facts in _shapes(rng):
        routed = route_facts(facts, 2024)
        assert set(PART_KEYS) <= set(routed)
        items = split_facts(facts)
        grouped = facts_by_part(items, 2024)
        assert sum(len(v) for v in grouped.values()) == len(items)
        for line in facts.splitlines()[:200]:
            heading_key(line)
            assert isinstance(as_sentence(strip_label(line)), str)
