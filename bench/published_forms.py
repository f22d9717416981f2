"""The published-excerpt evaluation in its three forms, on two deterministic halves.

    python bench/published_forms.py   → JSON on stdout and bench/results/published_forms.json

The rows of the dev split (real_excerpts_dev.jsonl) and the second set (real_pages_dev2.jsonl)
are pooled and split by a hash of their id: half A is the one rules are developed on, half B is
only measured. Each half is read in three forms:

- `copied`: the text as copied from the page;
- `untitled`: every line that is the title (or a piece of a title split over lines) removed, and
  the title cut out where it is glued to other text: the unit must come from the body;
- `saved`: the copied text saved as a .txt file named after its title and read through the
  real ingest path (`prepare_file`), so the file name is evidence as it is for a clerk's files.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import emit  # noqa: E402
from published_eval import evaluate, evaluate_reports, load  # noqa: E402

from assistant.library.prepare import prepare_file  # noqa: E402

SET_NAMES = ("real_excerpts_dev.jsonl", "real_pages_dev2.jsonl")  # copies in tests/data
SETS = tuple(
    shared if (shared := Path("/work/shared/eval") / name).exists() else ROOT / "tests" / "data" / name
    for name in SET_NAMES
)
FORMS = ("copied", "untitled", "saved")
_MIN_TITLE_PIECE = 6
_FILE_NAME_UNSAFE = re.compile(r'[\\/:*?"<>|\s]')


def half(row_id: str) -> str:
    """'A' or 'B', fixed by the id's hash (never by the content or the order of the file)."""
    return "A" if hashlib.sha256(row_id.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def without_title(text: str, title: str) -> str:
    """`text` with every title line gone: lines that are the title or a piece of it, and the
    title where it is glued into a longer line."""
    flat_title = re.sub(r"\s", "", title)
    kept = []
    for line in text.split("\n"):
        flat = re.sub(r"\s", "", line)
        if flat_title and flat_title in flat:
            line = re.sub(r"\s*".join(map(re.escape, flat_title)), "", line)
            flat = re.sub(r"\s", "", line)
            if not flat:
                continue
        if len(flat) >= _MIN_TITLE_PIECE and flat in flat_title:
            continue
        kept.append(line)
    return "\n".join(kept)


def saved_reports(rows: list[dict]) -> list:
    """Each row saved as 《title》.txt and read through the ingest path."""
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            path = Path(tmp) / (_FILE_NAME_UNSAFE.sub("", row["title"]) + ".txt")
            path.write_text(row["text"], encoding="utf-8")
            reports.append(prepare_file(path, max_bytes=10_000_000, count_tokens=len).report)
            path.unlink()
    return reports


def evaluate_form(rows: list[dict], form: str) -> dict:
    if form == "copied":
        return evaluate(rows)
    if form == "untitled":
        return evaluate([{**row, "text": without_title(row["text"], row["title"])} for row in rows])
    return evaluate_reports(rows, saved_reports(rows))


def pooled() -> list[dict]:
    return [row for path in SETS if path.exists() for row in load(path)]


def main() -> int:
    rows = pooled()
    result = {}
    for name in ("A", "B"):
        part = [row for row in rows if half(row["id"]) == name]
        result[name] = {form: evaluate_form(part, form) for form in FORMS}
    emit("published_forms", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
