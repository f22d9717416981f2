"""The hostile file kinds of bench/hostile_corpus.py: each maker takes a seeded Random and the
shared real materials (seed texts, a real .docx and PDF) and returns (suffix, bytes)."""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from random import Random

import docx

ROOT = Path(__file__).resolve().parent.parent
ZENHEI = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class Materials:
    """Real files to mutate, built once per run. `quick` shrinks the big kinds (the test's subset)."""

    def __init__(self, quick: bool = False) -> None:
        self.quick = quick
        self._bombs: dict[int, bytes] = {}
        self.texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "samples").glob("*.txt"))]

    def mb(self, full: float) -> int:
        return int((full / 20 if self.quick else full) * 1024 * 1024)

    @cached_property
    def docx(self) -> bytes:
        document = docx.Document()
        for line in self.texts[0].splitlines():
            document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    @cached_property
    def pdf(self) -> bytes:
        return pdf_of(self.texts[1].splitlines())

    def bomb(self, size: int) -> bytes:
        if size not in self._bombs:
            self._bombs[size] = _bomb(self, size)
        return self._bombs[size]

    @cached_property
    def docx_parts(self) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(self.docx)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}


def pdf_of(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "ZenHei" if ZENHEI.is_file() else "STSong-Light"
    pdfmetrics.registerFont(
        TTFont(font, str(ZENHEI), subfontIndex=0) if ZENHEI.is_file() else UnicodeCIDFont(font)
    )
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for first in range(0, len(lines), 40):
        pdf.setFont(font, 10)
        for i, line in enumerate(lines[first : first + 40]):
            pdf.drawString(40, 800 - 19 * i, line[:50])
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _with_document(m: Materials, document_xml: bytes | str) -> bytes:
    return _zip({**m.docx_parts, "word/document.xml": document_xml})


def random_bytes(rng: Random, m: Materials) -> tuple[str, bytes]:
    size = rng.choice([1, 17, 256, 4096, 65536])
    return rng.choice([".txt", ".md", ".docx", ".pdf", ".txt"]), rng.randbytes(size)


def random_high_bytes(rng: Random, m: Materials) -> tuple[str, bytes]:
    """Bytes in GB18030's lead/trail ranges: they decode, as nonsense Han characters."""
    size = rng.choice([64, 600, 5000, 40000])
    return ".txt", bytes(rng.choice(range(0x81, 0xFF)) for _ in range(size))


def huge_line(rng: Random, m: Materials) -> tuple[str, bytes]:
    text = m.texts[rng.randrange(len(m.texts))].replace("\n", "")
    size = m.mb(rng.choice([1, 2, 5, 10, 19]))
    return ".txt", (text * (size // len(text.encode()) + 1)).encode()[:size].decode(errors="ignore").encode()


def dense_text(rng: Random, m: Materials) -> tuple[str, bytes]:
    """Texts dense with what the parser looks for: years, document numbers, 现将, 但是, headings."""
    atoms = [
        "2022年",
        "2023年度",
        "国办发〔2022〕12号",
        "现将",
        "但是",
        "一、",
        "（一）",
        "1.",
        "一是",
        "。",
        "，",
        "\n",
    ]
    weights = [rng.random() for _ in atoms]
    size = m.mb(rng.choice([0.1, 0.5, 1, 2]))
    parts, total = [], 0
    while total < size:
        atom = rng.choices(atoms, weights)[0]
        parts.append(atom)
        total += len(atom.encode())
    return ".txt", "".join(parts).encode()


def single_run_docx(rng: Random, m: Materials) -> tuple[str, bytes]:
    text = (m.texts[rng.randrange(len(m.texts))].replace("\n", "") * 200)[: m.mb(2) // 3]
    body = f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    return ".docx", _with_document(m, body)


def docx_bomb(rng: Random, m: Materials) -> tuple[str, bytes]:
    """A small .docx whose document.xml inflates to 100+ MB, or declares a false small size."""
    size = (100 if m.quick else rng.choice([100, 300])) * 1024 * 1024  # always past the 64 MB limit
    bomb = m.bomb(size)
    return ".docx", bomb if rng.random() < 0.7 else _lie_about_size(bomb, b"word/document.xml", 1000)


def _bomb(m: Materials, size: int) -> bytes:
    paragraph = f"<w:p><w:r><w:t>{'法' * 4000}</w:t></w:r></w:p>".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in m.docx_parts.items():
            if part != "word/document.xml":
                archive.writestr(part, content)
        with archive.open("word/document.xml", "w") as member:
            member.write(f'<w:document xmlns:w="{_W}"><w:body>'.encode())
            for _ in range(size // len(paragraph)):
                member.write(paragraph)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def _lie_about_size(data: bytes, name: str | bytes, size: int) -> bytes:
    """Patch the declared uncompressed size of member `name` in its local and central headers."""
    name = name.encode() if isinstance(name, str) else name
    out = bytearray(data)
    for signature, offset, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        position = out.find(signature)
        while position != -1:
            length = int.from_bytes(out[position + length_at : position + length_at + 2], "little")
            if out[position + name_at : position + name_at + length] == name:
                out[position + offset : position + offset + 4] = size.to_bytes(4, "little")
            position = out.find(signature, position + 4)
    return bytes(out)


def odd_docx(rng: Random, m: Materials) -> tuple[str, bytes]:
    """Valid zips whose XML is not what a .docx holds."""
    variants = [
        f'<w:document xmlns:w="{_W}"/>',  # no w:body
        f'<w:other xmlns:w="{_W}"><w:body><w:p/></w:body></w:other>',  # another root element
        "<html><body>not word</body></html>",
        "<w:document",  # broken XML
        f'<w:document xmlns:w="{_W}"><w:body>' + "<w:sdt><w:sdtContent>" * 5000 + "</w:body></w:document>",
        f'<w:document xmlns:w="{_W}"><w:body>'
        + '<w:p><w:pPr><w:numPr><w:ilvl w:val="99999999999999999999"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        + "<w:r><w:t>一</w:t></w:r></w:p>" * 50
        + "</w:body></w:document>",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>',
    ]
    return ".docx", _with_document(m, variants[rng.randrange(len(variants))])


def hostile_numbering(rng: Random, m: Materials) -> tuple[str, bytes]:
    fmt = rng.choice(["chineseCounting", "upperRoman", "custom", "bullet", "x" * 500, ""])
    start = rng.choice(["-5", "0", "99999999", "1e9", "abc", "9" * 5000])
    numbering = (
        f'<w:numbering xmlns:w="{_W}"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1%9%0%%、"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    body = (
        f'<w:document xmlns:w="{_W}"><w:body>'
        + (
            '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>法治</w:t></w:r></w:p>'
            * rng.choice([1, 100, 5000])
        )
        + "</w:body></w:document>"
    )
    return ".docx", _zip({**m.docx_parts, "word/document.xml": body, "word/numbering.xml": numbering})


def many_members(rng: Random, m: Materials) -> tuple[str, bytes]:
    return ".docx", _zip(
        {
            **m.docx_parts,
            **{f"word/media/x{i}.bin": b"" for i in range(5001 if m.quick else rng.choice([6000, 20000]))},
        }
    )


def pdf_many_operators(rng: Random, m: Materials) -> tuple[str, bytes]:
    count = rng.choice([20_000, 200_000]) // (20 if m.quick else 1)
    ops = b"BT /F1 12 Tf 10 10 Td (x) Tj ET\n" * count if rng.random() < 0.5 else b"(a) Tj " * count
    return ".pdf", _minimal_pdf(ops, rng.choice([b"", _hostile_tounicode(rng)]))


def pdf_hostile_tounicode(rng: Random, m: Materials) -> tuple[str, bytes]:
    return ".pdf", _minimal_pdf(b"BT /F1 12 Tf 50 700 Td <0102030405> Tj ET\n" * 50, _hostile_tounicode(rng))


def _hostile_tounicode(rng: Random) -> bytes:
    targets = [
        b"<D800>",
        b"<DFFF>",
        b"<FFFF>",
        b"<0000>",
        b"<" + b"41" * 200 + b">",
        b"<DBFFDFFF>",
        b"<110000>",
    ]
    maps = b"".join(b"<%02X> " % code + rng.choice(targets) + b"\n" for code in range(1, 6))
    return (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> "
        b"endcodespacerange 5 beginbfchar\n" + maps + b"endbfchar endcmap end end"
    )


def _minimal_pdf(content: bytes, cmap: bytes) -> bytes:
    """A one-page PDF around a content stream (hand-written: the point is a hostile stream)."""
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        + (b" /ToUnicode 6 0 R" if cmap else b"")
        + b" >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        font,
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _flip(data: bytes, rng: Random, flips: int) -> bytes:
    mutable = bytearray(data)
    for _ in range(flips):
        position = rng.randrange(len(mutable))
        mutable[position] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def flipped_pdf(rng: Random, m: Materials) -> tuple[str, bytes]:
    return ".pdf", _flip(m.pdf, rng, rng.choice([1, 3, 10, 100]))


def flipped_docx(rng: Random, m: Materials) -> tuple[str, bytes]:
    return ".docx", _flip(m.docx, rng, rng.choice([1, 3, 10, 100]))


def truncated(rng: Random, m: Materials) -> tuple[str, bytes]:
    suffix, data = rng.choice([(".pdf", m.pdf), (".docx", m.docx)])
    return suffix, data[: rng.randrange(1, len(data))]


def wrong_encoding(rng: Random, m: Materials) -> tuple[str, bytes]:
    text = m.texts[rng.randrange(len(m.texts))]
    variants: list[Callable[[str], bytes]] = [
        lambda t: t.encode("shift_jis", errors="replace"),
        lambda t: t.encode("euc_kr", errors="replace"),
        lambda t: t.encode("utf-7"),
        lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8"),  # double-encoded UTF-8
        lambda t: t.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
        lambda t: t.encode("utf-8").decode("gb18030", errors="replace").encode("utf-8"),  # 鍏充簬
        lambda t: t.encode("utf-16-le"),  # no BOM
        lambda t: t.encode("big5", errors="replace"),
        lambda t: codecs.BOM_UTF8 + t.encode("gbk"),  # a lying BOM
    ]
    return rng.choice([".txt", ".md"]), variants[rng.randrange(len(variants))](text)


def foreign_docx(rng: Random, m: Materials) -> tuple[str, bytes]:
    """Mojibake or another language inside a valid .docx (no encoding step can catch it)."""
    text = m.texts[rng.randrange(len(m.texts))][:3000]
    garbled = rng.choice(
        [
            text.encode("utf-8").decode("latin-1"),
            text.encode("utf-8").decode("gb18030", errors="replace"),
            "法治政府の建設に関する年次報告書。当市は推進しました。" * 40,
            "법치정부 건설 연례 보고서 우리 시는 추진하였다. " * 60,
            "The annual report on building a law-based government. " * 60,
        ]
    )
    document = docx.Document()
    for line in garbled.splitlines() or [garbled]:
        document.add_paragraph("".join(ch for ch in line if ch.isprintable()))
    buffer = io.BytesIO()
    document.save(buffer)
    return ".docx", buffer.getvalue()


def encrypted(rng: Random, m: Materials) -> tuple[str, bytes]:
    choice = rng.randrange(4)
    if choice == 0:
        import msoffcrypto

        encrypted_file = io.BytesIO()
        msoffcrypto.OfficeFile(io.BytesIO(m.docx)).encrypt("secret", encrypted_file)
        return ".docx", encrypted_file.getvalue()
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(m.pdf)))
    algorithm = ["AES-256", "AES-128", "RC4-128"][choice - 1]
    writer.encrypt(rng.choice(["", "secret"]), owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return ".pdf", buffer.getvalue()


def blank_scan(rng: Random, m: Materials) -> tuple[str, bytes]:
    """Image-only PDF pages (noise or blank): the OCR path, bounded by its page limit."""
    from PIL import Image

    noise = rng.random() < 0.3 and not m.quick  # OCR of noise costs seconds: full runs only
    pages = 1 if noise else rng.choice([1, 2, 80])
    images = [
        Image.frombytes("L", (200, 280), rng.randbytes(200 * 280))
        if noise
        else Image.new("L", (200, 280), 255)
        for _ in range(pages)
    ]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:])
    return ".pdf", buffer.getvalue()


def odd_office(rng: Random, m: Materials) -> tuple[str, bytes]:
    """The LibreOffice path: garbage and flipped bytes under .doc/.wps/.odt/.rtf names."""
    suffix = rng.choice([".doc", ".wps", ".odt", ".rtf"])
    converted = [b"{\\rtf1 " + rng.randbytes(500), _flip(m.docx, rng, 5)]  # soffice runs: seconds each
    data = rng.choice([rng.randbytes(2000), *([] if m.quick and rng.random() < 0.8 else converted)])
    return suffix, data


KINDS: list[tuple[str, Callable[[Random, Materials], tuple[str, bytes]]]] = [
    ("random_bytes", random_bytes),
    ("random_high_bytes", random_high_bytes),
    ("huge_line", huge_line),
    ("dense_text", dense_text),
    ("single_run_docx", single_run_docx),
    ("docx_bomb", docx_bomb),
    ("odd_docx", odd_docx),
    ("hostile_numbering", hostile_numbering),
    ("many_members", many_members),
    ("pdf_many_operators", pdf_many_operators),
    ("pdf_hostile_tounicode", pdf_hostile_tounicode),
    ("flipped_pdf", flipped_pdf),
    ("flipped_pdf", flipped_pdf),
    ("flipped_docx", flipped_docx),
    ("truncated", truncated),
    ("wrong_encoding", wrong_encoding),
    ("wrong_encoding", wrong_encoding),
    ("foreign_docx", foreign_docx),
    ("encrypted", encrypted),
    ("blank_scan", blank_scan),
    ("odd_office", odd_office),
]
