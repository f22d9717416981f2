"""What a reader returns: the text and the warnings the user should see about how it was read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadResult:
    text: str
    warnings: tuple[str, ...] = ()
