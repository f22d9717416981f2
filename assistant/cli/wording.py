"""The CLI's human output in the clerk's words: part names instead of internal keys, a quoted
snippet instead of character offsets, a rank instead of a raw score, and unknown values marked.
(The JSON output keeps the keys, offsets and scores: scripts read those.)"""

from __future__ import annotations

from assistant.text.numbering import marker
from assistant.text.sections import SECTION_NAMES
from assistant.types import PART_KEYS, Finding

UNKNOWN = "（未写明）"
JSON_HELP = "输出 JSON（供脚本读取；字段名为英文，与网页和文字输出的内容相同）"
_PLACES = {"title": "标题", "preamble": "开头", "closing": "结尾"}
SNIPPET_CONTEXT = 12


def part_name(key: str) -> str:
    """一、主要举措和成效 for achievements; 标题/开头/结尾; other known parts by name."""
    if key in PART_KEYS:
        return marker(1, PART_KEYS.index(key) + 1) + SECTION_NAMES[key]
    if key == "other":
        return marker(1, len(PART_KEYS) + 1) + SECTION_NAMES[key]
    return _PLACES.get(key) or SECTION_NAMES.get(key) or "正文"


def known(value: object) -> str:
    return str(value) if value not in (None, "", 0) else UNKNOWN


def snippet(text: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> str:
    """The words a finding points at, quoted with a little text around them on one line."""
    if not text or not 0 <= start <= end <= len(text):
        return ""
    if start == end:
        end = min(len(text), start + 1)
    left, right = max(0, start - context), min(len(text), end + context)
    inside = text[start:end] if end - start <= 60 else text[start : start + 57] + "……"
    quoted = ("……" if left else "") + text[left:start] + "【" + inside + "】" + text[end:right]
    quoted += "……" if right < len(text) else ""
    return "“" + " ".join(quoted.split()) + "”"


def finding_line(finding: Finding, texts: dict[str, str], severity: str) -> str:
    """One finding: [错误] 一、主要举措和成效：“……【高显镇】全年办理……” 出现其他单位的名称…（建议）."""
    where = part_name(finding.part)
    quoted = snippet(texts.get(finding.part, ""), finding.start, finding.end)
    line = f"  [{severity}] {where}" + (f" {quoted}" if quoted else "") + f"：{finding.message}"
    return line + (f"（{finding.suggestion}）" if finding.suggestion else "")


def rank_label(rank: int, total: int) -> str:
    """Relevance as a rank: 第1条（最相关） … 第5条."""
    return f"第{rank}条" + ("（最相关）" if rank == 1 and total > 1 else "")


def changes_text(before: str, after: str) -> str:
    """The changed paragraphs of a revision, each with its changes marked 〔删去：…〕〔新增：…〕 in
    place, so a changed comma can be seen; unchanged paragraphs are left out."""
    from assistant.drafts.diff import inline_diff

    marks = {"same": "{}", "delete": "〔删去：{}〕", "insert": "〔新增：{}〕"}
    marked = "".join(marks[p.op].format(p.text) for p in inline_diff(before, after))
    return "\n".join(f"  {line}" for line in marked.split("\n") if "〔" in line) or "  （没有改动）"


LIST_HEADER = "单位｜年度｜级别｜标题｜段落｜编号"


def document_line(unit: str, year: int | None, level: str, title: str, chunks: int, doc_id: str) -> str:
    """A library document as `fazhi list` prints it: 单位｜年度｜级别｜标题｜段落｜编号."""
    year_text = f"{year}年" if year else UNKNOWN
    return f"{known(unit)}｜{year_text}｜{known(level)}｜《{title or UNKNOWN}》｜{chunks} 段｜{doc_id}"
