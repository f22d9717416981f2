"""File names as the OS gives them, made printable.

On Linux a file name is bytes; Python hands undecodable bytes over as lone surrogates
(U+DC80–U+DCFF, "surrogateescape"), which JSON, Chroma and a UTF-8 terminal all refuse. Names
made on Windows or by an old archive are often GBK, so each run of such bytes is decoded as
GB18030 (a superset of GBK that decodes every byte sequence), else shown as U+FFFD."""

from __future__ import annotations

import re
from typing import Any

_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def readable(text: str) -> str:
    """`text` with every run of escaped bytes decoded (GB18030), so it encodes as UTF-8."""
    if not _ESCAPED_BYTES.search(text):
        return text
    return _ESCAPED_BYTES.sub(_decode_run, text)


def _decode_run(match: re.Match[str]) -> str:
    raw = bytes(ord(ch) - 0xDC00 for ch in match.group())
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
