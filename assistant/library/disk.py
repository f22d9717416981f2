"""A full disk (or a quota) under the library: recognised in whatever form it reaches us — an
OSError ENOSPC/EDQUOT from our own files, SQLite's "database or disk is full" through Chroma — and
told to the clerk naming the disk, so ingest stops at once instead of failing file after file."""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

from assistant.errors import StoreError

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_FULL_TEXT = re.compile(r"No space left|disk is full|quota exceeded|\(code: 13\)", re.IGNORECASE)
# Below this much free space no file is started: Chroma's database, its log and the vector
# segments grow by several times the text of a report.
MIN_FREE_BYTES = 4 * 1024 * 1024


class DiskFullError(StoreError):
    """The disk holding the library is full: nothing more can be written."""


def is_disk_full(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the disk or the quota is full."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, OSError) and seen.errno in _FULL_ERRNOS:
            return True
        if _FULL_TEXT.search(str(seen)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def mount_point(path: Path) -> Path:
    """The mount point of the file system `path` (or its nearest existing parent) is on."""
    here = Path(os.path.abspath(path))
    while not here.exists() and here != here.parent:
        here = here.parent
    while not os.path.ismount(here) and here != here.parent:
        here = here.parent
    return here


def free_bytes(path: Path) -> int:
    try:
        return shutil.disk_usage(mount_point(path)).free
    except OSError:
        return -1


def disk_full_error(data_dir: Path) -> DiskFullError:
    """The message for a full disk under `data_dir`: which disk, how much is left, what to do."""
    disk = mount_point(data_dir)
    free = free_bytes(data_dir)
    left = f"剩余 {free / 1024 / 1024:.1f} MB" if free >= 0 else "剩余空间未知"
    return DiskFullError(
        f"资料库所在的磁盘 {disk} 已满（{left}）：收录已停止，资料库保持收录前的状态"
        "（写了一半的文档会在下次打开资料库时自动清理）。请清理这块磁盘，或把资料库目录"
        "（FAZHI_DATA_DIR）移到空间更大的磁盘，然后重新收录。"
    )


def check_free_space(data_dir: Path) -> None:
    """A DiskFullError before a file is started on a disk that is (nearly) full."""
    free = free_bytes(data_dir)
    if 0 <= free < MIN_FREE_BYTES:
        raise disk_full_error(data_dir)
