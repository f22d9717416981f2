"""One comparison view for draft versions, rewrites and repairs: the newer text with deletions struck
through in red and insertions underlined in green inside the sentence. The texts are the clerk's
data: every piece is HTML-escaped, nothing in them is ever read as markup."""

from __future__ import annotations

import html

import streamlit as st

from assistant.drafts.diff import changed, inline_diff
from assistant.types import DiffPiece

# Screen readers do not announce <del>/<ins> by default: the hidden words say what changed.
_TAGS = {
    "delete": ('<del class="fazhi-del" title="删去的文字"><span class="fazhi-sr">删去：</span>', "</del>"),
    "insert": ('<ins class="fazhi-ins" title="新增的文字"><span class="fazhi-sr">新增：</span>', "</ins>"),
}
NO_CHANGE = "（两段文字相同，没有改动）"


def diff_html(pieces: tuple[DiffPiece, ...]) -> str:
    """The pieces as HTML: unchanged text plain, changes in <del>/<ins>, line breaks kept."""
    out = []
    for piece in pieces:
        text = html.escape(piece.text, quote=True).replace("\n", "<br>")
        if piece.op == "same":
            out.append(text)
        else:
            opening, closing = _TAGS[piece.op]
            out.append(f"{opening}{text}{closing}")
    return '<div class="fazhi-diff">' + "".join(out) + "</div>"


def legend(before_label: str, after_label: str) -> str:
    return (
        f"对比{html.escape(before_label)}和{html.escape(after_label)}："
        '<del class="fazhi-del">划掉的红字</del>是删去的，<ins class="fazhi-ins">下划线绿字</ins>是新增的。'
    )


def show_diff(before: str, after: str, before_label: str = "修改前", after_label: str = "修改后") -> None:
    """Render the comparison of two texts (or say they are the same)."""
    pieces = inline_diff(before, after)
    if not changed(pieces):
        st.caption(NO_CHANGE)
        return
    st.html(f'<p class="fazhi-diff-legend">{legend(before_label, after_label)}</p>{diff_html(pieces)}')
