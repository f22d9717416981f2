"""`fazhi outline` — the 提纲 of a report read from the clerk's facts, to check and edit before
drafting (`fazhi draft --outline FILE`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import AssistantError
from assistant.cli.common import emit_json, open_library
from assistant.types import LEVELS, Outline

if TYPE_CHECKING:
    from assistant import Settings


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "outline", help="先出提纲：第一部分的小标题和事实、不足及原因、对应的安排、第一责任人事实"
    )
    p.add_argument("--unit", required=True, help="单位名称，如“某县司法局”")
    p.add_argument("--year", type=int, required=True, help="报告所总结的年度，如 2024")
    p.add_argument("--level", default="县", choices=LEVELS, help="省/市/县/乡镇/部门")
    p.add_argument("--facts", type=Path, required=True, help="本年度事实材料（txt/md/docx/pdf）")
    p.add_argument("--previous", help="上一年度报告：文件路径，或资料库中的文档编号（列出其中的安排备查）")
    p.add_argument("--json", action="store_true", help="输出 JSON（可编辑后用 `fazhi draft --outline` 起草）")
    p.set_defaults(handler=cmd_outline)


def cmd_outline(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.compose.outline import build_outline, outline_to_dict
    from assistant.limits import check_facts, check_year

    check_year(args.year)
    facts = read_text(args.facts, settings)
    check_facts(facts)
    library = _library(settings)
    embed = library.embedder.embed if library is not None else None
    outline = build_outline(facts, args.year, embed)
    previous = previous_plans(args.previous, settings, library)
    if args.json:
        data = {"unit": args.unit.strip(), "year": args.year, "level": args.level, **outline_to_dict(outline)}
        emit_json({**data, "previous_plans": previous} if args.previous else data)
    else:
        print(outline_lines(outline, args.year))
        if previous:
            print("\n上一年度报告中的安排（备查）：\n" + "\n".join(f"  - {p}" for p in previous))
    return 0


def outline_lines(outline: Outline, year: int) -> str:
    """The outline as the clerk reads it on screen."""
    from assistant.text.numbering import ordinal

    own = "（您材料中的小标题）" if outline.own_headings else "（按常见层次归类，可修改）"
    lines = [f"一、{year}年推进法治政府建设的主要举措和成效{own}"]
    for n, topic in enumerate(outline.topics, 1):
        lines.append(f"  （{ordinal(n)}）{topic.heading}")
        lines += [f"      - {fact}" for fact in topic.facts]
    lines.append("二、存在的不足和原因")
    for s in outline.shortcomings:
        lines.append(f"  - {s.text}" + (f"（原因：{s.cause}）" if s.cause else "（原因：材料未写明）"))
    lines.append("三、党政主要负责人履行推进法治建设第一责任人职责情况")
    lines += [f"  - {fact}" for fact in outline.leadership] or ["  - （材料中没有，草稿中会留【待补充】）"]
    lines.append(f"四、{year + 1}年推进法治政府建设的主要安排")
    for p in outline.plans:
        answers = f"（回应：{outline.shortcomings[p.answers].text}）" if p.answers is not None else ""
        lines.append(f"  - {p.text}{answers}")
    return "\n".join(lines)


def read_outline(path: Path) -> Outline:
    from assistant.compose.outline import outline_from_dict

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AssistantError(f"读不了提纲文件“{path}”：{exc.strerror or exc}。请检查路径。") from None
    except ValueError:
        raise AssistantError(
            f"提纲文件“{path}”不是有效的 JSON：请用 `fazhi outline --json` 生成后再修改。"
        ) from None
    return outline_from_dict(data)


def read_text(path: Path, settings: Settings) -> str:
    from assistant.readers import read_file

    return read_file(path, max_bytes=settings.max_file_mb * 1024 * 1024)


def previous_plans(value: str | None, settings: Settings, library) -> list[str]:  # noqa: ANN001
    """The lines of last year's plans part (for the clerk to compare), [] without a report."""
    if not value:
        return []
    from assistant.parsing.structure import parse_report

    text: str | None = None
    if Path(value).exists():
        text = read_text(Path(value), settings)
    else:
        text = library.document_text(value) if library is not None else None
        if text is None:
            raise AssistantError(
                f"找不到上一年度报告“{value}”：既不是文件，也不是资料库中的文档编号（见 `fazhi list`）。"
            )
    sections = [s.text for s in parse_report(text).sections if s.key == "plans"]
    return [line.strip() for line in "\n".join(sections).split("\n") if line.strip()]


def _library(settings: Settings):  # noqa: ANN202
    if settings.chroma_host or (settings.data_dir / "chroma").exists():
        return open_library(settings)
    return None
