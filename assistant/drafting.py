"""The four-part draft: LLM mode (one streamed call per part) and offline mode (deterministic).

Each part is grounded in precedents retrieved for that part (section filter) and in the user's
facts; the finished draft is checked (assistant.checks) before it is returned."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .checks import check_draft
from .draft_io import strip_markup
from .errors import AssistantError, LLMError
from .facts import facts_by_part, split_facts
from .llm import ChatModel
from .names import names_in
from .offline_draft import offline_part, preamble_for
from .prompting import load_prompt, render
from .search import PrecedentSearch, SearchFilters
from .sections import part_year, standard_heading, standard_title
from .structure import parse_report
from .types import PART_KEYS, Draft, DraftPart, DraftRequest, Hit, Source

log = logging.getLogger(__name__)

PRECEDENTS_PER_PART = 6
_CITATION = re.compile(r"\s*[\[［]\s*S(\d+)\s*[\]］]")
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)  # reasoning models served by Ollama/vLLM
_SPACE_IN_CHINESE = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”])[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”])"
)

PART_QUERIES = {
    "achievements": "推进法治政府建设的主要举措和成效",
    "shortcomings": "法治政府建设存在的不足和原因",
    "leadership": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "plans": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}
PART_GUIDANCE = {
    "achievements": "按主题分为若干层次（一）（二）（三），写清采取的举措和取得的成效，数字只用事实材料中的。",
    "shortcomings": "实事求是写出存在的不足，并分析原因，不要写成成绩。",
    "leadership": "写党政主要负责人如何履行推进法治建设第一责任人职责：研究部署、带头学法、述法、督促落实等。",
    "plans": "写下一年度的主要安排，针对本报告第二部分的不足，用“将……”的口吻，不写已完成的成绩。",
    "other": "写需要特别报告的其他情况，只依据事实材料。",
}
LENGTH_SHARE = {"achievements": 0.55, "shortcomings": 0.12, "leadership": 0.13, "plans": 0.2, "other": 0.1}

EventSink = Callable[
    [str, str, str], None
]  # (kind: "part_start"|"delta"|"part_done"|"error", part key, text)


@dataclass
class DraftOutcome:
    draft: Draft
    precedents: dict[str, list[Hit]] = field(default_factory=dict)


class Drafter:
    def __init__(self, search: PrecedentSearch | None, model: ChatModel | None) -> None:
        self.search = search
        self.model = model

    @property
    def mode(self) -> str:
        return "llm" if self.model is not None else "offline"

    def draft(
        self, request: DraftRequest, on_event: EventSink | None = None, keep: tuple[DraftPart, ...] = ()
    ) -> DraftOutcome:
        """Draft every part in standard order. Parts in `keep` (drafted before a failure) are
        reused as they are, so a retry only calls the model for the parts still missing."""
        if not request.unit.strip():
            raise AssistantError("请填写单位名称（例如“某县司法局”）。")
        if not 1990 <= request.year <= 2100:
            raise AssistantError(f"年度“{request.year}”不合理：请填写报告所总结的年度，例如 2024。")
        emit = on_event or (lambda kind, key, text: None)
        facts = split_facts(request.facts)
        grouped = facts_by_part(facts, request.year)
        keys = [*PART_KEYS, "other"] if request.other.strip() else list(PART_KEYS)
        previous = _previous_parts(request.previous)
        kept = {part.key: part for part in keep}
        parts: list[DraftPart] = []
        precedents: dict[str, list[Hit]] = {}
        errors: list[str] = []
        for number, key in enumerate(keys, 1):
            heading = standard_heading(key, request.year, number)
            part_facts = split_facts(request.other) if key == "other" else grouped[key]
            hits = self._precedents(key, part_facts)
            precedents[key] = hits
            emit("part_start", key, heading)
            try:
                part = kept.get(key) or self._write_part(
                    request, key, heading, part_facts, previous.get(key, ""), hits, emit
                )
            except LLMError as exc:
                errors.append(f"“{heading}”起草失败，已保留此前完成的部分：{exc}")
                emit("error", key, errors[-1])
                break
            parts.append(part)
            emit("part_done", key, part.text)
        draft = Draft(
            title=standard_title(request.unit, request.year),
            unit=request.unit,
            year=request.year,
            mode=self.mode,
            parts=tuple(parts),
            preamble=preamble_for(request),
            errors=tuple(errors),
        )
        return DraftOutcome(self.checked(draft, request), precedents)

    def checked(self, draft: Draft, request: DraftRequest) -> Draft:
        own = names_in(f"{request.unit}\n{request.facts}\n{request.previous}\n{request.other}") | {
            request.unit
        }
        findings = check_draft(
            draft,
            facts=f"{request.facts}\n{request.other}",
            previous=request.previous,
            foreign_names=self.search.library.foreign_names(own) if self.search is not None else set(),
            own_names=own,
        )
        return replace(draft, findings=tuple(findings))

    def _precedents(self, key: str, facts: list[str]) -> list[Hit]:
        if self.search is None:  # an empty library gives no hits
            return []
        query = PART_QUERIES[key] + "；" + "；".join(facts)[:200]
        return self.search.search(query, k=PRECEDENTS_PER_PART, filters=SearchFilters(sections=(key,)))

    def _write_part(
        self,
        request: DraftRequest,
        key: str,
        heading: str,
        facts: list[str],
        previous: str,
        hits: list[Hit],
        emit: EventSink,
    ) -> DraftPart:
        labelled = label_sources(hits)
        if self.model is None:
            embed = self.search.library.embedder.embed if self.search is not None else None
            text = offline_part(request, key, facts, embed)
            emit("delta", key, text)
            return DraftPart(key, heading, text, tuple(labelled))
        system, user = render_part_prompt(request, key, heading, facts, previous, hits)
        chunks: list[str] = []
        for delta in self.model.stream(system, user):
            chunks.append(delta)
            emit("delta", key, delta)
        text, cited = clean_model_text("".join(chunks), heading, len(hits))
        if not text:
            raise LLMError(f"模型 {self.model.description} 对“{heading}”返回了空内容，请重试或更换模型。")
        return DraftPart(key, heading, text, tuple(s for s in labelled if s.id in cited))


def label_sources(hits: list[Hit]) -> list[Source]:
    return [
        Source(f"S{n}", h.chunk.doc_id, h.chunk.title, h.chunk.unit, h.chunk.year)
        for n, h in enumerate(hits, 1)
    ]


def render_part_prompt(
    request: DraftRequest, key: str, heading: str, facts: list[str], previous: str, hits: list[Hit]
) -> tuple[str, str]:
    references = "\n\n".join(f"[S{n}] {h.chunk.text}" for n, h in enumerate(hits, 1)) or "（无）"
    total = request.length or 5000
    return render(
        load_prompt("draft_part"),
        unit=request.unit,
        level=request.level,
        year=str(request.year),
        part_year=str(part_year(key, request.year)),
        part_heading=heading,
        part_guidance=PART_GUIDANCE[key],
        length=str(max(200, int(total * LENGTH_SHARE[key]))),
        facts="\n".join(f"- {f}" for f in facts)
        or "（本部分没有提供事实材料：需要具体内容处请写【待补充：……】）",
        previous=previous or "（未提供）",
        references=references,
    )


def clean_model_text(raw: str, heading: str, n_sources: int) -> tuple[str, set[str]]:
    """Plain part text without markup, its own heading or citation marks; the valid cited ids."""
    cited = {f"S{m}" for m in _CITATION.findall(raw) if 1 <= int(m) <= n_sources}
    text = _CITATION.sub("", _THINKING.sub("", raw))
    lines = [_SPACE_IN_CHINESE.sub("", strip_markup(ln.strip().lstrip("\u3000"))) for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    heading_body = heading.split("、", 1)[-1]
    if lines and heading_body in lines[0] and len(lines[0]) <= len(heading) + 4:
        lines = lines[1:]
    return "\n".join(lines), cited


def _previous_parts(previous: str) -> dict[str, str]:
    if not previous.strip():
        return {}
    parts: dict[str, list[str]] = {}
    for section in parse_report(previous).sections:
        parts.setdefault(section.key, []).append(section.text)
    return {k: "\n".join(v)[:3000] for k, v in parts.items()}
