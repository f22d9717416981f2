"""Rewrite a section on an instruction: LLM presets and custom instructions, and the mechanical
presets that need no LLM (year re-basing, 公文 punctuation and heading renumbering)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from assistant.checks import check_passage, own_names
from assistant.compose.drafter import clean_model_text, label_sources
from assistant.compose.masking import mask_precedent
from assistant.compose.offline import rebase_years
from assistant.errors import AssistantError, LLMError
from assistant.llm.chat import ChatModel
from assistant.llm.prompts import load_prompt, render
from assistant.llm.reasoning import without_reasoning
from assistant.search import PrecedentSearch
from assistant.text.figures import Figure, figures_in
from assistant.text.names import names_in
from assistant.text.numbering import level1_dots_to_commas, renumber
from assistant.text.script import to_full_width_punctuation
from assistant.text.sections import part_year
from assistant.types import Finding, Hit, Source

LLM_PRESETS = {
    "精炼": "在不丢失任何事实和数字的前提下精简文字，删去空话套话和重复表述，篇幅压缩到原文的六成左右。",
    "扩写": "在不编造事实和数字的前提下充实内容，补足做法、过程和成效的表述，篇幅约为原文的1.5倍；需要具体数字处写【待补充：××】。",
    "补充数据": "把“事实材料”中的数字和具体情况补充到原文合适的位置；材料中没有的数字不要编造，需要数字处写【待补充：××】。",
    "更正式": "改成更规范、更庄重的党政机关公文语言，保持事实和数字不变。",
    "口语转公文": "把口语化的表述改写成规范的公文语言：用完整的书面句子，去掉口语词和语气词，保持事实和数字不变。",
}
OFFLINE_PRESETS = ("改为Y年口径", "规范格式")
PRESETS = (*LLM_PRESETS, *OFFLINE_PRESETS)
_EXPAND_TO = re.compile(r"^扩写到?(\d{2,5})字$")
_EXPLICIT_YEAR = re.compile(r"^(?:改为|调整为|改成)\s*((?:19|20)\d{2})\s*年度?口径$")


@dataclass(frozen=True)
class RewriteResult:
    text: str
    diff: str
    sources: tuple[Source, ...]
    findings: tuple[Finding, ...]
    mode: str  # "llm" | "offline"


class Rewriter:
    def __init__(self, search: PrecedentSearch | None, model: ChatModel | None) -> None:
        self.search = search
        self.model = model

    def rewrite(
        self,
        text: str,
        *,
        preset: str = "",
        instruction: str = "",
        year: int | None = None,
        facts: str = "",
        unit: str = "",
        section: str = "achievements",
        on_delta: Callable[[str], None] | None = None,
    ) -> RewriteResult:
        text = text.strip()
        if not text:
            raise AssistantError("要改写的内容为空：请粘贴一段文字，或指定一个文件。")
        if bool(preset) == bool(instruction):
            raise AssistantError(f"请在预设（{'、'.join(PRESETS)}）和自定义要求中二选一。")
        if _is_offline_preset(instruction.strip()):  # typed as a custom request: still needs no LLM
            preset, instruction = instruction.strip(), ""
        preset = preset.strip()
        explicit = _EXPLICIT_YEAR.match(preset)
        if explicit:  # 改为2024年口径: the passage speaks of that year; the report's year follows
            preset, year = "改为Y年口径", int(explicit[1]) - (1 if section == "plans" else 0)
        if preset in OFFLINE_PRESETS:
            hits: list[Hit] = []
            new_text, mode = apply_offline_preset(preset, text, year, section), "offline"
        else:
            own_year = part_year(section, year) if year else None
            new_text, hits = self._llm(text, _instruction_for(preset, instruction), own_year, facts, on_delta)
            mode = "llm"
        sources = tuple(label_sources(hits))
        findings = check_passage(
            new_text,
            key=section,
            year=part_year(section, year) if year else None,  # the passage's own year (Y+1 for plans)
            unit=unit,
            facts=facts,  # the same inputs as a draft's check (checks.check_passage)
            figures_from=None if facts.strip() else text,  # no facts: the original's figures are the user's
            own_names=own_names(unit, facts),
            foreign_names=set(),  # with `library`, names are judged per document
            library=self.search.library if self.search else None,
        )
        return RewriteResult(new_text, sentence_diff(text, new_text), sources, tuple(findings), mode)

    def _llm(
        self,
        text: str,
        instruction: str,
        year: int | None,
        facts: str,
        on_delta: Callable[[str], None] | None,
    ) -> tuple[str, list[Hit]]:
        if self.model is None:
            raise AssistantError(
                "这个改写要求需要大模型：请设置 FAZHI_LLM_BASE_URL、FAZHI_LLM_MODEL（及 FAZHI_LLM_API_KEY）。"
                f"不连大模型也能用的预设：{'、'.join(OFFLINE_PRESETS)}。"
            )
        hits = self.search.similar(text, k=4) if self.search else []
        year_rule = (
            f"年份口径：这段文字叙述的是 {year} 年，直接写“{year}年”，不要写“今年”“明年”；"
            "文件名称、规划期和同比比较中的年份保持原样。"
            if year
            else "年份保持原文口径。"
        )
        own = names_in(f"{text}\n{facts}")
        foreign = self.search.library.foreign_names(own) if self.search else set()
        references = (
            "\n\n".join(
                f"[S{n}] {mask_precedent(h.chunk.text, foreign=foreign, own=own)}"
                for n, h in enumerate(hits, 1)
            )
            or "（无）"
        )
        system, user = render(
            load_prompt("rewrite"),
            instruction=instruction,
            text=text,
            facts=facts or "（未提供）",
            references=references,
            year_rule=year_rule,
        )
        chunks = []
        for delta in without_reasoning(self.model.stream(system, user)):
            chunks.append(delta)
            if on_delta:
                on_delta(delta)
        new_text, _ = clean_model_text("".join(chunks), "", len(hits))
        if not new_text:
            raise LLMError(
                f"模型 {self.model.description} 没有返回正文（可能只输出了推理过程），请重试或更换模型。"
            )
        return new_text, hits


def _instruction_for(preset: str, instruction: str) -> str:
    if instruction:
        return instruction.strip()
    expand = _EXPAND_TO.match(preset)
    if expand:
        return f"在不编造事实和数字的前提下扩写到约{expand[1]}字；需要具体数字处写【待补充：××】。"
    if preset not in LLM_PRESETS:
        raise AssistantError(f"未知的预设“{preset}”。可选：{'、'.join(PRESETS)}，或“扩写到800字”这样的写法。")
    return LLM_PRESETS[preset]


def _is_offline_preset(preset: str) -> bool:
    return preset in OFFLINE_PRESETS or bool(_EXPLICIT_YEAR.match(preset))


def apply_offline_preset(preset: str, text: str, year: int | None, section: str = "achievements") -> str:
    """`year` is the report's year; a plans passage speaks of the year after it. 改为2024年口径
    names the passage's own year instead."""
    explicit = _EXPLICIT_YEAR.match(preset.strip())
    if explicit:
        return rebase_to_year(text, int(explicit[1]))
    if preset == "改为Y年口径":
        if not year:
            raise AssistantError("“改为Y年口径”需要指定年度：例如 --year 2024（报告所总结的年度）。")
        return rebase_to_year(text, part_year(section, year))
    return renumber_headings(formal_punctuation(text))


