"""The embedded Chroma's documents-collection metadata (the library revision, the journal, the
embedder) read straight from its SQLite file, read-only and without importing chromadb (a second
and more of start-up): what lets `fazhi list` and `fazhi check` tell whether their derived files
are current. Any surprise — no file, another schema, a locked or damaged database — is None, and
the caller opens Chroma as before; the collection's id is returned with it, so a library deleted
and built again (its revisions counting from 0 anew) is never taken for the old one."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

_QUERY = """
SELECT c.id, m.key, m.str_value, m.int_value, m.float_value, m.bool_value
FROM collections c LEFT JOIN collection_metadata m ON m.collection_id = c.id
WHERE c.name = ?
"""


def peek_state(data_dir: Path, collection: str) -> dict[str, Any] | None:
    """{"id": the collection's id, "revision": int, "pending": str, **its other metadata}, or None."""
    database = data_dir / "chroma" / "chroma.sqlite3"
    if not database.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            rows = connection.execute(_QUERY, (collection,)).fetchall()
        finally:
            connection.close()
    except (sqlite3.Error, OSError, ValueError):
        return None
    if not rows or len({row[0] for row in rows}) != 1:
        return None
    state: dict[str, Any] = {}
    for _, key, *values in rows:
        if key is not None:
            state[key] = next((v for v in values if v is not None), None)
    try:
        revision = int(state.get("revision") or 0)
    except (TypeError, ValueError):
        return None
    return {**state, "id": str(rows[0][0]), "revision": revision, "pending": str(state.get("pending") or "")}
