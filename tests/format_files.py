"""Real files in every format, made by the real software (python-docx, LibreOffice, pdftoppm).

Shared by tests/test_formats*.py and bench/formats.py. LibreOffice runs with a throw-away profile
in the output folder; one soffice call converts many files (start-up is most of its cost).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from PIL import Image

from assistant.readers import normalize_text

SOFFICE_TIMEOUT_S = 180
LIST_ID = 97  # above the ids of python-docx's template (a clash makes Word and LibreOffice disagree)
# LibreOffice's own filter names; .wps is Kingsoft WPS's name for Word 97 bytes, and LibreOffice
# (which cannot write WPS's own format) writes it with the Word 97 filter.
FILTERS = {
    "doc": "doc:MS Word 97",
    "wps": "wps:MS Word 97",
    "odt": "odt:writer8",
    "rtf": "rtf:Rich Text Format",
    "docx": "docx:MS Word 2007 XML",
    "pdf": "pdf:writer_pdf_Export",
}
_LEVELS = [
    (re.compile(r"^[一二三四五六七八九十]+、"), 0),
    (re.compile(r"^（[一二三四五六七八九十]+）"), 1),
    (re.compile(r"^\d+[.．、](?!\d)"), 2),
    (re.compile(r"^（\d+）"), 3),
]
REPORT_NUMBERING = [
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
]


def soffice_convert(sources: list[Path], target: str, out_dir: Path) -> list[Path]:
    """Convert `sources` with LibreOffice to `target` (a key of FILTERS) in one soffice run."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = (out_dir / ".lo-profile").resolve().as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", FILTERS[target], "--outdir", str(out_dir), *map(str, sources)]
    subprocess.run(command, check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S)
    made = [out_dir / f"{source.stem}.{target}" for source in sources]
    missing = [path.name for path in made if not path.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice made no {missing}")
    return made


def report_docx(text: str, path: Path, numbering: list[tuple[str, str]] | None = None) -> Path:
    """A .docx laid out as offices write reports: 仿宋 16 pt, first-line indent, justified. With
    `numbering`, the typed heading numbers 一、（一）1.（1） become Word automatic numbering."""
    document = docx.Document()
    if numbering is not None:
        add_list(document, LIST_ID, numbering)
    for line in normalize_text(text).split("\n"):
        level = next((lvl for pattern, lvl in _LEVELS if pattern.match(line)), None)
        if numbering is not None and level is not None:
            paragraph = document.add_paragraph(_LEVELS[level][0].sub("", line, count=1))
            paragraph._p.get_or_add_pPr().append(num_pr(LIST_ID, level))
        else:
            paragraph = document.add_paragraph(line)
            paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.alignment = 3  # justify: what makes extractors see wide gaps
        for run in paragraph.runs:
            run.font.size = Pt(16)
            run.font.name = "仿宋"
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    document.save(path)
    return path


def add_list(
    document: docx.document.Document, num_id: int, levels: list[tuple[str, str]], start: int = 1
) -> None:
    """Define w:abstractNum/w:num `num_id` whose level i has (numFmt, lvlText) = levels[i]; the
    first level counts from `start`."""
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start if i == 0 else 1}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)  # the schema wants every abstractNum before the nums
    numbering.append(num)


def num_pr(num_id: int, ilvl: int):  # noqa: ANN201 - an lxml element
    return parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def scanned_pdf(pdf: Path, out: Path, dpi: int = 150, pages: int | None = None) -> Path:
    """An image-only PDF of `pdf`: pages rasterised by pdftoppm, put back into a PDF by Pillow."""
    prefix = out.with_suffix("")
    command = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
    if pages is not None:
        command += ["-f", "1", "-l", str(pages)]
    subprocess.run([*command, str(pdf), str(prefix)], check=True, capture_output=True, timeout=120)
    images = [Image.open(path) for path in sorted(prefix.parent.glob(f"{prefix.name}-*.png"))]
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out
