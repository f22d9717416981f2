"""Reader-side bounds on hostile input (issue 11 item 3): zip bombs, broken .docx XML, encrypted
files, PDF page and OCR limits, hostile font maps, and text that is not plausibly Chinese."""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path
from random import Random

import docx
import msoffcrypto
import pytest
from pypdf import PdfReader, PdfWriter

from assistant.errors import ReadError
from assistant.readers import ReadOptions, read_bytes, read_bytes_result
from assistant.readers.limits import PdfLimits
from bench.hostile_files import Materials, _lie_about_size, _minimal_pdf, docx_bomb, odd_docx, pdf_of
from tests.helpers import SEEDS

TEXT = SEEDS[0].read_text(encoding="utf-8")


def _error(data: bytes, filename: str, **options: object) -> str:
    with pytest.raises(ReadError) as info:
        read_bytes_result(data, filename, options=ReadOptions(**options))  # type: ignore[arg-type]
    assert f"《{filename}》" in str(info.value)
    return str(info.value)


def _docx(text: str = "关于法治政府建设的报告。") -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def materials() -> Materials:
    return Materials(quick=True)


def test_docx_bomb_is_refused_from_its_declared_size(materials: Materials) -> None:
    bomb = materials.bomb(100 * 1024 * 1024)
    assert len(bomb) < 2 * 1024 * 1024
    assert re.search(r"解压后达 \d+ MB", _error(bomb, "bomb.docx"))


def test_docx_lying_about_its_size_is_broken_not_inflated(materials: Materials) -> None:
    liar = _lie_about_size(materials.bomb(100 * 1024 * 1024), b"word/document.xml", 1000)
    assert "不是有效的 Word 文档" in _error(liar, "liar.docx")


@pytest.mark.parametrize("variant", range(7))
def test_docx_with_odd_xml_is_a_read_error(materials: Materials, variant: int) -> None:
    rng = Random()
    rng.randrange = lambda n: variant  # type: ignore[method-assign]
    _, data = odd_docx(rng, materials)
    try:
        text = read_bytes(data, "odd.docx")
    except ReadError as error:
        assert "Word" in str(error) or "为空" in str(error)
    else:
        assert text  # the entity and numbering variants may read as short text


def test_office_encrypted_docx_is_told_it_is_encrypted() -> None:
    encrypted = io.BytesIO()
    msoffcrypto.OfficeFile(io.BytesIO(_docx())).encrypt("secret", encrypted)
    message = _error(encrypted.getvalue(), "机密.docx")
    assert "加密" in message and "取消密码" in message and "旧版" not in message


def _aes_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of(TEXT.splitlines()[:30]))))
    writer.encrypt(user_password, owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_aes_pdf_with_password_asks_for_it_to_be_removed() -> None:
    message = _error(_aes_pdf("secret"), "a.pdf")
    assert "密码" in message and "加密" in message


def test_aes_pdf_without_user_password_is_read() -> None:
    assert read_bytes(_aes_pdf(""), "a.pdf").startswith("关于2022年法治政府建设")


def test_pdf_page_limit() -> None:
    data = pdf_of(TEXT.splitlines() * 3)
    assert "超过读取上限 2 页" in _error(data, "long.pdf", pdf=PdfLimits(max_pages=2))


def test_scanned_pdf_over_the_ocr_page_limit_is_refused_before_ocr() -> None:
    from PIL import Image

    pages = [Image.new("L", (100, 140), 255) for _ in range(4)]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:])
    message = _error(buffer.getvalue(), "scan.pdf", pdf=PdfLimits(max_ocr_pages=3))
    assert "OCR" in message and "上限 3 页" in message


def test_hostile_tounicode_map_is_a_read_error() -> None:
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> "
        b"endcodespacerange 3 beginbfchar\n<01> <D800>\n<02> <DFFF>\n<03> <FFFF>\nendbfchar endcmap end end"
    )
    data = _minimal_pdf(b"BT /F1 12 Tf 50 700 Td <010203010203010203> Tj ET\n" * 30, cmap)
    assert "不像中文报告" in _error(data, "cmap.pdf") or "没有可读取的文字" in _error(data, "cmap.pdf")


