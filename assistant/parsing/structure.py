"""Report text → Report: title, document number, year, unit and the parts in document order.

Input is normalized text (one paragraph per line). Parts are found from level-1 headings (一、…),
then paragraphs that clearly belong elsewhere (a shortcomings paragraph closing part 一, a wrap-up
after the plans) are split off as their own sections with an empty heading.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.parsing.file_names import with_file_name
from assistant.parsing.units import find_unit, infer_level, level_from_self_reference, valid_unit
from assistant.parsing.webclean import clean_published
from assistant.text.numbering import LEVEL_MARKERS, heading_level, split_run_in_heading
from assistant.text.script import HAN, strip_markdown
from assistant.text.sections import classify_heading
from assistant.types import Report, Section

logger = logging.getLogger(__name__)

NO_STRUCTURE_WARNING = "未识别出报告的标准结构（一、二、三…），已整体作为“其他”部分收录。"

_MAX_HEADING_LINE = 60
_MAX_FRONT_LINES = 16  # short lines of page furniture the cleaner did not know
_MAX_FRONT_JUNK = 30
_FRONT_PUNCT = re.compile(r"[。，；：,;:]")

_DOC_NUMBER = re.compile(rf"{HAN}{{1,15}}[〔\[［【(（]\d{{4}}[〕\]］】)）]第?\d{{1,4}}号")
# 报告, 工作总结, or a title without either: …法治政府建设工作情况, …依法行政情况.
_TITLE_END = re.compile(
    r"(?:报告|工作总结|(?:法治政府建设|法治建设|依法行政)(?:工作)?(?:情况|总结))(?:[（(][^）)]*[）)])?$"
)
_ISSUERS = re.compile(
    rf"^(?:中共)?{HAN}{{2,14}}?(?:委员会|党工委|党委|委)[\s、]*{HAN}{{2,20}}?(?:人民政府|政府|办事处)$"
)
_TITLE_HINTS = ("关于", "法治", "依法行政", "年度报告", "情况报告")
_YEAR = re.compile(r"(?<![\d\-—–－~～至到])((?:19|20)\d{2})年(?!\d)")
_FILENAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")

_ORDINAL_PREFIX = re.compile("^(?:" + "|".join(LEVEL_MARKERS[level] for level in (2, 3, 4)) + ")")
_SENTENCE_END = re.compile(r"[。；！？]")
_SHORTCOMING_START = re.compile(r"^(?:存在的?(?:不足|问题)|问题和不足|不足之处|主要问题)")
_SHORTCOMING_AFTER_BUT = re.compile(
    r"(?:但|然而|不过)(?:是|也)?[^。；]{0,30}?"
    r"(?:存在(?:一些|一定的?|以下|着)?(?:不足|问题|短板|差距|薄弱)|还有(?:很大|较大|一定)?差距"
    r"|不足之处|仍有不足|问题和不足)"
)
_PLANS_START = re.compile(r"^(?:下一步|下步|今后|明年|新的一年|下一年度?)")
_CLOSING_START = re.compile(r"^(?:我[镇乡办局区县市委厅街]|我们|总之|今后|综上)")
_CLOSING_WORDS = ("做出新的贡献", "作出新的贡献", "新的更大贡献", "再上新台阶", "新的更大成绩")


@dataclass
class _Block:
    """A level-1 part as found in the text: its heading ('' for the preamble) and paragraphs."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)


def parse_report(text: str, filename: str = "") -> Report:
    """Parse normalized report text into a Report (see module doc)."""
    return parse_published(text, filename)[1]


def parse_published(text: str, filename: str = "") -> tuple[str, Report]:
    """(the report's own text, its Report): web page furniture removed and traditional characters
    converted first (see webclean), so a copy from a government website parses like the original."""
    cleaned = clean_published(text)
    lines = [strip_markdown(ln, inline=False) for ln in cleaned.text.splitlines()]
    lines = [ln for ln in lines if ln]
    title, doc_number, start = _front_matter(lines)
    body, signature = _split_signature(lines[start:])
    blocks = _split_blocks(body)
    year = _find_year(title, blocks, filename)
    warnings: list[str] = list(cleaned.warnings)
    if len(blocks) == 1:
        sections = _unstructured(blocks[0].paragraphs, year)
        if len(sections) <= 1 and body:
            warnings.append(NO_STRUCTURE_WARNING)
    else:
        sections = _structured(blocks, year)
    if signature:
        sections.append(Section("closing", "", "\n".join(signature)))
    sections = _merge_adjacent_closings(sections)
    rest = [p for b in blocks[1:] for p in (b.heading, *b.paragraphs)]
    unit = find_unit(title, blocks[0].paragraphs, rest, signature[:-1])
    level = infer_level(unit) or level_from_self_reference(blocks[0].paragraphs + rest[:3])
    report = Report(title, unit, year, doc_number, tuple(sections), tuple(warnings), level)
    return cleaned.text, with_file_name(report, filename)


