"""The catalog: every document's listing fields (title, unit, year, level, names, …) in the order
Chroma keeps the records, and a mirror of each document's text — derived files that let `fazhi
list` and `fazhi check` answer without importing chromadb.

`<data_dir>/catalog/<collection>.json` holds the rows with the state of Chroma they reflect (the
documents collection's id, the library revision, the embedder). It is served only while that is
Chroma's state now, as read from Chroma's SQLite file (vectorstore/peek.py) and with no change
under way; when the library has moved on, the change log replays the changes one document at a
time (an add or an edit logs its record); when the log cannot say, the caller lists Chroma and
writes the catalog again. Any reader may write it (a temporary file renamed into place): a stale
catalog is never served, whoever wrote it.

`<data_dir>/texts/<collection>/<id>.txt`: a document's text as stored (ids are content hashes, so
a file never changes once written); written by the writer as it adds a document and by a reader
that fetched a text from Chroma, removed with the document. Only for the embedded store."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from assistant.library.changes import ChangeLog
from assistant.library.records import info_from_meta
from assistant.settings import Settings
from assistant.types import DocumentInfo
from vectorstore.peek import peek_state

log = logging.getLogger(__name__)

# The record fields the catalog keeps (records.info_from_meta reads them; `names` for the checks).
FIELDS = ("title", "unit", "year", "chunks", "sections", "source", "doc_number", "level", "warnings", "names")
VERSION = 1
Rows = list[tuple[str, dict[str, Any]]]  # (document id, listing fields), in Chroma's order


def listing(meta: dict[str, Any]) -> dict[str, Any]:
    """The catalog's fields of a record's metadata."""
    return {k: meta[k] for k in FIELDS if k in meta}


def sorted_for_listing(docs: list[DocumentInfo]) -> list[DocumentInfo]:
    """`fazhi list`'s order: newest year first, then unit and title."""
    return sorted(docs, key=lambda d: (-(d.year or 0), d.unit, d.title))


def catalog_path(settings: Settings) -> Path:
    return settings.data_dir / "catalog" / f"{settings.collection_prefix}.json"


def read_listing(settings: Settings) -> list[DocumentInfo] | None:
    """The library's documents in listing order from the catalog alone (no chromadb, no model),
    or None when the catalog cannot say (then the caller opens the library)."""
    if settings.chroma_host:
        return None
    state = peek_state(settings.data_dir, f"{settings.collection_prefix}_documents")
    if state is None:
        return None
    rows = Catalog(catalog_path(settings), None, settings.embedding).rows(state)
    return None if rows is None else sorted_for_listing([info_from_meta(i, m) for i, m in rows])


class Catalog:
    def __init__(self, path: Path, changes: ChangeLog | None, setting: str) -> None:
        """`changes`: the library's change log (None: the one the catalog names); `setting`: the
        FAZHI_EMBEDDING the catalog must have been written under."""
        self.path, self.changes, self.setting = path, changes, setting
        self._held: tuple[tuple[str, int], Rows, dict[str, dict[str, Any]]] | None = None

    def rows(self, state: dict[str, Any]) -> Rows | None:
        """The rows at Chroma's `state` (from peek_state or the store), or None when the catalog
        cannot say (missing, another store or embedder, a change under way, a broken log)."""
        found = self._current(state)
        return found[0] if found else None

    def by_id(self, state: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
        """The rows at `state` by document id, or None when the catalog cannot say."""
        found = self._current(state)
        return found[1] if found else None

    def write(self, state: dict[str, Any], rows: Rows) -> None:
        if state.get("pending"):
            return
        data = {
            "version": VERSION,
            "id": state["id"],
            "revision": state["revision"],
            "embedder": state.get("embedder"),
            "setting": self.setting,
            "changes": self.changes.path.name if self.changes is not None else None,
            "rows": [[doc_id, listing(meta)] for doc_id, meta in rows],
        }
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(temporary, self.path)
        except OSError as exc:  # a full or read-only disk: the next reader lists Chroma again
            log.warning("catalog %s not written: %s", self.path, exc)
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
        key = (str(state["id"]), int(state["revision"]))
        kept = [(doc_id, listing(meta)) for doc_id, meta in rows]
        self._held = (key, kept, dict(kept))

    def _current(self, state: dict[str, Any]) -> tuple[Rows, dict[str, dict[str, Any]]] | None:
        if state.get("pending"):
            return None
        key = (str(state["id"]), int(state["revision"]))
        if self._held is not None and self._held[0] == key:
            return self._held[1], self._held[2]
        data = self._load()
        if data is None or data["id"] != key[0] or data.get("embedder") != state.get("embedder"):
            return None
        if data.get("setting") != self.setting:
            return None
        rows: Rows = [(doc_id, meta) for doc_id, meta in data["rows"]]
        if data["revision"] != key[1]:
            changes = self.changes
            if changes is None and isinstance(data.get("changes"), str):
                changes = ChangeLog(self.path.parent.parent / "changes" / Path(data["changes"]).name)
            caught = self._caught_up(changes, rows, int(data["revision"]), key[1]) if changes else None
            if caught is None:
                return None
            self.write(state, caught)
            rows = caught
        self._held = (key, rows, dict(rows))
        return rows, self._held[2]

    def _load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (
            not isinstance(data, dict)
            or data.get("version") != VERSION
            or not isinstance(data.get("rows"), list)
        ):
            return None
        if not isinstance(data.get("id"), str) or not isinstance(data.get("revision"), int):
            return None
        rows = data["rows"]
        if not all(
            isinstance(r, list) and len(r) == 2 and isinstance(r[0], str) and isinstance(r[1], dict)
            for r in rows
        ):
            return None  # damaged: listed from Chroma and written again
        return data

    def _caught_up(self, changes: ChangeLog, rows: Rows, start: int, end: int) -> Rows | None:
        """`rows` moved from revision `start` to `end` through the change log, as Chroma orders
        records: an added record last, an edited one in its place, a removed one gone."""
        chain = changes.between(start, end)
        if chain is None:
            return None
        moved = list(rows)
        for change in chain:
            at = next((i for i, (doc_id, _) in enumerate(moved) if doc_id == change.doc_id), None)
            if change.kind == "remove":
                if at is not None:
                    del moved[at]
            elif not change.record:
                return None  # logged by a version that did not keep the record
            elif change.kind == "edit" and at is not None:
                moved[at] = (change.doc_id, listing(change.record))
            elif at is None:
                moved.append((change.doc_id, listing(change.record)))
            else:
                return None  # an add of a document the catalog already holds: it cannot say
        return moved


class TextMirror:
    """Each document's stored text in its own file, by id (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, doc_id: str) -> Path | None:
        safe = doc_id and not doc_id.startswith(".") and "/" not in doc_id and "\\" not in doc_id
        return self.folder / f"{doc_id}.txt" if safe else None

    def get(self, doc_id: str) -> str | None:
        path = self._path(doc_id)
        if path is None:
            return None
        try:
            with path.open(encoding="utf-8", newline="") as stored:  # \r kept as Chroma keeps it
                return stored.read()
        except (OSError, ValueError):
            return None

    def put(self, doc_id: str, text: str) -> None:
        path = self._path(doc_id)
        if path is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=path.name, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.replace(temporary, path)
        except OSError as exc:
            log.warning("text of %s not mirrored: %s", doc_id, exc)

    def drop(self, doc_id: str) -> None:
        path = self._path(doc_id)
        if path is not None:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
