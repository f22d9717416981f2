"""Checks on a .docx container before anything is decompressed: zip bombs, encrypted Office files,
old binary Word files saved under a .docx name."""

from __future__ import annotations

import io
import zipfile
import zlib

from assistant.errors import ReadError
from assistant.readers.limits import MAX_MEMBERS, MAX_TOTAL_UNZIPPED, MAX_XML_MEMBER

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE compound file holding these streams (MS-OFFCRYPTO 2.3.4);
# directory entry names are UTF-16LE.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_STEP = 1024 * 1024


def spaced(kind: str) -> str:
    """A space between a Chinese word and a Latin one: 有效的 Word 文档, 有效的旧版 Word 文档."""
    return f" {kind}" if kind[:1].isascii() else kind


def is_encrypted_office(data: bytes) -> bool:
    return data.startswith(OLE_MAGIC) and all(stream in data for stream in _ENCRYPTED_STREAMS)


def check_ole(data: bytes, name: str) -> None:
    """An OLE file under a .docx name is either an encrypted Office file or an old .doc."""
    if is_encrypted_office(data):
        raise ReadError(
            f"《{name}》是设有打开密码的加密 Word 文档，无法读取：请用 Word/WPS 打开，"
            "在“文件—信息—保护文档”（WPS：“文件—文档加密”）中取消密码后另存为 .docx 再上传。"
        )
    if data.startswith(OLE_MAGIC):
        raise ReadError(
            f"《{name}》实际上是旧版 Word 文档（.doc），只是扩展名为 .docx：请把扩展名改为 .doc 再上传，"
            "或用 Word/WPS 另存为 .docx 后重试。"
        )


def check_zip(
    data: bytes, name: str, kind: str = "Word 文档（.docx）", max_total: int = MAX_TOTAL_UNZIPPED
) -> None:
    """Refuse a zip whose declared uncompressed sizes are too large, then inflate every member in
    1 MB steps: zipfile stops a member at its declared size and fails its CRC, so a member that
    lies about its size is found here with bounded memory. (python-docx later reads each member
    whole, and zipfile's whole-member read inflates all of it before cutting to the declared size:
    a 400 KB member declaring 1,000 bytes took 600 MB.)"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReadError(
            f"《{name}》不是有效的{spaced(kind)}，可能已损坏：请用 Word/WPS 打开后另存为 .docx 再重试。"
        ) from exc
    if len(members) > MAX_MEMBERS:
        raise _bomb(name, f"包含 {len(members)} 个部件")
    total = 0
    for member in members:
        total += member.file_size
        if member.filename.lower().endswith((".xml", ".rels")) and member.file_size > MAX_XML_MEMBER:
            raise _bomb(name, f"部件 {member.filename[:60]} 解压后达 {member.file_size // 2**20} MB")
        if member.flag_bits & 0x1:
            raise ReadError(f"《{name}》的压缩包设有密码，无法读取：请取消密码后另存为 .docx 再上传。")
    if total > max_total:
        raise _bomb(name, f"解压后共 {total // 2**20} MB")
    _inflate_in_steps(data, name, kind)


def _inflate_in_steps(data: bytes, name: str, kind: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                with archive.open(member) as stream:
                    while stream.read(_STEP):
                        pass
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise ReadError(
            f"《{name}》不是有效的{spaced(kind)}，可能已损坏（压缩数据与记录的大小不符）："
            "请用 Word/WPS 打开后另存为 .docx 再重试。"
        ) from exc


def _bomb(name: str, what: str) -> ReadError:
    return ReadError(
        f"《{name}》{what}，超出读取上限（单个部件 {MAX_XML_MEMBER // 2**20} MB、"
        f"合计 {MAX_TOTAL_UNZIPPED // 2**20} MB），可能是损坏或恶意构造的文件："
        "请用 Word/WPS 打开后另存为 .docx，或删去图片、拆分文件后重试。"
    )
