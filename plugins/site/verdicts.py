"""Validation verdicts remembered between loads, as a pure function of everything they read.

Why: ``invoke check`` validates every news article on every load (front matter,
fields, the ids of colleges and associations, cover and body images, internal
links), although between two loads an editor changes one file.  At 5,000
articles that was most of the command's second.

A verdict (the parsed article or its errors) is reused only while every input
it read is unchanged:

* **the file**: its display path, its path on disk, the content root and the
  SHA-256 of its bytes (part of the entry's key);
* **the ids and settings it reads**: the caller puts them in the key (for news:
  the section's config, the image limits and every registry it is given:
  colleges, associations, profiles, event series, whole, since an error lists
  the valid choices), so removing a college gives every article that names it
  its ``unknown-college`` error again;
* **the code**: the source of every module under ``plugins/``, Python's version and
  the versions of the libraries a verdict calls (YAML, pinyin slugs, Pillow, segno), in the key of
  the whole cache file: any change there discards every entry;
* **the file system it looked at**: while a verdict is computed,
  :func:`traced_reads` records every path it ``stat``\\ s, ``lstat``\\ s, lists
  or opens (an image's existence, size and header, a linked file, a symlink on
  the way), with what the call saw (type, size, modification and change times
  in ns, inode; the names of a listed folder).  The entry is used only if every
  recorded path still looks the same.  As in git's index, a verdict that read a
  file changed less than :data:`~plugins.common.cache.RACY_NS` before is not
  stored, since two writes in one tick of the kernel's clock leave equal times.

Cross-file checks (duplicate URLs, reports, links to drafts, joins) are never
cached: the loader runs them on every load from the verdicts.  The cache file
is written with its digest (:func:`~plugins.common.cache.write_verified`); a
missing, corrupt or stale file is ignored, so it changes the speed of a load,
never its errors (``tests/unit/test_site_verdicts.py`` compares cached and
uncached errors on the fixture site).

The tracing replaces ``os.stat``, ``os.lstat``, ``os.listdir``, ``os.scandir``,
``os.open``, ``open`` and ``io.open`` for the duration of one computation: loads
run on one thread (the build loads before Pelican starts its writers), and a
computation that reads a path it cannot name (a file descriptor, ``dir_fd``) is
simply not stored.  A read that bypasses these functions (a C library opening a
path itself) would escape the trace: the news parse has none (Pillow and PyYAML
are given Python file objects or text).

**Bodies are kept apart** (:data:`TEXTS_FILE`, :meth:`Verdicts.text`): a news
verdict holds its article without the body text, and what the site check reads
of the body (its links and images, :class:`~plugins.common.section.Body`).  The
texts are nine tenths of the stored bytes and only a build renders them, so
``invoke check`` (``bodies=False``) never reads, hashes or unpickles them; a
build reads them once, on its first article.  A text is stored under its
verdict's key, which holds the file's digest: whatever text a key finds is that
file's, and a missing one (a lost or older texts file) is computed again.

Pure: no Pelican import.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from plugins.common.cache import (
    RACY_NS,
    cache_key,
    read_keyed_entries,
    stable_repr,
    write_keyed_entries,
)
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.files import decode_text
from plugins.common.section import Body
from plugins.common.slugs import slugify
from plugins.common.versions import library_version

if TYPE_CHECKING:  # types only
    from plugins.common.frontmatter import FrontMatter
    from plugins.common.images import ImageSizes
    from plugins.common.limits import Limits
    from plugins.common.registries import Registries
    from plugins.news.settings import NewsConfig

CACHE_FOLDER = "content"  # below the build's cache root (PHOTO_CACHE_PATH), beside sources.pickle
CACHE_FILE = "verdicts.pickle"
TEXTS_FILE = "bodies.pickle"  # the verdicts' body texts, by verdict key (read only by loads that render)
# Libraries whose results a verdict holds: YAML parsing, pinyin slugs, image headers.
LIBRARIES = ("PyYAML", "pypinyin", "Pillow", "segno")
PLUGINS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_UNSTORABLE = object()  # a read that cannot be checked later (a file descriptor, bytes path)


@cache
def code_key() -> str:
    """A hash of every module under ``plugins/``, Python's version and :data:`LIBRARIES`' versions.

    Wider than the modules one verdict runs (a change anywhere in ``plugins/``
    discards the verdicts), so no import can be forgotten in a list.
    """
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(PLUGINS):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, PLUGINS).encode() + b"\0")
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    digest.update(sys.version.encode() + b"\0")
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={library_version(library)}\0".encode())
        except ModuleNotFoundError:  # importlib.metadata's PackageNotFoundError
            digest.update(f"{library} missing\0".encode())
    return digest.hexdigest()[:20]


def _stamp(kind: str, path: str, calls: tuple[Callable[..., Any], ...] | None = None) -> Any:
    """What a later load compares: the same call's view of ``path`` now (``calls``: untraced os functions)."""
    stat_, lstat_, listdir_ = calls or (os.stat, os.lstat, os.listdir)
    try:
        if kind == "list":
            return tuple(sorted(listdir_(path)))
        status = lstat_(path) if kind == "lstat" else stat_(path)
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "not a directory"
    except OSError as exc:
        return f"error {exc.errno}"
    return stat_stamp(status)


