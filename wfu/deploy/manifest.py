"""What a built site consists of, for uploading: hashes, kinds, headers and order.

Pure: reads the output folder, never the network.  The same rules give the
S3 object headers and are mirrored by ``deploy/nginx/site.conf`` for the
server target, so both serve a page with the same Content-Type and
Cache-Control.  Upload order keeps every intermediate state consistent:
assets (new names, nothing refers to them yet) first, then pages, then
feeds, and ``sitemap.xml``/``urls.txt`` last, so a crawler never sees a URL
before its page exists.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from plugins.common.cache import file_digest

MANIFEST_VERSION = 1
# Files that only make sense on the build machine or for nginx: never uploaded to a bucket.
SERVER_ONLY = ("redirects.nginx.conf",)
PRECOMPRESSED_SUFFIXES = (".gz", ".br")

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
FEED_CACHE = "public, max-age=600"  # readers poll feeds; ten minutes of staleness is harmless
STATIC_CACHE = "public, max-age=3600"  # editor images keep their names when replaced: not immutable

FINGERPRINTED = re.compile(r"\.[0-9a-f]{10}\.[A-Za-z0-9]+$")  # plugins/assets: name.<hash>.ext
IMMUTABLE_FOLDERS = ("photos/", "covers/", "wechat/images/")  # named by content hash
FEED = re.compile(r"\.(atom|rss)\.xml$")
LAST = ("sitemap.xml", "urls.txt", "robots.txt")  # the site's own index of itself: uploaded last

KIND_ORDER = {"asset": 0, "page": 1, "feed": 2, "index": 3}

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".vtt": "text/vtt; charset=utf-8",
}


@dataclass(frozen=True)
class Entry:
    """One file of the site as it will be stored: ``path`` is relative, with ``/``."""

    path: str
    sha256: str
    size: int
    kind: str
    content_type: str
    cache_control: str
    encoding: str  # "gzip" when the stored body is the .gz variant, else ""


def kind_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if path in LAST:
        return "index"
    if FEED.search(name):
        return "feed"
    if path.startswith("pagefind/"):  # the search index: before the pages that search it
        return "asset"
    if name.endswith((".html", ".json", ".ics")) or path == "urls.txt":
        return "page"
    return "asset"


def content_type(path: str) -> str:
    """Text types always say ``charset=utf-8``: without it some browsers guess GBK for Chinese."""
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".atom.xml"):
        return "application/atom+xml; charset=utf-8"
    if name.endswith(".rss.xml"):
        return "application/rss+xml; charset=utf-8"
    suffix = os.path.splitext(name)[1].lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def cache_control(path: str) -> str:
    """HTML and the site's indexes revalidate; content-addressed files are cached forever."""
    name = path.rsplit("/", 1)[-1]
    if path.startswith(IMMUTABLE_FOLDERS) or (path.startswith("theme/") and FINGERPRINTED.search(name)):
        return IMMUTABLE
    if FEED.search(name):
        return FEED_CACHE
    if name.endswith((".html", ".json", ".txt", ".xml")):
        return NO_CACHE
    if path.startswith("theme/"):  # an unfingerprinted copy of a theme file
        return NO_CACHE
    return STATIC_CACHE


def is_compressible(path: str) -> bool:
    return content_type(path).endswith("charset=utf-8")


def site_files(output: str) -> list[str]:
    """Every file of the site (relative, ``/``-separated), without the precompressed variants."""
    found = []
    for root, dirs, files in os.walk(output):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith(PRECOMPRESSED_SUFFIXES):
                continue
            found.append(os.path.relpath(os.path.join(root, name), output).replace(os.sep, "/"))
    return found


