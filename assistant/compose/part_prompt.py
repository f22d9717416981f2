"""The prompt for one part of a draft (prompts/draft_part.txt): the part's layout, its length
(约N字, compose.lengths), what the other parts already say, and masked precedents."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.compose.lengths import length_rule, part_target
from assistant.compose.masking import mask_precedent
from assistant.compose.voice import voice_of
from assistant.llm.prompts import load_prompt, render
from assistant.text.injection import block_tag, without_injection
from assistant.text.numbering import LEVEL_MARKERS
from assistant.text.sections import part_year
from assistant.types import DraftRequest, Hit

PART_GUIDANCE = {
    "achievements": "按主题分层次写清采取的举措和取得的成效，数字只用事实材料中的。",
    "shortcomings": "实事求是写出存在的不足，每条不足写明原因；材料没有原因的写【待补充：原因分析】，不要写成成绩。",
    "leadership": "写党政主要负责人如何履行推进法治建设第一责任人职责：研究部署、带头学法、述法、督促落实等，只写材料中有的。",
    "plans": "写下一年度的主要安排，用“将……”的口吻，不写已完成的成绩；逐条回应本报告第二部分列出的不足。",
    "other": "写需要特别报告的其他情况，只依据事实材料。",
}


def part_layout(key: str, me: str, year: int) -> str:
    return {
        "achievements": "分为若干层次，每层以“（一）+概括小标题。”开头（小标题后接句号，同段接写正文），"
        "段内用“一是……二是……”列举举措和成效。",
        "shortcomings": f"先用一句话总起（如“对照……要求，{me}还存在以下不足：”），再用“一是……二是……”逐条写，"
        "每条先写不足、再写原因。",
        "leadership": "一段或两段连续叙述，可用“一是……二是……”，不另设（一）（二）小标题。",
        "plans": f"以“{year + 1}年，{me}将……”开头，用“一是……二是……”逐条写措施，每条对应第二部分的一条不足。",
        "other": "一段连续叙述。",
    }[key]


def subheadings(text: str) -> list[str]:
    """Part 一's level-2 subheadings as written: （一）加强党的领导。 → 加强党的领导"""
    found = re.findall(rf"^(?:{LEVEL_MARKERS[2]})([^。\n]{{2,40}})[。\n]?", text, flags=re.MULTILINE)
    return [h.strip() for h in found]


def context_for(key: str, written: dict[str, str]) -> str:
    """What the parts drafted before this one say, where this part must answer or avoid them."""
    if key == "plans" and written.get("shortcomings"):
        return (
            "本报告第二部分（存在的不足和原因）已写成如下，请针对其中每一条不足提出对应措施：\n"
            f"<<<第二部分\n{written['shortcomings']}\n第二部分>>>"
        )
    if key == "leadership" and written.get("achievements"):
        heads = subheadings(written["achievements"])
        listed = "；".join(heads) if heads else written["achievements"][:300]
        return f"本报告第一部分已写的层次（不要重复这些内容，只写主要负责人本人的履职）：{listed}"
    return "（本部分无需参照其他部分）"


def promises_context(key: str, missing: list[str]) -> str:
    """Part 二 names last year's promises the facts do not answer: the model explains them, it
    does not report them done."""
    if key != "shortcomings" or not missing:
        return ""
    listed = "；".join(f"“{promise}”" for promise in missing)
    return (
        f"\n去年报告承诺的以下事项，今年的事实材料中未见完成情况：{listed}。请在本部分逐条说明未完成的原因，"
        "材料中没有原因的写【待补充：……未完成的原因】；不要写成已经完成。"
    )


def render_part_prompt(
    request: DraftRequest,
    key: str,
    heading: str,
    facts: list[str],
    previous: str,
    hits: list[Hit],
    *,
    written: dict[str, str] | None = None,
    foreign: Iterable[str] = (),
    own: Iterable[str] = (),
    missing_promises: Iterable[str] = (),
    target: int | None = None,
    tag: str = "",
) -> tuple[str, str]:
    """(system, user) for one part; `target` is its 约N字 (compose.lengths), computed from its
    facts alone when not given. Facts, last year's text and precedents are quoted as data:
    sentences addressing the model dropped, fences defused, blocks marked with a fresh `tag`."""
    voice = voice_of(request.unit, request.level)
    facts = [kept for kept in (without_injection(f).strip() for f in facts) if kept]
    own_names = {request.unit, *own}
    references = (
        "\n\n".join(
            f"[S{n}] {mask_precedent(h.chunk.text, foreign=foreign, own=own_names)}"
            for n, h in enumerate(hits, 1)
        )
        or "（无）"
    )
    return render(
        load_prompt("draft_part"),
        unit=request.unit,
        unit_kind=voice.description,
        self_reference=voice.me,
        year=str(request.year),
        part_year=str(part_year(key, request.year)),
        part_heading=heading,
        part_guidance=PART_GUIDANCE[key],
        part_layout=part_layout(key, voice.me, request.year),
        length_rule=length_rule(key, target or part_target(request, key, len(facts))),
        facts="\n".join(f"- {f}" for f in facts)
        or "（本部分没有提供事实材料：需要具体内容处请写【待补充：……】）",
        context=context_for(key, written or {}) + promises_context(key, list(missing_promises)),
        previous=without_injection(previous).strip() or "（未提供）",
        references=references,
        tag=tag or block_tag(),
    )
