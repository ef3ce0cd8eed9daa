"""Build caches that can never publish a stale or broken result.

A cache key is derived from everything that shapes the cached result: the
input bytes, the settings that matter, and the source code of the modules
that compute it (:func:`code_hash`), so editing a stylesheet constant or an
image pipeline invalidates exactly what it affects, with no version number
to remember to bump.  Entries are written atomically (temporary file, then
``os.replace``) and stored with their own digest: an entry that does not
match its digest (disk error, a killed process on a filesystem without
atomic rename, a hand edit) is discarded and recomputed, never used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import pickle
import re
import tempfile
import time
from collections.abc import Callable
from functools import cache
from typing import Any

_DIGEST_BYTES = 64  # hex SHA-256 on the first line of a verified entry
RACY_NS = 2_000_000_000  # a file changed this close to a digest memo is hashed again


@cache
def code_hash(*modules: str) -> str:
    """A short hash of the source of ``modules`` and of every project module they import.

    The imports are followed to any depth (:func:`code_closure`), so a cache
    names only the module that computes its entries: a helper that module
    imports, today or after a later refactoring, is part of the key without
    anyone remembering to list it.
    """
    digest = hashlib.sha256()
    for path in code_closure(*modules):
        with open(path, "rb") as handle:
            data = handle.read()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:12]


# ``import a.b`` / ``from a.b import c, d`` / ``from . import c`` / ``from ..x import (``, at any indent
# (function-level imports count). A match inside a string only widens the key, never narrows it.
_IMPORT = re.compile(
    r"^[ \t]*(?:import[ \t]+(?P<names>[\w.]+(?:[ \t]*(?:as[ \t]+\w+)?[ \t]*,[ \t]*[\w.]+)*)"
    r"|from[ \t]+(?P<module>\.*[\w.]*)[ \t]+import[ \t]+(?P<items>\([^)]*\)|[^\n#]*))",
    re.MULTILINE,
)


def code_closure(*modules: str) -> tuple[str, ...]:
    """The source files of ``modules`` and of the project modules they import, at any depth, sorted.

    A project module is one whose file lies under the root that holds the
    first of ``modules`` (for ``plugins.common.x``, the folder holding
    ``plugins/``); libraries are keyed by their versions instead, where a cache
    needs them.
    """
    found: dict[str, str] = {}
    for name in modules:
        module = importlib.import_module(name)
        if module.__file__ is None:  # a namespace package: no source to hash
            raise ValueError(f"{name} has no source file")
        found[name] = os.path.abspath(module.__file__)
    first = modules[0]
    root = found[first]
    for _ in range(first.count(".") + (2 if os.path.basename(root) == "__init__.py" else 1)):
        root = os.path.dirname(root)
    waiting = list(found.items())
    while waiting:
        name, path = waiting.pop()
        for imported, source in _project_imports(name, path, root):
            if imported not in found:
                found[imported] = source
                waiting.append((imported, source))
    return tuple(sorted(found.values()))


@cache
def _project_imports(name: str, path: str, root: str) -> tuple[tuple[str, str], ...]:
    """``(dotted name, file)`` of each project module that the file ``path`` (module ``name``) imports."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    package = name if os.path.basename(path) == "__init__.py" else name.rpartition(".")[0]
    candidates: list[str] = []
    for match in _IMPORT.finditer(text):
        if match["names"]:
            candidates += [part.split()[0] for part in match["names"].split(",")]
            continue
        module = match["module"]
        dots = len(module) - len(module.lstrip("."))
        if dots:
            base = package.split(".")[: len(package.split(".")) - (dots - 1)]
            module = ".".join(base + ([module.lstrip(".")] if module.lstrip(".") else []))
        items = re.sub(r"#[^\n]*", "", match["items"]).strip("()").replace("\n", " ")  # comments out first
        candidates.append(module)
        candidates += [f"{module}.{item.split()[0]}" for item in items.split(",") if item.strip()]
    sources = {c: _source_of(c, root) for c in candidates if c}
    return tuple(sorted((c, source) for c, source in sources.items() if source))


def _source_of(dotted: str, root: str) -> str | None:
    """The file of project module ``dotted`` under ``root``, or ``None`` (a library, a name in a module)."""
    base = os.path.join(root, *dotted.split("."))
    for candidate in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.isfile(candidate):
            return candidate
    return None


def cache_key(*parts: str | bytes) -> str:
    """A hex key of all ``parts`` (bytes or text), unambiguous in their boundaries."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:20]


def stable_repr(value: object) -> str:
    """``repr`` that is the same in every process: sets are sorted (their order follows string hashing)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (f"{f.name}={stable_repr(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__qualname__}({', '.join(fields)})"
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(stable_repr(item) for item in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items())) + "}"
    if isinstance(value, list | tuple):
        return "(" + ", ".join(stable_repr(item) for item in value) + ")"
    return repr(value)


