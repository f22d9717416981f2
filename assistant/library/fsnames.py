"""File names as the OS gives them, made printable.

On Linux a file name is bytes; Python hands undecodable bytes over as lone surrogates
(U+DC80–U+DCFF, "surrogateescape"), which JSON, Chroma and a UTF-8 terminal all refuse. Names
made on Windows or by an old archive are often GBK, so each run of such bytes is decoded as
GB18030 (a superset of GBK), bytes it cannot decode shown as U+FFFD. Some GBK bytes happen to
be valid UTF-8 (C4 BC → "ļ", EA B1 A8 → "걨"), so a run takes in every non-ASCII character
next to escaped bytes — except the punctuation our messages put around a name (《》“”：…)."""

from __future__ import annotations

import re
from typing import Any

_ESCAPED = re.compile("[\udc80-\udcff]")
_NAME_CHAR = "[^\x00-\x7f\u2000-\u206f\u3000-\u303f\uff00-\uffef]"
_ESCAPED_RUN = re.compile(f"{_NAME_CHAR}*[\udc80-\udcff]{_NAME_CHAR}*")


def readable(text: str) -> str:
    """`text` with every run of escaped bytes decoded (GB18030), so it encodes as UTF-8."""
    if not _ESCAPED.search(text):
        return text
    return _ESCAPED_RUN.sub(_decode_run, text)


def _decode_run(match: re.Match[str]) -> str:
    raw = match.group().encode("utf-8", errors="surrogateescape")
    return raw.decode("gb18030", errors="replace")


def readable_all(value: Any) -> Any:
    """`readable` applied to every string inside lists, tuples and dicts (for JSON output)."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, dict):
        return {readable_all(k): readable_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [readable_all(v) for v in value]
    return value
