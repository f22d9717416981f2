"""jieba's default-dictionary tables kept in the data dir's cache as pickles: the prefix dictionary
(`FREQ`, `total`: what `Tokenizer.initialize` loads from jieba's own marshal cache) and
jieba.posseg's word → part-of-speech table. A pickle loads in about a quarter of the time of
jieba's marshal cache (0.2 s against 0.8 s here), and the tag table without importing jieba.posseg
(its HMM tables) or parsing its 350k-line dictionary. Built once from jieba itself, keyed by
jieba's version and the dictionary file's path, size and time; the tables are jieba's own, so
every cut and tag is the same. Only in a cache folder the program was given (never the shared
temp dir): without one, jieba loads as it always does."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def initialize(tokenizer: Any, cache_dir: Path | None) -> None:
    """Initialise `tokenizer` (a jieba.Tokenizer of the default dictionary) from the cache, else as
    jieba does (then cached)."""
    if tokenizer.initialized:
        return
    path = _path(tokenizer, cache_dir, "prefix")
    found = _load(path) if path is not None else None
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], dict) and found[0]:
        tokenizer.FREQ, tokenizer.total = found
        tokenizer.initialized = True
        return
    tokenizer.initialize()
    if path is not None:
        _save(path, (tokenizer.FREQ, tokenizer.total))


def word_tags(tokenizer: Any, cache_dir: Path | None) -> dict[str, str]:
    """jieba.posseg's word → tag table for the default dictionary (jieba.posseg.dt's)."""
    path = _path(tokenizer, cache_dir, "tags")
    found = _load(path) if path is not None else None
    if isinstance(found, dict) and found:
        return found
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    if path is not None:
        _save(path, tags)
    return tags


def _path(tokenizer: Any, cache_dir: Path | None, kind: str) -> Path | None:
    import jieba

    if cache_dir is None or tokenizer.dictionary != jieba.DEFAULT_DICT:
        return None
    source = tokenizer.get_dict_file()
    try:
        name = str(getattr(source, "name", ""))
        stat = os.stat(name)
    except (OSError, ValueError):
        return None
    finally:
        source.close()
    identity = f"{jieba.__version__}|{name}|{stat.st_size}|{stat.st_mtime_ns}"
    return cache_dir / f"jieba-{kind}.{hashlib.md5(identity.encode()).hexdigest()[:16]}.pickle"


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as saved:
            return pickle.load(saved)  # noqa: S301 - written by this program in its own data dir
    except (OSError, ValueError, EOFError, TypeError, AttributeError, pickle.UnpicklingError):
        return None


def _save(path: Path, tables: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            pickle.dump(tables, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # built again next time
