"""The golden output: the fixture site's published build, committed and compared byte for byte.

Why: a refactoring (issue 21 moves every section into a registered unit) must
not change one published byte, and tests that read a few pages cannot show
that.  ``tests/functional/test_golden.py`` compares the build that the suite
already makes (``site_on(DAY, "--publish")``, shared with ``test_api.py``) with
``tests/golden/``; an intended change is reviewed in the test's diff, then the
golden output is regenerated with one command and committed::

    .venv/bin/invoke golden                      # builds the fixture site, rewrites tests/golden/
    .venv/bin/python -m tools.golden --update    # the same
    .venv/bin/python -m tools.golden --update --from OUTPUT   # reuse a build (the test names it)
    .venv/bin/python -m tools.golden [--from OUTPUT]          # compare only, print the whole report

What is stored (every file of the output is one of these; nothing is skipped):

- ``tests/golden/files/<path>``: text outputs (HTML, XML, JSON, calendars,
  ``.txt``, ``.conf``, SVG, our scripts), masked (see :data:`MASKS`), so a
  difference is shown as a unified diff.
- ``tests/golden/MANIFEST.txt``: one line per other file: ``sha256`` and size
  of binary files (images, PDF, icons, Pagefind's WebAssembly), of the theme's
  static files (verbatim copies of ``theme/static/``, already in the
  repository) and of Pagefind's own scripts (from the pinned ``pagefind``
  package); ``gzip of X``/``brotli of X`` for precompressed copies (checked by
  decompressing: the copy must be exactly ``X`` as built); Pagefind's index by
  its decompressed content, its filter maps and metadata in a canonical form
  (see :func:`_pagefind_filter`).

Only what differs between two builds of the same inputs is masked; each mask
says why.  They were found by building twice (another checkout, another umask,
``TZ=UTC`` and ``TZ=Asia/Shanghai``, a faked clock a year later, cold and warm
caches) and diffing.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
FILES = "files"  # masked text outputs, at their paths in the site
MANIFEST = "MANIFEST.txt"  # every other output, one line each

# The build the golden output is made of: the fixture site published (publishconf.py: absolute
# URLs, precompressed copies, the search index) on a fixed day, so that scheduled articles,
# upcoming events and expired jobs do not move with the calendar.  The same build as
# ``site_on(DAY, "--publish")`` in tests/conftest.py (test_api.py uses it too).
DAY = "2026-11-20"
BUILD_ARGS = ("build", "--publish")

REGENERATE = ".venv/bin/invoke golden"
REGENERATE_FROM = ".venv/bin/python -m tools.golden --update --from {output}"

# Suffixes of text outputs (stored as text, compared as a unified diff).
TEXT_SUFFIXES = (
    ".html",
    ".htm",
    ".xml",
    ".atom",
    ".rss",
    ".json",
    ".webmanifest",
    ".ics",
    ".txt",
    ".conf",
    ".css",
    ".js",
    ".mjs",
    ".map",
    ".svg",
    ".csv",
    ".md",
    ".yml",
    ".yaml",
)
# Text outputs that are copies of files someone else keeps: stored as a hash, not as text.
# - theme/: the theme's static files, copied verbatim (plain and fingerprinted names) from
#   theme/static/, which is in the repository already: its own diff shows a change.
# - pagefind/<shard>/pagefind*.js: Pagefind's scripts, from the pinned `pagefind` package.
COPIES = re.compile(r"^(theme/|pagefind/[^/]+/pagefind(-worker)?\.js$)")

# Files of the output that are not compared, with the reason.  Empty: every file is compared
# (masked or canonicalised where two builds legitimately differ).  A file added here must say why.
IGNORED: dict[str, str] = {}

# Pagefind's files: gzip, then the "pagefind_dcd" header, then CBOR (or JSON for fragments).
PAGEFIND_HEADER = b"pagefind_dcd"
PAGEFIND_DATA = (".pf_fragment", ".pf_index")  # reproducible: compared by decompressed content
HASHED_NAME = re.compile(r"^(?P<lang>[a-z0-9-]+)_(?P<hash>[0-9a-f]+)$")
META_NAME = re.compile(r"^pagefind\.(?P<stem>[a-z0-9-]+_[0-9a-f]+)\.pf_meta$")


class GoldenError(ValueError):
    """An output the golden comparison cannot read as it expects (a mask's assumption broke)."""


@dataclass(frozen=True)
class Mask:
    """One value that differs between two builds of the same inputs, replaced by a placeholder."""

    path: re.Pattern[str]  # the files it applies to (relative path in the output)
    pattern: re.Pattern[bytes]  # the volatile value (group 1) and its context
    placeholder: bytes
    why: str
    one_value: bool = False  # every match in a file is one clock reading: they must be equal


MASKS = (
    Mask(
        re.compile(r"^build-info\.json$"),
        re.compile(rb'"build_id": "([^"]*)"'),
        b"{build id}",
        "wfu/buildinfo.py: the build time and a random suffix (names the server's release folder)",
    ),
    Mask(
        re.compile(r"^build-info\.json$"),
        re.compile(rb'"built_at": "([^"]*)"'),
        b"{build time}",
        "wfu/buildinfo.py: when the build ran",
    ),
    Mask(
        re.compile(r"^sitemap\.xml$"),
        # Only the naive clock reading: content dates carry the site's offset (+08:00).
        re.compile(rb"<lastmod>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-00:00)</lastmod>"),
        b"{build time}",
        "pelican-sitemap dates pages without a date of their own (indexes, sections) with "
        "datetime.now(): local time, labelled -00:00",
        one_value=True,
    ),
)


def mask_text(rel: str, data: bytes) -> bytes:
    """``data`` with every volatile value of :data:`MASKS` replaced by its placeholder."""
    for mask in MASKS:
        if not mask.path.match(rel):
            continue
        if mask.one_value and len({m.group(1) for m in mask.pattern.finditer(data)}) > 1:
            raise GoldenError(
                f"{rel}: the masked values of {mask.pattern.pattern!r} differ within the file; "
                "they were one clock reading (a real date would be masked): fix the mask in tools/golden.py"
            )
        data = mask.pattern.sub(lambda m, mask=mask: _replace_group(m, mask.placeholder), data)
    return data


def _replace_group(match: re.Match[bytes], placeholder: bytes) -> bytes:
    start, end = match.span(1)
    whole = match.group(0)
    offset = match.start(0)
    return whole[: start - offset] + placeholder + whole[end - offset :]


def sha256_line(data: bytes) -> str:
    return f"sha256={hashlib.sha256(data).hexdigest()} size={len(data)}"


def _gunzip(data: bytes, rel: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise GoldenError(f"{rel}: not gzip ({exc})") from None


def _unbrotli(data: bytes, rel: str) -> bytes:
    import brotli

    try:
        return brotli.decompress(data)
    except brotli.error as exc:
        raise GoldenError(f"{rel}: not brotli ({exc})") from None


DECOMPRESS: dict[str, Callable[[bytes, str], bytes]] = {".gz": _gunzip, ".br": _unbrotli}
FORMAT_NAMES = {".gz": "gzip", ".br": "brotli"}


def _pagefind_payload(data: bytes, rel: str) -> bytes:
    payload = _gunzip(data, rel)
    if not payload.startswith(PAGEFIND_HEADER):
        raise GoldenError(f"{rel}: no Pagefind header")
    return payload[len(PAGEFIND_HEADER) :]


def _pagefind_cbor(data: bytes, rel: str):
    import cbor2

    try:
        return cbor2.loads(_pagefind_payload(data, rel))
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise GoldenError(f"{rel}: unreadable Pagefind CBOR ({exc})") from None


def _pagefind_filter(data: bytes, rel: str) -> tuple[str, list]:
    """A filter map as ``(name, values sorted by value)``.

    Pagefind writes a filter's values in hash-map order (Pagefind issue #638), which
    changes from run to run, and names the file after a hash of those bytes.  The
    canonical form keeps every value and page number; only the order is fixed.
    """
    value = _pagefind_cbor(data, rel)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
        raise GoldenError(f"{rel}: unexpected Pagefind filter layout (a new Pagefind version?)")
    name, values = value
    return name, sorted(values, key=lambda item: json.dumps(item, ensure_ascii=False))


def _canonical_meta(value, filters: dict[str, str]):
    """Pagefind's metadata with each filter file's hash replaced by ``{filter:name}``, filters sorted."""
    if isinstance(value, str):
        return f"{{filter:{filters[value]}}}" if value in filters else value
    if isinstance(value, list | tuple):
        items = [_canonical_meta(item, filters) for item in value]
        if items and all(
            isinstance(item, list) and len(item) == 2 and str(item[1]).startswith("{filter:")
            for item in items
        ):
            items.sort(key=lambda item: json.dumps(item, ensure_ascii=False))
        return items
    if isinstance(value, dict):
        return {str(k): _canonical_meta(v, filters) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    return value


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass
class Snapshot:
    """What the golden output holds for one build: masked texts, and one manifest line per other file."""

    texts: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, str] = field(default_factory=dict)

    def keys(self) -> set[str]:
        return set(self.texts) | set(self.manifest)

    def add(self, key: str, *, text: bytes | None = None, line: str | None = None) -> None:
        """Record one output file; two files under one key would hide one of them, so that fails."""
        if key in self.texts or key in self.manifest:
            raise GoldenError(f"{key}: two output files map to this golden name (fix the name masks)")
        if text is not None:
            self.texts[key] = text
        else:
            self.manifest[key] = str(line)


def output_files(output: Path) -> list[str]:
    """Every file of a built site, relative, sorted (the output folder may be a symlink to a release)."""
    root = os.path.realpath(output)
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in files:
            found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return sorted(found)


def snapshot(output: Path) -> Snapshot:
    """The golden form of a built site: every file is stored, described or ignored by name."""
    root = Path(os.path.realpath(output))
    files = output_files(root)
    present = set(files)
    snap = Snapshot()
    # Pagefind names filter and metadata files after a hash of their (unordered) bytes: by bundle,
    # the stem of each filter file -> the filter's name, and of the metadata file.
    filters: dict[str, dict[str, str]] = {}
    metas: dict[str, list[str]] = {}
    for rel in files:
        folder, _, name = rel.rpartition("/")
        if name.endswith(".pf_filter") and rel not in IGNORED:
            filter_name, _values = _pagefind_filter((root / rel).read_bytes(), rel)
            filters.setdefault(folder.rpartition("/")[0], {})[name.removesuffix(".pf_filter")] = filter_name
        elif META_NAME.match(name):
            metas.setdefault(folder, []).append(META_NAME.match(name)["stem"])
    for rel in files:
        if rel in IGNORED:
            continue
        data = (root / rel).read_bytes()
        folder, _, name = rel.rpartition("/")
        suffix = os.path.splitext(name)[1]
        original = rel[: -len(suffix)]
        if suffix in DECOMPRESS and original in present:
            snap.add(rel, line=_compressed_line(data, rel, (root / original).read_bytes()))
        elif name.endswith(PAGEFIND_DATA):
            snap.add(rel, line="pagefind, decompressed " + sha256_line(_pagefind_payload(data, rel)))
        elif name.endswith(".pf_filter"):
            filter_name, values = _pagefind_filter(data, rel)
            stem = _masked_stem(name.removesuffix(".pf_filter"), "{" + filter_name + "}")
            snap.add(f"{folder}/{stem}.pf_filter", line="pagefind filter " + _dumps([filter_name, values]))
        elif META_NAME.match(name):
            canonical = _canonical_meta(_pagefind_cbor(data, rel), filters.get(folder, {}))
            stem = _masked_stem(META_NAME.match(name)["stem"], "{meta}")
            line = "pagefind metadata, canonical " + sha256_line(_dumps(canonical).encode())
            snap.add(f"{folder}/pagefind.{stem}.pf_meta", line=line)
        elif name == "pagefind-entry.json":
            # Names the metadata file by its hash: masked only where that file exists.
            for stem in metas.get(folder, []):
                data = data.replace(f'"{stem}"'.encode(), f'"{_masked_stem(stem, "{meta}")}"'.encode())
            snap.add(rel, text=data)
        elif suffix in TEXT_SUFFIXES and not COPIES.match(rel):
            snap.add(rel, text=mask_text(rel, data))
        else:
            snap.add(rel, line=sha256_line(data))
    return snap


def _compressed_line(data: bytes, rel: str, original: bytes) -> str:
    """``gzip of X`` when the copy decompresses to exactly the built ``X``; otherwise what it holds."""
    suffix = os.path.splitext(rel)[1]
    kind, name = FORMAT_NAMES[suffix], rel[: -len(suffix)].rpartition("/")[2]
    try:
        unpacked = DECOMPRESS[suffix](data, rel)
    except GoldenError:
        return f"{kind}, unreadable: " + sha256_line(data)
    return (
        f"{kind} of {name}"
        if unpacked == original
        else f"{kind}, NOT the built {name}: " + sha256_line(unpacked)
    )


def _masked_stem(stem: str, placeholder: str) -> str:
    """``zh-cn_5beade91`` -> ``zh-cn_{placeholder}`` (the language stays, the hash goes)."""
    match = HASHED_NAME.match(stem)
    return f"{match['lang']}_{placeholder}" if match else stem


def read_golden(golden: Path = GOLDEN) -> Snapshot:
    snap = Snapshot()
    files = golden / FILES
    if files.is_dir():
        for rel in output_files(files):
            snap.texts[rel] = (files / rel).read_bytes()
    manifest = golden / MANIFEST
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                rel, _, description = line.partition("\t")
                snap.manifest[rel] = description
    return snap


MANIFEST_HEADER = """\
# The fixture site's output files that are not stored as text under files/ (tools/golden.py).
# path<TAB>how it is compared.  Regenerate with: .venv/bin/invoke golden
"""


def write_golden(snap: Snapshot, golden: Path = GOLDEN) -> None:
    """Replace the golden output with ``snap`` (files that are no longer built disappear)."""
    golden.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".files-", dir=golden))
    for rel, data in snap.texts.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for folder in [staging, *staging.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o755)
    old = golden / FILES
    if old.exists():
        shutil.rmtree(old)
    staging.rename(old)
    lines = [f"{rel}\t{snap.manifest[rel]}\n" for rel in sorted(snap.manifest)]
    (golden / MANIFEST).write_text(MANIFEST_HEADER + "".join(lines), encoding="utf-8")


