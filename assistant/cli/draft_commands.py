"""`fazhi draft | check | rewrite | export` — drafting, checking, rewriting and exporting."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import AssistantError
from assistant.cli.common import emit_json, open_library
from assistant.cli.wording import JSON_HELP, changes_text, finding_line, part_name
from assistant.limits import check_year
from assistant.types import LENGTH_SCALES, LEVELS, Draft, DraftRequest, Finding, Hit

if TYPE_CHECKING:  # pydantic-settings: loaded by main, not by `fazhi -h`
    from assistant import Settings


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("draft", help="起草年度报告（四部分标准结构）")
    p.add_argument("--unit", required=True, help="单位名称，如“某县司法局”")
    p.add_argument("--year", type=int, required=True, help="报告所总结的年度，如 2024")
    p.add_argument(
        "--level",
        default="县",
        type=level_value,
        help="省/市/县/乡镇/部门（也接受 province/city/district-county/township/department）",
    )
    p.add_argument("--facts", type=Path, help="本年度事实材料（工作总结、要点，txt/md/docx/pdf）")
    p.add_argument(
        "--previous",
        help="上一年度报告：文件路径，或资料库中的文档编号（默认取资料库中本单位上一年度的报告）",
    )
    p.add_argument("--no-previous", action="store_true", help="不对照上一年度报告")
    p.add_argument("--other", type=Path, help="“五、其他需要报告的情况”的材料（可选）")
    p.add_argument(
        "--length",
        type=length_value,
        default="标准",
        help="篇幅：简要 / 标准 / 详细（默认标准，按级别和事实多少定各部分字数），或全文目标字数，如 3000",
    )
    p.add_argument(
        "--date",
        default="",
        help="成文日期，如 2025-02-20 或 2025年2月20日（不填则落款写【待补充：成文日期】）",
    )
    p.add_argument("--outline", type=Path, help="按提纲起草：`fazhi outline --json` 输出并修改后的 JSON 文件")
    p.add_argument("--offline", action="store_true", help="不调用大模型，生成离线草稿")
    p.add_argument("--no-repair", action="store_true", help="不对检查出错误的部分做一轮自动修改")
    p.add_argument("--out", type=Path, help="另存为 .md 或 .docx")
    p.add_argument(
        "--evidence-table",
        action="store_true",
        help="--out 为 .md 时，在文末附“事实依据”表（每句话来自哪几行事实）",
    )
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_draft)

    p = sub.add_parser("check", help="检查草稿：结构、年份、外单位名称、脱敏标记、无依据的数字")
    p.add_argument("draft", type=Path)
    p.add_argument("--unit", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--facts", type=Path)
    p.add_argument(
        "--previous", help="上一年度报告：文件路径或文档编号（默认取资料库中本单位上一年度的报告）"
    )
    p.add_argument("--no-previous", action="store_true", help="不对照上一年度报告")
    p.add_argument("--level", default="县", type=level_value, help="单位层级（用于同级单位的纲要覆盖比较）")
    p.add_argument(
        "--json",
        action="store_true",
        help=JSON_HELP + "：问题列表；给出 --previous 时为 {findings, carryover, coverage}",
    )
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("rewrite", help="按要求改写一段文字（文件或 - 表示标准输入）")
    p.add_argument("source")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--preset", help="精炼 / 扩写 / 扩写到800字 / 补充数据 / 改为Y年口径 / 更正式 / 口语转公文 / 规范格式"
    )
    group.add_argument("--instruction", help="自定义改写要求")
    p.add_argument("--year", type=int)
    p.add_argument("--facts", type=Path)
    p.add_argument("--unit", default="")
    p.add_argument(
        "--section", default="achievements",
        help="这段文字属于哪一部分（影响年份检查）：achievements 一、主要举措和成效；shortcomings 二、不足和原因；"
        "leadership 三、第一责任人履职；plans 四、下一年安排",
    )  # fmt: skip
    p.add_argument("--part", help="FILE 是草稿（.json/.md/.docx）时，改写其中的这一部分，如 achievements")
    p.add_argument("--offline", action="store_true")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_rewrite)

    p = sub.add_parser("export", help="把草稿（.json/.md）导出为公文格式 .docx 或 Markdown")
    p.add_argument("draft", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--unit", default="")
    p.add_argument("--year", type=int)
    p.add_argument(
        "--date", default="", help="成文日期，如 2025-02-20 或 2025年2月20日（不填则沿用草稿中的日期）"
    )
    p.set_defaults(handler=cmd_export)


_ENGLISH_LEVELS = {
    "province": "省",
    "city": "市",
    "district-county": "县",
    "township": "乡镇",
    "department": "部门",
}


def level_value(value: str) -> str:
    """A level as the user typed it: 省/市/县/乡镇/部门 or the dev split's English keys."""
    level = _ENGLISH_LEVELS.get(value.strip().lower(), value.strip())
    if level not in LEVELS:
        raise argparse.ArgumentTypeError(
            f"层级“{value}”无效：请用 {'、'.join(LEVELS)} 之一（或 {'、'.join(_ENGLISH_LEVELS)}）。"
        )
    return level


