"""Changes shown inside the sentence: two texts compared paragraph by paragraph, and inside each
changed paragraph character by character, so a changed comma or digit is a one-character change.
One comparison for draft versions (我的草稿), rewrites (改写段落) and repairs (自动修复)."""

from __future__ import annotations

from difflib import SequenceMatcher

from assistant.types import DiffPiece, Draft

# An unchanged run this short between two changes is folded into them: "改为了" beats "改·为·了".
_SHORT_KEEP = 1


def inline_diff(before: str, after: str) -> tuple[DiffPiece, ...]:
    """`before` → `after` as pieces; joining the same+delete pieces gives `before`, the
    same+insert pieces give `after`."""
    old, new = before.split("\n"), after.split("\n")
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if pieces:
            pieces.append(DiffPiece("same", "\n"))
        if tag == "equal":
            pieces.append(DiffPiece("same", "\n".join(old[i1:i2])))
        else:
            pieces += _characters(
                "\n".join(old[i1:i2]) if i2 > i1 else "", "\n".join(new[j1:j2]) if j2 > j1 else ""
            )
    return _merge(pieces)


def _characters(before: str, after: str) -> list[DiffPiece]:
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    pieces: list[DiffPiece] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < n < len(opcodes) - 1
        if tag == "equal" and not (between_changes and i2 - i1 <= _SHORT_KEEP):
            pieces.append(DiffPiece("same", before[i1:i2]))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("delete", before[i1:i2]))
        if j2 > j1:
            pieces.append(DiffPiece("insert", after[j1:j2]))
    return _regroup(pieces)


def _regroup(pieces: list[DiffPiece]) -> list[DiffPiece]:
    """Within each stretch of changes, the deletions first and then the insertions."""
    out: list[DiffPiece] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(DiffPiece("delete", "".join(deleted)))
        if inserted:
            out.append(DiffPiece("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for piece in pieces:
        if piece.op == "same":
            flush()
            out.append(piece)
        else:
            (deleted if piece.op == "delete" else inserted).append(piece.text)
    flush()
    return out


def _merge(pieces: list[DiffPiece]) -> tuple[DiffPiece, ...]:
    out: list[DiffPiece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and out[-1].op == piece.op:
            out[-1] = DiffPiece(piece.op, out[-1].text + piece.text)
        else:
            out.append(piece)
    return tuple(out)


def changed(pieces: tuple[DiffPiece, ...]) -> bool:
    return any(p.op != "same" for p in pieces)


def side(pieces: tuple[DiffPiece, ...], which: str) -> str:
    """The text on one side: "before" (kept + deleted) or "after" (kept + inserted)."""
    dropped = "insert" if which == "before" else "delete"
    return "".join(p.text for p in pieces if p.op != dropped)


def draft_text(draft: Draft) -> str:
    """A version's full text as compared on 我的草稿: title, preamble, each part's heading and text."""
    lines = [draft.title, draft.preamble]
    for part in draft.parts:
        lines += [part.heading, part.text]
    return "\n".join(line for line in lines if line.strip())
