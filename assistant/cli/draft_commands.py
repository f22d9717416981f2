"""`fazhi draft | check | rewrite | export` — drafting, checking, rewriting and exporting."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import AssistantError
from assistant.cli.common import emit_json, open_library
from assistant.limits import check_year
from assistant.types import LEVELS, Draft, DraftRequest, Finding, Hit

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
    p.add_argument("--previous", help="上一年度报告：文件路径，或资料库中的文档编号")
    p.add_argument("--other", type=Path, help="“五、其他需要报告的情况”的材料（可选）")
    p.add_argument("--length", type=int, help="全文目标字数（可选）")
    p.add_argument("--offline", action="store_true", help="不调用大模型，生成离线草稿")
    p.add_argument("--no-repair", action="store_true", help="不对检查出错误的部分做一轮自动修改")
    p.add_argument("--out", type=Path, help="另存为 .md 或 .docx")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_draft)

    p = sub.add_parser("check", help="检查草稿：结构、年份、外单位名称、脱敏标记、无依据的数字")
    p.add_argument("draft", type=Path)
    p.add_argument("--unit", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--facts", type=Path)
    p.add_argument("--previous", help="上一年度报告：文件路径或文档编号")
    p.add_argument("--json", action="store_true")
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
    p.add_argument("--section", default="achievements", help="这段文字属于哪一部分（影响年份检查）")
    p.add_argument("--part", help="FILE 是草稿（.json/.md/.docx）时，改写其中的这一部分，如 achievements")
    p.add_argument("--offline", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rewrite)

    p = sub.add_parser("export", help="把草稿（.json/.md）导出为公文格式 .docx 或 Markdown")
    p.add_argument("draft", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--unit", default="")
    p.add_argument("--year", type=int)
    p.add_argument("--date", default="", help="成文日期，如 2025年1月15日（默认今天）")
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


def _library_if_present(settings: Settings):  # noqa: ANN202
    """The library when one exists (for precedents and leak checks); None for a bare checkout."""
    if settings.chroma_host or (settings.data_dir / "chroma").exists():
        return open_library(settings)
    return None


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    check_year(args.year)  # before the library and the models load: a mistyped year is told at once
    from assistant import Drafter, PrecedentSearch
    from assistant.llm.chat import chat_model_from_settings

    if args.out is not None:
        from assistant.drafts.export import check_target

        check_target(args.out)  # before any model call: a bad path must not cost the draft
    library = _library_if_present(settings)
    model = None if args.offline else chat_model_from_settings(settings)
    if model is None and not args.offline:
        print("提示：未配置大模型（FAZHI_LLM_BASE_URL / FAZHI_LLM_MODEL），生成离线草稿。", file=sys.stderr)
    request = DraftRequest(
        unit=args.unit.strip(),
        year=args.year,
        level=args.level,
        facts=_read(args.facts, settings),
        previous=_previous_text(args.previous, settings, library),
        length=args.length,
        other=_read(args.other, settings),
    )
    drafter = Drafter(PrecedentSearch(library) if library else None, model)
    stream = None if args.json else _print_stream
    outcome = drafter.draft(request, on_event=stream, repair=not args.no_repair)
    draft = outcome.draft
    if args.json:
        from assistant.drafts.codec import draft_to_dict

        emit_json(draft_to_dict(draft))
    else:
        print_precedents(draft, outcome.precedents)
        print_repairs(draft)
        print_findings(draft.findings)
    _save(draft, args.out)
    for error in draft.errors:
        print(f"错误：{error}", file=sys.stderr)
    return 1 if draft.errors else 0


def _print_stream(kind: str, key: str, text: str) -> None:
    if kind == "part_start":
        print(f"\n{text}\n", flush=True)
    elif kind == "delta":
        print(text, end="", flush=True)
    elif kind == "part_done":
        print(flush=True)


def print_repairs(draft: Draft) -> None:
    """Each part the repair pass revised, as a sentence diff, with what it fixed."""
    from assistant.rewriting import sentence_diff

    names = {part.key: part.heading for part in draft.parts}
    for fix in draft.repairs:
        print(f"\n【自动修改：{names.get(fix.part, fix.part)}】修正了：{'；'.join(fix.fixed)}")
        print(sentence_diff(fix.before, fix.after))


def _save(draft: Draft, out: Path | None) -> None:
    if out is None:
        return
    from assistant.drafts.export import date_warning, save

    save(draft, out)
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


def print_findings(findings: tuple[Finding, ...] | list[Finding]) -> None:
    if not findings:
        print("\n检查：未发现问题。")
        return
    labels = {"error": "错误", "warning": "注意", "info": "提示"}
    print(f"\n检查发现 {len(findings)} 处：")
    for f in findings:
        print(
            f"  [{labels.get(f.severity, f.severity)}] {f.part} {f.start}-{f.end}：{f.message}"
            + (f"（{f.suggestion}）" if f.suggestion else "")
        )


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
        facts=_read(args.facts, settings),
        previous=_previous_text(args.previous, settings, library),
    )
    findings = Drafter(PrecedentSearch(library) if library else None, None).checked(draft, request).findings
    if args.json:
        emit_json([asdict(f) for f in findings])
    else:
        print_findings(findings)
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
        print_findings(result.findings)
    return 0


def _draft_part_text(path: Path, key: str) -> str:
    from assistant.drafts.codec import load_draft

    draft = load_draft(path)
    for part in draft.parts:
        if part.key == key:
            return part.text
    keys = "、".join(p.key for p in draft.parts)
    raise AssistantError(f"草稿《{path.name}》中没有“{key}”部分。可选：{keys}。")


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.drafts.codec import load_draft

    draft = load_draft(args.draft, unit=args.unit, year=args.year)
    if args.unit:
        draft = replace(draft, unit=args.unit)
    if args.date:
        draft = replace(draft, date=args.date)
    _save(draft, args.out)
    return 0
