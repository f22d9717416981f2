"""The library's change log: one JSON line per finished change of one document (add, remove,
edit) with the revision before and after it, kept in `<data_dir>/changes/<collection>.jsonl`.

Derived data that depends on every document — the near-duplicate signatures, the checks' name and
copy index — is saved with the revision it reflects; to catch up it replays the changes from that
revision to the present one document at a time (`between`), and rebuilds from every document
only when the chain is broken: a revision moved without a logged change (a reindex, a killed
writer's change finished by the next opener, an older version of the program) or the log was
trimmed. Written only by the library's single writer, under its write lock."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path

from assistant.types import LibraryChange

log = logging.getLogger(__name__)

MAX_BYTES = 8 * 1024 * 1024  # past this the log keeps its newest KEEP changes
KEEP = 2000


class ChangeLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, change: LibraryChange) -> None:
        """Record a finished change (a failure to write only costs a rebuild of derived data)."""
        line = json.dumps(asdict(change), ensure_ascii=False) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line)
            if self.path.stat().st_size > MAX_BYTES:
                self._trim()
        except OSError as exc:
            log.warning("change log %s not written: %s", self.path, exc)

    def between(self, start: int, end: int) -> list[LibraryChange] | None:
        """The changes leading from revision `start` to `end`, oldest first; None when the log
        cannot say (then whatever is derived from the documents must be rebuilt)."""
        if start == end:
            return []
        if start > end:
            return None
        by_start = {c.before: c for c in self._read()}
        chain = []
        revision = start
        while revision < end:
            change = by_start.get(revision)
            if change is None:
                return None
            chain.append(change)
            revision = change.after
        return chain if revision == end else None

    def _read(self) -> list[LibraryChange]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        changes = []
        for line in lines:
            try:
                changes.append(LibraryChange(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a line cut short by a crash: the chain through it is broken
        return changes

    def _trim(self) -> None:
        lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)[-KEEP:]
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text("".join(lines), encoding="utf-8")
        temporary.replace(self.path)
