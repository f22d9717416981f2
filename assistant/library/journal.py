"""Bringing a library back to whole documents after a writer was killed mid-change.

Two sources of damage: the journal a killed writer left in Chroma (finished on open, cheaply:
the journal is read with the revision), and rows left by a writer that kept no journal (an older
version, a hand edit), found when the search index is rebuilt from a stable read of Chroma.
The caller holds the library's write lock."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.errors import AssistantError, StoreError
from assistant.library.prepare import PreparedDocument
from vectorstore.chroma_store import ChromaStore, Snapshot, StoredDocument

log = logging.getLogger(__name__)

WRITE_LOCK_TIMEOUT_S = 120.0


class WriteLock:
    """One writer at a time: the process's lock (threads) and a file lock (other local processes)."""

    def __init__(self, path: Path, thread_lock: threading.RLock) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file_lock = FileLock(str(path))
        self.thread_lock = thread_lock

    @contextmanager
    def hold(self, before: Callable[[], object] = lambda: None) -> Iterator[None]:
        """Wait for the lock (up to WRITE_LOCK_TIMEOUT_S), run `before`, then the block."""
        with self.thread_lock:
            try:
                self.file_lock.acquire(timeout=WRITE_LOCK_TIMEOUT_S)
            except Timeout:
                raise StoreError(
                    f"资料库正被另一个程序写入，等待 {WRITE_LOCK_TIMEOUT_S:.0f} 秒仍未结束。请等其完成后重试；"
                    f"若确认没有其他程序在运行，删除 {self.file_lock.lock_file} 后重试。"
                ) from None
            try:
                before()
                yield
            finally:
                self.file_lock.release()

    @contextmanager
    def attempt(self) -> Iterator[bool]:
        """The lock if free now (True), else False at once (another writer is at work)."""
        with self.thread_lock:
            try:
                self.file_lock.acquire(timeout=0)
            except Timeout:
                yield False
                return
            try:
                yield True
            finally:
                self.file_lock.release()


def finish_change(store: ChromaStore) -> str:
    """Finish the change in the journal; returns "kept:ID", "removed:ID" or "" (none pending)."""
    pending = store.pending()
    if not pending:
        return ""
    kind, _, doc_id = pending.partition(":")
    doc = store.get_document(doc_id)
    whole = kind == "add" and doc is not None and len(store.chunk_ids_of(doc_id)) == int(doc.meta["chunks"])
    if not whole:
        store.delete_document(doc_id)
    store.bump_revision(pending="")
    outcome = f"{'kept' if whole else 'removed'}:{doc_id}"
    log.warning("an interrupted change (%s) was finished on open: %s", pending, outcome)
    return outcome


def repair_damage(
    store: ChromaStore,
    snapshot: Snapshot,
    prepare: Callable[[StoredDocument], PreparedDocument],
    commit: Callable[[PreparedDocument], object],
) -> dict[str, list[str]]:
    """Chunks without a record are deleted; a record without all its chunks is re-chunked
    (`prepare`) and re-embedded and written (`commit`) from its own text (the record holds the
    full text), or deleted if that fails."""
    done: dict[str, list[str]] = {"orphans_removed": [], "reindexed": [], "removed": []}
    for doc_id in sorted(snapshot.orphans):
        if store.has_document(doc_id):
            continue  # added since the read
        store.delete_chunks_of(doc_id)
        done["orphans_removed"].append(doc_id)
    for doc_id in sorted(snapshot.partial):
        doc = store.get_document(doc_id)
        if doc is None:
            continue
        try:
            prepared: PreparedDocument | None = prepare(doc)
        except AssistantError:
            prepared = None
        if prepared is None or prepared.doc_id != doc_id:
            store.delete_document(doc_id)
            done["removed"].append(doc_id)
            continue
        store.delete_chunks_of(doc_id)
        commit(prepared)
        done["reindexed"].append(doc_id)
    if done["orphans_removed"]:
        store.bump_revision()
    log.warning("library repaired: %s", {k: v for k, v in done.items() if v})
    return done