def length_value(value: str) -> str | int:
    """--length: 简要 / 标准 / 详细, or a total in characters."""
    if value.strip() in LENGTH_SCALES:
        return value.strip()
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    raise argparse.ArgumentTypeError(
        f"篇幅“{value}”无效：请用 {'、'.join(LENGTH_SCALES)} 之一，或全文字数（如 3000）"
    )


def _read(path: Path | None, settings: Settings) -> str:
    if path is None:
        return ""
    from assistant.readers import read_file

    return read_file(path, max_bytes=settings.max_file_mb * 1024 * 1024)


def _previous_text(value: str | None, settings: Settings, library) -> str:  # noqa: ANN001
    if not value:
        return ""
    if Path(value).exists():
        return _read(Path(value), settings)
    text = library.document_text(value) if library is not None else None
    if text is None:
        raise AssistantError(
            f"找不到上一年度报告“{value}”：既不是文件，也不是资料库中的文档编号（见 `fazhi list`）。"
        )
    return text


def _previous_for(args: argparse.Namespace, settings: Settings, library) -> str:  # noqa: ANN001
    """--previous as given; without it (and without --no-previous) the library's report of the
    same unit for the year before, said on stderr."""
    if args.no_previous:
        return ""
    if args.previous or library is None:
        return _previous_text(args.previous, settings, library)
    from assistant.library.previous import previous_note, previous_report

    found = previous_report(library.documents(), args.unit.strip(), args.year)
    if found is None:
        return ""
    print(f"提示：{previous_note(found)}", file=sys.stderr)
    return library.document_text(found.id) or ""


def _library_if_present(settings: Settings):  # noqa: ANN202
    """The library when one exists (for precedents and leak checks); None for a bare checkout."""
    if settings.chroma_host or (settings.data_dir / "chroma").exists():
        return open_library(settings)
    return None


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    check_year(args.year)  # before the library and the models load: a mistyped year is told at once
    from assistant import Drafter, PrecedentSearch
    from assistant.cli.outline_commands import read_outline
    from assistant.compose.outline import outline_text
    from assistant.drafts.export import check_target, parse_date
    from assistant.llm.chat import chat_model_from_settings

    if args.out is not None:
        check_target(args.out)  # before any model call: a bad path must not cost the draft
    date = parse_date(args.date) if args.date else ""
    library = _library_if_present(settings)
    model = None if args.offline else chat_model_from_settings(settings)
    if model is None and not args.offline:
        print("提示：未配置大模型（FAZHI_LLM_BASE_URL / FAZHI_LLM_MODEL），生成离线草稿。", file=sys.stderr)
    outline = read_outline(args.outline) if args.outline else None
    facts = _read(args.facts, settings)
    if outline is not None and not facts:
        facts = outline_text(outline)
    request = DraftRequest(
        unit=args.unit.strip(),
        year=args.year,
        level=args.level,
        facts=facts,
        previous=_previous_for(args, settings, library),
        length=args.length if isinstance(args.length, int) else None,
        other=_read(args.other, settings),
        scale=next((s for s in LENGTH_SCALES if s == args.length), "标准"),
    )
    drafter = Drafter(PrecedentSearch(library) if library else None, model)
    stream = None if args.json else _print_stream
    outcome = drafter.draft(request, on_event=stream, repair=not args.no_repair, outline=outline)
    draft = replace(outcome.draft, date=date)
    _report(args, draft, outcome.precedents, request.facts)
    if draft.mode == "offline":
        from assistant.compose.offline_outline import offline_note

        print(offline_note(draft, request.level, request.length), file=sys.stderr)
    for error in draft.errors:
        print(f"错误：{error}", file=sys.stderr)
    return 1 if draft.errors else 0