def stat_stamp(status: os.stat_result) -> tuple[int, ...]:
    """:func:`_stamp` of a path whose ``os.stat`` gave ``status`` (what a caller that stat-ed it already passes)."""
    if stat.S_ISDIR(status.st_mode):
        # A folder's times change with every file added to it (``/tmp``): what a verdict can learn
        # from stat-ing a folder is that it is one, and which (a file in it is traced by its own path).
        return (status.st_mode, status.st_ino)
    return (status.st_mode, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


# Reentrant: a verdict computed inside another one traces through the outer wrappers too,
# so the outer verdict records every read the inner one made.
_TRACE_LOCK = threading.RLock()
_TRACED = ("stat", "lstat", "listdir", "scandir", "open")


@contextmanager
def traced_reads() -> Iterator[dict]:
    """Record, as ``{(kind, absolute path): stamp}``, what the code in the block reads from disk.

    Each path is stamped when first read and again when the block ends; a path
    that changed in between, or one given as a file descriptor or bytes, makes
    the reads unstorable (the key ``("unstorable", "")``).  ``open`` is traced
    as ``builtins.open``, ``io.open`` and ``os.open``.
    """
    reads: dict[tuple[str, str], Any] = {}
    originals = {name: getattr(os, name) for name in _TRACED}
    opens = (builtins.open, io.open)
    calls = (originals["stat"], originals["lstat"], originals["listdir"])

    def note(kind: str, path: Any) -> None:
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        if not isinstance(path, str):
            reads[("unstorable", "")] = _UNSTORABLE
            return
        key = (kind, os.path.abspath(path))
        if key not in reads:
            reads[key] = _stamp(kind, key[1], calls)

    def traced(kind: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
            if kwargs.get("dir_fd") is not None:  # relative to a folder it cannot name
                path = None
            note("lstat" if kind == "stat" and kwargs.get("follow_symlinks") is False else kind, path)
            return call(path, *args, **kwargs)

        return wrapper

    patched = {
        "stat": traced("stat", originals["stat"]),
        "lstat": traced("lstat", originals["lstat"]),
        "listdir": traced("list", originals["listdir"]),
        "scandir": traced("list", originals["scandir"]),
        "open": traced("stat", originals["open"]),
    }
    with _TRACE_LOCK:
        for name, function in patched.items():
            setattr(os, name, function)
        builtins.open = io.open = traced("stat", opens[0])
        try:
            yield reads
        finally:
            for name, function in originals.items():
                setattr(os, name, function)
            builtins.open, io.open = opens
    for key, stamp in list(reads.items()):
        if key[0] != "unstorable" and _stamp(*key) != stamp:
            reads[("unstorable", "")] = _UNSTORABLE  # changed while it was being read


def _settled(reads: dict, now_ns: int) -> bool:
    """Whether every stamp is checkable later: no descriptor, nothing changed in the last tick."""
    for (kind, _), stamp in reads.items():
        if kind == "unstorable":
            return False
        if (
            isinstance(stamp, tuple)
            and len(stamp) == 5
            and kind != "list"
            and max(stamp[2], stamp[3]) + RACY_NS > now_ns
        ):
            return False
    return True


class Verdicts:
    """Verdicts of one load, and those of the previous load whose inputs still hold."""

    def __init__(
        self,
        cache_file: str | None = None,
        settings_key: str = "",
        known: dict | None = None,
        bodies: bool = True,
    ):
        self.cache_file, self.settings_key = cache_file, settings_key
        self._known = known or {}
        self._used: dict[str, tuple[Any, dict]] = {}
        self.computed = 0  # verdicts computed by this load (the rest were reused): for tests
        self._reprs: dict[int, tuple[Any, str]] = {}
        # Whether this load gives each news article its body text (a build) or not (invoke check).
        self.bodies = bodies
        self._texts: dict[str, str] = {}  # texts of this load's verdicts, by key
        self._stored_texts: dict[str, str] | None = None  # the texts file, once read

    @property
    def texts_file(self) -> str | None:
        return os.path.join(os.path.dirname(self.cache_file), TEXTS_FILE) if self.cache_file else None

    def part(self, value: Any) -> str:
        """A digest of ``stable_repr(value)``, once per object per load (a registry is shared by every article)."""
        known = self._reprs.get(id(value))
        if known is None or known[0] is not value:
            known = self._reprs[id(value)] = (value, cache_key(stable_repr(value)))
        return known[1]

    @classmethod
    def open(cls, cache_root: str | None, *settings: str, bodies: bool = True) -> Verdicts:
        """The verdicts stored by the previous load, if its code and ``settings`` were the same.

        ``bodies=False``: this load never asks for a body text (:meth:`text`), so the
        texts file is not read unless a changed verdict must be stored with the others.
        """
        settings_key = cache_key(code_key(), *settings)
        if not cache_root:
            return cls(None, settings_key, bodies=bodies)
        cache_file = os.path.join(cache_root, CACHE_FOLDER, CACHE_FILE)
        return cls(cache_file, settings_key, read_keyed_entries(cache_file, settings_key), bodies)

    def keep_text(self, key: str, text: str) -> None:
        """The body text of the verdict ``key``, which its value holds apart (see the module docstring)."""
        self._texts[key] = text

    def forget(self, key: str) -> None:
        """Store nothing of the verdict ``key`` made by this load (it read other bytes than its key's)."""
        self._used.pop(key, None)
        self._texts.pop(key, None)

    def text(self, key: str) -> str | None:
        """The body text kept for the verdict ``key`` (by this load, or stored), or ``None`` if there is none."""
        found = self._texts.get(key)
        if found is None:
            found = self._read_texts().get(key)
            if isinstance(found, str):
                self._texts[key] = found
            else:
                found = None
        return found

    def _read_texts(self) -> dict[str, str]:
        if self._stored_texts is None:
            texts_file = self.texts_file
            self._stored_texts = read_keyed_entries(texts_file, self.settings_key) if texts_file else {}
        return self._stored_texts

    def get(
        self,
        key: str,
        compute: Callable[[], Any],
        keyed: tuple[str, Any] | None = None,
        fresh: bool = False,
    ) -> Any:
        """``compute()`` (a :class:`ContentErrors` it raises is part of the verdict), or the stored one.

        ``keyed``: ``(path, stamp before its bytes were read for the key)`` of a file whose
        bytes the key holds.  If ``compute`` reads it and it still has that stamp, the
        read is not stored: a later load checks those bytes through the key, not its times.
        ``fresh``: computed even if stored (its body text was lost).
        """
        entry = None if fresh else self._used.get(key) or self._known.get(key)
        if entry is not None and all(_stamp(kind, path) == stamp for (kind, path), stamp in entry[1].items()):
            self._used[key] = entry
            value = entry[0]
        else:
            self.computed += 1
            with traced_reads() as reads:
                try:
                    value = compute()
                except ContentErrors as exc:
                    value = _Refused(tuple(exc.errors))
            if _settled(reads, time.time_ns()):  # the keyed file too: not changed in the last tick
                if keyed is not None and reads.get(("stat", keyed[0])) == keyed[1]:
                    del reads[("stat", keyed[0])]
                self._used[key] = (value, reads)
            else:
                self._used.pop(key, None)
        if isinstance(value, _Refused):
            raise ContentErrors(list(value.errors))
        return value

    def save(self) -> None:
        """Store this load's verdicts for the next load (best effort: a cache never fails a load)."""
        # Unchanged only if nothing was computed: a verdict recomputed under the same key
        # (an image touched) carries new stamps, which must be stored or it is recomputed forever.
        if not self.cache_file or (self.computed == 0 and self._used.keys() == self._known.keys()):
            return
        write_keyed_entries(self.cache_file, self.settings_key, self._used)
        # The texts of the stored verdicts: this load's, else the stored ones (read now if this
        # load did not need them); a verdict without a text (no article) has none.
        stored = self._read_texts()
        texts = {}
        for key in self._used:
            text = self._texts.get(key)
            if text is None:
                text = stored.get(key)
            if isinstance(text, str):  # an empty body is a text too
                texts[key] = text
        if self.texts_file:
            write_keyed_entries(self.texts_file, self.settings_key, texts)


@dataclass(frozen=True)
class _Refused:
    errors: tuple[ContentError, ...]


@dataclass(frozen=True)
class NewsVerdict:
    """One news file as the loader needs it: parsed (or not), its errors, the slug it asks for."""

    source: Any  # plugins.news.model.NewsSource (its body text kept apart), or None if the file has errors
    errors: tuple[ContentError, ...]
    unreadable: bool  # not UTF-8 or no usable front matter: its file-name slug is "broken"
    named: str | None  # the slug the file asks for (``slug``, else the title's pinyin)
    body: Body | None = None  # what the site check reads of the body: its links and images


class FrontMatters(Protocol):
    """What a verdict asks of :class:`plugins.site.sources.SourceFiles` (which imports this module)."""

    def front_matter(self, text: str, path: str, limits: Limits = ...) -> FrontMatter: ...

    def read_digest(self, source_path: str) -> tuple[Any, str] | None: ...


def news_verdict(
    verdicts: Verdicts,
    source_path: str,
    path: str,
    root: str,
    config: NewsConfig,
    registries: Registries,
    sizes: ImageSizes,
    sources: FrontMatters,
) -> NewsVerdict:
    """Read, split and validate one news file (:func:`plugins.news.model.parse_news`), or reuse the verdict.

    The key holds the file's bytes, its paths, the news config, the image limits
    and every registry (see the module docstring); what it reads from disk is traced.
    The article comes with its body text if ``verdicts.bodies``, else with an empty one.
    """
    from plugins.news.model import parse_news

    own = os.path.abspath(source_path)
    # The guard read every content file just before (plugins/site/guard.py): its stamp and
    # digest of those bytes key the verdict, instead of reading and hashing the file again.
    known = sources.read_digest(own)
    if known is None:
        before = _stamp("stat", own)
        with open(source_path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
    else:
        before, digest = known
    key = cache_key(
        "news",
        path,
        os.path.normpath(source_path),
        os.path.normpath(root),
        digest,
        verdicts.part(config),
        verdicts.part(getattr(sizes, "limits", None)),
        verdicts.part(registries),
    )

    # The body text of bytes other than the key's: the file was saved after the guard hashed it.
    changed: list[str] = []

    def compute() -> NewsVerdict:
        with open(source_path, "rb") as handle:
            data = handle.read()
        other = hashlib.sha256(data).hexdigest() != digest
        if other:
            changed.append("")
        try:
            text = decode_text(data, path)
            front = sources.front_matter(text, path)
        except ContentErrors as exc:
            return NewsVerdict(None, tuple(exc.errors), True, None)
        slug = front.meta.get("slug") or slugify(str(front.meta.get("title") or ""))
        named = str(slug) if slug else None
        try:
            source = parse_news(text, path, source_path, root, config, registries, sizes, front)
        except ContentErrors as exc:
            return NewsVerdict(None, tuple(exc.errors), False, named)
        if other:
            changed[-1] = source.body
        else:  # a text kept under a key is always the text of the bytes in that key
            verdicts.keep_text(key, source.body)
        body = Body.of(path, os.path.normpath(source_path), source.body, source.body_line)
        return NewsVerdict(replace(source, body=""), (), False, named, body)

    verdict = verdicts.get(key, compute, (own, before))
    if verdict.source is not None and verdicts.bodies and not changed and verdicts.text(key) is None:
        # The texts file was lost or is older than the verdicts: computed again.
        verdict = verdicts.get(key, compute, (own, before), fresh=True)
    if changed:
        verdicts.forget(key)  # neither the verdict nor a text under the key of other bytes
    if verdict.source is None or not verdicts.bodies:
        return verdict
    text = changed[-1] if changed else verdicts.text(key)
    if text is None:  # never: a verdict with an article keeps its text (fail closed, not an empty page)
        raise RuntimeError(f"no body text for {path}")
    return replace(verdict, source=replace(verdict.source, body=text))
