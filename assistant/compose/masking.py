"""Precedents made safe to show a model: other units' figures, names and places masked, the chunk
cut at sentence ends. A model cannot copy what it never sees (docs/domain.md, "What a draft
must never do")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text.figures import figures_in
from assistant.text.injection import without_injection
from assistant.text.names import names_in
from assistant.text.script import HAN

MAX_PRECEDENT_CHARS = 600
_UNIT_ENDINGS = (
    "局",
    "办",
    "委",
    "厅",
    "政府",
    "院",
    "所",
    "中心",
    "部",
    "处",
    "科",
    "室",
    "队",
    "站",
    "会",
    "办事处",
)
_DOC_NUMBER = re.compile(
    r"(印发|下发|转发|出台|制定|根据|依据|按照)?" + HAN + r"{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号"
)
_NUMBER_HEAD = re.compile(r"[\d.,]+|[零〇○一二三四五六七八九十百千两]+")
_SENTENCE_END = "。！？；"
_CANNOT_START = "，、；：）》”’」,;:)"


def mask_precedent(
    text: str, *, foreign: Iterable[str] = (), own: Iterable[str] = (), max_chars: int = MAX_PRECEDENT_CHARS
) -> str:
    """`text` with figures → ×, other units → 某单位, other places and brands → 某地, document
    numbers → 某文号, trimmed to whole sentences within `max_chars`; sentences that address the
    model are dropped first (library text is data, never instructions)."""
    text = _whole_sentences(without_injection(text).strip(), max_chars)
    text = mask_figures(text)
    text = _DOC_NUMBER.sub(lambda m: (m[1] or "") + "某文号", text)
    return mask_names(text, foreign=foreign, own=own)


def mask_figures(text: str) -> str:
    """Every count, rate, date and year outside 《》 with its digits as × (12件 → ×件, 2022年3月
    → ×年×月); document titles such as 《…纲要（2021—2025年）》 stay as written."""
    for figure in sorted(figures_in(text), key=lambda f: f.start, reverse=True):
        masked = _NUMBER_HEAD.sub("×", figure.text)
        text = text[: figure.start] + masked + text[figure.end :]
    return text


def mask_names(text: str, *, foreign: Iterable[str] = (), own: Iterable[str] = ()) -> str:
    own_names = {n for n in own if n}
    found = {n for n in foreign if n and n in text} | names_in(text)
    # A name inside one of the user's own names (县 in 某县司法局) is theirs.
    names = [n for n in found if n not in own_names and not any(n in o for o in own_names)]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "某单位" if name.endswith(_UNIT_ENDINGS) else "某地")
    return re.sub(r"(某地)+", "某地", text)


def _whole_sentences(text: str, max_chars: int) -> str:
    """Cut a leading fragment (a chunk that starts mid-sentence) and a trailing one, and stop at
    the last sentence end within max_chars."""
    if text and text[0] in _CANNOT_START:
        ends = [text.find(c) for c in _SENTENCE_END if c in text]
        text = text[min(ends) + 1 :].lstrip() if ends else text
    if len(text) > max_chars:
        text = text[:max_chars]
    if text and text[-1] not in _SENTENCE_END + "”’」）":
        last = max(text.rfind(c) for c in _SENTENCE_END)
        text = text[: last + 1] if last > 0 else text + "……"
    return text
