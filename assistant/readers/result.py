"""What a reader returns: the text and the warnings the user should see about how it was read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[str, int, int], None]
"""(message, done, total) — the same shape as assistant.library.facade.Progress."""


@dataclass(frozen=True)
class ReadResult:
    text: str
    warnings: tuple[str, ...] = ()