def test_bit_flipped_pdfs_raise_only_read_errors() -> None:
    original = pdf_of(TEXT.splitlines())
    rng = Random(5)
    for _ in range(12):  # the hostile corpus flips hundreds more
        flipped = bytearray(original)
        for _ in range(rng.choice([1, 5, 50])):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        try:
            read_bytes(bytes(flipped), "flip.pdf")
        except ReadError:
            pass


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (TEXT.encode("utf-8").decode("latin-1").encode("utf-8"), "重复编码的 UTF-8"),
        (TEXT.encode("utf-8").decode("gb18030", errors="ignore").encode("utf-8"), "按 GBK 解读"),
        (TEXT.encode("utf-7"), "UTF-7"),
        (TEXT.encode("shift_jis", errors="replace"), "?"),
        (("법치정부 건설 연례 보고서 우리 시는 법치 정부 건설을 추진하였다. " * 40).encode("euc_kr"), "韩文"),
        (bytes(Random(3).choice(range(0x81, 0xFF)) for _ in range(6000)), "不"),
        (("The annual report on building a law-based government. " * 20).encode(), "几乎没有汉字"),
    ],
)
def test_text_that_is_not_plausibly_chinese_is_refused_saying_what_it_is(data: bytes, found: str) -> None:
    assert found in _error(data, "a.txt")


def test_mojibake_inside_a_docx_is_refused() -> None:
    message = _error(_docx(TEXT.encode("utf-8").decode("gb18030", errors="ignore")), "a.docx")
    assert "乱码" in message


def test_japanese_docx_is_refused() -> None:
    assert "日文" in _error(_docx("法治政府の建設に関する年次報告書。当市は推進しました。" * 20), "a.docx")


def test_traditional_chinese_and_big5_are_read() -> None:
    traditional = (
        "關於2022年法治政府建設工作情況的報告。在省委省政府的堅強領導下，我辦狠抓法治建設，全面推進依法行政。"
        * 5
    )
    assert read_bytes(traditional.encode("big5"), "a.txt") == traditional
    assert read_bytes(traditional.encode("utf-8"), "a.txt") == traditional


def test_text_longer_than_the_cap_is_refused() -> None:
    assert "文字过多" in _error(("法治政府建设。" * 20_000).encode(), "long.txt", max_chars=100_000)


def test_soffice_timeout_is_a_chinese_error(tmp_path: Path) -> None:
    message = _error(rb"{\rtf1\ansi hello}", "slow.rtf", convert_timeout_s=0.01)
    assert "超过" in message and "另存为" in message


def test_docx_bomb_generator_is_past_the_limit(materials: Materials) -> None:
    _, data = docx_bomb(Random(1), materials)
    with pytest.raises(ReadError):
        read_bytes(data, "bomb.docx")


def test_lying_bom_is_a_read_error() -> None:
    assert "无法按该编码解码" in _error(codecs.BOM_UTF8 + TEXT.encode("gbk"), "bom.txt")


@pytest.mark.parametrize("fill", ["noise", "black", "white"])
def test_a_scanned_page_that_holds_no_text_is_not_sent_to_the_ocr_engine(fill: str) -> None:
    import random

    from PIL import Image

    from assistant.readers.ocr import page_text

    size = (1714, 2400)
    if fill == "noise":
        image = Image.frombytes("L", (200, 280), random.Random(0).randbytes(200 * 280)).resize(size)
    else:
        image = Image.new("L", size, 0 if fill == "black" else 255)
    png = io.BytesIO()
    image.save(png, "PNG")

    def engine(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the OCR engine must not run on a page without text")

    assert page_text(engine, png.getvalue()) == ""
