"""The four-part draft: LLM mode (one streamed call per part) and offline mode (deterministic).

Facts are routed to the parts (compose.routing); parts are drafted in standard order, each
grounded in masked precedents retrieved for it, the plans answering the drafted part 二 and the
leadership part told part 一's subheadings. The draft is then checked (assistant.checks plus the
whole-report consistency check), and in LLM mode each part with error findings gets one repair
call (compose.repair). An answer the model did not finish is kept and marked incomplete."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.checks import check_draft, own_names
from assistant.compose.carryover import Embed
from assistant.compose.consistency import consistency_findings
from assistant.compose.facts import split_facts
from assistant.compose.followup import followed_up, missing_promises, promise_questions
from assistant.compose.lengths import part_targets
from assistant.compose.masking import mask_precedent
from assistant.compose.officialise import officialise
from assistant.compose.offline import preamble_for
from assistant.compose.offline_outline import other_text, outline_part
from assistant.compose.outline import build_outline, prompt_facts
from assistant.compose.part_prompt import render_part_prompt
from assistant.compose.phrasing import library_openings
from assistant.compose.precedents import choose_precedents
from assistant.compose.repair import repair_draft
from assistant.errors import AssistantError, LLMError
from assistant.limits import check_facts, check_year
from assistant.llm.chat import ChatModel, IncompleteAnswer
from assistant.llm.reasoning import ReasoningFilter, strip_reasoning, without_reasoning
from assistant.parsing.structure import parse_report
from assistant.search import PrecedentSearch, SearchFilters
from assistant.text.script import CJK_RANGES, strip_markdown
from assistant.text.sections import standard_heading, standard_title
from assistant.types import (
    PART_KEYS,
    Draft,
    DraftMode,
    DraftPart,
    DraftRequest,
    Finding,
    Hit,
    Outline,
    Source,
)

log = logging.getLogger(__name__)

PRECEDENTS_PER_PART = 6
_CITATION = re.compile(r"\s*[\[［]\s*S(\d+)\s*[\]］]")
_SPACE_IN_CHINESE = re.compile(rf"(?<=[{CJK_RANGES}“”])[ \t]+(?=[{CJK_RANGES}“”])")

PART_QUERIES = {
    "achievements": "推进法治政府建设的主要举措和成效",
    "shortcomings": "法治政府建设存在的不足和原因",
    "leadership": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "plans": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}

EventSink = Callable[
    [str, str, str], None
]  # (kind: "part_start"|"delta"|"part_done"|"error"|"repair", part key, text)


@dataclass
class DraftOutcome:
    draft: Draft
    precedents: dict[str, list[Hit]] = field(default_factory=dict)


@dataclass
class _Context:
    """What one draft run shares between its parts."""

    request: DraftRequest
    routed: dict[str, list[str]]
    previous: dict[str, str]
    own: set[str]
    foreign: set[str]
    outline: Outline = field(default_factory=Outline)
    written: dict[str, str] = field(default_factory=dict)
    incomplete: dict[str, str] = field(default_factory=dict)  # part key → why
    missing_promises: list[str] = field(default_factory=list)  # last year's, unanswered by the facts
    targets: dict[str, int] = field(default_factory=dict)  # part key → 约N字 (compose.lengths)


class Drafter:
    def __init__(self, search: PrecedentSearch | None, model: ChatModel | None) -> None:
        self.search = search
        self.model = model

    @property
    def mode(self) -> DraftMode:
        return "llm" if self.model is not None else "offline"

    def draft(
        self,
        request: DraftRequest,
        on_event: EventSink | None = None,
        keep: tuple[DraftPart, ...] = (),
        *,
        repair: bool = True,
        outline: Outline | None = None,
    ) -> DraftOutcome:
        """Draft every part in standard order. Parts in `keep` (drafted before a failure) are
        reused as they are, so a retry only calls the model for the parts still missing.
        `repair=False` skips the repair pass; `outline` (compose.outline, perhaps edited by the
        clerk) replaces the one read from the facts."""
        validate_request(request)
        emit = on_event or (lambda kind, key, text: None)
        ctx = self._context(request, outline)
        keys = [*PART_KEYS, "other"] if ctx.routed["other"] else list(PART_KEYS)
        kept = {part.key: part for part in keep}
        parts: list[DraftPart] = []
        precedents: dict[str, list[Hit]] = {}
        errors: list[str] = []
        for number, key in enumerate(keys, 1):
            heading = standard_heading(key, request.year, number)
            hits = precedents[key] = self._precedents(ctx, key)
            emit("part_start", key, heading)
            try:
                part = kept.get(key) or self._write_part(ctx, key, heading, hits, emit)
            except LLMError as exc:
                kept_note = "已保留此前完成的部分" if parts else "尚未完成任何部分"
                errors.append(f"“{heading}”起草失败，{kept_note}：{exc}")
                emit("error", key, errors[-1])
                break
            if key in ctx.incomplete:
                errors.append(f"“{heading}”不完整，已保留收到的内容：{ctx.incomplete[key]}")
                emit("error", key, errors[-1])
            ctx.written[key] = part.text
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
        draft = self._checked(draft, request, ctx.incomplete)
        if repair and self.model is not None and not any("起草失败" in e for e in errors):
            draft = self._repaired(draft, request, ctx, emit)
        return DraftOutcome(self._followed_up(draft, request), precedents)

    def checked(self, draft: Draft, request: DraftRequest) -> Draft:
        """The draft with fresh findings: the checks, and figures stated differently in two parts;
        last year's promises and the 纲要's coverage (after any repair: a missing promise is for the
        clerk to answer, never for the model to invent)."""
        return self._followed_up(self._checked(draft, request, {}), request)

    def _followed_up(self, draft: Draft, request: DraftRequest) -> Draft:
        library = self.search.library if self.search is not None else None
        return followed_up(draft, request, library, self._lazy_embed())

    def _lazy_embed(self) -> Embed | None:
        """The library's embedder, looked up only when there are promises to match (a check
        without a previous report loads no model)."""
        if self.search is None:
            return None
        library = self.search.library
        return lambda texts, kind: library.embedder.embed(texts, kind)

    def _checked(self, draft: Draft, request: DraftRequest, incomplete: dict[str, str]) -> Draft:
        return replace(draft, findings=tuple(self._findings(draft, request, incomplete)))

    def _findings(self, draft: Draft, request: DraftRequest, incomplete: dict[str, str]) -> list[Finding]:
        own = _own_names(request)
        findings = check_draft(
            draft,
            facts=f"{request.facts}\n{request.other}",
            previous=request.previous,
            foreign_names=set(),  # with `library`, names are judged per document
            own_names=own,
            library=self.search.library if self.search is not None else None,
        )
        marks = [
            Finding(
                key, 0, 0, "error", f"本部分的模型输出不完整：{why}", "重新生成这一部分", kind="incomplete"
            )
            for key, why in incomplete.items()
        ]
        return [*marks, *findings, *consistency_findings(draft)]

    def _repaired(self, draft: Draft, request: DraftRequest, ctx: _Context, emit: EventSink) -> Draft:
        assert self.model is not None
        incomplete = ctx.incomplete
        repaired, findings = repair_draft(
            draft,
            list(draft.findings),
            model=self.model,
            check=lambda d: self._findings(d, request, incomplete),
            clean=lambda raw, heading: clean_model_text(raw, heading, 0, under=1)[0],
            facts={key: "\n".join(items) for key, items in ctx.routed.items()},  # each part's own
        )
        for fix in repaired.repairs[len(draft.repairs) :]:
            if fix.kept:
                emit("repair", fix.part, fix.after)
        return replace(repaired, findings=tuple(findings))

    def _context(self, request: DraftRequest, outline: Outline | None) -> _Context:
        embed = self.search.library.embedder.embed if self.search is not None else None
        outline = outline or build_outline(request.facts, request.year, embed)
        routed = prompt_facts(outline)
        routed["other"] = [*routed["other"], *split_facts(request.other)]
        own = _own_names(request)
        foreign = self.search.library.foreign_names(own) if self.search is not None else set()
        targets = part_targets(request, routed)
        ctx = _Context(
            request, routed, _previous_parts(request.previous), own, foreign, outline, targets=targets
        )
        ctx.missing_promises = missing_promises(request, self._lazy_embed())
        return ctx

    def _precedents(self, ctx: _Context, key: str) -> list[Hit]:
        if self.search is None:  # an empty library gives no hits
            return []
        query = PART_QUERIES[key] + "；" + "；".join(ctx.routed[key])[:200]
        hits = self.search.search(query, k=PRECEDENTS_PER_PART * 3, filters=SearchFilters(sections=(key,)))
        own = {ctx.request.unit, *ctx.own}
        return choose_precedents(
            hits,
            ctx.request.level,
            ctx.request.year,
            PRECEDENTS_PER_PART,
            mask=lambda text: mask_precedent(text, foreign=ctx.foreign, own=own),
        )

    def _write_part(
        self, ctx: _Context, key: str, heading: str, hits: list[Hit], emit: EventSink
    ) -> DraftPart:
        labelled = label_sources(hits)
        facts = ctx.routed[key]
        if self.model is None:
            if key in PART_KEYS:
                openings = None  # only part 一 opens its subheadings with the library's phrasing
                if key == "achievements" and self.search is not None:
                    openings = library_openings(self.search.library)
                text = outline_part(ctx.request, key, ctx.outline, openings)
            else:
                text = other_text(ctx.request, facts)
            if key == "shortcomings" and ctx.missing_promises:
                text += "\n" + promise_questions(ctx.missing_promises)
            emit("delta", key, text)
            return DraftPart(key, heading, text, tuple(labelled))
        system, user = render_part_prompt(
            ctx.request,
            key,
            heading,
            facts,
            ctx.previous.get(key, ""),
            hits,
            written=ctx.written,
            foreign=ctx.foreign,
            own=ctx.own,
            missing_promises=ctx.missing_promises,
            target=ctx.targets.get(key),
        )
        raw = self._stream(ctx, key, system, user, emit)
        text, cited = clean_model_text(raw, heading, len(hits), under=1)
        if not text:
            why = ctx.incomplete.pop(key, "")
            raise LLMError(
                f"模型 {self.model.description} 对“{heading}”没有返回正文"
                + (f"：{why}" if why else "（可能只输出了推理过程）")
                + "。请重试，或换用非推理模型。"
            )
        return DraftPart(key, heading, text, tuple(s for s in labelled if s.id in cited))

    def _stream(self, ctx: _Context, key: str, system: str, user: str, emit: EventSink) -> str:
        """The answer with reasoning removed; deltas emitted as they become safe to show. An
        answer the model did not finish is returned as far as it got and noted in ctx."""
        assert self.model is not None
        reasoning = ReasoningFilter()
        chunks: list[str] = []
        try:
            for delta in without_reasoning(self.model.stream(system, user), reasoning):
                chunks.append(delta)
                emit("delta", key, delta)
        except IncompleteAnswer as exc:
            rest = reasoning.finish()
            if rest:
                chunks.append(rest)
                emit("delta", key, rest)
            ctx.incomplete[key] = str(exc)
        if reasoning.unclosed and key not in ctx.incomplete:
            ctx.incomplete[key] = "模型的推理过程（<think>）没有结束，正文可能缺失"
        return "".join(chunks)


def validate_request(request: DraftRequest) -> None:
    if not request.unit.strip():
        raise AssistantError("请填写单位名称（例如“某县司法局”）。")
    check_year(request.year)
    check_facts(f"{request.facts}\n{request.other}" if request.other else request.facts)


def _own_names(request: DraftRequest) -> set[str]:
    return own_names(request.unit, request.facts, request.previous, request.other)


def label_sources(hits: list[Hit]) -> list[Source]:
    return [
        Source(f"S{n}", h.chunk.doc_id, h.chunk.title, h.chunk.unit, h.chunk.year)
        for n, h in enumerate(hits, 1)
    ]


def clean_model_text(raw: str, heading: str, n_sources: int, *, under: int = 0) -> tuple[str, set[str]]:
    """Plain part text without reasoning, markup, its own heading or citation marks; the valid
    cited ids. With `under` (1 for a part of the report) the text is also made official
    (compose.officialise: numbering hierarchy, full-width punctuation)."""
    raw = strip_reasoning(raw)
    cited = {f"S{m}" for m in _CITATION.findall(raw) if 1 <= int(m) <= n_sources}
    lines = [ln.strip().lstrip("\u3000") for ln in _CITATION.sub("", raw).splitlines()]
    lines = [ln for ln in lines if ln and strip_markdown(ln)]
    heading_body = heading.split("、", 1)[-1]
    first = strip_markdown(lines[0]) if lines else ""
    if heading_body and heading_body in first and len(first) <= len(heading) + 4:
        lines = lines[1:]
    if under:
        return officialise("\n".join(lines), under=under), cited
    plain = [_SPACE_IN_CHINESE.sub("", strip_markdown(ln)) for ln in lines]
    return "\n".join(ln for ln in plain if ln), cited


def _previous_parts(previous: str) -> dict[str, str]:
    if not previous.strip():
        return {}
    parts: dict[str, list[str]] = {}
    for section in parse_report(previous).sections:
        parts.setdefault(section.key, []).append(section.text)
    return {k: "\n".join(v)[:3000] for k, v in parts.items()}
