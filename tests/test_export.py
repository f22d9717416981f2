"""The .docx export follows GB/T 9704-2012 and reads back as the same draft; the Markdown export."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from lxml import etree

from assistant.drafts import export
from assistant.drafts.codec import load_draft
from assistant.drafts.docx_layout import _width, issuer_indents, title_lines
from assistant.drafts.export import ExportError, to_docx, to_docx_bytes, to_markdown
from assistant.errors import AssistantError
from assistant.text.sections import standard_heading, standard_title
from assistant.types import PART_KEYS, Draft, DraftPart, Source

UNIT = "某县司法局"
YEAR = 2024
DATE = "2025年1月15日"
BODY_LINE = "我局坚持以习近平法治思想为指导，全面推进依法行政，各项工作取得新进展。"
RUN_IN_HEAD = "（一）坚持高位推动，加强法治建设组织领导。"
RUN_IN_REST = "局党组把法治政府建设纳入年度工作要点，召开专题会议3次，研究解决重点问题。"
SOURCE = Source(
    id="S1", doc_id="d1", title="关于2022年法治政府建设工作情况的报告", unit="某市司法局", year=2022
)

PART_TEXTS = {
    "achievements": "\n".join(
        [
            BODY_LINE,
            RUN_IN_HEAD + RUN_IN_REST,
            "（二）深化“放管服”改革，优化法治化营商环境。全年办理行政许可事项【待补充：办件数】件。",
            "1.规范行政执法。全面落实行政执法三项制度。",
        ]
    ),
    "shortcomings": "一是法治宣传的针对性有待增强。二是执法人员专业能力仍有差距。",
    "leadership": "主要负责人带头学法，全年主持召开党组会议专题研究法治工作【待补充：次数】次。",
    "plans": "（一）持续深化依法行政。严格落实重大行政决策程序。\n（二）加强执法监督。开展案卷评查。",
}


def sample_draft(date: str = DATE) -> Draft:
    parts = tuple(
        DraftPart(
            key=key,
            heading=standard_heading(key, YEAR),
            text=PART_TEXTS[key],
            sources=(SOURCE,) if key == "achievements" else (),
        )
        for key in PART_KEYS
    )
    return Draft(
        title=standard_title(UNIT, YEAR),
        unit=UNIT,
        year=YEAR,
        mode="offline",
        parts=parts,
        date=date,
        preamble="2024年，我局在县委、县政府的领导下扎实推进法治政府建设。现将有关情况报告如下：",
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    path = to_docx(sample_draft(), tmp_path_factory.mktemp("docx") / "report.docx")
    return docx.Document(str(path))


def _fonts(run: object) -> dict[str, str | None]:
    r_fonts = run._r.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return {name: r_fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "cs")}


def _paragraph(document: docx.document.Document, starts: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in document.paragraphs if p.text.startswith(starts))


# ---------------------------------------------------------------- page


def test_page_is_a4_with_gbt9704_margins(exported: docx.document.Document) -> None:
    section = exported.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.5)
    assert section.page_height.mm == pytest.approx(297, abs=0.5)
    assert section.top_margin.mm == pytest.approx(37, abs=0.5)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.5)
    assert section.left_margin.mm == pytest.approx(28, abs=0.5)
    assert section.right_margin.mm == pytest.approx(26, abs=0.5)


def test_document_grid_fits_22_lines_of_28_characters(exported: docx.document.Document) -> None:
    grid = exported.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch = int(grid.get(qn("w:linePitch")))
    block_height_twips = 225 * 1440 / 25.4
    assert 22 * line_pitch <= block_height_twips < 23 * line_pitch
    char_pitch_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    block_width_pt = 156 * 72 / 25.4
    assert 28 * char_pitch_pt <= block_width_pt < 29 * char_pitch_pt


def test_normal_style_names_the_body_font_without_theme_fonts(exported: docx.document.Document) -> None:
    r_fonts = exported.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert r_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert r_fonts.get(qn("w:ascii")) == "仿宋_GB2312"
    assert exported.styles["Normal"].font.size == Pt(16)
    defaults = etree.tostring(exported.styles.element.find(qn("w:docDefaults")), encoding="unicode")
    assert "Theme" not in defaults and "theme" not in defaults


# ---------------------------------------------------------------- paragraphs


def test_title_is_centred_22pt_xiaobiaosong_followed_by_an_empty_line(
    exported: docx.document.Document,
) -> None:
    title, after = exported.paragraphs[0], exported.paragraphs[1]
    assert title.text == "某县司法局关于2024年\n法治政府建设情况的报告"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert _fonts(title.runs[0])["eastAsia"] == "方正小标宋简体"
    assert after.text == ""


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("关于2023年度法治政府建设情况的报告", ["关于2023年度法治政府建设情况的报告"]),
        (
            "某市某区人民政府办公室关于2023年法治政府建设工作情况的报告",
            ["某市某区人民政府办公室关于2023年", "法治政府建设工作情况的报告"],
        ),
    ],
)
def test_long_title_wraps_into_two_balanced_lines_between_words(title: str, lines: list[str]) -> None:
    assert title_lines(title) == lines


def test_paragraphs_opt_out_of_the_character_grid_and_condense_to_28_per_line(
    exported: docx.document.Document,
) -> None:
    normal = exported.styles["Normal"].element
    assert normal.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    condense_pt = int(normal.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    block_width_pt = 156 * 72 / 25.4
    assert 28 * (16 + condense_pt) <= block_width_pt < 29 * (16 + condense_pt)


def test_body_paragraphs_are_16pt_fangsong_indented_two_characters(exported: docx.document.Document) -> None:
    body = _paragraph(exported, BODY_LINE)
    assert body.text == BODY_LINE
    for run in body.runs:
        assert run.font.size == Pt(16)
        assert set(_fonts(run).values()) == {"仿宋_GB2312"}
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Twips(579)


def test_level1_heading_is_heiti(exported: docx.document.Document) -> None:
    heading = _paragraph(exported, "一、")
    assert heading.text == standard_heading("achievements", YEAR)
    assert _fonts(heading.runs[0])["eastAsia"] == "黑体"
    assert heading.runs[0].font.size == Pt(16)


def test_run_in_level2_heading_is_kaiti_and_the_rest_fangsong(exported: docx.document.Document) -> None:
    paragraph = _paragraph(exported, "（一）坚持")
    assert [run.text for run in paragraph.runs] == [RUN_IN_HEAD, RUN_IN_REST]
    assert _fonts(paragraph.runs[0])["eastAsia"] == "楷体_GB2312"
    assert _fonts(paragraph.runs[1])["eastAsia"] == "仿宋_GB2312"
    assert paragraph.paragraph_format.first_line_indent == Pt(32)


def test_level3_heading_sentence_is_bold_fangsong(exported: docx.document.Document) -> None:
    paragraph = _paragraph(exported, "1.规范")
    assert paragraph.runs[0].text == "1.规范行政执法。"
    assert paragraph.runs[0].font.bold is True
    assert _fonts(paragraph.runs[0])["eastAsia"] == "仿宋_GB2312"
    assert not paragraph.runs[1].font.bold


def test_numbered_list_directly_under_a_part_heading_is_exported_as_kaiti_level2() -> None:
    text = "1.健全依法决策机制。落实重大行政决策程序。\n（1）公众参与。\n2.严格规范执法。推行三项制度。"
    parts = tuple(
        DraftPart(key, standard_heading(key, YEAR), text if key == "plans" else "正文。") for key in PART_KEYS
    )
    draft = Draft(
        title=standard_title(UNIT, YEAR), unit=UNIT, year=YEAR, mode="offline", parts=parts, date=DATE
    )
    document = docx.Document(io.BytesIO(to_docx_bytes(draft)))
    first, second = _paragraph(document, "（一）健全"), _paragraph(document, "（二）严格")
    assert [run.text for run in first.runs] == ["（一）健全依法决策机制。", "落实重大行政决策程序。"]
    for paragraph in (first, second):
        assert _fonts(paragraph.runs[0])["eastAsia"] == "楷体_GB2312"
    assert _paragraph(document, "1.公众").runs[0].font.bold is True
    assert not any(p.text.startswith(("1.健全", "2.严格")) for p in document.paragraphs)


def test_issuing_unit_and_date_close_the_document_right_aligned(exported: docx.document.Document) -> None:
    unit, date = exported.paragraphs[-2], exported.paragraphs[-1]
    assert (unit.text, date.text) == (UNIT, DATE)
    for paragraph in (unit, date):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    char = 15.7  # a body character: 16 pt condensed by 0.3 pt
    unit_in, date_in = (p.paragraph_format.right_indent.pt / char for p in (unit, date))
    # GB/T 9704-2012 7.3.5.2, no seal: unit 2 characters in (or more for a long date), the date's
    # first character 2 characters right of the unit's first, the date at least 2 characters in.
    unit_start, date_start = unit_in + _width(UNIT), date_in + _width(DATE)
    assert round(unit_start - date_start, 1) == 2.0
    assert min(unit_in, date_in) == pytest.approx(2.0, abs=0.05)
    assert exported.paragraphs[-3].text == ""
    # The block stays on the page with the last body paragraph.
    assert [p.paragraph_format.keep_with_next for p in exported.paragraphs[-4:]] == [True, True, True, None]


def test_without_a_date_the_signature_asks_for_one_highlighted_not_today(tmp_path: Path) -> None:
    path = to_docx(sample_draft(date=""), tmp_path / "r.docx")
    last = docx.Document(str(path)).paragraphs[-1]
    assert last.text == "【待补充：成文日期】"
    assert [run.font.highlight_color for run in last.runs] == [WD_COLOR_INDEX.YELLOW]


def test_sources_are_not_in_the_handed_in_document(exported: docx.document.Document) -> None:
    text = "\n".join(p.text for p in exported.paragraphs)
    assert "参考" not in text and SOURCE.unit not in text and "[S1]" not in text


# ---------------------------------------------------------------- page numbers


def _footer_check(footer: object, alignment: WD_ALIGN_PARAGRAPH) -> docx.text.paragraph.Paragraph:
    paragraph = footer.paragraphs[0]  # type: ignore[attr-defined]
    xml = paragraph._p.xml
    assert "PAGE" in "".join(node.text for node in paragraph._p.iter(qn("w:instrText")))
    assert xml.count('w:fldCharType="begin"') == 1 and 'w:fldCharType="end"' in xml
    assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
    assert paragraph.alignment == alignment
    for run in paragraph.runs:
        assert run.font.size == Pt(14)
        assert set(_fonts(run).values()) == {"宋体"}
    return paragraph


def test_page_numbers_odd_right_even_left_one_character_in(exported: docx.document.Document) -> None:
    section = exported.sections[0]
    assert exported.settings.odd_and_even_pages_header_footer is True
    odd = _footer_check(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    even = _footer_check(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    assert odd.paragraph_format.right_indent == Pt(14)
    assert even.paragraph_format.left_indent == Pt(14)


# ---------------------------------------------------------------- round trip and errors


def test_exported_docx_loads_back_as_the_same_draft(tmp_path: Path) -> None:
    draft = sample_draft()
    loaded = load_draft(to_docx(draft, tmp_path / "r.docx"))
    assert [(p.key, p.heading, p.text) for p in loaded.parts] == [
        (p.key, p.heading, p.text) for p in draft.parts
    ]
    assert (loaded.title, loaded.unit, loaded.date, loaded.year) == (draft.title, UNIT, DATE, YEAR)
    assert loaded.preamble == draft.preamble


def test_docx_bytes_are_a_zip_package() -> None:
    data = to_docx_bytes(sample_draft())
    assert data[:2] == b"PK" and len(data) > 5000


def test_missing_target_folder_is_a_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(AssistantError, match="不存在") as info:
        to_docx(sample_draft(), tmp_path / "nope" / "r.docx")
    assert isinstance(info.value, ExportError)


def test_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: str, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.os, "replace", refuse)
    with pytest.raises(ExportError, match="无法保存"):
        to_docx(sample_draft(), tmp_path / "r.docx")
    assert os.listdir(tmp_path) == []


def test_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    to_docx(sample_draft(), target)
    assert docx.Document(str(target)).paragraphs[0].text.replace("\n", "") == standard_title(UNIT, YEAR)
    assert os.listdir(tmp_path) == ["r.docx"]


# ---------------------------------------------------------------- Markdown


def test_markdown_has_title_headings_paragraphs_and_issuer() -> None:
    markdown = to_markdown(sample_draft())
    blocks = markdown.strip().split("\n\n")
    assert blocks[0] == f"# {standard_title(UNIT, YEAR)}"
    assert f"## {standard_heading('plans', YEAR)}" in blocks
    assert RUN_IN_HEAD + RUN_IN_REST in blocks  # a level-2 heading stays a plain paragraph
    assert blocks[-2:] == [UNIT, DATE]


def test_markdown_lists_sources_after_their_part_only_when_asked() -> None:
    blocks = to_markdown(sample_draft()).split("\n\n")
    reference = "> 参考：[S1] 某市司法局《关于2022年法治政府建设工作情况的报告》（2022年）"
    index = blocks.index(reference)
    assert blocks[index - 1].startswith("1.规范行政执法")
    assert blocks[index + 1] == f"## {standard_heading('shortcomings', YEAR)}"
    assert blocks.count(reference) == 1
    assert "参考" not in to_markdown(sample_draft(), with_sources=False)


def test_a_date_longer_than_the_unit_stays_two_characters_in_and_the_unit_moves_left() -> None:
    unit_in, date_in = issuer_indents("某镇政府", "2025年12月31日")
    assert date_in == 2.0 and unit_in + _width("某镇政府") - (date_in + _width("2025年12月31日")) == 2.0


def test_document_properties_name_the_report_and_the_unit_not_python_docx(tmp_path: Path) -> None:
    draft = Draft(title=standard_title(UNIT, 2024), unit=UNIT, year=2024, mode="offline", parts=())
    properties = docx.Document(str(to_docx(draft, tmp_path / "r.docx"))).core_properties
    assert properties.title == draft.title and properties.author == UNIT == properties.last_modified_by
    assert properties.created.year == dt.date.today().year and "python-docx" not in properties.comments


@pytest.mark.parametrize(("date", "warns"), [("2025年2月20日", False), ("2024年12月30日", True), ("", True)])
def test_a_date_outside_the_year_after_the_report_is_warned_about(date: str, warns: bool) -> None:
    draft = Draft(title="t", unit=UNIT, year=2024, mode="offline", parts=(), date=date)
    warning = export.date_warning(draft, today=dt.date(2026, 1, 5))
    assert bool(warning) is warns and (not warns or "2025年" in warning)
    assert (date != "") is ("未填写" not in warning)
