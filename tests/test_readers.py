"""Tests for assistant.readers: bytes of .txt/.md/.docx/.pdf → normalized text."""

from __future__ import annotations

import codecs
import io
import random
import re
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from assistant.errors import ReadError
from assistant.readers import (
    SUPPORTED_SUFFIXES,
    normalize_text,
    read_bytes,
    read_file,
)
from assistant.readers.numbering import format_number
from assistant.readers.pdf_lines import join_pdf_lines
from tests.format_files import add_list
from tests.helpers import SEEDS

MB = 1024 * 1024
ZENHEI = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


# ---------------------------------------------------------------- builders


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)  # "utf-16" / "utf-32" / "utf-8-sig" write a BOM


def _docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _num_pr(num_id: int, ilvl: int):
    return parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def _numbered(document: docx.document.Document, text: str, num_id: int, ilvl: int) -> None:
    document.add_paragraph(text)._p.get_or_add_pPr().append(_num_pr(num_id, ilvl))


REPORT_LEVELS = [
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
]


def _font() -> str:
    """An embedded TrueType font, as Word, WPS and LibreOffice write PDFs (WenQuanYi Zen Hei, the
    Debian font the project installs), else reportlab's non-embedded Adobe-GB1 font."""
    if ZENHEI.is_file():
        pdfmetrics.registerFont(TTFont("ZenHei", str(ZENHEI), subfontIndex=0))
        return "ZenHei"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _pdf_bytes(pages: list[list[str]], encrypt: object = None) -> bytes:
    font = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    for lines in pages:
        pdf.setFont(font, 12)
        for i, line in enumerate(lines):
            pdf.drawString(60, 780 - 18 * i, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _report_pdf(text: str, chars_per_line: int = 28, lines_per_page: int = 22) -> bytes:
    """Typeset a report roughly like GB/T 9704: 16 pt, paragraphs wrapped at 28 characters with a
    two-character first-line indent (by position, as Word exports it), page numbers — n —."""
    rows: list[tuple[float, str]] = []
    for paragraph in normalize_text(text).split("\n"):
        indent, line = 2.0, ""
        for char in paragraph:
            if indent + _cells(line + char) > chars_per_line:
                rows.append((indent, line))
                indent, line = 0.0, ""
            line += char
        rows.append((indent, line))
    font = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number, first in enumerate(range(0, len(rows), lines_per_page), start=1):
        pdf.setFont(font, 16)
        for i, (indent, line) in enumerate(rows[first : first + lines_per_page]):
            pdf.drawString(79 + 16 * indent, 770 - 29 * i, line)
        pdf.drawString(280, 40, f"— {number} —")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _cells(text: str) -> float:
    return len(text) - 0.5 * sum(char.isascii() for char in text)


def _error(data: bytes, filename: str, **kwargs: int) -> str:
    with pytest.raises(ReadError) as info:
        read_bytes(data, filename, **kwargs)
    return str(info.value)


# ---------------------------------------------------------------- text decoding


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-be-bom", "utf-8-sig", "utf-32"])
@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_reads_identically_in_every_chinese_encoding(seed: Path, encoding: str) -> None:
    original = read_bytes(seed.read_bytes(), seed.name)
    text = seed.read_text(encoding="utf-8")
    assert read_bytes(_encode(text, encoding), seed.name) == original
    assert "法治" in original and len(original) > 1000


@pytest.mark.parametrize("text", ["关于2022年法治政府建设", "目录", "录", "一、", "报告如下：", "法治 abc"])
@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_short_texts_decode_without_mojibake(text: str, encoding: str) -> None:
    assert read_bytes(text.encode(encoding), "short.txt") == text


def test_ascii_and_latin_utf8_text_is_kept_as_utf8() -> None:
    assert read_bytes(b"plain ascii", "a.md") == "plain ascii"
    assert read_bytes("关于 café".encode(), "a.md") == "关于 café"


def test_markdown_heading_marks_are_removed_but_redaction_stars_kept() -> None:
    text = "# 关于2022年法治政府建设情况的报告\n\n## 一、主要举措\n\n我办在**市**区开展#宣传。"
    assert (
        read_bytes(text.encode(), "a.md")
        == "关于2022年法治政府建设情况的报告\n一、主要举措\n我办在**市**区开展#宣传。"
    )
    assert read_bytes(b"# not stripped in txt", "a.txt") == "# not stripped in txt"


def test_suffix_is_matched_case_insensitively() -> None:
    assert read_bytes("一、总体情况".encode("gbk"), "REPORT.TXT") == "一、总体情况"
    assert ".docx" in SUPPORTED_SUFFIXES and ".pdf" in SUPPORTED_SUFFIXES


def test_read_file_reads_from_disk_and_normalizes(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes("\ufeff　　关于2022年法治政府建设\r\n\r\n　一、总体情况\r\n".encode("utf-16"))
    assert read_file(path) == "关于2022年法治政府建设\n一、总体情况"
    assert read_file(str(path)) == read_file(path)


# ---------------------------------------------------------------- normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("甲\r\n乙\r丙\n丁", "甲\n乙\n丙\n丁"),
        ("\u3000\u3000在省委的领导下。\u3000", "在省委的领导下。"),
        ("\u00a0 \t正文\t \u00a0", "正文"),
        ("一、总体情况\n\n\n\n（一）组织领导\n \u3000 \n正文", "一、总体情况\n（一）组织领导\n正文"),
        ("\ufeff关于报告", "关于报告"),
        ("法\u200b治\u200d政府\u2060", "法治政府"),
        ("（一）“12·4”宪法日：一是，二是；", "（一）“12·4”宪法日：一是，二是；"),
        ("ＡＢＣ１２３，全角保留", "ＡＢＣ１２３，全角保留"),
        ("第一页\x0c第二页\u2028第三行", "第一页\n第二页\n第三行"),
        ("中间　全角空格 保留", "中间　全角空格 保留"),
        ("  \n\u3000\n\t", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_normalize_is_idempotent_and_leaves_no_blank_lines(seed: Path) -> None:
    once = normalize_text(seed.read_text(encoding="utf-8"))
    assert normalize_text(once) == once
    assert all(line and line == line.strip() for line in once.split("\n"))


# ---------------------------------------------------------------- .docx


def test_docx_numbering_is_rendered_with_chinese_counters() -> None:
    document = docx.Document()
    add_list(document, 90, REPORT_LEVELS)
    document.add_paragraph("关于2022年法治政府建设工作情况的报告")
    _numbered(document, "主要举措和成效", 90, 0)
    _numbered(document, "加强组织领导", 90, 1)
    document.add_paragraph("\u3000\u3000正文段落。")
    _numbered(document, "推进依法行政", 90, 1)
    _numbered(document, "制度建设", 90, 2)
    _numbered(document, "合法性审核", 90, 3)
    _numbered(document, "备案审查", 90, 3)
    _numbered(document, "存在的不足和原因", 90, 0)
    _numbered(document, "问题", 90, 1)
    _numbered(document, "原因", 90, 2)
    lines = read_bytes(_docx_bytes(document), "报告.docx").split("\n")
    assert lines == [
        "关于2022年法治政府建设工作情况的报告",
        "一、主要举措和成效",
        "（一）加强组织领导",
        "正文段落。",
        "（二）推进依法行政",
        "1.制度建设",
        "（1）合法性审核",
        "（2）备案审查",
        "二、存在的不足和原因",
        "（一）问题",
        "1.原因",
    ]


def test_docx_numbering_honours_start_and_literal_numbers_are_left_alone() -> None:
    document = docx.Document()
    add_list(document, 91, REPORT_LEVELS, start=11)
    _numbered(document, "第十一项", 91, 0)
    _numbered(document, "十二、已手写编号的标题", 91, 0)
    _numbered(document, "", 91, 0)  # an empty numbered paragraph still takes 十三
    _numbered(document, "第十四项", 91, 0)
    assert read_bytes(_docx_bytes(document), "a.docx").split("\n") == [
        "十一、第十一项",
        "十二、已手写编号的标题",
        "十四、第十四项",
    ]


def test_docx_numbering_inherited_from_paragraph_style() -> None:
    document = docx.Document()
    add_list(document, 92, [("chineseCounting", "%1、")])
    style = document.styles.add_style("报告一级标题", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(_num_pr(92, 0))
    document.add_paragraph("主要举措和成效", style=style)
    document.add_paragraph("正文。")
    document.add_paragraph("存在的不足", style=style)
    assert read_bytes(_docx_bytes(document), "a.docx") == "一、主要举措和成效\n正文。\n二、存在的不足"


def test_docx_list_instances_continue_unless_restarted_by_start_override() -> None:
    document = docx.Document()
    add_list(document, 93, REPORT_LEVELS)
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="94"><w:abstractNumId w:val="93"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="95"><w:abstractNumId w:val="93"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    for text, num_id in [("甲", 93), ("乙", 94), ("丙", 95), ("丁", 95)]:
        _numbered(document, text, num_id, 0)
    assert read_bytes(_docx_bytes(document), "a.docx") == "一、甲\n二、乙\n一、丙\n二、丁"


def test_docx_tables_are_read_in_document_order() -> None:
    document = docx.Document()
    document.add_paragraph("表格前。")
    stats = document.add_table(rows=2, cols=2)
    for row, values in zip(stats.rows, [("指标", "数值"), ("培训次数", "6次")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    box = document.add_table(rows=1, cols=1).cell(0, 0)
    box.text = "表格中的段落。"
    box.add_paragraph("表格中的第二段。")
    document.add_paragraph("表格后。")
    assert read_bytes(_docx_bytes(document), "a.docx").split("\n") == [
        "表格前。",
        "指标\t数值",
        "培训次数\t6次",
        "表格中的段落。",
        "表格中的第二段。",
        "表格后。",
    ]


def test_docx_reads_tracked_insertions_but_not_deletions() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("保留")
    paragraph._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>')
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        )
    )
    assert read_bytes(_docx_bytes(document), "a.docx") == "保留插入"


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (21, "chineseCounting", "二十一"),
        (101, "chineseCounting", "一百零一"),
        (110, "chineseCounting", "一百一十"),
        (1001, "chineseCounting", "一千零一"),
        (3, "decimal", "3"),
        (2, "ideographTraditional", "乙"),
        (3, "decimalEnclosedCircle", "③"),
        (26, "upperLetter", "Z"),
        (4, "lowerRoman", "iv"),
        (7, "someUnknownFormat", "7"),
    ],
)
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


# ---------------------------------------------------------------- .pdf


def test_pdf_text_layer_is_read_and_wrapped_lines_are_joined() -> None:
    page1 = [
        "关于2022年法治政府建设工作情况的报告",
        "一、2022年推进法治政府建设的主要举措和成效",
        "　　在省委省政府的坚强领导下，我办狠抓法治建设，认真贯彻落实",
        "《法治政府建设实施纲要（2020-2025）》，全面推进依法行政。",
        "（一）深入开展学习宣传",
        "　　办党组坚持带头学习宣传党的二十大精神和习近平法治思想，今年",
        "中心组共集中学习法律法规6次。一是加强学习；二是开展“12·4宪法",
        "— 1 —",
    ]
    page2 = ["日”宣传活动。", "— 2 —"]
    text = read_bytes(_pdf_bytes([page1, page2]), "报告.pdf")
    assert text.split("\n") == [
        "关于2022年法治政府建设工作情况的报告",
        "一、2022年推进法治政府建设的主要举措和成效",
        "在省委省政府的坚强领导下，我办狠抓法治建设，认真贯彻落实《法治政府建设实施纲要（2020-2025）》，全面推进依法行政。",
        "（一）深入开展学习宣传",
        "办党组坚持带头学习宣传党的二十大精神和习近平法治思想，今年中心组共集中学习法律法规6次。"
        "一是加强学习；二是开展“12·4宪法日”宣传活动。",
    ]


def test_pdf_page_numbers_are_dropped_but_numbers_inside_a_page_are_kept() -> None:
    pages = [["3", "培训次数：", "6", "第1页 共2页"], ["— 2 —", "完成。", "12"]]
    assert read_bytes(_pdf_bytes(pages), "a.pdf") == "培训次数：\n6\n完成。"


HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_typeset_as_pdf_keeps_its_text_and_headings(seed: Path) -> None:
    original = normalize_text(seed.read_text(encoding="utf-8")).split("\n")
    lines = read_bytes(_report_pdf("\n".join(original)), seed.name.replace(".txt", ".pdf")).split("\n")
    assert "".join(lines).replace(" ", "") == "".join(original).replace(" ", "")
    assert [line[:15] for line in lines if HEADING.match(line)] == [
        line[:15] for line in original if HEADING.match(line)
    ]
    # Wrapped lines were re-joined: at most a few extra paragraph breaks (a wrap right after 。).
    assert len(original) <= len(lines) <= len(original) + 3


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["长长长长长长长长长长", "续行。"], ["长长长长长长长长长长续行。"]),
        (["长长长长长长长长长。", "新段落。"], ["长长长长长长长长长。", "新段落。"]),
        (["长长长长长长长长长：", "一是做法。"], ["长长长长长长长长长：", "一是做法。"]),
        (["长长长长长长长长长长", "（二）标题"], ["长长长长长长长长长长", "（二）标题"]),
        (["长长长长长长长长长长", "2.标题"], ["长长长长长长长长长长", "2.标题"]),
        (["长长长长长长长长长长", "2.5亿元。"], ["长长长长长长长长长长2.5亿元。"]),
        (
            ["标题短", "长长长长长长长长长。", "长长长长长长长长长长"],
            ["标题短", "长长长长长长长长长。", "长长长长长长长长长长"],
        ),
        (["长长长长长长长长。”", "下一段。"], ["长长长长长长长长。”", "下一段。"]),
        (["see the long english", "words here"], ["see the long english words here"]),
        (["长长长长长长长长长长", "  缩进的新段落"], ["长长长长长长长长长长", "缩进的新段落"]),
        (["长长长长长长长长长长", "\u3000\u3000缩进的新段落"], ["长长长长长长长长长长", "缩进的新段落"]),
        (["  （一）很长的标题很长的标题很长", "  正文。"], ["（一）很长的标题很长的标题很长", "正文。"]),
    ],
)
def test_join_pdf_lines(lines: list[str], expected: list[str]) -> None:
    assert join_pdf_lines(lines) == expected


