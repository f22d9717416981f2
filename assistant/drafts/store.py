"""Saved drafts: every draft the user works on, with its request and a version per generate, saved
edit and repair, under `<data dir>/drafts/<id>/`. Shared by the UI (我的草稿) and `fazhi drafts`.

Layout: `meta.json` (unit, year, title, times, versions), `request.json` (the DraftRequest) and
`v0001.json`, `v0002.json`, … (each in the `fazhi draft --json` shape). Files are written to a
temporary name and renamed, so a crash never leaves half a version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.drafts.draft_json import draft_from_dict, draft_to_dict
from assistant.drafts.precedents import read_precedents, write_precedents
from assistant.errors import AssistantError
from assistant.types import Draft, DraftRequest, Hit

log = logging.getLogger(__name__)

_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{4}$")
# Edits in a row within this time are one version, so typing does not make hundreds of them.
EDIT_COALESCE_SECONDS = 300
EDIT_REASON = "修改"
# The version saved part by part while the model writes: the next save of the draft replaces it.
DRAFTING_REASON = "起草中"


class DraftStoreError(AssistantError):
    """An unknown draft id or version, or a damaged saved draft."""


@dataclass(frozen=True)
class DraftVersion:
    number: int
    saved_at: str  # ISO time, local
    reason: str  # 生成 / 修改 / 修复前 / 继续起草 / 导入 / 改写放回 …


@dataclass(frozen=True)
class SavedDraft:
    id: str
    unit: str
    year: int
    title: str
    created_at: str
    updated_at: str
    versions: tuple[DraftVersion, ...]
    source: str = ""  # 离线, the model's name, or 导入 ('' for drafts saved before it was recorded)

    @property
    def latest(self) -> int:
        return self.versions[-1].number if self.versions else 0


OFFLINE_SOURCE = "离线"
IMPORTED_SOURCE = "导入"


def source_label(mode: str, model: str = "") -> str:
    """Where a draft's text came from, as 我的草稿 shows it."""
    if mode == "llm":
        return model or "大模型"
    return IMPORTED_SOURCE if mode == "imported" else OFFLINE_SOURCE


@dataclass(frozen=True)
class DamagedDraft:
    """A saved draft that cannot be read: listed as 已损坏 with the reason, and deletable."""

    id: str
    reason: str


