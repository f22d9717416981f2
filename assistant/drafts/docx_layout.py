"""GB/T 9704-2012 page layout for the .docx export: page, grid, fonts, paragraphs, page numbers."""

from __future__ import annotations

import math
import re
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, Twips
from docx.text.paragraph import Paragraph

from assistant.text.numbering import heading_level, split_run_in_heading

# Fonts are named, not embedded: the reader's machine supplies them (docs/domain.md, "Official
# layout").
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_BLOCK_MM = (156, 225)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# The page number's em dash sits 7 mm below the text block; a 14 pt line is ~5 mm tall, so the
# footer's bottom edge is 35 - 7 - 5 = 23 mm above the page edge.
FOOTER_DISTANCE_MM = 23

_TWIPS_PER_MM = 1440 / 25.4
# Rounded down so that 22 lines always fit the 225 mm block (12 755.9 twips / 22 = 579.8).
LINE_PITCH_TWIPS = math.floor(TEXT_BLOCK_MM[1] * _TWIPS_PER_MM / LINES_PER_PAGE)
# w:charSpace is the change to the default character pitch (the Normal font size) in 1/4096 pt;
# rounded down so that 28 characters always fit the 156 mm line.
_CHAR_PITCH_PT = TEXT_BLOCK_MM[0] * 72 / 25.4 / CHARS_PER_LINE
CHAR_SPACE = math.floor((_CHAR_PITCH_PT - BODY_PT) * 4096)
# LibreOffice (7.4) lays a linesAndChars grid with a negative charSpace out like snapToChars: a
# 16 pt character does not fit the 15.79 pt cell and takes two, halving the characters per line.
# So paragraphs opt out of the grid (w:snapToGrid 0) and the Normal style condenses characters by
# 0.3 pt: 28 characters of 15.7 pt fit 156 mm and 29 do not, also where a renderer applies the
# grid's compression on top (LibreOffice checked; Word/WPS by the arithmetic, not run here).
# The grid stays declared, so Word's Page Setup shows 22 lines × 28 characters.
CONDENSE_TWIPS = -6

_INDENT_2_CHARS = Pt(2 * BODY_PT)

# 156 mm holds 20 characters of 22 pt.
TITLE_CHARS_PER_LINE = 20
# Where a title may wrap: around 关于, after the year, after 建设/工作/情况.
_TITLE_BREAKS = re.compile(r"(?=关于)|(?<=关于)|(?<=年度)|(?<=年)(?!度)|(?<=建设)|(?<=工作)|(?<=情况)")


# ---------------------------------------------------------------- document setup


def setup_document(document: DocumentObject) -> None:
    """Page size, margins, grid, default fonts and page-number footers for the whole document."""
    section = document.sections[0]
    _setup_page(section)
    _setup_grid(section)
    _setup_defaults(document)
    document.settings.odd_and_even_pages_header_footer = True
    _fill_footer(_footer_paragraph(section.footer), odd=True)
    _fill_footer(_footer_paragraph(section.even_page_footer), odd=False)


def _setup_page(section: Section) -> None:
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)


def _setup_grid(section: Section) -> None:
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def _setup_defaults(document: DocumentObject) -> None:
    """Body font and size in docDefaults and the Normal style, without theme fonts (which would
    override the named ones), Chinese as the East-Asian language, no spacing after paragraphs."""
    styles = document.styles.element
    r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is not None:
        _set_rpr_fonts(r_pr, FONT_BODY, BODY_PT)
        lang = r_pr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
    p_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if p_pr is not None:
        for spacing in p_pr.findall(qn("w:spacing")):
            p_pr.remove(spacing)
    normal = document.styles["Normal"]
    normal_rpr = normal.element.get_or_add_rPr()
    _set_rpr_fonts(normal_rpr, FONT_BODY, BODY_PT)
    _set_child(normal_rpr, "w:spacing", str(CONDENSE_TWIPS), _RPR_AFTER_SPACING)
    _set_child(normal.element.get_or_add_pPr(), "w:snapToGrid", "0", _PPR_AFTER_SNAP)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_PITCH_TWIPS)
    fmt.widow_control = False


# Schema order: the children that must follow w:spacing in rPr and w:snapToGrid in pPr.
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:lang")
_PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:jc", "w:outlineLvl", "w:rPr")


def _set_child(parent: Any, tag: str, value: str, successors: tuple[str, ...]) -> None:
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert_element_before(element, *successors)
    element.set(qn("w:val"), value)


# ---------------------------------------------------------------- fonts


