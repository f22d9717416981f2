"""The dev split of real published excerpts, turned into drafts for the leak/year/figure checks.

Each excerpt (mostly achievements text, ~700 characters, with web page furniture) becomes a draft
for its own unit and year as a clerk's draft would read: `parse_published` removes the page
furniture and converts traditional characters (a draft has neither), then the parts it finds, or
its body as the achievements part when it finds none. The other excerpts, as references, are read
the same way (the library and the precedents hold the cleaned text). Structure and length findings are not counted over this split: an excerpt
is a fragment, so its missing parts are real, not false alarms."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from assistant.parsing.structure import parse_published
from assistant.types import PART_KEYS, Draft, DraftPart, Report

DEV_SPLIT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "real_excerpts_dev.jsonl"
if not DEV_SPLIT.exists():  # the worktree layout: /work/wt/<branch>/tests → /work/shared
    DEV_SPLIT = Path("/work/shared/eval/real_excerpts_dev.jsonl")
FRAGMENT_KINDS = ("structure", "length")


def excerpts() -> list[dict]:
    return [json.loads(line) for line in DEV_SPLIT.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def _published(text: str) -> tuple[str, Report]:
    return parse_published(text)


def clean_text(row: dict) -> str:
    """The excerpt's own text: page furniture removed, traditional characters converted."""
    return _published(row["text"])[0]


def excerpt_draft(row: dict, unit: str | None = None) -> Draft:
    cleaned, report = _published(row["text"])
    parts = [DraftPart(s.key, s.heading, s.text) for s in report.sections if s.key in PART_KEYS]
    if not parts:
        body = "\n".join(s.text for s in report.sections if s.key not in ("preamble", "closing"))
        parts = [DraftPart("achievements", "", body or cleaned)]
    preamble = "\n".join(s.text for s in report.sections if s.key == "preamble")
    return Draft(
        title=report.title,
        unit=unit or row["unit"],
        year=int(row["year_reported"]),
        mode="imported",
        parts=tuple(parts),
        preamble=preamble,
    )


def short_unit(unit: str) -> str:
    """The unit as a clerk types it short: without the province and city in front when something
    below them remains (四川省广元市青川县司法局 → 青川县司法局; 武汉市司法局 stays)."""
    from assistant.text.divisions import COUNTY, gazetteer

    gaz = gazetteer()
    cut = 0
    for a, b, ids in gaz.mentions(unit):
        if a != cut or min(gaz.divisions[i].level for i in ids) >= COUNTY:
            break
        if b < len(unit) and any(
            gaz.divisions[i].level >= COUNTY for _, _, j in gaz.mentions(unit[b:]) for i in j
        ):
            cut = b
    return unit[cut:]


@cache
def _names(text: str) -> frozenset[str]:
    from assistant.text.names import names_in

    return frozenset(names_in(text))


# --- planted leaks ------------------------------------------------------------------------------
LEAK_KINDS = ("unit", "place", "doc_prefix", "brand")


@cache
def _province(unit: str) -> frozenset[int]:
    from assistant.text.divisions import PROVINCE, gazetteer

    gaz = gazetteer()
    return frozenset(j for i in gaz.resolve(unit) for j in gaz.chain(i) if gaz.divisions[j].level == PROVINCE)


def leak_of(kind: str, donor: dict, others: list[dict]) -> str | None:
    """What `donor` alone has of `kind`: its unit, its own district/city, a 文号 prefix, a brand."""
    from assistant.checks.brands import SHORT_BRAND, is_generic_phrase
    from assistant.checks.leaks import quoted_phrases
    from assistant.text.divisions import gazetteer

    if kind == "unit":
        return donor["unit"]
    if kind == "place":
        gaz = gazetteer()
        lowest = gaz.resolve(donor["unit"])
        return gaz.divisions[lowest[0]].name if lowest else None
    if kind == "doc_prefix":
        text = clean_text(donor)
        found = [n for n in _names(text) if re.search(re.escape(n) + r"[〔(（]\d{4}", text)]
        return found[0] if found else None
    used_elsewhere = set().union(*(quoted_phrases(clean_text(o)) for o in others))
    other_texts = [clean_text(o) for o in others]
    brands = sorted(
        p
        for p in quoted_phrases(clean_text(donor)) - used_elsewhere
        if not is_generic_phrase(p) and len(p) > SHORT_BRAND and not any(p in t for t in other_texts)
    )
    return brands[0] if brands else None


_SENTENCES = {
    "unit": "{}坚持依法行政，统筹推进法治建设。",
    "place": "在{}开展行政执法专项检查。",
    "doc_prefix": "根据{}〔2023〕5号文件要求，完善工作机制。",
    "brand": "打造“{}”工作品牌。",
}


def planted(row: dict, rows: list[dict], kind: str) -> tuple[str, str] | None:
    """(sentence, leaked name) from the first later excerpt of another province that has one."""
    mine = _province(row["unit"])
    start = rows.index(row)
    for donor in rows[start + 1 :] + rows[:start]:
        theirs = _province(donor["unit"])
        if not theirs or theirs & mine:  # national bodies (司法部) are nobody's leak
            continue
        name = leak_of(kind, donor, [o for o in rows if o is not donor])
        if name and name not in clean_text(row):
            return _SENTENCES[kind].format(name), name
    return None


def with_sentence(draft: Draft, sentence: str) -> tuple[Draft, str, int]:
    """The draft with `sentence` appended to its first part; (draft, part key, sentence offset)."""
    first = draft.parts[0]
    text = first.text.rstrip("\n") + "\n"
    changed = DraftPart(first.key, first.heading, text + sentence, first.sources)
    return replace(draft, parts=(changed, *draft.parts[1:])), first.key, len(text)


# --- both dev files, split in halves --------------------------------------------------------------
DEV2 = DEV_SPLIT.with_name("real_pages_dev2.jsonl")
SEEDS = DEV_SPLIT.parents[1] / "seeds"


def all_rows() -> list[dict]:
    """The 41 excerpts and the 26 pages of the second dev file (ids do not collide)."""
    rows = excerpts()
    if DEV2.exists():
        rows += [json.loads(ln) for ln in DEV2.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return rows


def half(row: dict) -> str:
    """'A' (tuned on) or 'B' (reported untouched): a fixed hash of the id, not Python's salted one."""
    import hashlib

    return "A" if hashlib.sha256(row["id"].encode()).digest()[0] % 2 == 0 else "B"


def seed_rows() -> list[dict]:
    """The five seed reports as rows of the split (their unit and year as the parser reads them)."""
    rows = []
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []:
        text = path.read_text(encoding="utf-8")
        report = _published(text)[1]
        rows.append(
            {"id": f"seed-{path.stem}", "title": report.title, "unit": report.unit, "text": text,
             "year_reported": report.year}
        )  # fmt: skip
    return rows
