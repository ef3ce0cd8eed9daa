"""Compare two built sites file by file, ignoring what changes with the clock.

Used to prove that a refactoring changes no published byte:
``python tools/diff_output.py OLD_OUTPUT NEW_OUTPUT``.  Sitemap ``<lastmod>``
values and the ``<updated>`` stamp of a feed without entries (the build time) are masked; every
other difference is listed (files only in one tree, files that differ).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

VOLATILE = [
    re.compile(rb"<lastmod>[^<]*</lastmod>"),
]


# A feed with no entry (e.g. the jobs feed once every job has expired) is dated by the build.
EMPTY_FEED_UPDATED = re.compile(rb"<updated>[^<]*</updated>")


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    for pattern in VOLATILE:
        data = pattern.sub(b"", data)
    if data.startswith(b"<?xml") and b"<feed" in data and b"<entry" not in data:
        data = EMPTY_FEED_UPDATED.sub(b"", data)
    return data


# Pagefind writes its filter maps in hash-map order (Pagefind issue #638): these files
# change name and bytes from run to run; fragments and the word index are reproducible.
# The index is in shards, one Pagefind bundle per folder (pagefind/<shard>/, see wfu/search.py).
UNSTABLE = re.compile(
    r"^(pagefind/[^/]+/(filter/|pagefind\.[^/]*\.pf_meta(\.gz|\.br)?$|pagefind-entry\.json(\.gz|\.br)?$)"
    r"|build-info\.json(\.gz|\.br)?$)"  # build id and time: different by design
)


def _files(root: Path) -> set[Path]:
    return {
        p.relative_to(root)
        for p in root.rglob("*")
        if p.is_file() and not UNSTABLE.match(p.relative_to(root).as_posix())
    }


def compare(old: Path, new: Path) -> list[str]:
    old_files, new_files = _files(old), _files(new)
    report = [f"only in old: {p}" for p in sorted(old_files - new_files)]
    report += [f"only in new: {p}" for p in sorted(new_files - old_files)]
    report += [
        f"differs: {p}" for p in sorted(old_files & new_files) if normalised(old / p) != normalised(new / p)
    ]
    return report


if __name__ == "__main__":
    lines = compare(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(lines) or "identical (except build-time stamps)")
    sys.exit(1 if lines else 0)