def _set_rpr_fonts(r_pr: Any, font: str, size_pt: float) -> None:
    """Name `font` for Latin, East-Asian and complex scripts alike, drop theme fonts, set the size."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), font)
    half_points = str(round(size_pt * 2))
    for tag in ("w:sz", "w:szCs"):
        element = r_pr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            r_pr.append(element)
        element.set(qn("w:val"), half_points)


def add_run(paragraph: Paragraph, text: str, font: str, size_pt: float = BODY_PT, bold: bool = False) -> Any:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size_pt)
    run.font.bold = bold or None
    _set_rpr_fonts(run._r.get_or_add_rPr(), font, size_pt)
    return run


# 【待补充：…】 and the like: what the clerk must still fill in, highlighted so it cannot be missed.
PLACEHOLDER = re.compile(r"【(?:待补充|待填写|待核实)[^】]*】")


def add_marked_runs(paragraph: Paragraph, text: str, font: str, bold: bool = False) -> None:
    """Runs of `text`, each placeholder in a run of its own highlighted yellow."""
    at = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > at:
            add_run(paragraph, text[at : match.start()], font, bold=bold)
        add_run(paragraph, match[0], font, bold=bold).font.highlight_color = WD_COLOR_INDEX.YELLOW
        at = match.end()
    if at < len(text):
        add_run(paragraph, text[at:], font, bold=bold)


# ---------------------------------------------------------------- paragraphs


def _new_paragraph(document: DocumentObject, indent: bool = True) -> Paragraph:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_PITCH_TWIPS)
    if indent:
        fmt.first_line_indent = _INDENT_2_CHARS
        # Word prefers firstLineChars (in 1/100 characters) over firstLine; it keeps the
        # indent at two characters when the font size changes.
        paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    return paragraph


def add_title(document: DocumentObject, title: str) -> Paragraph:
    """The title, centred, followed by one empty line; a long title in two balanced lines."""
    paragraph = _new_paragraph(document, indent=False)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, line in enumerate(title_lines(title)):
        run = add_run(paragraph, "", FONT_TITLE, TITLE_PT)
        if number:
            run.add_break()
        run.add_text(line)
    _new_paragraph(document, indent=False)
    return paragraph


def title_lines(title: str) -> list[str]:
    """The title as one line, or as two lines of about equal length broken between words (GB/T
    9704: a wrapped title keeps its words whole and is laid out symmetrically)."""
    if _width(title) <= TITLE_CHARS_PER_LINE:
        return [title]
    cuts = {match.start() for match in _TITLE_BREAKS.finditer(title)} - {0, len(title)}
    fitting = [cut for cut in cuts if max(_width(title[:cut]), _width(title[cut:])) <= TITLE_CHARS_PER_LINE]
    if not fitting:
        return [title]
    # Most even first; on a tie the longer line on top (a trapezoid, not a funnel).
    best = min(fitting, key=lambda cut: (abs(_width(title[:cut]) - _width(title[cut:])), -cut))
    return [title[:best], title[best:]]


def _width(text: str) -> float:
    """Width in full-width characters: Latin letters and digits count half."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


def add_heading1(document: DocumentObject, heading: str) -> Paragraph:
    paragraph = _new_paragraph(document)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    add_run(paragraph, heading, FONT_H1)
    return paragraph


def add_body_paragraph(document: DocumentObject, text: str) -> Paragraph:
    """A body paragraph; a level-2 （一） or level-3 1. heading at its start is set in its own font
    (楷体 / bold 仿宋) up to the end of the heading sentence, the rest in 仿宋."""
    paragraph = _new_paragraph(document)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    level = heading_level(text)
    heading, rest = split_run_in_heading(text) if level in (2, 3) else ("", text)
    if heading and level == 2:
        add_marked_runs(paragraph, heading, FONT_H2)
    elif heading:
        add_marked_runs(paragraph, heading, FONT_BODY, bold=True)
    if rest:
        add_marked_runs(paragraph, rest, FONT_BODY)
    return paragraph


# Width of one body character on the page: 16 pt condensed by CONDENSE_TWIPS (1/20 pt each).
_CHAR_PT = BODY_PT + CONDENSE_TWIPS / 20


def issuer_indents(unit: str, date: str) -> tuple[float, float]:
    """Right indents, in characters, of the unit line and the date line for a document without a
    seal (GB/T 9704-2012, 7.3.5.2): the unit 2 characters in from the right; the date on the
    next line, its first character 2 characters right of the unit's first; when that would
    bring the date within 2 characters of the edge, the date is 2 in and the unit moves left."""
    unit_width, date_width = _width(unit), _width(date)
    if not unit:
        return 0.0, 2.0
    date_right = max(2.0, unit_width - date_width)
    return date_right + date_width + 2 - unit_width, date_right


def add_issuer(document: DocumentObject, unit: str, date: str) -> None:
    """One empty line, then the issuing unit and the date under it, as issuer_indents lays them
    out. The block is kept on one page with the end of the body: a page holding only the date,
    or only the signature, is not allowed in an official document."""
    paragraphs = document.paragraphs
    if paragraphs:
        paragraphs[-1].paragraph_format.keep_with_next = True
    _new_paragraph(document, indent=False).paragraph_format.keep_with_next = True
    unit_indent, date_indent = issuer_indents(unit, date)
    lines = [(line, indent) for line, indent in ((unit, unit_indent), (date, date_indent)) if line]
    for number, (line, indent) in enumerate(lines, start=1):
        paragraph = _new_paragraph(document, indent=False)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(round(indent * _CHAR_PT, 1))
        paragraph.paragraph_format.keep_with_next = number < len(lines) or None
        add_marked_runs(paragraph, line, FONT_BODY)


# ---------------------------------------------------------------- page numbers


def _footer_paragraph(footer: Any) -> Paragraph:
    footer.is_linked_to_previous = False
    return footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()


def _fill_footer(paragraph: Paragraph, odd: bool) -> None:
    """`— N —` in 14 pt 宋体: odd pages right, even pages left, one character in from the edge."""
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    one_char = Pt(PAGE_NUMBER_PT)
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = one_char
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = one_char
    _page_run(paragraph, text="— ")
    _page_run(paragraph, field_char="begin")
    _page_run(paragraph, instruction=" PAGE ")
    _page_run(paragraph, field_char="separate")
    _page_run(paragraph, text="1")
    _page_run(paragraph, field_char="end")
    _page_run(paragraph, text=" —")


def _page_run(paragraph: Paragraph, text: str = "", field_char: str = "", instruction: str = "") -> None:
    run = add_run(paragraph, text, FONT_PAGE_NUMBER, PAGE_NUMBER_PT)
    if field_char:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), field_char)
        run._r.append(element)
    elif instruction:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = instruction
        run._r.append(element)
