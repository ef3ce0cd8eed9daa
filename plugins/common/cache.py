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
import os
import tempfile
from functools import cache

_DIGEST_BYTES = 64  # hex SHA-256 on the first line of a verified entry


@cache
def code_hash(*modules: str) -> str:
    """A short hash of the source files of ``modules`` (dotted names)."""
    digest = hashlib.sha256()
    for name in modules:
        module = importlib.import_module(name)
        with open(module.__file__, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:12]


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
