"""What the checks need from the library, derived once per library revision: each document as a
leak-check `Reference` (who wrote it, its names and quoted phrases) and the copy index.

Persisted in the data dir (`<data_dir>/checks/<collection>/`), rebuilt when the revision or the
document count changes; kept in memory per process for the UI."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.checks.brands import phrase_spread
from assistant.checks.copying import CopyIndex, IndexedDoc, TextCache
from assistant.checks.leaks import Belonging, Reference, belonging_names, quoted_phrases, writer
from assistant.parsing.webclean import CONVERTED_WARNING, to_simplified

if TYPE_CHECKING:
    from assistant.library.facade import Library

log = logging.getLogger(__name__)
_VIEWS: dict[int, LibraryView] = {}


class LibraryView:
    def __init__(
        self,
        references: list[Reference],
        names: list[list[str]],
        copies: CopyIndex,
        texts: TextCache,
        spread: dict[str, frozenset[str]],
    ) -> None:
        self.references, self.copies, self.texts = references, copies, texts
        self.belonging = Belonging(references, names, spread)


def library_view(library: Library) -> LibraryView:
    library.refresh()
    manifest = {
        "revision": library.store.revision,
        "chunks": library.store.chunk_count(),
        "collection": library.settings.collection_prefix,
        "host": f"{library.settings.chroma_host}:{library.settings.chroma_port}",
        "version": 4,  # 3: traditional documents compared in simplified characters; 4: phrase spread
    }
    cached = _VIEWS.get(id(library))
    if cached is not None and getattr(cached, "manifest", None) == manifest:
        return cached
    directory = library.settings.data_dir / "checks" / library.settings.collection_prefix
    view = _load(directory, manifest, library) or _build(directory, manifest, library)
    view.manifest = manifest  # type: ignore[attr-defined]
    _VIEWS[id(library)] = view
    return view


def _load(directory: Path, manifest: dict, library: Library) -> LibraryView | None:
    copies = CopyIndex.load(directory, manifest)
    if copies is None:
        return None
    try:
        rows = json.loads((directory / "references.json").read_text(encoding="utf-8"))
        spread = json.loads((directory / "spread.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if any(len(r) != 7 for r in rows) or not isinstance(spread, dict):
        return None
    references = [Reference(r[0], r[1], r[2], r[3], frozenset(r[4]), frozenset(r[5])) for r in rows]
    users = {p: frozenset(w) for p, w in spread.items()}
    return LibraryView(references, [r[6] for r in rows], copies, _text_cache(library), users)


def _build(directory: Path, manifest: dict, library: Library) -> LibraryView:
    started = time.perf_counter()
    references: list[Reference] = []
    items = []
    for info, found, stored in library.documents_with_text():
        # The library keeps a traditional original as it came; drafts are in simplified characters.
        text = to_simplified(stored) if CONVERTED_WARNING in info.warnings else stored
        quoted = quoted_phrases(text)
        references.append(Reference(info.id, info.title, info.unit, info.year, frozenset(found), quoted))
        items.append((IndexedDoc(info.id, info.title, info.unit, info.year), text))
    copies = CopyIndex.build(items)
    names = [sorted(belonging_names(r)) for r in references]
    phrases = {p for r in references for p in r.quoted}
    spread = phrase_spread(
        phrases, [(writer(r), text) for r, (_, text) in zip(references, items, strict=True)]
    )
    rows = [
        [r.doc_id, r.title, r.unit, r.year, sorted(r.names), sorted(r.quoted), n]
        for r, n in zip(references, names, strict=True)
    ]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "references.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    users = {p: sorted(w) for p, w in spread.items()}
    (directory / "spread.json").write_text(json.dumps(users, ensure_ascii=False), encoding="utf-8")
    copies.save(directory, manifest)  # the manifest last: a half-written index is never loaded
    log.info("check index built: %d documents in %.2fs", len(items), time.perf_counter() - started)
    return LibraryView(references, names, copies, _text_cache(library), spread)


def _text_cache(library: Library) -> TextCache:
    """Document texts for the copy check, in simplified characters like the index built from them."""

    def fetch(doc_id: str) -> str | None:
        text = library.document_text(doc_id)
        return to_simplified(text) if text else text

    return TextCache(fetch)
