"""Installed library versions for cache keys, without importing :mod:`importlib.metadata`.

A cache that calls a library holds the library's version in its key (the
pinyin memo, the loader's verdicts, the Markdown body cache, video and PDF
rewrites).  ``importlib.metadata`` imports ``email``, ``zipfile`` and more to
parse a distribution's ``METADATA`` file: 50–90 ms, a tenth of ``invoke check``
at 5,000 articles, for one short string.  An installer names the
distribution's folder ``<name>-<version>.dist-info`` (the wheel format; the
name normalised with underscores), which is all a key needs: the folder's
name changes with the version.  A distribution found first as an egg or an
``.egg-info`` (or not in a folder: a zip import) is asked of ``importlib.metadata``, which
also raises its ``PackageNotFoundError`` (a ``ModuleNotFoundError``) for a
library that is not installed.  Tests compare both for every installed
distribution (tests/unit/test_versions.py).

Pure: no Pelican import.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache

_SEPARATORS = re.compile(r"[-_.]+")


def _normalised(name: str) -> str:
    return _SEPARATORS.sub("_", name).lower()


@cache
def library_version(name: str) -> str:
    """The version of the installed distribution ``name``, as ``importlib.metadata.version`` finds it first."""
    wanted = _normalised(name)
    for entry in sys.path:
        if os.path.basename(entry).endswith(".egg"):  # an egg on the path: importlib.metadata reads it
            break
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file, a missing folder
            continue
        for folder in names:
            stem, dot, kind = folder.rpartition(".")
            if not dot or kind not in ("dist-info", "egg-info"):
                continue
            distribution, _, version = stem.partition("-")
            if _normalised(distribution) != wanted:
                continue
            if kind == "dist-info" and version:
                return version
            break  # an egg-info (or a folder without a version) comes first: importlib.metadata decides
        else:
            continue
        break
    import importlib.metadata

    return importlib.metadata.version(name)
