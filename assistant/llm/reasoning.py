"""Reasoning text removed from a model's streamed answer before any of it reaches the user.

Reasoning models send their thinking as `<think>…</think>` at the start of the content, or —
with R1-distill chat templates that put the opening tag into the prompt — as plain text that
ends in a lone `</think>`; an answer cut short may leave a `<think>` unclosed. (A separate
`reasoning_content` field never reaches us: langchain-openai drops it.) The filter holds back
text only while the answer could still be reasoning, so ordinary answers stream as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

OPEN, CLOSE = "<think>", "</think>"
# How reasoning usually opens (Chinese and English); an answer that opens like this is held back
# until `</think>` or the end, because it may be an R1-distill reasoning block without its tag.
_REASONING_START = re.compile(
    r"^\s*(?:好的|好，|嗯|首先|我需要|我要|我先|用户|让我|我们需要|我们要|接下来|思考|根据用户|这部分|这一部分|ok\b|okay|let me|we need|the user|i need|first,)",
    re.IGNORECASE,
)
_DECIDE_AFTER = 10  # characters seen before an answer that does not open like reasoning streams


class ReasoningFilter:
    """Feed deltas in with `feed`, call `finish` at the end; both return the text safe to show.
    `removed` tells whether any reasoning was taken out, `unclosed` whether it never ended."""

    def __init__(self) -> None:
        self._held = ""
        self._state = "undecided"  # → "thinking" (inside <think>) → "answer"
        self.removed = False
        self.unclosed = False

    def feed(self, delta: str) -> str:
        if self._state == "answer":
            return delta
        self._held += delta
        return self._advance(final=False)

    def finish(self) -> str:
        if self._state == "answer":
            return ""
        return self._advance(final=True)

    def _advance(self, *, final: bool) -> str:
        held = self._held
        if CLOSE in held:  # paired or lone: everything up to the closing tag was reasoning
            self.removed = True
            return self._answer(held.split(CLOSE, 1)[1].lstrip())
        if held.lstrip().startswith(OPEN) or (self._state == "thinking"):
            self._state = "thinking"
            if final:
                self.removed = self.unclosed = True
                self._held = ""
            return ""
        if OPEN.startswith(held.lstrip()) and not final:
            return ""  # a tag may be arriving in pieces: "<th"
        if final or (len(held.strip()) >= _DECIDE_AFTER and not _REASONING_START.match(held)):
            return self._answer(held)
        return ""

    def _answer(self, text: str) -> str:
        self._state, self._held = "answer", ""
        return text


def without_reasoning(deltas: Iterable[str], filter_: ReasoningFilter | None = None) -> Iterator[str]:
    """The deltas with reasoning removed, in order; pass a filter to read its flags afterwards."""
    active = filter_ or ReasoningFilter()
    for delta in deltas:
        shown = active.feed(delta)
        if shown:
            yield shown
    rest = active.finish()
    if rest:
        yield rest


def strip_reasoning(text: str) -> str:
    """The same on a whole answer (also removes later <think> blocks a model may repeat)."""
    text = "".join(without_reasoning([text]))
    return re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL)