def formal_punctuation(text: str) -> str:
    """规范格式's punctuation: 一. → 一、 at a line's start, then full-width punctuation in Chinese
    text (see text.script.to_full_width_punctuation)."""
    return to_full_width_punctuation(level1_dots_to_commas(text))


def rebase_to_year(text: str, year: int) -> str:
    """Shift every bare year by (year − the passage's own year), then 今年/明年/去年 → years.
    The passage's year is its most frequent bare year; years in 《》 and ranges stay as they are."""
    years = [(f, y) for f, y in _year_spans(text)]
    if years:
        base = Counter(y for _, y in years).most_common(1)[0][0]
        shift = year - base
        for f, y in sorted(years, key=lambda item: item[0].start, reverse=True):
            end = f.start + 5 if f.kind == "date" else f.end  # a date keeps its 12月4日
            text = text[: f.start] + f"{y + shift}年" + text[end:]
    return rebase_years(text, year)


def _year_spans(text: str) -> list[tuple[Figure, int]]:
    """Bare years, and dates that start with an Arabic year (2023年12月4日), with their year."""
    spans = []
    for f in figures_in(text):
        if f.kind == "year":
            spans.append((f, int(f.value or 0)))
        elif f.kind == "date" and f.text[:4].isdigit() and f.text[4] == "年":
            spans.append((f, int(f.text[:4])))
    return spans


def renumber_headings(text: str) -> str:
    """Renumber 一、/（一）/1./（1） headings in sequence, the hierarchy made whole (text.numbering)."""
    return renumber(text)


def sentence_diff(before: str, after: str) -> str:
    """A unified diff, one sentence a line (Chinese paragraphs are one long line each)."""

    def sentences(text: str) -> list[str]:
        return [s for s in re.findall(r"[^。！？；\n]+[。！？；]?", text) if s.strip()]

    return "\n".join(
        difflib.unified_diff(sentences(before), sentences(after), "原文", "改写", lineterm="", n=1)
    )