def _report(args: argparse.Namespace, draft: Draft, precedents: dict[str, list[Hit]], facts: str) -> None:
    """The draft as JSON (with its 事实依据) or as text with precedents, repairs, findings and the
    evidence count; then saved to --out (the .md with the evidence table when asked)."""
    from assistant.compose.evidence import evidence_for, evidence_table

    evidence = evidence_for(draft, facts)
    if args.json:
        from assistant.drafts.draft_json import draft_to_dict

        emit_json(draft_to_dict(draft) | {"evidence": [asdict(item) for item in evidence]})
    else:
        print_precedents(draft, precedents)
        print_repairs(draft)
        print_findings(draft.findings, draft_texts(draft))
        print_followup(draft)
        print_evidence(len(evidence), sum(1 for item in evidence if not item.facts))
    _save(draft, args.out, evidence_table(draft, evidence, facts) if args.evidence_table else "")
    if args.out is None and args.date:
        from assistant.drafts.export import date_warning

        warning = date_warning(draft)
        if warning:
            print(f"注意：{warning}", file=sys.stderr)


def _print_stream(kind: str, key: str, text: str) -> None:
    if kind == "part_start":
        print(f"\n{text}\n", flush=True)
    elif kind == "delta":
        print(text, end="", flush=True)
    elif kind == "part_done":
        print(flush=True)


def print_repairs(draft: Draft) -> None:
    """Each part the repair pass revised, its changes marked inside the sentence, with what it fixed."""
    for fix in (r for r in draft.repairs if r.kept):
        print(f"\n【自动修改：{part_name(fix.part)}】修正了：{'；'.join(fix.fixed)}")
        print(changes_text(fix.before, fix.after))


def print_evidence(checkable: int, missing: int) -> None:
    print(f"\n事实依据：{checkable} 句含数字、活动、会议或文件，其中 {missing} 句在事实材料中找不到依据"
          + ("，请逐句核实（--out x.md --evidence-table 可列出全部）。" if missing else "。"))  # fmt: skip


def _save(draft: Draft, out: Path | None, appendix: str = "") -> None:
    if out is None:
        return
    from assistant.drafts.export import date_warning, save

    save(draft, out, appendix)
    print(f"已保存：{out}", file=sys.stderr)
    warning = date_warning(draft)
    if warning:
        print(f"注意：{warning}", file=sys.stderr)


def print_precedents(draft: Draft, precedents: dict[str, list[Hit]], per_part: int = 3) -> None:
    """The precedents each part was grounded in, with an excerpt: material to borrow phrasing from."""
    from assistant.drafts.export import source_label

    for part in draft.parts:
        cited = {s.id: s for s in part.sources}
        shown = [(f"S{n}", hit) for n, hit in enumerate(precedents.get(part.key, []), 1) if f"S{n}" in cited]
        if not shown:
            continue
        print(f"\n【{part.heading.split('、')[0]}、参考范例：只借鉴结构和措辞，不照搬事实、数字和名称】")
        for label, hit in shown[:per_part]:
            flat = hit.chunk.text.replace("\n", " ")
            excerpt = flat if len(flat) <= 120 else flat[:120] + "……"
            print(f"  {source_label(cited[label])}\n    {excerpt}")


