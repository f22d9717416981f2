"""The 对照表 in the clerk's words: last year's promises with their status and where this year's
report answers them, and the 纲要's areas with the share of same-level reports covering them.
Shared by the .md export and the page."""

from __future__ import annotations

from assistant.types import Carryover, Coverage, Draft

STATUS_NAMES = {"done": "已回应", "shortfall": "部分完成或列为不足", "missing": "未见回应"}
PART_NAMES = {
    "achievements": "第一部分",
    "shortcomings": "第二部分",
    "leadership": "第三部分",
    "other": "第五部分",
}


def where_answered(entry: Carryover, text: str) -> str:
    """Where the report answers the promise (part and the sentence), or what to add."""
    if entry.status == "missing":
        return "请在第一部分写明完成情况，未完成的在第二部分说明原因"
    if entry.part:
        return f"{PART_NAMES.get(entry.part, entry.part)}：{text[entry.start : entry.end].strip()}"
    return f"事实材料：{entry.fact}（草稿正文中尚未写入）" if entry.fact else ""


def peer_note(entry: Coverage) -> str:
    """同级单位中 N% 报告了… for an area not covered, when the library holds same-level reports."""
    if entry.covered or entry.peer_share is None:
        return ""
    return f"同级单位中 {round(entry.peer_share * 100)}% 报告了{entry.area}（共 {entry.peers} 份）"


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def followup_markdown(draft: Draft) -> str:
    """The .md appendix: 去年承诺对照表 and 纲要覆盖情况; '' when the draft has neither."""
    texts = {part.key: part.text for part in draft.parts}
    blocks = []
    if draft.carryover:
        rows = [
            f"| {_cell(e.promise)} | {STATUS_NAMES[e.status]} | {_cell(where_answered(e, texts.get(e.part, '')))} |"
            for e in draft.carryover
        ]
        blocks.append(
            "## 附：去年承诺对照表\n\n| 去年承诺 | 情况 | 今年报告中的回应 / 需补充 |\n|---|---|---|\n"
            + "\n".join(rows)
        )
    if draft.coverage:
        rows = [
            f"| {e.area} | {'已涉及' if e.covered else '未涉及'} | {_cell(e.evidence or peer_note(e))} |"
            for e in draft.coverage
        ]
        blocks.append(
            "## 附：纲要覆盖情况\n\n| 纲要领域 | 第一部分 | 依据 / 同级单位情况 |\n|---|---|---|\n"
            + "\n".join(rows)
        )
    return "\n\n".join(blocks)