def report_to_dict(report: Report) -> dict:
    """The `fazhi parse --json` contract."""
    return {
        "title": report.title,
        "unit": report.unit,
        "year": report.year,
        "doc_number": report.doc_number,
        "level": report.level,
        "warnings": list(report.warnings),
        "sections": [{"key": s.key, "heading": s.heading, "text": s.text} for s in report.sections],
    }


# --- lines, front matter, blocks -----------------------------------------------------------------


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= _MAX_HEADING_LINE
        and "。" not in line
        and heading_level(line) is None
        and bool(_TITLE_END.search(line))
        and any(hint in line for hint in _TITLE_HINTS)
    )


def _front_matter(lines: list[str]) -> tuple[str, str, int]:
    """(title, doc_number, index of the first body line). Both may be '' and in either order. A
    title wrapped over two or three short lines is joined; short lines before the title (a web
    page's section name such as 工作报告) and repeats of the title after it are dropped."""
    title = doc_number = ""
    first = _title_position(lines)
    i = first if first is not None else 0
    while i < min(len(lines), (first or 0) + 6):
        line = lines[i]
        joined, used = _title_at(lines, i)
        if not doc_number and _DOC_NUMBER.fullmatch(line):
            doc_number, i = line, i + 1
        elif joined and not title:
            title, i = joined, i + used
        elif joined and _same_title(joined, title):
            i += used
        else:
            break
    return title, doc_number, i


def _title_position(lines: list[str]) -> int | None:
    """Where the front matter starts when only short unpunctuated lines (and perhaps the
    document number) come before the title; None when there is no title near the top."""
    start = None
    for i in range(min(len(lines), _MAX_FRONT_LINES)):
        if _title_at(lines, i)[0]:
            return i if start is None else start
        if _DOC_NUMBER.fullmatch(lines[i]):
            start = i if start is None else start
        elif len(lines[i]) > _MAX_FRONT_JUNK or _FRONT_PUNCT.search(lines[i]):
            return None
    return None


def _title_at(lines: list[str], i: int) -> tuple[str, int]:
    """The title starting at line i, over 1–3 lines, and the number of lines it takes. A line
    that is a title by itself is joined to what comes before only if that is the unit's name or
    an unfinished title (重庆市潼南区生态环境局 / 关于2024年…的报告), not a page's section name."""
    parts: list[str] = []
    for line in lines[i : i + 3]:
        if len(line) > _MAX_HEADING_LINE or (parts and _FRONT_PUNCT.search(line)):
            break
        if parts and _looks_like_title(line) and not _unfinished_title("".join(parts)):
            break
        parts.append(line)
        if _looks_like_title("".join(parts)):
            return "".join(parts), len(parts)
    return "", 0


def _unfinished_title(text: str) -> bool:
    """A unit's name (or a joint report's two: 中共某县县委 某县人民政府), 关于…, or a year without an end."""
    if valid_unit(text) or _ISSUERS.match(text) or "关于" in text:
        return True
    return bool(_YEAR.search(text)) and not _TITLE_END.search(text)


def _same_title(a: str, b: str) -> bool:
    return re.sub(r"\s", "", a) == re.sub(r"\s", "", b)