@dataclass
class Report:
    """The differences between a build and the golden output."""

    missing: list[str] = field(default_factory=list)  # in the golden output, not built
    extra: list[str] = field(default_factory=list)  # built, not in the golden output
    differing: list[str] = field(default_factory=list)
    diffs: dict[str, list[str]] = field(default_factory=dict)  # unified diff lines (texts and manifest lines)

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.differing)

    def format(
        self, output: Path | None = None, lines_per_file: int = 40, most_files: int = 12, most_names: int = 60
    ) -> str:
        """The failure message: counts, the files, the first lines of each diff, how to regenerate."""
        out = [
            f"The fixture site's output differs from the golden output tests/golden/: "
            f"{len(self.differing)} files differ, {len(self.missing)} missing, {len(self.extra)} extra "
            f"(if intended: review, then {REGENERATE}; details below).",
        ]
        for title, names in (
            ("Files that differ:", self.differing),
            ("Files missing (in tests/golden/, not built):", self.missing),
            ("Files built but not in tests/golden/ (extra):", self.extra),
        ):
            if names:
                out.append(title)
                out += [f"  {name}" for name in names[:most_names]]
                if len(names) > most_names:
                    out.append(f"  ... and {len(names) - most_names} more")
        shown = 0
        for name in self.differing:
            if shown == most_files:
                out.append(f"... diffs of {len(self.differing) - shown} more files not shown")
                break
            diff = self.diffs.get(name, [])
            out += diff[:lines_per_file]
            if len(diff) > lines_per_file:
                out.append(f"... {len(diff) - lines_per_file} more diff lines in {name}")
            shown += 1
        out.append(
            (f"Whole report: .venv/bin/python -m tools.golden --from {output}\n" if output else "")
            + "If the change is intended: review the diff above, then regenerate and commit tests/golden/:\n"
            f"  {REGENERATE}"
            + (f"\n  or, reusing this build: {REGENERATE_FROM.format(output=output)}" if output else "")
            + "\n(masks and what is compared: tools/golden.py; workflow: docs/开发说明.md, 'Golden output')"
        )
        return "\n".join(out)


