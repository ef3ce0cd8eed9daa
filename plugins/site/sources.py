"""Content files parsed once per load, and remembered from one load to the next.

Without this, every news file's front matter was parsed three times per load
(the guard, the news step, the slugs a report may name) and every load redid
the guard's privacy scan of every body: most of ``invoke check``'s time at a
few thousand articles, although between two runs an editor changes one file.

:class:`SourceFiles` keeps, for one load, each front matter parsed once (keyed
by the file's display path, its text and the limits, so two readings of the
same file share one result) and each file's guard errors.  Both are pure
functions of the file's bytes, its path and the settings below, so they are
also stored in one cache file under the build's cache root and reused while
the key holds:

* per entry: the display path and the SHA-256 of the text (front matter) or
  the bytes (guard);
* for the whole file: ``LIMITS``, ``PRIVACY``, the day that dates are judged
  against, and :func:`~plugins.common.cache.code_hash` of the modules that
  compute what is stored.  Any change there discards the whole cache.

The same file keeps each file's SHA-256 with its stamp (as git's index; see
:meth:`SourceFiles.note_read` and :meth:`SourceFiles.known_guard`): a file whose
``stat`` still gives that stamp is not read again, its guard errors come by that
digest, and the news verdict is keyed by it.

The file is written with its digest (:func:`~plugins.common.cache.write_verified`):
a missing, corrupt, unreadable or stale cache is ignored, so it changes only the
speed of a load, never its errors.  Only the entries used by the last load are
written back, so deleted files do not accumulate.  The cache is a pickle
written and read only by this module in the build's own cache folder (the same
trust as the photo cache next to it).  Cross-file checks (duplicates,
references, links) are never cached: the loader runs them on every load.

Pure: no Pelican import.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import stat
from collections.abc import Callable
from typing import Any

from plugins.common.cache import (
    RACY_NS,
    cache_key,
    code_hash,
    read_keyed_entries,
    stable_repr,
    write_keyed_entries,
)
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.frontmatter import FrontMatter, split_front_matter
from plugins.common.limits import DEFAULT_LIMITS, Limits
from plugins.common.privacy import PrivacyPolicy

from .verdicts import Verdicts, stat_stamp

CACHE_FOLDER = "content"  # below the build's cache root (PHOTO_CACHE_PATH)
CACHE_FILE = "sources.pickle"
# The modules whose code decides what an entry holds (guard errors and parsed front matter),
# with every project module they import (``code_hash`` follows the imports).
CACHED_BY = ("plugins.site.sources", "plugins.site.guard")
STAMPS = "file stamps"  # the entry holding the stamp -> digest memo (entry keys are hex digests)


class SourceFiles:
    """Front matter and guard errors of content files, computed at most once per key."""

    def __init__(self, cache_file: str | None = None, settings_key: str = "", known: dict | None = None):
        self.cache_file, self.settings_key = cache_file, settings_key
        self._known = known or {}  # entries from the previous load
        self._used: dict[str, object] = {}  # entries of this load (written back by save())
        # Whole verdicts that read other files and ids too (plugins.site.verdicts), saved with these.
        self.verdicts = Verdicts()
        self._digested: tuple[bytes, str] = (
            b"",
            _digest(b""),
        )  # the last bytes hashed (the guard asks twice)
        self._read: dict[str, tuple[Any, str]] = {}  # see note_read
        # Digests of files by their stamp (see note_read): those of the previous load, those of this one.
        stamps = self._known.get(STAMPS)
        self._stamps: dict[str, tuple[Any, str]] = stamps if isinstance(stamps, dict) else {}
        self._stamped: dict[str, tuple[Any, str]] = {}

    @classmethod
    def open(
        cls,
        cache_root: str | None,
        limits: Limits,
        policy: PrivacyPolicy,
        today: datetime.date | None,
        bodies: bool = True,
    ) -> SourceFiles:
        """The memo for one load, with the entries the previous load stored if its key still holds.

        ``bodies``: whether news articles come with their body text (see :class:`Verdicts`).
        """
        settings_key = cache_key(code_hash(*CACHED_BY), stable_repr(limits), stable_repr(policy), repr(today))
        if cache_root:
            cache_file = os.path.join(cache_root, CACHE_FOLDER, CACHE_FILE)
            memo = cls(cache_file, settings_key, read_keyed_entries(cache_file, settings_key))
        else:
            memo = cls(None, settings_key)
        memo.verdicts = Verdicts.open(cache_root, bodies=bodies)
        return memo

    def front_matter(self, text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> FrontMatter:
        """:func:`~plugins.common.frontmatter.split_front_matter`, once per path, text and limits.

        The result is shared: callers must not change it.
        """
        key = cache_key("front", path, _digest(text.encode("utf-8", "surrogatepass")), repr(limits))
        found = self._lookup(key)
        if found is None:
            try:
                found = split_front_matter(text, path, limits)
            except ContentErrors as exc:
                found = tuple(exc.errors)
            self._used[key] = found
        if isinstance(found, tuple):
            raise ContentErrors(found)
        return found

    def guard_errors(
        self, path: str, data: bytes, compute: Callable[[], list[ContentError]]
    ) -> list[ContentError]:
        """The guard's errors for the file ``path`` holding ``data`` (``compute`` them if unknown)."""
        key = cache_key("guard", path, self._digest(data))
        found = self._lookup(key)
        if found is None:
            found = tuple(compute())
            self._used[key] = found
        return list(found)

    def placeholders(
        self, path: str, data: bytes, publish: bool, compute: Callable[[], tuple[list[ContentError], bool]]
    ) -> tuple[list[ContentError], bool]:
        """The guard's placeholder errors of ``path`` holding ``data``, and whether it is a draft.

        A pure function of the bytes, the path, ``publish`` and the limits (in the
        cache's key), so it is stored like :meth:`guard_errors`.
        """
        key = cache_key("placeholders", path, self._digest(data), repr(publish))
        found = self._lookup(key)
        if found is None:
            errors, draft = compute()
            found = (tuple(errors), draft)
            self._used[key] = found
        return list(found[0]), found[1]

    def note_read(self, source_path: str, status: os.stat_result, data: bytes, stat_at: int) -> None:
        """The guard read ``data``, all of ``source_path``, after ``os.stat`` gave ``status``.

        Kept for :meth:`read_digest`: the news verdict is keyed by the same
        bytes' digest and that stamp, so every news file is read and hashed
        once per load.  Only for a file whose change time was more than
        :data:`~plugins.common.cache.RACY_NS` before ``stat_at`` (the clock read
        before the ``stat``): any write after that ``stat`` then gives the file
        a later change time (the kernel sets it, in ticks finer than RACY_NS), so
        a later ``stat`` that still gives ``status`` proves the file still holds
        ``data``, however long the load takes between the guard and the verdict.
        A file changed just before is read again by the verdict, as before.
        """
        if (
            stat.S_ISREG(status.st_mode)
            and len(data) == status.st_size
            and max(status.st_mtime_ns, status.st_ctime_ns) + RACY_NS < stat_at
        ):
            own = os.path.abspath(source_path)
            self._read[own] = self._stamped[own] = (stat_stamp(status), self._digest(data))

    def read_digest(self, source_path: str) -> tuple[Any, str] | None:
        """``(stamp before the read, SHA-256 of the bytes)`` noted by :meth:`note_read`, at most once."""
        return self._read.pop(os.path.abspath(source_path), None)

    def known_guard(
        self, source_path: str, path: str, status: os.stat_result, publish: bool | None
    ) -> tuple[list[ContentError], bool] | None:
        """The guard's result for ``source_path`` unread, if ``os.stat`` gives the stamp a load noted.

        As git's index: :meth:`note_read` kept the digest of a file's bytes
        with the stamp taken before reading them, only for a file then older
        than RACY_NS, so the same stamp now (the change time included, which
        only the kernel sets and every write moves on) means the same bytes.
        ``publish`` is ``None`` for a file without placeholder errors (data
        files, README.md).  ``None`` when anything is unknown: the caller reads
        the file.
        """
        own = os.path.abspath(source_path)
        entry = self._stamps.get(own)
        if entry is None or entry[0] != stat_stamp(status):
            return None
        digest = entry[1]
        errors = self._known_entry(cache_key("guard", path, digest))
        found = (
            None
            if publish is None
            else self._known_entry(cache_key("placeholders", path, digest, repr(publish)))
        )
        if errors is None or (publish is not None and found is None):
            return None
        self._read[own] = self._stamped[own] = entry
        if found is None:
            return list(errors), False
        return list(errors) + list(found[0]), bool(found[1])

    def save(self) -> None:
        """Store this load's entries for the next load (best effort: a cache never fails a load)."""
        self.verdicts.save()
        if self._stamped:
            self._used[STAMPS] = self._stamped
        if not self.cache_file or (self._used.keys() == self._known.keys() and self._stamped == self._stamps):
            return
        write_keyed_entries(self.cache_file, self.settings_key, self._used)

    def _digest(self, data: bytes) -> str:
        if data is not self._digested[0]:
            self._digested = (data, _digest(data))
        return self._digested[1]

    def _known_entry(self, key: str) -> Any:
        """:meth:`_lookup` of an entry made by :meth:`guard_errors` or :meth:`placeholders` (never computed)."""
        found = self._lookup(key)
        return found if isinstance(found, tuple) else None

    def _lookup(self, key: str) -> Any:
        """The entry under ``key`` (a FrontMatter or a tuple of errors, by the key's kind), else None."""
        if key in self._used:
            return self._used[key]
        found = self._known.get(key)
        if found is not None:
            self._used[key] = found
        return found


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