Scanned = list[SavedDraft | DamagedDraft]
DamagedList = list[DamagedDraft]


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _write_json(path: Path, value: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def draft_record(draft: Draft) -> dict:
    """The stored shape: the JSON contract (repairs and finding sources included)."""
    return draft_to_dict(draft)


class DraftStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "drafts"

    # --- writing -------------------------------------------------------------------------------
    def create(
        self, request: DraftRequest, draft: Draft, reason: str = "生成", source: str = ""
    ) -> SavedDraft:
        """A new saved draft with its first version."""
        self.root.mkdir(parents=True, exist_ok=True)
        draft_id = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
        folder = self.root / draft_id
        folder.mkdir()
        _write_json(folder / "request.json", dataclasses.asdict(request))
        now = _now()
        meta = {
            "id": draft_id,
            "unit": draft.unit,
            "year": draft.year,
            "title": draft.title,
            "source": source,
        }
        _write_json(folder / "meta.json", {**meta, "created_at": now, "updated_at": now, "versions": []})
        return self.save_version(draft_id, draft, reason)

    def save_version(
        self, draft_id: str, draft: Draft, reason: str, request: DraftRequest | None = None, source: str = ""
    ) -> SavedDraft:
        """A new version (nothing when the text is the latest one's). Edits in a row are merged.
        `source` (离线 or the model's name) replaces the recorded one when given."""
        folder = self._folder(draft_id)
        meta = self._meta(draft_id)
        record = draft_record(draft)
        versions = meta["versions"]
        if versions and self._record(draft_id, versions[-1]["number"]) == record:
            return _saved(meta)
        now = _now()
        drafting = versions and versions[-1].get("reason") == DRAFTING_REASON
        if versions and (drafting or (reason == EDIT_REASON and _recent_edit(versions[-1], now))):
            versions[-1].update(saved_at=now, reason=reason)
        else:
            versions.append({"number": versions[-1]["number"] + 1 if versions else 1, "reason": reason})
            versions[-1]["saved_at"] = now
        _write_json(folder / f"v{versions[-1]['number']:04d}.json", record)
        if request is not None:
            _write_json(folder / "request.json", dataclasses.asdict(request))
        meta.update(unit=draft.unit, year=draft.year, title=draft.title, updated_at=now)
        if source:
            meta["source"] = source
        _write_json(folder / "meta.json", meta)
        return _saved(meta)

    def save_precedents(self, draft_id: str, precedents: dict[str, list[Hit]]) -> None:
        """Each part's precedents, kept with the draft for when it is reopened."""
        write_precedents(self._folder(draft_id), precedents)

    def precedents(self, draft_id: str) -> dict[str, list[Hit]]:
        return read_precedents(self._folder(draft_id))

    def save_outline(self, draft_id: str, data: dict | None) -> None:
        """The 提纲 the draft was written from, as the clerk edited it (compose.outline's JSON);
        None: the draft follows its facts, and an outline saved before is removed."""
        path = self._folder(draft_id) / "outline.json"
        if data is None:
            path.unlink(missing_ok=True)
        else:
            _write_json(path, data)

    def outline_data(self, draft_id: str) -> dict | None:
        """The saved 提纲's JSON; None when there is none or it cannot be read (the facts then lead)."""
        path = self._folder(draft_id) / "outline.json"
        if not path.exists():
            return None
        try:
            return self._read(path)
        except DraftStoreError as exc:
            log.warning("outline of draft %s not read: %s", draft_id, exc)
            return None

    def delete(self, draft_id: str) -> SavedDraft:
        """Remove a draft with all its versions; a damaged one too (its record is what it was)."""
        folder = self._folder(draft_id)
        try:
            saved = self.get(draft_id)
        except DraftStoreError:
            saved = SavedDraft(draft_id, "", 0, "（已损坏的草稿）", "", "", ())
        shutil.rmtree(folder)
        return saved

    # --- reading -------------------------------------------------------------------------------
    def list(self) -> list[SavedDraft]:
        """All saved drafts that open, most recently changed first (see `damaged` for the rest)."""
        found = [s for s in self._scan() if isinstance(s, SavedDraft)]
        return sorted(found, key=lambda s: (s.updated_at, s.id), reverse=True)

    def damaged(self) -> DamagedList:
        """The saved drafts that cannot be opened (a damaged record or latest version), by id."""
        return sorted((s for s in self._scan() if isinstance(s, DamagedDraft)), key=lambda d: d.id)

    def _scan(self) -> Scanned:
        if not self.root.is_dir():
            return []
        found: Scanned = []
        for folder in self.root.iterdir():
            if _ID.match(folder.name) and folder.is_dir():
                try:
                    saved = self.get(folder.name)
                    if saved.versions:
                        draft_from_dict(self._record(saved.id, saved.latest))
                    found.append(saved)
                except (AssistantError, ValueError, KeyError, TypeError) as exc:
                    found.append(DamagedDraft(folder.name, damage_reason(exc)))
        return found

    def find(self, unit: str, year: int) -> SavedDraft | None:
        """The most recently changed draft for this unit and year: regenerating adds a version to it."""
        wanted = unit.strip()
        return next((d for d in self.list() if d.unit.strip() == wanted and d.year == year), None)

    def latest(self) -> SavedDraft | None:
        drafts = self.list()
        return drafts[0] if drafts else None

    def get(self, draft_id: str) -> SavedDraft:
        return _saved(self._meta(draft_id))

    def load(self, draft_id: str, version: int | None = None) -> tuple[DraftRequest, Draft]:
        """The request and one version of the draft (the latest when not given)."""
        saved = self.get(draft_id)
        number = version or saved.latest
        if number not in {v.number for v in saved.versions}:
            raise DraftStoreError(f"草稿 {draft_id} 没有第 {number} 版：现有 1–{saved.latest} 版。")
        return self.request(draft_id), draft_from_dict(self._record(draft_id, number))

    def request(self, draft_id: str) -> DraftRequest:
        data = self._read(self._folder(draft_id) / "request.json")
        fields = {f.name for f in dataclasses.fields(DraftRequest)}
        try:
            return DraftRequest(**{k: v for k, v in data.items() if k in fields})
        except TypeError as exc:
            raise DraftStoreError(f"草稿 {draft_id} 的起草要求已损坏：{exc}") from exc

    def _record(self, draft_id: str, number: int) -> dict:
        return self._read(self._folder(draft_id) / f"v{number:04d}.json")

    def _folder(self, draft_id: str) -> Path:
        folder = self.root / draft_id
        if not _ID.match(draft_id) or not folder.is_dir():
            raise DraftStoreError(f"找不到草稿 {draft_id}：请用“fazhi drafts list”查看已保存的草稿编号。")
        return folder

    def _meta(self, draft_id: str) -> dict:
        meta = self._read(self._folder(draft_id) / "meta.json")
        if not isinstance(meta.get("versions"), list):
            raise DraftStoreError(f"草稿 {draft_id} 的记录已损坏（缺少版本列表）。")
        return meta

    @staticmethod
    def _read(path: Path) -> dict:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DraftStoreError(f"保存的草稿文件 {path} 无法读取：{exc}") from exc
        if not isinstance(data, dict):
            raise DraftStoreError(f"保存的草稿文件 {path} 格式不正确。")
        return data


def damage_reason(exc: Exception) -> str:
    """Why a saved draft cannot be opened, in words (the file named, without the full path)."""
    names = re.findall(r"(meta\.json|request\.json|v\d{4}\.json)", str(exc))
    if names:
        return f"文件 {names[0]} 已损坏或不完整，无法读取"
    return "草稿记录缺少必要内容（版本列表或编号），无法读取"


def _recent_edit(version: dict, now: str) -> bool:
    if version.get("reason") != EDIT_REASON:
        return False
    elapsed = dt.datetime.fromisoformat(now) - dt.datetime.fromisoformat(version["saved_at"])
    return elapsed.total_seconds() < EDIT_COALESCE_SECONDS


def _saved(meta: dict) -> SavedDraft:
    try:
        return SavedDraft(
            id=meta["id"],
            unit=meta.get("unit", ""),
            year=int(meta.get("year") or 0),
            title=meta.get("title", ""),
            source=str(meta.get("source") or ""),
            created_at=meta.get("created_at", ""),
            updated_at=meta.get("updated_at", ""),
            versions=tuple(
                DraftVersion(int(v["number"]), v.get("saved_at", ""), v.get("reason", ""))
                for v in meta["versions"]
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DraftStoreError(f"草稿记录已损坏：{exc}") from exc