def compare(actual: Snapshot, expected: Snapshot) -> Report:
    report = Report()
    built, kept = actual.keys(), expected.keys()
    report.missing = sorted(kept - built)
    report.extra = sorted(built - kept)
    for rel in sorted(built & kept):
        if rel in actual.texts and rel in expected.texts:
            if actual.texts[rel] != expected.texts[rel]:
                report.differing.append(rel)
                report.diffs[rel] = _text_diff(rel, expected.texts[rel], actual.texts[rel])
        else:
            before = expected.manifest.get(rel, "(stored as text)")
            after = actual.manifest.get(rel, "(stored as text)")
            if before != after:
                report.differing.append(rel)
                report.diffs[rel] = [f"--- golden/{rel}", f"+++ built/{rel}", f"-{before}", f"+{after}"]
    return report


def _text_diff(rel: str, before: bytes, after: bytes) -> list[str]:
    old = before.decode("utf-8", errors="replace").splitlines()
    new = after.decode("utf-8", errors="replace").splitlines()
    diff = list(difflib.unified_diff(old, new, f"golden/{rel}", f"built/{rel}", lineterm="", n=2))
    return diff or [f"--- golden/{rel}", f"+++ built/{rel}", "(same text, different bytes: line endings?)"]


def check_build(output: Path) -> None:
    """Refuse a folder that is not the golden build (a development build, another day)."""
    info_path = Path(output) / "build-info.json"
    index_path = Path(output) / "api" / "v1" / "index.json"
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldenError(f"{output}: not a published build of the fixture site ({exc})") from None
    if not info.get("publish") or index.get("generated") != DAY:
        raise GoldenError(
            f"{output}: the golden output is the fixture site built with --publish and SITE_TODAY={DAY}; "
            f"this build has publish={info.get('publish')}, generated={index.get('generated')}"
        )


