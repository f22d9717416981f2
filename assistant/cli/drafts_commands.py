"""`fazhi drafts list | show ID | import FILE | delete ID` — the drafts the UI saves as the user works
(assistant/drafts/store.py), read and written from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.cli.common import emit_json
from assistant.cli.wording import JSON_HELP
from assistant.drafts.codec import load_draft
from assistant.drafts.store import DraftStore, SavedDraft, draft_record
from assistant.types import DraftRequest

if TYPE_CHECKING:  # pydantic-settings: loaded by main, not by `fazhi -h`
    from assistant import Settings


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    drafts = sub.add_parser("drafts", help="已保存的草稿（网页界面边写边存）：列出、查看、导入、删除")
    actions = drafts.add_subparsers(dest="drafts_command", required=True, metavar="ACTION")
    p = actions.add_parser("list", help="列出已保存的草稿（最近修改的在前）")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(handler=cmd_list)

    p = actions.add_parser("show", help="显示一篇草稿（默认最新一版）")
    p.add_argument("draft_id")
    p.add_argument("--version", type=int, help="第几版（默认最新）")
    p.add_argument("--json", action="store_true", help="输出与 fazhi draft --json 相同的结构")
    p.set_defaults(handler=cmd_show)

    p = actions.add_parser("import", help="把 .json/.md/.docx 草稿文件存为一篇新草稿，可在网页中继续")
    p.add_argument("file", type=Path)
    p.add_argument("--unit", default="")
    p.add_argument("--year", type=int)
    p.set_defaults(handler=cmd_import)

    p = actions.add_parser("delete", help="删除一篇已保存的草稿及其所有版本")
    p.add_argument("draft_id")
    p.set_defaults(handler=cmd_delete)


def brief(saved: SavedDraft) -> dict:
    return {
        "id": saved.id,
        "unit": saved.unit,
        "year": saved.year,
        "title": saved.title,
        "created_at": saved.created_at,
        "updated_at": saved.updated_at,
        "versions": [
            {"number": v.number, "saved_at": v.saved_at, "reason": v.reason} for v in saved.versions
        ],
    }


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    store = DraftStore(settings.data_dir)
    drafts, damaged = store.list(), store.damaged()
    if args.json:
        emit_json([brief(d) for d in drafts] + [{"id": d.id, "damaged": d.reason} for d in damaged])
        return 0
    if not drafts and not damaged:
        print("还没有保存的草稿：在网页界面“起草报告”页生成草稿后会自动保存。")
    for d in drafts:
        print(
            f"{d.unit or '单位未填'}｜{d.year}年｜{d.source or '来源未记录'}｜最近修改 {d.updated_at.replace('T', ' ')}"
            f"｜共 {len(d.versions)} 版｜{d.id}"
        )
    for bad in damaged:
        print(f"{bad.id}  已损坏：{bad.reason}（可用 fazhi drafts delete {bad.id} 删除）")
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    store = DraftStore(settings.data_dir)
    saved = store.get(args.draft_id)
    _, draft = store.load(args.draft_id, args.version)
    if args.json:
        emit_json({"id": saved.id, "version": args.version or saved.latest, **draft_record(draft)})
    else:
        from assistant.drafts.export import to_markdown  # python-docx: only when showing

        print(to_markdown(draft))
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    draft = load_draft(args.file, args.unit, args.year)
    request = DraftRequest(unit=draft.unit, year=draft.year)
    saved = DraftStore(settings.data_dir).create(request, draft, reason="导入")
    print(f"已保存为草稿 {saved.id}（{saved.unit or '单位未填'}，{saved.year}年）")
    return 0


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    saved = DraftStore(settings.data_dir).delete(args.draft_id)
    print(f"已删除草稿 {saved.id}（{saved.title}，共 {len(saved.versions)} 版）")
    return 0