def build_manifest(output: str, use_gzip: bool) -> dict[str, Entry]:
    """``path -> Entry`` for a bucket; with ``use_gzip`` a text file is stored as its ``.gz`` body."""
    entries = {}
    for path in site_files(output):
        if path in SERVER_ONLY:
            continue
        full = os.path.join(output, path)
        encoding = "gzip" if use_gzip and is_compressible(path) and os.path.isfile(full + ".gz") else ""
        entries[path] = Entry(
            path=path,
            sha256=file_digest(full),  # of the page itself: the .gz is derived from it deterministically
            size=os.path.getsize(full + ".gz" if encoding else full),
            kind=kind_of(path),
            content_type=content_type(path),
            cache_control=cache_control(path),
            encoding=encoding,
        )
    return entries


def body_path(output: str, entry: Entry) -> str:
    return os.path.join(output, entry.path + (".gz" if entry.encoding == "gzip" else ""))


def url_to_path(url: str) -> str:
    """``/news/x/`` → ``news/x/index.html``; ``/feed.xml`` → ``feed.xml``."""
    relative = url.lstrip("/")
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


@dataclass(frozen=True)
class Plan:
    """What a deploy changes; ``uploads`` in upload order, ``deletes`` only after all uploads."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    deleted: tuple[str, ...]
    kept_locked: tuple[str, ...]  # gone from the build but locked: never deleted
    unchanged: int

    @property
    def uploads(self) -> tuple[str, ...]:
        return self.added + self.updated


# The search page reads this list of index shards first: uploaded after every shard it names.
SEARCH_SHARD_LIST = "pagefind/shards.json"


def upload_order(paths: Iterable[str], entries: Mapping[str, Entry]) -> list[str]:
    return sorted(paths, key=lambda p: (KIND_ORDER[entries[p].kind], p.startswith(SEARCH_SHARD_LIST), p))


def plan(local: Mapping[str, Entry], remote: Mapping[str, Mapping], locked_urls: Iterable[str]) -> Plan:
    """Compare the build with the manifest stored on the target."""
    locked_paths = {url_to_path(u) for u in locked_urls}
    added = [p for p in local if p not in remote]
    updated = [p for p in local if p in remote and dict(remote[p]) != _stored(local[p])]
    gone = sorted(p for p in remote if p not in local)
    ordered = upload_order(added + updated, local)
    added_set = set(added)
    return Plan(
        added=tuple(p for p in ordered if p in added_set),
        updated=tuple(p for p in ordered if p not in added_set),
        deleted=tuple(p for p in gone if p not in locked_paths),
        kept_locked=tuple(p for p in gone if p in locked_paths),
        unchanged=len(local) - len(added) - len(updated),
    )


def _stored(entry: Entry) -> dict:
    """The part of an entry that decides whether the object must be uploaded again."""
    data = asdict(entry)
    del data["path"], data["kind"]
    return data


def manifest_json(entries: Mapping[str, Entry], build_id: str, urls: Iterable[str]) -> bytes:
    files = {path: _stored(entries[path]) for path in sorted(entries)}
    document = {"version": MANIFEST_VERSION, "build_id": build_id, "urls": sorted(urls), "files": files}
    return json.dumps(document, ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8")


def parse_manifest(data: bytes) -> dict:
    """A stored manifest; an unknown version counts as empty (everything is uploaded again)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {"files": {}, "urls": [], "build_id": None}
    if not isinstance(document, dict) or document.get("version") != MANIFEST_VERSION:
        return {"files": {}, "urls": [], "build_id": None}
    return document


def read_urls(output: str) -> list[str]:
    """The public URLs of the build (``urls.txt`` written by plugins/urls)."""
    path = os.path.join(output, "urls.txt")
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


def summary(
    added: Iterable[str], updated: Iterable[str], deleted: Iterable[str], limit: int = 40
) -> list[str]:
    """Lines for the terminal: counts, then the names (a long list is cut)."""
    lines = []
    for label, names in (("新增", list(added)), ("更新", list(updated)), ("删除", list(deleted))):
        lines.append(f"{label} {len(names)} 个文件")
        for name in names[:limit]:
            lines.append(f"  {label[0]} {name}")
        if len(names) > limit:
            lines.append(f"  …… 另有 {len(names) - limit} 个")
    return lines
