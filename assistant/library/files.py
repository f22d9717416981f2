"""Which files a folder given to `ingest` (or the UI's folder upload) stands for."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.readers import SUPPORTED_SUFFIXES


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the supported files inside any folder given (sorted, recursive), except
    a folder's README (about the folder, not a report) and anything under a `facts/` folder (a
    unit's facts for drafting, as in samples/facts/)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if _is_report_file(p, path)))
        else:
            files.append(path)
    return files


def _is_report_file(path: Path, folder: Path) -> bool:
    inside = path.relative_to(folder).parts[:-1]
    return (
        path.suffix.lower() in SUPPORTED_SUFFIXES
        and not path.stem.upper().startswith("README")
        and not any(part.lower() == "facts" for part in inside)
        and path.is_file()
    )