def _split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Peel a trailing signature block (issuing unit and/or 成文日期) off the body."""
    if not lines or not _DATE_LINE.match(lines[-1]):
        return lines, []
    cut = len(lines) - 1
    for _ in range(2):
        previous = lines[cut - 1] if cut > 0 else ""
        if not previous or len(previous) > 30 or re.search(r"[。，；：、]", previous):
            break
        if heading_level(previous) is not None:
            break
        cut -= 1
    return lines[:cut], lines[cut:]


def _split_blocks(lines: list[str]) -> list[_Block]:
    blocks = [_Block("")]
    for line in lines:
        heading, rest = split_run_in_heading(line) if heading_level(line) == 1 else ("", "")
        if heading:
            blocks.append(_Block(heading, [rest] if rest else []))
        else:
            blocks[-1].paragraphs.append(line)
    return blocks


# --- year --------------------------------------------------------------------------------------


def _years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def _find_year(title: str, blocks: list[_Block], filename: str) -> int | None:
    """The year reported on: title, then the preamble, then part 一's heading, then the most
    frequent year outside the plans (which speak of Y+1), then the filename."""
    preamble = "\n".join(blocks[0].paragraphs)
    first_heading = blocks[1].heading if len(blocks) > 1 else ""
    for text in (title, preamble, first_heading):
        if found := _years(text):
            return found[0]
    counts: Counter[int] = Counter()
    for block in blocks:
        if classify_heading(block.heading) != "plans":
            counts.update(_years(block.heading + "\n" + "\n".join(block.paragraphs)))
    if counts:
        return counts.most_common(1)[0][0]
    found = [int(y) for y in _FILENAME_YEAR.findall(filename)]
    return found[0] if found else None


# --- sections ----------------------------------------------------------------------------------


def _structured(blocks: list[_Block], year: int | None) -> list[Section]:
    sections: list[Section] = []
    if blocks[0].paragraphs:
        sections.append(Section("preamble", "", "\n".join(blocks[0].paragraphs)))
    keys = _part_keys(blocks[1:], year)
    for n, (block, key) in enumerate(zip(blocks[1:], keys, strict=True)):
        is_last = n == len(keys) - 1
        sections.extend(_split_part(key, block.heading, block.paragraphs, year, is_last=is_last))
    return sections


def _part_keys(parts: list[_Block], year: int | None) -> list[str]:
    """Key per level-1 part: its heading, else its first paragraph, else a year in its heading.
    Still-unknown parts before the first shortcomings/plans part are topic headings of part 一
    (一、加强党的领导 …) and count as achievements — the first part is never 'other' unless its
    heading says 其他; unknown parts after the shortcomings or plans are 'other'."""
    keys = [classify_heading(p.heading) or _key_from_content(p, year) for p in parts]
    later = [i for i, k in enumerate(keys) if k in ("shortcomings", "plans")]
    first_late = later[0] if later else len(keys)
    return [k or ("achievements" if i < first_late else "other") for i, k in enumerate(keys)]


def _key_from_content(part: _Block, year: int | None) -> str | None:
    body = [p for p in part.paragraphs if heading_level(p) is None]
    if body and _is_shortcoming_paragraph(body[0]):
        return "shortcomings"
    if body and _is_plans_paragraph(body[0], year):
        return "plans"
    years = _years(part.heading)
    if year is not None and year + 1 in years:
        return "plans"
    if year is not None and year in years:
        return "achievements"
    return None


def _split_part(
    key: str, heading: str, paragraphs: list[str], year: int | None, *, is_last: bool
) -> list[Section]:
    """One part, split where a paragraph clearly starts another part. A paragraph directly under a
    heading-only item line belongs to that item and is never split off."""
    groups: list[tuple[str, str, list[str]]] = [(key, heading, [])]
    protected = has_items = False
    for i, para in enumerate(paragraphs):
        level = heading_level(para)
        if level in (2, 3) and groups[-1][0] == "achievements" and _is_shortcoming_heading(para):
            groups.append(("shortcomings", "", []))
        elif level is None and i > 0 and not protected:
            trailing = is_last and i == len(paragraphs) - 1
            new_key = _switch_key(groups[-1][0], para, year, trailing=trailing, after_items=has_items)
            if new_key:
                groups.append((new_key, "", []))
        groups[-1][2].append(para)
        protected = level is not None and split_run_in_heading(para)[1] == ""
        has_items = has_items or level is not None
    return [Section(k, h, "\n".join(ps)) for k, h, ps in groups if ps or h]


def _switch_key(
    current: str, para: str, year: int | None, *, trailing: bool, after_items: bool
) -> str | None:
    # The closing test comes first: a wrap-up often admits a 差距, which reads as a shortcoming.
    if trailing and after_items and current in ("plans", "other") and _is_closing(para):
        return "closing"
    if current in ("achievements", "leadership", "other") and _is_shortcoming_paragraph(para):
        return "shortcomings"
    if current in ("achievements", "shortcomings", "leadership", "other"):
        if _is_plans_paragraph(para, year):
            return "plans"
    return None


def _is_shortcoming_heading(line: str) -> bool:
    """（三）存在的不足和原因 inside a merged part 一 (…主要举措、成效和不足)."""
    text = _ORDINAL_PREFIX.sub("", line, count=1)
    return (
        bool(_SHORTCOMING_START.match(text))
        and len(split_run_in_heading(line)[0] or line) <= _MAX_HEADING_LINE
    )


def _is_shortcoming_paragraph(para: str) -> bool:
    first = _SENTENCE_END.split(para, maxsplit=1)[0]
    return bool(_SHORTCOMING_START.match(para) or _SHORTCOMING_AFTER_BUT.search(first))


def _is_plans_paragraph(para: str, year: int | None) -> bool:
    if _PLANS_START.match(para):
        return True
    first = _SENTENCE_END.split(para, maxsplit=1)[0]
    return year is not None and bool(re.match(rf"{year + 1}年度?[，,]", para)) and "将" in first


def _is_closing(para: str) -> bool:
    return bool(_CLOSING_START.match(para)) or any(w in para for w in _CLOSING_WORDS)


def _unstructured(paragraphs: list[str], year: int | None) -> list[Section]:
    """No level-1 headings: split by paragraph cues only; the text before the first cue is then
    read as the achievements. Without any cue the whole text is one 'other' section."""
    if not paragraphs:
        return []
    sections = _split_part("other", "", paragraphs, year, is_last=True)
    if len(sections) > 1 and sections[0].key == "other":
        sections[0] = Section("achievements", "", sections[0].text)
    return sections


def _merge_adjacent_closings(sections: list[Section]) -> list[Section]:
    if len(sections) >= 2 and sections[-1].key == sections[-2].key == "closing":
        last, prev = sections[-1], sections[-2]
        return [*sections[:-2], Section("closing", prev.heading, prev.text + "\n" + last.text)]
    return sections
