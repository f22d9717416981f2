"""A full disk during ingest stops it at once with a message naming the disk, leaves the library
as it was or repairable, and releases the write lock (issue 20, point 4)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.library.disk import MIN_FREE_BYTES, is_disk_full, mount_point
from assistant.library.facade import Library
from tests.helpers import ROOT, SEEDS, make_settings
from vectorstore.chroma_store import ChromaStore
from vectorstore.embeddings import FakeEmbedder


def consistent(library: Library) -> bool:
    snapshot = library.store.snapshot()
    return not snapshot.orphans and not snapshot.partial and not library.store.pending()


def test_disk_full_is_recognised_from_our_files_and_from_sqlite_through_chroma():
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    try:
        try:
            raise OSError(errno.EDQUOT, "Disk quota exceeded")
        except OSError as inner:
            raise RuntimeError("apply log failed") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer)
    assert is_disk_full(RuntimeError("error returned from database: (code: 13) database or disk is full"))
    assert not is_disk_full(RuntimeError("error returned from database: (code: 11) malformed"))


def test_an_injected_enospc_stops_ingest_names_the_disk_and_leaves_a_repairable_library(
    tmp_path, monkeypatch
):
    settings = make_settings(tmp_path)
    library = Library(settings, FakeEmbedder())
    library.add_paths(SEEDS[:1])
    before = {d.id for d in library.documents()}
    real_add = ChromaStore.add_chunks

    def add_then_fill(self, chunks, vectors, collection=None):
        real_add(self, chunks[:2], vectors[:2], collection)  # half a document is written
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ChromaStore, "add_chunks", add_then_fill)
    result = library.add_paths(SEEDS[1:3])
    assert not result.added and len(result.failed) == 2
    assert f"资料库所在的磁盘 {mount_point(settings.data_dir)} 已满" in result.failed[0][1]
    assert all("磁盘已满" in reason for _, reason in result.failed[1:])
    monkeypatch.setattr(ChromaStore, "add_chunks", real_add)
    with library._writer.attempt() as alone:  # noqa: SLF001 - the lock itself is what is tested
        assert alone
    reopened = Library(make_settings(tmp_path), FakeEmbedder())
    assert {d.id for d in reopened.documents()} == before and consistent(reopened)
    assert len(reopened.add_paths(SEEDS[1:2]).added) == 1


INGEST = [sys.executable, "-m", "assistant.cli", "ingest"]


def mount_tmpfs(where: Path, megabytes: int) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(where)],
                          capture_output=True, check=False)  # fmt: skip
    return done.returncode == 0


def fill(disk: Path, leave_bytes: int) -> Path:
    filler = disk / "filler.bin"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with filler.open("wb") as out:
        out.truncate(0)
        out.write(b"\0" * max(0, free - leave_bytes))
    return filler


def test_a_small_file_system_of_its_own_fills_during_ingest_and_ingest_ends_with_the_message(tmp_path):
    disk = tmp_path / "disk"
    if not mount_tmpfs(disk, 48):
        pytest.fail("this test mounts a tmpfs: run it as root (the injected ENOSPC test covers the rest)")
    try:
        env = {**os.environ, "FAZHI_DATA_DIR": str(disk / "data"), "FAZHI_EMBEDDING": "fake"}
        first = subprocess.run([*INGEST, str(SEEDS[0])], env=env, cwd=ROOT, capture_output=True, timeout=300)
        assert first.returncode == 0
        filler = fill(disk, leave_bytes=MIN_FREE_BYTES + 40 * 1024)
        full = subprocess.run(
            [*INGEST, *map(str, SEEDS[1:])], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert full.returncode != 0 and f"资料库所在的磁盘 {disk} 已满" in full.stdout + full.stderr
        filler.unlink()
        library = Library(make_settings(tmp_path, data_dir=disk / "data"), FakeEmbedder())
        assert len(library.documents()) >= 1 and consistent(library)
        with library._writer.attempt() as alone:  # noqa: SLF001
            assert alone
        del library
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False, capture_output=True)
