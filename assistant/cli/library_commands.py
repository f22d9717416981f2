"""`fazhi ingest | list | remove | reindex | parse | ui` — the knowledge-base commands."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant import AssistantError
from assistant.cli.common import emit_json, open_library, stderr_progress
from assistant.cli.wording import JSON_HELP, LIST_HEADER, document_line, part_name
from assistant.library.fsnames import readable
from assistant.types import DocumentInfo

if TYPE_CHECKING:  # pydantic-settings: loaded by main, not by `fazhi -h`
    from assistant import Settings
    from assistant.library.facade import IngestResult

UNKNOWN_UNITS_HINT = "！标出的 {count} 篇没有识别出单位：请用 `fazhi edit 编号 --unit 单位名称` 补填。"


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="把报告文件（txt/md/docx/pdf 或文件夹）加入资料库")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("list", help="列出资料库中的文档")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("edit", help="更正一篇文档的单位、年度、层级或标题")
    p.add_argument("doc_id")
    p.add_argument("--unit", help="单位名称，例如 XX县司法局")
    p.add_argument("--year", type=int, help="报告所述年度，例如 2024")
    p.add_argument(
        "--level", help="层级：省/市/县/乡镇/部门（或 province/city/district-county/township/department）"
    )
    p.add_argument("--title", help="报告标题")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("remove", help="从资料库删除一篇文档")
    p.add_argument("doc_id")
    p.set_defaults(handler=cmd_remove)

    p = sub.add_parser("reindex", help="用当前向量模型重建整个索引")
    p.set_defaults(handler=cmd_reindex)

    p = sub.add_parser("parse", help="解析一篇报告的结构（不入库）")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_parse)

    p = sub.add_parser("ui", help="启动网页界面（Streamlit）")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--host", default="127.0.0.1")
    p.set_defaults(handler=cmd_ui)


def line_progress(out: TextIO) -> Callable[[str, int, int], None]:
    """Progress as plain lines, for output that is not a terminal: one line as each file starts,
    and for a long file one line per quarter of its chunks embedded."""
    from assistant.library.facade import EMBEDDING_MESSAGE, FILE_MESSAGE

    batch_prefix = EMBEDDING_MESSAGE.split("《")[0]
    file_prefix = FILE_MESSAGE.split("《")[0]
    quarters: dict[str, int] = {}

    def report(message: str, done: int, total: int) -> None:
        if message.startswith(file_prefix):
            line = f"[{done + 1}/{total}] {readable(message)}"
        elif message.startswith(batch_prefix) and total >= 200:
            quarter = 4 * done // total
            if quarters.get(message, -1) >= quarter:
                return
            quarters[message] = quarter
            line = f"        {readable(message)}：{done}/{total} 段"
        else:
            return
        print(line, file=out, flush=True)

    return report


def doc_brief(info: DocumentInfo) -> dict:
    return {
        "id": info.id,
        "title": info.title,
        "unit": info.unit,
        "year": info.year,
        "level": info.level,
        "chunks": info.chunks,
    }


@contextmanager
def terminal_progress(wanted: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """rich progress bars on stderr — files, the current file's reading steps (OCR pages,
    conversion) and its chunks being embedded — when `wanted` and both stdout and stderr are
    terminals; progress lines on stderr when wanted elsewhere (a pipe, a log file); else none."""
    if not wanted:
        yield None
        return
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield line_progress(sys.stderr)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.library.facade import EMBEDDING_MESSAGE, FILE_MESSAGE

    batch_prefix = EMBEDDING_MESSAGE.split("《")[0]
    file_prefix = FILE_MESSAGE.split("《")[0]
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True)) as bars:
        files = bars.add_task("文件", total=None)
        pages = bars.add_task("读取", total=None, visible=False)
        chunks = bars.add_task("段落", total=None, visible=False)

        def report(message: str, done: int, total: int) -> None:
            if message.startswith(batch_prefix):
                task = chunks
            elif message.startswith(file_prefix) or message == "完成":
                task = files
                bars.update(pages, visible=False)  # a new file: its reading steps are yet to come
            else:  # the reader's own steps: OCR pages, LibreOffice conversion
                task = pages
            bars.update(task, description=readable(message), completed=done, total=total, visible=True)

        yield report


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    library = open_library(settings)
    with terminal_progress(not args.json) as progress:
        result = library.add_paths(args.paths, progress=progress)
    if args.json:
        emit_json(
            {
                "added": [_added_entry(d, result) for d in result.added],
                "skipped": [
                    {"path": p, "reason": r, "duplicate_of": getattr(entry, "duplicate_of", "")}
                    for entry in result.skipped
                    for p, r in [entry]
                ],
                "failed": [{"path": p, "error": e} for p, e in result.failed],
            }
        )
    else:
        for d in result.added:
            print(f"已收录  {document_line(d.unit, d.year, d.level, d.title, d.chunks, d.id)}")
        for p, r in result.skipped:
            print(f"已跳过  {p}：{r}")
        for p, e in result.failed:
            print(f"失败    {p}：{e}", file=sys.stderr)
    for p, w in result.warnings:
        print(f"提示    {p}：{w}", file=sys.stderr)
    return 1 if result.failed else 0


def _added_entry(d: DocumentInfo, result: IngestResult) -> dict:
    """One added document in `ingest --json`: its path and its warnings (an unknown unit among them)."""
    path = result.added_paths.get(d.id, "")
    return {**doc_brief(d), "path": path, "warnings": [w for p, w in result.warnings if p == path]}


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.library.catalog import read_listing  # the catalog first: no chromadb, numpy or model

    listed = read_listing(settings)
    listed = open_library(settings).documents() if listed is None else listed
    docs = sorted(listed, key=lambda d: bool(d.unit))  # unknown first
    if args.json:
        emit_json([{**doc_brief(d), "sections": d.sections, "warnings": list(d.warnings)} for d in docs])
        return 0
    if not docs:
        print("资料库是空的。用 `fazhi ingest 文件或文件夹` 添加往年报告。")
        return 0
    print(f"资料库共 {len(docs)} 篇（“未写明”的可用 `fazhi edit 编号 --unit … --year … --level …` 补上）：")
    print(LIST_HEADER)
    for d in docs:
        print(("！" if not d.unit else "") + document_line(d.unit, d.year, d.level, d.title, d.chunks, d.id))
    if unknown := sum(not d.unit for d in docs):
        print(UNKNOWN_UNITS_HINT.format(count=unknown))
    return 0


def cmd_edit(args: argparse.Namespace, settings: Settings) -> int:
    info = open_library(settings).edit(
        args.doc_id, unit=args.unit, year=args.year, level=args.level, title=args.title
    )
    if args.json:
        emit_json({**doc_brief(info), "sections": info.sections, "warnings": list(info.warnings)})
    else:
        print(f"已更正  {document_line(info.unit, info.year, info.level, info.title, info.chunks, info.id)}")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    info = open_library(settings).remove(args.doc_id)
    print(f"已删除  {info.id}  《{info.title}》")
    return 0


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import Library

    library = Library(settings, reindexing=True)
    count = library.reindex(progress=stderr_progress)
    print(f"已用“{library.embedder.name}”重建索引：{count} 个段落。")
    return 0


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.parsing.structure import parse_report, report_to_dict
    from assistant.readers import read_file

    report = parse_report(
        read_file(args.file, max_bytes=settings.max_file_mb * 1024 * 1024), filename=args.file.name
    )
    if args.json:
        emit_json(report_to_dict(report))
        return 0
    print(
        f"标题：{report.title or '（无）'}\n单位：{report.unit or '（未识别）'}\n年度：{report.year or '（未识别）'}"
    )
    if report.doc_number:
        print(f"文号：{report.doc_number}")
    if report.level:
        print(f"层级：{report.level}")
    for s in report.sections:
        print(f"{part_name(s.key)}：{s.heading or '（没有标题，按段落内容识别）'}  {len(s.text)} 字")
    for w in report.warnings:
        print(f"提示：{w}", file=sys.stderr)
    return 0


def cmd_ui(args: argparse.Namespace, settings: Settings) -> int:
    app = Path(__file__).resolve().parents[2] / "ui" / "serve.py"
    if not app.exists():
        raise AssistantError(f"找不到界面程序 {app}。请从项目目录运行，或重新安装。")
    env = {**os.environ, "FAZHI_DATA_DIR": str(settings.data_dir)}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        args.host,
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
        # Given here, not only in .streamlit/config.toml, which streamlit reads from the working
        # directory: `fazhi ui` started elsewhere must watch no files and take the readers' limit.
        "--server.fileWatcherType",
        "none",
        "--server.maxUploadSize",
        str(settings.max_file_mb),
    ]
    return subprocess.call(cmd, env=env)