def build_fixture(folder: Path) -> Path:
    """The fixture site built exactly as the test's shared build is (``site_on(DAY, "--publish")``)."""
    sys.path.insert(0, str(ROOT))
    from tests.conftest import SAMPLE_CONTENT, run_build

    result = run_build(SAMPLE_CONTENT, folder / "output", *BUILD_ARGS, env={"SITE_TODAY": DAY})
    if result.returncode != 0:
        raise GoldenError(f"the fixture site did not build:\n{result.stdout}{result.stderr}")
    return result.output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.golden", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite tests/golden/ from the build")
    parser.add_argument(
        "--from", dest="source", help="an existing build of the fixture site (default: build it)"
    )
    parser.add_argument("--golden", default=str(GOLDEN), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    golden = Path(args.golden)
    try:
        with tempfile.TemporaryDirectory(prefix="golden-") as scratch:
            if args.source:
                output = Path(args.source)
            else:
                print(f"Building the fixture site (--publish, SITE_TODAY={DAY}) ...", flush=True)
                output = build_fixture(Path(scratch))
            check_build(output)
            snap = snapshot(output)
            if args.update:
                write_golden(snap, golden)
                print(
                    f"tests/golden/: {len(snap.texts)} text files, {len(snap.manifest)} manifest lines "
                    f"({output_size(golden) // 1024} KB). Review with git diff tests/golden/, then commit."
                )
                return 0
            report = compare(snap, read_golden(golden))
    except GoldenError as exc:
        print(f"tools.golden: {exc}", file=sys.stderr)
        return 1
    if report:
        print(report.format(None, lines_per_file=10**9, most_files=10**9, most_names=10**9))
        return 1
    print("The output matches tests/golden/.")
    return 0


def output_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


if __name__ == "__main__":
    sys.exit(main())
