"""`fazhi search | similar` — find precedent phrasing."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import AssistantError
from assistant.cli.common import emit_json, open_library
from assistant.cli.wording import JSON_HELP, UNKNOWN, part_name, rank_label
from assistant.types import SEARCH_MODES, Hit

if TYPE_CHECKING:  # the search (numpy, the library) is imported by the handlers: `fazhi -h` stays quick
    from assistant import PrecedentSearch, SearchFilters, Settings


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--k", type=int, default=5, help="返回条数（默认 5）")
    p.add_argument(
        "--section",
        action="append",
        default=[],
        help="只查某部分：achievements/shortcomings/leadership/plans/…（可重复）",
    )
    p.add_argument("--year-from", type=int)
    p.add_argument("--year-to", type=int)
    p.add_argument("--unit", default="", help="单位或标题包含的文字")
    p.add_argument(
        "--level",
        action="append",
        default=[],
        help="只查某层级：省/市/县/乡镇/部门（或 province/city/district-county/township/department，可重复）",
    )
    p.add_argument("--mode", choices=SEARCH_MODES, default="hybrid")
    p.add_argument("--json", action="store_true", help=JSON_HELP)


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="查找范例措辞")
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--queries", type=Path, help='批量查询：JSONL 文件，每行 {"q": …, "section"?: …}')
    _filter_options(p)
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("similar", help="查找与一段文字相似的范例（文件或 - 表示标准输入）")
    p.add_argument("source")
    _filter_options(p)
    p.set_defaults(handler=cmd_similar)


def filters_from(args: argparse.Namespace, extra_section: str = "") -> SearchFilters:
    sections = [s for value in args.section for s in value.split(",") if s]
    if extra_section:
        sections.append(extra_section)
    levels = tuple(v for value in args.level for v in value.split(",") if v)
    from assistant import SearchFilters

    return SearchFilters(tuple(sections), args.year_from, args.year_to, args.unit, levels)


def print_hits(hits: list[Hit]) -> None:
    if not hits:
        print("没有找到匹配的范例。可以换个说法，或放宽部分/年度/单位的筛选。")
    else:
        print(f"找到 {len(hits)} 条范例，按相关程度从高到低排列：\n")
    for n, hit in enumerate(hits, 1):
        c = hit.chunk
        path = " › ".join(c.heading_path)
        year = f"{c.year}年" if c.year else f"年度{UNKNOWN}"
        print(f"{rank_label(n, len(hits))}  {c.unit or f'单位{UNKNOWN}'} {year}《{c.title}》")
        print(f"    位置：{part_name(c.section)}" + (f" › {path}" if path else ""))
        print(f"    {c.text}\n")


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import PrecedentSearch

    search = PrecedentSearch(open_library(settings))
    if args.queries:
        return _batch(search, args)
    if not args.query:
        raise AssistantError(
            "请给出查询内容，例如：fazhi search 行政复议；或用 --queries 文件.jsonl 批量查询。"
        )
    hits = search.search(args.query, args.k, filters_from(args), args.mode)
    emit_json(hit_records(hits)) if args.json else print_hits(hits)
    return 0


def _batch(search: PrecedentSearch, args: argparse.Namespace) -> int:
    try:
        lines = [ln for ln in args.queries.read_text(encoding="utf-8").splitlines() if ln.strip()]
        queries = [json.loads(ln) for ln in lines]
    except (OSError, ValueError) as exc:
        raise AssistantError(
            f'无法读取查询文件 {args.queries}：{exc}。每行应是一个 JSON 对象，如 {{"q": "行政复议"}}。'
        ) from exc
    for number, item in enumerate(queries, 1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise AssistantError(
                f'查询文件 {args.queries} 第 {number} 行格式不对：应为 {{"q": "查询内容", "section": "plans"}}（section 可省略）。'
            )
        hits = search.search(item["q"], args.k, filters_from(args, str(item.get("section") or "")), args.mode)
        sys.stdout.write(json.dumps(hit_records(hits), ensure_ascii=False) + "\n")
    return 0


def cmd_similar(args: argparse.Namespace, settings: Settings) -> int:
    if args.source == "-":
        passage = sys.stdin.read()
    else:
        from assistant.readers import read_file

        passage = read_file(args.source, max_bytes=settings.max_file_mb * 1024 * 1024)
    from assistant import PrecedentSearch

    hits = PrecedentSearch(open_library(settings)).similar(passage, args.k, filters_from(args), args.mode)
    emit_json(hit_records(hits)) if args.json else print_hits(hits)
    return 0


def hit_records(hits: list[Hit]) -> list[dict]:
    from assistant.search import hit_to_dict

    return [hit_to_dict(h) for h in hits]
