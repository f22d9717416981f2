"""Other word-processor formats (.doc, .wps, .odt, .rtf) → .docx bytes via LibreOffice headless.

LibreOffice is the maintained converter that reads all of them (Kingsoft WPS saves Word 97 bytes
in a .wps). Each conversion runs in its own temporary directory with a throw-away user profile
(`-env:UserInstallation`), so concurrent conversions do not fight over one profile and nothing
is left behind; a timeout ends a conversion that hangs (a password dialog, a damaged file).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from assistant.errors import ReadError
from assistant.readers.container import OLE_MAGIC, check_zip, is_encrypted_office, spaced
from assistant.readers.limits import CONVERT_TIMEOUT_S
from assistant.readers.sandbox import run_in_own_group

log = logging.getLogger(__name__)

CONVERTED_SUFFIXES = (".doc", ".wps", ".odt", ".rtf")
_NAMES = {".doc": "旧版 Word 文档", ".wps": "WPS 文字文档", ".odt": "OpenDocument 文档", ".rtf": "RTF 文档"}


def find_soffice() -> str | None:
    """Path of LibreOffice's command-line program, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    return str(mac) if mac.exists() else None


def sniff(data: bytes, name: str) -> str:
    """What the bytes of a .doc/.wps/.odt/.rtf really are: "docx" (a .docx under another name),
    or "convert" (a format LibreOffice reads); ReadError for anything else, before soffice starts."""
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        check_zip(data, name, _NAMES.get(suffix, "文档"))
        return "convert" if suffix == ".odt" else "docx"
    if data.startswith(OLE_MAGIC) and suffix in (".doc", ".wps") or data.lstrip()[:5] == b"{\\rtf":
        return "convert"
    raise ReadError(
        f"《{name}》不是有效的{spaced(_NAMES.get(suffix, '文档'))}，可能已损坏或扩展名不对：请用 Word/WPS 打开后"
        "“另存为” .docx 再上传。"
    )


def convert_to_docx(data: bytes, name: str, timeout_s: float = CONVERT_TIMEOUT_S) -> bytes:
    """The .docx LibreOffice makes from `data` (a file named `name`); ReadError when impossible."""
    suffix = Path(name).suffix.lower()
    kind = _NAMES.get(suffix, "文档")
    if is_encrypted_office(data):
        raise ReadError(
            f"《{name}》是设有打开密码的加密文档，无法读取：请用 Word/WPS 打开并取消密码后另存为 .docx 再上传。"
        )
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(
            f"《{name}》是{kind}（{suffix}），需要 LibreOffice 转换后才能读取，但本机没有安装 LibreOffice："
            "请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer），"
            "或用 Word/WPS 打开后“另存为” .docx 再上传。"
        )
    with tempfile.TemporaryDirectory(prefix="fazhi-soffice-") as work:
        source = Path(work) / f"input{suffix}"
        source.write_bytes(data)
        out_dir = Path(work) / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        _run(command, name, kind, timeout_s)
        result = out_dir / "input.docx"
        if not result.is_file():
            raise ReadError(
                f"《{name}》无法由 LibreOffice 转换为 .docx，文件可能已损坏、加密或并非{kind}："
                "请用 Word/WPS 打开后“另存为” .docx 再上传。"
            )
        return result.read_bytes()


def _run(command: list[str], name: str, kind: str, timeout_s: float) -> None:
    done = run_in_own_group(command, timeout_s)
    if done is None:
        raise ReadError(
            f"《{name}》用 LibreOffice 转换超过 {timeout_s:.0f} 秒仍未完成，已中止：文件可能过大、已损坏"
            "或设有密码。请用 Word/WPS 打开后“另存为” .docx 再上传。"
        )
    log.debug("soffice %s: exit %s, %s", kind, done.returncode, done.stderr.decode(errors="replace")[-300:])