def test_pdf_with_empty_user_password_is_decrypted() -> None:
    data = _pdf_bytes([["加密但无需密码。"]], encrypt=pdfencrypt.StandardEncryption("", ownerPassword="o"))
    assert read_bytes(data, "a.pdf") == "加密但无需密码。"


def test_pdf_with_user_password_is_refused() -> None:
    data = _pdf_bytes([["机密。"]], encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="o"))
    assert "加密" in _error(data, "a.pdf")


def test_pdf_without_text_layer_asks_for_ocr() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.showPage()  # an empty page: OCR finds nothing either
    pdf.save()
    message = _error(buffer.getvalue(), "扫描件.pdf")
    assert "文字层" in message and "文字识别" in message and "扫描件.pdf" in message


# ---------------------------------------------------------------- bad input


def _garbage_with_nuls() -> bytes:
    rng = random.Random(20240115)
    return bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 16


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/other.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "keyword"),
    [
        (b"", "a.txt", "为空"),
        (b"  \r\n\t \n", "a.md", "为空"),
        ("\u3000\u3000\n".encode("utf-16"), "a.txt", "为空"),
        (_garbage_with_nuls(), "a.txt", "不是文本文件"),
        (bytes(range(1, 32)) * 64, "a.txt", "不是文本文件"),
        # UTF-16 without a BOM: few NULs, and the rest would decode as GB18030 mojibake
        (
            "在省委省政府的坚强领导下我办狠抓法治建设认真贯彻落实\n".encode("utf-16-le") * 3,
            "a.txt",
            "不是文本文件",
        ),
        (b"\x80\x81\xff" * 100, "a.txt", "不是文本文件"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "a.txt", "无法按该编码解码"),
        (_garbage_with_nuls(), "a.docx", "不是有效的 Word 文档"),
        (_zip_without_document(), "a.docx", "不是有效的 Word 文档"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "a.docx", "旧版 Word"),
        (b"old word", "a.doc", "不是有效的旧版 Word 文档"),
        (b"old word", "A.DOC", "另存为” .docx"),
        (b"hello", "a.rtf", "不是有效的 RTF 文档"),
        (b"PK\x03\x04 not a zip", "a.odt", "不是有效的 OpenDocument 文档"),
        (b"<ofd/>", "a.ofd", "OFD"),
        (b"hello", "README", "不受支持"),
        (_garbage_with_nuls(), "a.pdf", "不是有效的 PDF"),
        (b"%PDF-1.4\n1 0 obj broken", "a.pdf", "不是有效的 PDF"),
    ],
)
def test_bad_input_raises_read_error_in_chinese(data: bytes, filename: str, keyword: str) -> None:
    message = _error(data, filename)
    assert keyword in message
    assert f"《{filename}》" in message


