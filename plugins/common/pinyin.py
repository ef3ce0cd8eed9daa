"""Pinyin of Chinese text, remembered between builds.

Slugs (titles, tags) and the donor wall's order need pinyin, and pypinyin's
dictionaries cost about 55 MB of memory and 0.3 s to load: as much memory as
all of plain Pelican on 2,000 articles.  A site asks for the pinyin of the same
few hundred texts on every build, so the answers are kept in one cache file
(keyed by pypinyin's version and this module's code) and pypinyin is imported
only when a text is new.  The words are exactly what ``lazy_pinyin`` returns,
so slugs, and therefore published URLs, never change because of the cache.

:func:`use_cache` is called by the content graph's loader with the build's
cache folder; :func:`save_cache` after the build.  Without a cache folder
(tests, plain Pelican runs) every text goes to pypinyin, memoised per process.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

from .cache import cache_key, code_hash, read_verified, write_verified
from .versions import library_version


class _Store:
    def __init__(self, path: str, entries: dict[str, tuple[str, ...]]):
        self.path = path
        self.entries = entries
        self.dirty = False


_store: _Store | None = None


def use_cache(folder: str | None) -> None:
    """Read the remembered pinyin of ``folder`` (a missing or corrupt file is an empty one)."""
    global _store
    if not folder:
        _store = None
        return
    version = cache_key(library_version("pypinyin"), code_hash("plugins.common.pinyin"))
    path = os.path.join(folder, f"pinyin-{version}.json")
    if _store is not None and _store.path == path:
        return
    entries: dict[str, tuple[str, ...]] = {}
    try:
        data = read_verified(path)
        if data is not None:
            loaded = json.loads(data)
            if isinstance(loaded, dict):
                entries = {
                    text: tuple(words)
                    for text, words in loaded.items()
                    if isinstance(words, list) and all(isinstance(w, str) for w in words)
                }
    except (OSError, ValueError):
        entries = {}
    _store = _Store(path, entries)


def save_cache() -> None:
    """Write the remembered pinyin if a new text was added (a failed write only costs speed)."""
    if _store is None or not _store.dirty:
        return
    try:
        write_verified(_store.path, json.dumps(_store.entries, ensure_ascii=False, sort_keys=True).encode())
        _store.dirty = False
    except OSError:
        pass


def pinyin_words(text: str) -> tuple[str, ...]:
    """``lazy_pinyin(text)``: pypinyin's phrase dictionary, plain style, Latin kept as is."""
    store = _store
    if store is not None:
        words = store.entries.get(text)
        if words is None:
            words = _lazy_pinyin(text)
            store.entries[text] = words
            store.dirty = True
        return words
    return _lazy_pinyin(text)


@lru_cache(maxsize=8192)
def _lazy_pinyin(text: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin  # 55 MB and 0.3 s: only for a text not seen before

    return tuple(lazy_pinyin(text, style=Style.NORMAL, errors="default", v_to_u=False))