def print_followup(draft: Draft) -> None:
    """The 对照表 of last year's promises and the 纲要 areas part 一 leaves out."""
    from assistant.drafts.followup_table import STATUS_NAMES, peer_note, where_answered

    texts = {part.key: part.text for part in draft.parts}
    if draft.carryover:
        print(f"\n去年承诺对照（{len(draft.carryover)} 项）：")
        for e in draft.carryover:
            print(f"  [{STATUS_NAMES[e.status]}] {e.promise} → {where_answered(e, texts.get(e.part, ''))}")
    gaps = [e for e in draft.coverage if not e.covered]
    if gaps:
        print("\n纲要覆盖：第一部分未涉及 " + "、".join(e.area for e in gaps))
        for note in filter(None, (peer_note(e) for e in gaps)):
            print(f"  {note}")


def print_findings(
    findings: tuple[Finding, ...] | list[Finding], texts: dict[str, str] | None = None
) -> None:
    """Each finding with its part's name and the words it points at (`texts`: part key → text)."""
    if not findings:
        print("\n检查：未发现问题。")
        return
    labels = {"error": "错误", "warning": "注意", "info": "提示"}
    print(f"\n检查发现 {len(findings)} 处：")
    for f in findings:
        print(finding_line(f, texts or {}, labels.get(f.severity, f.severity)))


def draft_texts(draft: Draft) -> dict[str, str]:
    """The texts findings point into, by Finding.part."""
    return {"title": draft.title, "preamble": draft.preamble, **{p.key: p.text for p in draft.parts}}


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    check_year(args.year)
    from assistant import Drafter, PrecedentSearch
    from assistant.drafts.codec import load_draft

    library = _library_if_present(settings)
    draft = load_draft(args.draft, unit=args.unit, year=args.year)
    draft = replace(draft, unit=args.unit, year=args.year)
    request = DraftRequest(
        unit=args.unit,
        year=args.year,
        level=args.level,
        facts=_read(args.facts, settings),
        previous=_previous_for(args, settings, library),
    )
    checked = Drafter(PrecedentSearch(library) if library else None, None).checked(draft, request)
    findings = checked.findings
    if args.json and args.previous:  # issue 18's shape: the findings with the 对照表 and coverage
        emit_json(
            {
                "findings": [asdict(f) for f in findings],
                "carryover": [asdict(e) for e in checked.carryover],
                "coverage": [asdict(e) for e in checked.coverage],
            }
        )
    elif args.json:  # the findings list, as `check --json` has always printed it
        emit_json([asdict(f) for f in findings])
    else:
        print_findings(findings, draft_texts(draft))
        print_followup(checked)
    return 1 if any(f.severity == "error" for f in findings) else 0


def cmd_rewrite(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import PrecedentSearch, Rewriter
    from assistant.llm.chat import chat_model_from_settings

    section = args.section
    if args.part:
        text, section = _draft_part_text(Path(args.source), args.part), args.part
    else:
        text = sys.stdin.read() if args.source == "-" else _read(Path(args.source), settings)
    library = _library_if_present(settings)
    model = None if args.offline else chat_model_from_settings(settings)
    result = Rewriter(PrecedentSearch(library) if library else None, model).rewrite(
        text,
        preset=args.preset or "",
        instruction=args.instruction or "",
        year=args.year,
        facts=_read(args.facts, settings),
        unit=args.unit,
        section=section,
    )
    if args.json:
        emit_json(
            {
                "text": result.text,
                "diff": result.diff,
                "sources": [asdict(s) for s in result.sources],
                "findings": [asdict(f) for f in result.findings],
            }
        )
    else:
        print(result.text)
        print_findings(result.findings, {section: result.text})
    return 0


def _draft_part_text(path: Path, key: str) -> str:
    from assistant.drafts.codec import load_draft

    draft = load_draft(path)
    for part in draft.parts:
        if part.key == key:
            return part.text
    keys = "、".join(f"{p.key}（{part_name(p.key)}）" for p in draft.parts)
    raise AssistantError(f"草稿《{path.name}》中没有“{key}”部分。可选：{keys}。")


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.drafts.codec import load_draft

    draft = load_draft(args.draft, unit=args.unit, year=args.year)
    if args.unit:
        draft = replace(draft, unit=args.unit)
    if args.date:
        from assistant.drafts.export import parse_date

        draft = replace(draft, date=parse_date(args.date))
    _save(draft, args.out)
    return 0