def test_unsupported_suffix_lists_supported_formats() -> None:
    message = _error(b"x", "a.xlsx")
    assert all(suffix in message for suffix in SUPPORTED_SUFFIXES)


def test_docx_without_text_is_empty() -> None:
    document = docx.Document()
    document.add_paragraph("\u3000\u3000")
    assert "为空" in _error(_docx_bytes(document), "a.docx")


def test_oversized_text_is_refused_before_decoding() -> None:
    data = b"\xff" * (50 * MB)  # undecodable: only a size check can reject it fast and correctly
    started = time.perf_counter()
    message = _error(data, "big.txt")
    assert time.perf_counter() - started < 1
    assert "文件过大（50 MB）" in message and "上限 20 MB" in message


def test_max_bytes_is_configurable() -> None:
    assert "上限 1 MB" in _error(b"a" * (MB + 1), "a.txt", max_bytes=MB)
    assert read_bytes(b"a" * 10, "a.txt", max_bytes=10) == "a" * 10


def test_read_file_refuses_large_file_without_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse: costs no disk and reading it would take a while
    with pytest.raises(ReadError, match="文件过大"):
        read_file(path)


def test_read_file_reports_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="找不到文件《nope.txt》"):
        read_file(tmp_path / "nope.txt")


def test_pdf_without_poppler_falls_back_to_pypdf_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.readers import pdf_reader, read_bytes_result

    monkeypatch.setattr(pdf_reader.shutil, "which", lambda name: None)
    result = read_bytes_result(_pdf_bytes([["关于2022年法治政府建设工作情况的报告"]]), "a.pdf")
    assert result.text == "关于2022年法治政府建设工作情况的报告"
    assert result.warnings == (pdf_reader.FALLBACK_WARNING,) and "poppler-utils" in result.warnings[0]


def test_read_path_returns_text_without_warnings_for_a_text_file(tmp_path: Path) -> None:
    from assistant.readers import read_path

    path = tmp_path / "a.txt"
    path.write_text("一、总体情况", encoding="utf-8")
    result = read_path(path)
    assert (result.text, result.warnings) == ("一、总体情况", ())
