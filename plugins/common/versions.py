"""Installed library versions for cache keys, without importing :mod:`importlib.metadata`.

A cache that calls a library holds the library's version in its key (the
pinyin memo, the loader's verdicts, the Markdown body cache, video and PDF
rewrites).  ``importlib.metadata`` imports ``email``, ``zipfile`` and more to
parse a distribution's ``METADATA`` file: 50–90 ms, a tenth of ``invoke check``
at 5,000 articles, for one short string.  An installer names the
distribution's folder ``<name>-<version>.dist-info`` (the wheel format; the
name normalised with underscores), which is all a key needs: the folder's
name changes with the version.  A distribution without such a folder on
``sys.path`` (an egg, a zip import) is asked of ``importlib.metadata``, which
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
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file, a missing folder
            continue
        for folder in names:
            if not folder.endswith(".dist-info"):
                continue
            distribution, _, version = folder[: -len(".dist-info")].partition("-")
            if version and _normalised(distribution) == wanted:
                return version
    import importlib.metadata

    return importlib.metadata.version(name)
