"""The search index derived from Chroma (vectors + BM25): held in memory, saved under
data_dir/index/<collection>, and rebuilt when its manifest (revision, chunk count, collection,
embedder, format, host) no longer matches the store. Built from a read of Chroma during which
nothing changed (else only whole documents are served, and the index is not saved); saved
atomically, so a reader never sees a half-written one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from vectorstore.chroma_store import ChromaStore, Snapshot
from vectorstore.index import ChunkIndex

log = logging.getLogger(__name__)

FORMAT = 2  # 2: chunk rows carry the document's level

Repair = Callable[[Snapshot], dict[str, list[str]]]


class DerivedIndex:
    def __init__(self, root: Path, collection: str, embedder: str, host: str = "") -> None:
        """`host` is "host:port" of a Chroma server, '' for the embedded store."""
        self.root = root
        self.collection = collection
        self.embedder = embedder
        self.host = host
        self.held: ChunkIndex | None = None
        self.manifest: dict = {}

    def forget(self) -> None:
        """Drop the index held in memory (after a write): the next `current` loads or rebuilds."""
        self.held = None

    def current(self, store: ChromaStore, repair: Repair) -> ChunkIndex:
        """The index for the store's present state: held, loaded from disk, or rebuilt (after
        `repair` of what a stable read found damaged). The caller holds the library's lock."""
        manifest = self.manifest_for(store.revision, store.chunk_count())
        if self.held is not None and self.manifest == manifest:
            return self.held
        directory = self.root / self.directory_name()
        index = ChunkIndex.load(directory, manifest)
        if index is None:
            index, manifest = self._settle(ChunkIndex.from_store(store), store, directory, repair)
        self.held, self.manifest = index, manifest
        return index

    def _settle(
        self, index: ChunkIndex, store: ChromaStore, directory: Path, repair: Repair
    ) -> tuple[ChunkIndex, dict]:
        """Repair what a stable read found damaged (then read again), and save a stable index."""
        snapshot = index.built_from
        assert snapshot is not None
        if repair(snapshot):
            index = ChunkIndex.from_store(store)
            snapshot = index.built_from
            assert snapshot is not None
        manifest = self.manifest_for(int(snapshot.state.get("revision", 0)), len(snapshot.pairs))
        if snapshot.stable:
            try:
                index.save(directory, manifest)
            except OSError as exc:  # a full or read-only disk: serve from memory, rebuild next time
                log.warning("search index not saved to %s: %s", directory, exc)
        return index, manifest

    def manifest_for(self, revision: int, count: int) -> dict:
        return {
            "revision": revision,
            "count": count,
            "collection": self.collection,
            "embedder": self.embedder,
            "format": FORMAT,
            "host": self.host,
        }

    def directory_name(self) -> str:
        host = self.host.replace(":", "_").replace("/", "_")
        return self.collection + (f"@{host}" if host else "")
