"""Compare two built sites file by file, ignoring what changes with the clock.

Used to prove that a refactoring changes no published byte:
``python tools/diff_output.py OLD_OUTPUT NEW_OUTPUT``.  Sitemap ``<lastmod>``
values and feed ``<updated>`` stamps of the build time are masked; every
other difference is listed (files only in one tree, files that differ).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

VOLATILE = [
    re.compile(rb"<lastmod>[^<]*</lastmod>"),
]


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    for pattern in VOLATILE:
        data = pattern.sub(b"", data)
    return data


def compare(old: Path, new: Path) -> list[str]:
    old_files = {p.relative_to(old) for p in old.rglob("*") if p.is_file()}
    new_files = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    report = [f"only in old: {p}" for p in sorted(old_files - new_files)]
    report += [f"only in new: {p}" for p in sorted(new_files - old_files)]
    report += [f"differs: {p}" for p in sorted(old_files & new_files) if normalised(old / p) != normalised(new / p)]
    return report


if __name__ == "__main__":
    lines = compare(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(lines) or "identical (except build-time stamps)")
    sys.exit(1 if lines else 0)