def atomic_write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def write_verified(path: str, data: bytes) -> None:
    """Store ``data`` with its digest (see :func:`read_verified`)."""
    atomic_write(path, hashlib.sha256(data).hexdigest().encode() + b"\n" + data)


def read_verified(path: str) -> bytes | None:
    """The data stored by :func:`write_verified`, or ``None`` if missing or corrupt (then removed)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return None
    digest, data = raw[:_DIGEST_BYTES], raw[_DIGEST_BYTES + 1 :]
    if (
        raw[_DIGEST_BYTES : _DIGEST_BYTES + 1] == b"\n"
        and hashlib.sha256(data).hexdigest().encode() == digest
    ):
        return data
    try:
        os.unlink(path)
    except OSError:
        pass
    return None


def json_memo(
    cache: str | None,
    folder: str,
    key: str,
    compute: Callable[[], Any],
    unchanged: Callable[[], bool] = lambda: True,
) -> Any:
    """``compute()``, kept as verified JSON in ``cache/folder/<key>.json`` (no ``cache``: not kept).

    For a pure function whose every input is in ``key``: the bytes it reads,
    the settings it is given, ``code_hash`` of its module and the versions of
    the libraries it calls.  ``unchanged`` is asked after computing: a result
    computed from a file that changed after it was hashed for the key is
    returned but not kept.  The value comes back as JSON gives it (lists, not
    tuples) on a hit and on a miss alike, so a caller never sees two shapes.
    """
    if not cache:
        return json.loads(json.dumps(compute()))
    entry = os.path.join(cache, folder, f"{key}.json")
    try:
        stored = read_verified(entry)
    except OSError:  # unreadable (permissions, a folder in its place): computed again, never a failed load
        stored = None
    if stored is not None:
        try:
            return json.loads(stored)
        except ValueError:  # verified but not JSON (a hand edit with its digest): computed again
            pass
    data = json.dumps(compute(), ensure_ascii=False, sort_keys=True)
    if unchanged():
        try:
            write_verified(entry, data.encode())
        except OSError:  # a cache never fails a load
            pass
    return json.loads(data)


def read_keyed_entries(path: str, key: str) -> dict:
    """Entries stored by :func:`write_keyed_entries` under ``key``; nothing if missing, corrupt or another key.

    The per-file memos of the loader (parsed sources, verdicts) are one pickled
    ``(key, entries)`` pair each, the key naming the settings and code they were
    made under: another key is a miss, never a stale entry.
    """
    try:
        data = read_verified(path)
    except OSError:
        return {}
    if data is None:
        return {}
    try:
        stored_key, entries = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a verified but unreadable entry (e.g. a moved class) is a miss
        return {}
    if stored_key != key or not isinstance(entries, dict):
        return {}
    return entries


def write_keyed_entries(path: str, key: str, entries: dict) -> None:
    """Store ``entries`` under ``key`` (best effort: a cache never fails a load)."""
    data = pickle.dumps((key, entries), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_verified(path, data)
    except OSError:
        pass


def file_stamp(path: str) -> tuple[int, int, int, int]:
    """What changes whenever a file's bytes do: size, modification and change times (ns), inode."""
    status = os.stat(path)
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def file_digest(path: str) -> str:
    """SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_digests(paths: list[str], memo_file: str | None = None) -> dict[str, str]:
    """SHA-256 of each file, reusing the last digest of a file whose stat is unchanged.

    Hashing every photo of a large site on each build would cost seconds; like
    git's index, a file whose size, modification and change times (ns) and
    inode are those recorded with its digest is not read again.  Any write to a
    file changes its change time, which only the kernel sets; and as in git, an
    entry is trusted only if the file had not changed for :data:`RACY_NS`
    before the memo was written, since the kernel's clock ticks coarser than
    a nanosecond and two writes in one tick leave the same times.
    """
    known: dict = {}
    written_at = 0
    if memo_file:
        stored = read_verified(memo_file)
        try:
            memo = json.loads(stored) if stored else {}
        except ValueError:
            memo = {}
        if isinstance(memo, dict) and isinstance(memo.get("files"), dict):
            known, written_at = memo["files"], memo.get("written_at", 0)
    digests: dict[str, str] = {}
    fresh: dict[str, list] = {}
    for path in paths:
        stamp = list(file_stamp(path))
        entry = known.get(path)
        settled = max(stamp[1], stamp[2]) + RACY_NS < written_at
        if settled and isinstance(entry, list) and len(entry) == 2 and entry[0] == stamp:
            digest = entry[1]
        else:
            digest = file_digest(path)
        digests[path] = digest
        fresh[path] = [stamp, digest]
    if memo_file:
        try:
            memo = {"written_at": time.time_ns(), "files": fresh}
            write_verified(memo_file, json.dumps(memo, sort_keys=True).encode())
        except OSError:
            pass  # the next build hashes the files again
    return digests
