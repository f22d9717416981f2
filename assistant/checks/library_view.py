"""What the checks need from the library, derived per library revision: each document as a
leak-check `Reference` (who wrote it, its names and quoted phrases) and the copy index.

Persisted in the data dir (`<data_dir>/checks/<collection>/`) with the revision it reflects. When
the library has moved on, the view replays the library's change log one document at a time
(copy_growth for the copy index; the brands' phrase spread grows with an added document whose
quoted phrases are all known) and is rebuilt from every document when the log cannot say what
changed, when a document is removed, or when an added one quotes a phrase no document did (its
spread needs every text); kept in memory per process for the UI."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.checks.brands import phrase_spread
from assistant.checks.copy_growth import add_document, load_unit_grams, remove_document, save_unit_grams
from assistant.checks.copying import CopyIndex, IndexedDoc, TextCache
from assistant.checks.leaks import Belonging, Reference, belonging_names, quoted_phrases, writer
from assistant.library.records import info_from_meta
from assistant.parsing.webclean import CONVERTED_WARNING, to_simplified
from assistant.types import DocumentInfo, LibraryChange

if TYPE_CHECKING:
    from assistant.library.facade import Library

log = logging.getLogger(__name__)
_VIEWS: dict[int, LibraryView] = {}
VERSION = 6  # 4: saved with the unit counts of the copy index's 5-grams (grown per change); 5: phrase spread;
# 6: the unit counts as a memory-mapped base and a delta (copy_growth); the store's id, not its chunk count
_IDENTITY = ("collection", "host", "version", "store")


class LibraryView:
    def __init__(
        self,
        references: list[Reference],
        names: list[list[str]],
        copies: CopyIndex,
        texts: TextCache,
        spread: dict[str, frozenset[str]],
    ) -> None:
        """`spread`: every phrase a document of the library quoted since the view was built → the
        writers whose texts use it (checks/brands.py), also phrases no document quotes any more,
        kept counted (empty when no text uses them) so that one quoted again — a report removed
        and added back — is not searched for in every text; the checks see the quoted ones."""
        self.references, self.names, self.copies, self.texts = references, names, copies, texts
        self.known = spread
        quoted = {p for r in references for p in r.quoted}
        self.spread = {p: w for p, w in spread.items() if w and p in quoted}
        self.manifest: dict[str, Any] = {}
        self._belonging: Belonging | None = None

    @property
    def belonging(self) -> Belonging:
        if self._belonging is None:
            self._belonging = Belonging(self.references, self.names, self.spread)
        return self._belonging


def library_view(library: Library) -> LibraryView:
    library.refresh()
    state = library.current_state()  # Chroma's SQLite file read while the store is not open
    manifest = {
        "revision": state["revision"],
        "store": state["id"],  # a library built again from nothing counts its revisions anew
        "collection": library.settings.collection_prefix,
        "host": f"{library.settings.chroma_host}:{library.settings.chroma_port}",
        "version": VERSION,
    }
    cached = _VIEWS.get(id(library))
    if cached is not None and cached.manifest == manifest:
        return cached
    directory = library.settings.data_dir / "checks" / library.settings.collection_prefix
    view = _caught_up(cached or _load(directory, manifest, library), manifest, library, directory)
    if view is None:
        view = _build(directory, manifest, library)
    _VIEWS[id(library)] = view
    return view


def _load(directory: Path, manifest: dict, library: Library) -> LibraryView | None:
    """The saved view, whatever revision it reflects (the same collection, store and format)."""
    try:
        saved = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        rows = json.loads((directory / "references.json").read_text(encoding="utf-8"))
        spread = json.loads((directory / "spread.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or any(saved.get(k) != manifest[k] for k in _IDENTITY):
        return None
    copies = CopyIndex.load(directory, saved)
    if copies is None or not isinstance(rows, list) or any(len(r) != 7 for r in rows):
        return None
    if not isinstance(spread, dict):
        return None
    references = [Reference(r[0], r[1], r[2], r[3], frozenset(r[4]), frozenset(r[5])) for r in rows]
    users = {p: frozenset(w) for p, w in spread.items()}
    view = LibraryView(references, [r[6] for r in rows], copies, _text_cache(library), users)
    view.manifest = saved
    return view


def _caught_up(
    view: LibraryView | None, manifest: dict, library: Library, directory: Path
) -> LibraryView | None:
    """`view` brought to the library's present revision through its change log, and saved; None
    when the log cannot say what changed since `view`."""
    if view is None:
        return None
    if view.manifest == manifest:
        return view
    chain = library.changes.between(int(view.manifest.get("revision", -1)), manifest["revision"])
    if chain is None:
        return None
    if chain and view.copies.unit_grams is None and not load_unit_grams(view.copies, directory):
        return None
    started = time.perf_counter()
    references, names, copies = list(view.references), list(view.names), view.copies
    removed = {
        c.doc_id: _indexed_text(info_from_meta(c.doc_id, c.meta), c.text) for c in chain if c.kind == "remove"
    }

    def text_of(doc_id: str) -> str | None:
        item = view.texts.get(doc_id) if doc_id not in removed else None
        return removed.get(doc_id) or (item[0] if item else None)

    def texts_of(doc_ids: list[str]) -> dict[str, str | None]:
        """text_of for many documents at once (the library reads them in one go)."""
        texts: dict[str, str | None] = {d: removed[d] for d in doc_ids if d in removed}
        found = library.document_records([d for d in doc_ids if d not in texts])
        texts.update({d: _indexed_text(r[0], r[2]) if r else None for d, r in found.items()})
        return texts

    for change in chain:
        references, names, copies = _replayed(change, references, names, copies, library, text_of)
    spread = _grown_spread(view.known, view.references, references, chain, texts_of)
    grown = LibraryView(references, names, copies, view.texts, spread)
    _save(directory, manifest, grown)
    log.info("check index caught up by %d changes in %.2fs", len(chain), time.perf_counter() - started)
    return grown


def _grown_spread(
    spread: dict[str, frozenset[str]],
    before: list[Reference],
    after: list[Reference],
    chain: list[LibraryChange],
    texts_of: Any,
) -> dict[str, frozenset[str]]:
    """The phrase spread after `chain`: every known phrase is counted again in the documents of the
    writers the chain touched (an add, a remove, an edit that may change the writer); a phrase the
    view never knew is counted in every document (who else uses it takes every text). Known
    phrases no document quotes any more stay, with the writers using them (LibraryView)."""
    touched = {c.doc_id for c in chain}
    changed = {writer(r) for r in (*before, *after) if r.doc_id in touched}
    quoted = {p for r in after for p in r.quoted}
    phrases = quoted | spread.keys()
    fresh = quoted - spread.keys()
    users = {p: set(spread.get(p, ())) - changed for p in phrases}
    again_refs = [r for r in after if writer(r) in changed]
    rest_refs = [r for r in after if writer(r) not in changed] if fresh else []
    texts = texts_of([r.doc_id for r in (*again_refs, *rest_refs)])
    again = [(writer(r), texts.get(r.doc_id) or "") for r in again_refs]
    rest = [(writer(r), texts.get(r.doc_id) or "") for r in rest_refs]
    for found in (phrase_spread(phrases, again), phrase_spread(fresh, rest)):
        for phrase, writers in found.items():
            users[phrase] |= writers
    return {p: frozenset(w) for p, w in users.items()}


def _replayed(
    change: LibraryChange,
    references: list[Reference],
    names: list[list[str]],
    copies: CopyIndex,
    library: Library,
    text_of: Any,
) -> tuple[list[Reference], list[list[str]], CopyIndex]:
    at = next((i for i, r in enumerate(references) if r.doc_id == change.doc_id), None)
    if at is not None:
        old = text_of(change.doc_id) or ""
        copies = remove_document(copies, change.doc_id, old, text_of)
        references, names = references[:at] + references[at + 1 :], names[:at] + names[at + 1 :]
    if change.kind == "remove":
        return references, names, copies
    found = library.document_record(change.doc_id)
    if found is None:
        return references, names, copies
    info, doc_names, stored = found
    text = _indexed_text(info, stored)
    reference = _reference(info, doc_names, text)
    copies = add_document(copies, IndexedDoc(info.id, info.title, info.unit, info.year), text, text_of)
    return [*references, reference], [*names, sorted(belonging_names(reference))], copies


def _indexed_text(info: DocumentInfo, stored: str) -> str:
    # The library keeps a traditional original as it came; drafts are in simplified characters.
    return to_simplified(stored) if CONVERTED_WARNING in info.warnings else stored


def _reference(info: DocumentInfo, found: list[str], text: str) -> Reference:
    return Reference(info.id, info.title, info.unit, info.year, frozenset(found), quoted_phrases(text))


def _build(directory: Path, manifest: dict, library: Library) -> LibraryView:
    started = time.perf_counter()
    references: list[Reference] = []
    items = []
    for info, found, stored in library.documents_with_text():
        text = _indexed_text(info, stored)
        references.append(_reference(info, found, text))
        items.append((IndexedDoc(info.id, info.title, info.unit, info.year), text))
    copies = CopyIndex.build(items)
    names = [sorted(belonging_names(r)) for r in references]
    phrases = {p for r in references for p in r.quoted}
    spread = phrase_spread(
        phrases, [(writer(r), text) for r, (_, text) in zip(references, items, strict=True)]
    )
    view = LibraryView(references, names, copies, _text_cache(library), spread)
    _save(directory, manifest, view)
    log.info("check index built: %d documents in %.2fs", len(items), time.perf_counter() - started)
    return view


def _save(directory: Path, manifest: dict, view: LibraryView) -> None:
    view.manifest = manifest
    rows = [
        [r.doc_id, r.title, r.unit, r.year, sorted(r.names), sorted(r.quoted), n]
        for r, n in zip(view.references, view.names, strict=True)
    ]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "manifest.json").unlink(missing_ok=True)  # no manifest while the files change
        (directory / "references.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        users = {p: sorted(w) for p, w in view.known.items()}
        (directory / "spread.json").write_text(json.dumps(users, ensure_ascii=False), encoding="utf-8")
        save_unit_grams(view.copies, directory)
        view.copies.save(directory, manifest)  # the manifest last: a half-written view is never loaded
    except OSError as exc:  # a full or read-only disk: the view serves from memory, rebuilt next time
        log.warning("check index not saved to %s: %s", directory, exc)


def _text_cache(library: Library) -> TextCache:
    """Document texts for the copy check, in simplified characters like the index built from them."""

    def fetch(doc_id: str) -> str | None:
        found = library.document_record(doc_id)
        return _indexed_text(found[0], found[2]) if found else None

    return TextCache(fetch)
