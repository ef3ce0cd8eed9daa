"""Full-text search: index the freshly built site with Pagefind's extended build.

Why Pagefind, and why the *extended* binary: the site is static and mostly
Chinese.  Pagefind writes a chunked index next to the pages, so a reader's
browser downloads only the fragments a query needs (no server, nothing from a
third-party host), and only the extended build segments Chinese into words
(plain Pagefind indexes whole clauses, so 校友 would be found in a fraction of
the pages that contain it).  A lunr-style single-file index fails on Chinese
and grows with the archive.

What is indexed is decided by the templates, not here: a page is indexed
only if it has an element with ``data-pagefind-body`` (Pagefind then skips
every page without one), and anything inside ``data-pagefind-ignore`` is left
out.  This module runs the indexer on the staging folder before it replaces
``output/`` (see ``wfu.build.build``) and turns every failure into a Chinese
message with a key, never a traceback.  The index is a set of shards, one
Pagefind bundle each, so that memory is bounded by the largest shard and an
edit re-indexes only the shards whose pages changed (:func:`plan_shards`); the
search page merges them in the browser (``theme/static/js/search.js``).

Settings (declared in ``pelicanconf.py``, defaults below, validated here):
``SEARCH`` (a dict, keys in :data:`DEFAULTS`), ``SEARCH_URL``/``SEARCH_SAVE_AS``
(the search page, a Pelican direct template) and ``PAGEFIND_URL``/
``PAGEFIND_SAVE_AS`` (the folder of the index bundle inside the output).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from plugins.common.errors import ContentError, ContentErrors
from wfu.releases import SEARCH_MIRROR_PREFIX

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEFAULTS = {
    # Index every page as one language, whatever its <html lang>: a page marked
    # otherwise would land in a separate index that Chinese queries never reach.
    "force_language": "zh-cn",
    # Seconds before the indexer is considered stuck (it takes ~1 s per 1,000 pages).
    "timeout": 600,
    # Most pages in one shard of the index (see plan_shards): Pagefind's memory grows
    # with the pages of one run (≈ 60 MiB plus 0.22 MiB a page of realistic articles,
    # ≈ 190 MiB for 600), so this bounds the build's peak (≤ 400 MiB at 5,000 articles
    # with the build's own process, issue 25), and an edit re-indexes at most this many.
    # Each shard is one more copy of Pagefind's program for a reader's first search.
    "shard_pages": 600,
}
SETTING_DEFAULTS = {
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    "PAGEFIND_URL": "pagefind/",
    "PAGEFIND_SAVE_AS": "pagefind",
}
# Pagefind always writes its ready-made search interfaces; the site uses its own page
# (theme/static/js/search.js) and only the JS API, so these are removed after indexing.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# The marker the templates put on the content of every page type that is searchable.
BODY_MARKER = b"data-pagefind-body"


class SearchError(ContentErrors):
    """Indexing failed or is misconfigured: the site's usual errors (path, line, key, Chinese message)."""

    @property
    def messages(self) -> list[str]:
        return [error.format() for error in self.errors]


SETTINGS_FILE = "pelicanconf.py"


def _setting_line(name: str) -> int:
    """Where ``NAME =`` is assigned in pelicanconf.py (0 if it is not), so errors point at it."""
    try:
        with open(os.path.join(ROOT, SETTINGS_FILE), encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if re.match(rf"{name}\s*=", text):
                    return number
    except OSError:
        pass
    return 0


def _setting_error(name: str, key: str, message: str) -> ContentError:
    return ContentError(SETTINGS_FILE, _setting_line(name), key, message)


def _index_error(config_dir: str, key: str, message: str) -> ContentError:
    return ContentError(config_dir, 0, key, f"搜索索引：{message}")


@dataclass(frozen=True)
class SearchConfig:
    force_language: str
    timeout: float
    bundle_dir: str  # PAGEFIND_SAVE_AS: relative to the output folder
    bundle_url: str  # PAGEFIND_URL
    shard_pages: int = DEFAULTS["shard_pages"]


@dataclass(frozen=True)
class IndexReport:
    pages: int  # pages in the index
    seconds: float
    bytes: int  # size of the bundle folder on disk
    bundle: str  # absolute path of the bundle folder
    shards: tuple[str, ...] = ()  # shard folders below the bundle, in the order the search page loads them
    reused: tuple[str, ...] = ()  # shards copied from the last release


def search_config(settings: dict) -> SearchConfig:
    """The validated search settings; every problem at once as a :class:`SearchError`."""
    problems: list[ContentError] = []
    user = settings.get("SEARCH") or {}
    if not isinstance(user, dict):
        raise SearchError(
            [_setting_error("SEARCH", "invalid-search-setting", f"SEARCH 应为字典，例如 {DEFAULTS!r}")]
        )
    for key in sorted(set(user) - set(DEFAULTS)):
        problems.append(
            _setting_error(
                "SEARCH",
                "unknown-search-setting",
                f"SEARCH 中没有“{key}”这一项（可用：{'、'.join(DEFAULTS)}）",
            )
        )
    merged = dict(DEFAULTS, **user)
    language = merged["force_language"]
    if not isinstance(language, str) or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        problems.append(
            _setting_error(
                "SEARCH",
                "invalid-search-setting",
                f"SEARCH 的 force_language 应为语言代码，例如 zh-cn，而不是 {language!r}",
            )
        )
    timeout = merged["timeout"]
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        problems.append(
            _setting_error(
                "SEARCH", "invalid-search-setting", f"SEARCH 的 timeout 应为正数（秒），而不是 {timeout!r}"
            )
        )
    shard_pages = merged["shard_pages"]
    if isinstance(shard_pages, bool) or not isinstance(shard_pages, int) or shard_pages < 1:
        problems.append(
            _setting_error(
                "SEARCH",
                "invalid-search-setting",
                f"SEARCH 的 shard_pages 应为正整数（每个索引分片最多的页面数），而不是 {shard_pages!r}",
            )
        )
    bundle_dir = settings.get("PAGEFIND_SAVE_AS", SETTING_DEFAULTS["PAGEFIND_SAVE_AS"])
    bundle_url = settings.get("PAGEFIND_URL", SETTING_DEFAULTS["PAGEFIND_URL"])
    parts = str(bundle_dir).replace("\\", "/").split("/")
    if not bundle_dir or str(bundle_dir).startswith("/") or ".." in parts or "" in parts:
        problems.append(
            _setting_error(
                "PAGEFIND_SAVE_AS",
                "invalid-search-setting",
                f"PAGEFIND_SAVE_AS 应为输出目录内的相对文件夹，例如 pagefind，而不是 {bundle_dir!r}",
            )
        )
    elif bundle_url != f"{bundle_dir}/":
        problems.append(
            _setting_error(
                "PAGEFIND_URL",
                "invalid-search-setting",
                f"PAGEFIND_URL 应为 PAGEFIND_SAVE_AS 加斜杠（{bundle_dir}/），而不是 {bundle_url!r}",
            )
        )
    if problems:
        raise SearchError(problems)
    return SearchConfig(language.lower(), float(timeout), str(bundle_dir), str(bundle_url), shard_pages)


def pagefind_executable() -> str | None:
    """The extended Pagefind binary shipped in the ``pagefind-bin-extended`` wheel.

    Only the extended build segments Chinese, so the plain binary (or one found
    on PATH) is not accepted.  ``PAGEFIND_BINARY_PATH`` overrides it, as in
    Pagefind's own Python wrapper.
    """
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return override
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    return str(get_executable())


def searchable_pages(folder: str) -> list[str]:
    """The HTML pages (relative paths) that carry the body marker: all Pagefind can index.

    Pagefind indexes only pages with ``data-pagefind-body`` once any page has it,
    but it still parses every other page to find that out: about 40 % of its time
    and memory on this site (lists, tag pages, the WeChat export).  A page without
    the bytes of the marker cannot have the attribute, so leaving it out changes
    nothing in the index.
    """
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                full = os.path.join(root, name)
                with open(full, "rb") as handle:
                    if BODY_MARKER in handle.read():
                        found.append(os.path.relpath(full, folder))
    return found


def has_searchable_pages(folder: str) -> bool:
    """True once one HTML page carries the body marker."""
    return bool(searchable_pages(folder))


def _link_pages(folder: str, pages: list[str], into: str) -> None:
    """``into`` mirrors ``folder`` for ``pages`` only (hard links; copies across devices)."""
    for relative in pages:
        target = os.path.join(into, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(os.path.join(folder, relative), target)
        except OSError:
            shutil.copyfile(os.path.join(folder, relative), target)


def _folder_bytes(folder: str) -> int:
    return sum(
        os.path.getsize(os.path.join(root, name)) for root, _, files in os.walk(folder) for name in files
    )


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "（没有输出）"


# The sort key the templates give every dated page (partials/search.html): its year and month.
DATE_SORT = re.compile(rb'data-pagefind-sort="date:(\d{4})-(\d{2})-\d{2}"')
UNDATED_SHARD = "site"  # pages without a date: sections, profiles, standing pages
SHARDS_FILE = "shards.json"  # below the bundle folder: what theme/static/js/search.js loads


def page_month(folder: str, page: str) -> str | None:
    """``YYYY-MM`` of a searchable page's date sort key, None for an undated page."""
    with open(os.path.join(folder, page), "rb") as handle:
        found = DATE_SORT.search(handle.read())
    return f"{found.group(1).decode()}-{found.group(2).decode()}" if found else None


def plan_shards(months: dict[str, str | None], limit: int) -> dict[str, list[str]]:
    """Which shard of the search index each page goes to: ``{shard: [pages]}``, newest shard first.

    Why shards: Pagefind indexes in memory and its peak grows with the pages of one
    run (1.8 GB for 5,000 articles, 6.4 GB for 20,000), and it has no incremental
    mode.  Each shard is indexed by a run of its own, so the peak is that of the
    largest shard, and an edit indexes only the shards of the pages whose bytes
    changed; the others are copied from the last release.

    Why by date: an editor's edit touches an article (and the neighbours linked
    from it, of the same or an adjacent year), so the pages that change together
    are close in date.  Dated pages are packed oldest first, a whole year at a
    time, into shards of at most ``limit`` pages; a year larger than that is split
    into runs of whole months of about equal size (:func:`_month_runs`).  So old
    shards stay as they are while this year's articles are added (only the
    newest shard grows), and shards cover disjoint, ordered date ranges: the
    search page sorts by date across them by taking the newest shard's results
    first.  Undated pages (colleges, profiles,
    associations) come last, after the newest year: they join the newest shard
    while it has room (its own pages change with this year's news anyway, e.g. a
    college's latest news), else they are a shard of their own (``site``).  Joined
    with news, they are ranked against statistics like those of the whole site:
    Pagefind ranks each shard by its own word statistics, and a shard of only
    columns and profiles, where every page says 学院 and 校友, ranks them
    differently from the single index a small site has.  A shard is named after
    its first year (``2019``) or month (``2024-05``).
    """
    years: dict[str, dict[str, list[str]]] = {}
    undated: list[str] = []
    for page in sorted(months):
        month = months[page]
        if month is None:
            undated.append(page)
        else:
            years.setdefault(month[:4], {}).setdefault(month, []).append(page)
    units: list[tuple[str, list[str]]] = []  # (name, pages), oldest first: whole years or runs of months
    for year in sorted(years):
        by_month = years[year]
        if sum(len(pages) for pages in by_month.values()) <= limit:
            units.append((year, [page for month in sorted(by_month) for page in by_month[month]]))
            continue
        units += _month_runs(by_month, limit)
    if undated:
        units.append((UNDATED_SHARD, undated))
    # Years (and runs of months) packed into shards by the same greedy rule as a year's months.
    packed = [
        (units[first][0], sorted(page for _, pages in units[first:end] for page in pages))
        for first, end in _runs_under([len(pages) for _, pages in units], limit)
    ]
    return dict(reversed(packed))


def _month_runs(by_month: dict[str, list[str]], limit: int) -> list[tuple[str, list[str]]]:
    """A year over ``limit`` pages as runs of whole months of about equal size, oldest first.

    As few runs as the limit allows (runs filled up to the limit: the fewest), and
    of those layouts the one whose largest run is smallest: filled to the limit, a
    year of 1,009 pages left a shard of its December alone (84 pages), and filled
    to an equal share (505) a year of months of 300, 250, 200 and 259 pages made
    three runs where two fit; each run is one more Pagefind run and one more copy
    of Pagefind's program for a reader's browser.  A month larger than the cap is
    a run by itself (and a shard by itself when it is larger than ``limit``).
    """
    months = sorted(by_month)
    sizes = [len(by_month[month]) for month in months]
    fewest = len(_runs_under(sizes, limit))
    # The smallest cap that needs no more runs (the number of runs only falls as the cap grows).
    low, high = min(math.ceil(sum(sizes) / fewest), limit), limit
    while low < high:
        middle = (low + high) // 2
        if len(_runs_under(sizes, middle)) <= fewest:
            high = middle
        else:
            low = middle + 1
    return [
        (months[first], [page for month in months[first:end] for page in by_month[month]])
        for first, end in _runs_under(sizes, low)
    ]


def _runs_under(sizes: list[int], cap: int) -> list[tuple[int, int]]:
    """Consecutive sizes packed greedily into runs of at most ``cap`` (a larger one alone): (first, end)."""
    runs: list[tuple[int, int]] = []
    filled = 0
    for index, size in enumerate(sizes):
        if runs and filled + size <= cap:
            runs[-1] = (runs[-1][0], index + 1)
            filled += size
        else:
            runs.append((index, index + 1))
            filled = size
    return runs


def _missing(config: SearchConfig, key: str, message: str) -> SearchError:
    return SearchError([_index_error(config.bundle_dir, key, message)])


def index_site(
    settings: dict, folder: str, say: Callable[[str], None] | None = print, memo=None
) -> IndexReport:
    """Index the built site in ``folder``; raise :class:`SearchError` (Chinese, with a key) on failure.

    The index is a set of Pagefind bundles, one per shard (:func:`plan_shards`),
    in ``<PAGEFIND_SAVE_AS>/<shard>/``, listed in ``<PAGEFIND_SAVE_AS>/shards.json``;
    the search page merges them in the browser with Pagefind's ``mergeIndex``.
    Shards are indexed one after the other, so at most one Pagefind runs at a time.

    With ``memo`` (the build's :class:`~plugins.site.incremental.OutputMemo`), a
    shard whose inputs are those of the last build is copied from it: the bytes
    of each of its pages, the search settings and the Pagefind binary.
    """
    return plan_index(settings, folder, memo).complete(say)


@dataclass
class IndexPlan:
    """What :func:`plan_index` decided: the shards, those copied from the last build, and a
    mirror of the pages of each shard left to index.  :meth:`run` runs Pagefind on those,
    :meth:`discard` removes the mirrors, :meth:`finish` lists the shards and reports."""

    binary: str
    config: SearchConfig
    folder: str
    bundle: str
    shards: dict[str, list[str]]
    months: dict[str, str | None]
    reused: tuple[str, ...]
    mirrors: dict[str, str]  # shard -> a folder of hard links to its pages, beside the site
    seconds: float  # spent planning, then running Pagefind (not the wait for a scan beside it)

    def run(self) -> None:
        """Run Pagefind on each shard left to index, one after the other.

        Nothing else: a thread runs this while the build's own thread scans the site
        (:func:`wfu.build.index_while_scanning`), and each step that needs the interpreter
        (listing, removing or measuring files) would wait for that thread to give it up.
        """
        started = time.perf_counter()
        for shard, mirror in self.mirrors.items():
            _run_pagefind(self.binary, self.config, mirror, os.path.join(self.bundle, shard))
        self.seconds += time.perf_counter() - started

    def complete(self, say: Callable[[str], None] | None = print) -> IndexReport:
        """:meth:`run`, :meth:`discard` and :meth:`finish`: the whole index, in this thread."""
        try:
            self.run()
        finally:
            self.discard()
        return self.finish(say)

    def discard(self) -> None:
        """Remove the mirrors (after :meth:`run`, or instead of it after a failure)."""
        for mirror in self.mirrors.values():
            shutil.rmtree(mirror, ignore_errors=True)

    def finish(self, say: Callable[[str], None] | None = print) -> IndexReport:
        """After :meth:`run`: list the shards for the search page and report (``say``) what was indexed."""
        with open(os.path.join(self.bundle, SHARDS_FILE), "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "shards": list(self.shards),
                    # Shards with dated pages, newest first: what a search sorted by date reads.
                    "dated": [
                        name
                        for name, members in self.shards.items()
                        if any(self.months[page] for page in members)
                    ],
                },
                handle,
                ensure_ascii=False,
            )
        return _report(self.bundle, self.config, self.seconds, say, tuple(self.shards), self.reused)


def plan_index(settings: dict, folder: str, memo=None) -> IndexPlan:
    """Everything :func:`index_site` does before Pagefind runs: check the settings and the binary,
    find the searchable pages, plan the shards, copy those unchanged since the last build (``memo``)
    and mirror the pages of the others.  Raises :class:`SearchError`."""
    config = search_config(settings)
    binary = pagefind_executable()
    if not binary or not os.path.isfile(binary):
        raise _missing(
            config,
            "search-indexer-missing",
            "找不到 Pagefind 扩展版程序。请运行 python3 -m pip install -r requirements.txt"
            "（需要 pagefind[extended]，普通版不能切分中文）",
        )
    pages = searchable_pages(folder)
    if not pages:
        raise _missing(
            config,
            "search-nothing-to-index",
            "网站中没有任何可搜索的页面（模板中没有 data-pagefind-body）；"
            "不加标记时 Pagefind 会把所有页面（包括捐赠名单）都编入索引",
        )
    bundle = os.path.join(folder, config.bundle_dir)
    shutil.rmtree(bundle, ignore_errors=True)  # nothing of an older layout survives
    started = time.perf_counter()
    months = {page: page_month(folder, page) for page in pages}
    shards = plan_shards(months, config.shard_pages)
    reused = []
    plan = IndexPlan(binary, config, folder, bundle, shards, months, (), {}, 0.0)
    try:
        for shard, shard_pages in shards.items():
            name = f"{config.bundle_dir}/{shard}"
            if memo is not None and memo.reuse_tree(
                name, _index_key(binary, config, folder, shard_pages, memo.cache_root), folder, COMPRESSED
            ):
                if indexed_pages(os.path.join(bundle, shard)) is not None:
                    reused.append(shard)
                    continue
                shutil.rmtree(os.path.join(bundle, shard), ignore_errors=True)
            plan.mirrors[shard] = _mirror(config, folder, shard_pages)
    except BaseException:
        plan.discard()
        raise
    plan.reused = tuple(reused)
    plan.seconds = time.perf_counter() - started
    return plan


def _mirror(config: SearchConfig, folder: str, pages: list[str]) -> str:
    """A folder of hard links to ``pages`` of ``folder``, beside it (what one Pagefind run reads)."""
    # Pagefind reads a mirror of the pages only (see searchable_pages), beside
    # the site so hard links work, and writes the bundle into the site.
    mirror = tempfile.mkdtemp(prefix=SEARCH_MIRROR_PREFIX, dir=os.path.dirname(os.path.abspath(folder)))
    try:
        _link_pages(folder, pages, mirror)
    except OSError as exc:
        shutil.rmtree(mirror, ignore_errors=True)
        raise _missing(
            config, "search-index-failed", f"无法准备要索引的页面（{exc.strerror or exc}）"
        ) from None
    return mirror


def _run_pagefind(binary: str, config: SearchConfig, pages_only: str, bundle: str) -> None:
    """One Pagefind run over the mirror ``pages_only``, writing the bundle ``bundle``."""
    command = [
        binary,
        "--site",
        pages_only,
        "--output-path",
        os.path.abspath(bundle),
        "--force-language",
        config.force_language,
        "--quiet",
    ]
    try:
        # cwd is the mirror: Pagefind reads a pagefind.yml from its working directory,
        # and the project's own folder must not change what is indexed.
        result = subprocess.run(
            command, cwd=pages_only, capture_output=True, text=True, timeout=config.timeout
        )
    except subprocess.TimeoutExpired:
        raise _missing(
            config, "search-index-failed", f"Pagefind 超过 {config.timeout:g} 秒仍未完成，已停止"
        ) from None
    except OSError as exc:
        raise _missing(
            config, "search-indexer-missing", f"无法运行 Pagefind（{exc.strerror or exc}）"
        ) from None
    if result.returncode != 0:
        output = _last_lines(result.stderr + result.stdout)
        raise _missing(
            config, "search-index-failed", f"Pagefind 运行失败（退出码 {result.returncode}）：{output}"
        )
    if indexed_pages(bundle) is None:
        raise _missing(config, "search-index-failed", "Pagefind 没有生成索引文件 pagefind-entry.json")
    for name in UNUSED_BUNDLE_FILES:
        path = os.path.join(bundle, name)
        if os.path.exists(path):
            os.remove(path)


# Precompressed variants are made after indexing (wfu.precompress), never copied with the index.
COMPRESSED = (".gz", ".br")


def _index_key(
    binary: str, config: SearchConfig, folder: str, pages: list[str], cache_root: str | None
) -> str:
    """Everything a Pagefind bundle is made from: the binary, the settings, each page's path and bytes."""
    from plugins.common.cache import cache_key, file_digest, file_digests, stable_repr

    memo_file = os.path.join(cache_root, "search", "binary.json") if cache_root else None
    return cache_key(
        file_digests([binary], memo_file)[binary],
        stable_repr(config),
        stable_repr(sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))),
        *(f"{page}:{file_digest(os.path.join(folder, page))}" for page in pages),
    )


def _report(
    bundle: str,
    config: SearchConfig,
    seconds: float,
    say,
    shards: tuple[str, ...],
    reused: tuple[str, ...],
) -> IndexReport:
    counts = [indexed_pages(os.path.join(bundle, shard)) for shard in shards]
    if any(count is None for count in counts):
        raise _missing(config, "search-index-failed", "Pagefind 没有生成索引文件 pagefind-entry.json")
    report = IndexReport(
        pages=sum(counts),
        seconds=seconds,
        bytes=_folder_bytes(bundle),
        bundle=bundle,
        shards=shards,
        reused=reused,
    )
    if say:
        if len(reused) == len(shards):
            how = "，页面未变，沿用上次的索引"
        elif reused:
            how = f"，{len(shards)} 个分片中 {len(reused)} 个页面未变，沿用上次的索引"
        else:
            how = f"，{len(shards)} 个分片"
        say(f"搜索索引：{report.pages} 个页面，{report.bytes / 1024:.0f} KB（{report.seconds:.2f} 秒{how}）")
    return report


def indexed_pages(bundle: str) -> int | None:
    """Pages in one Pagefind bundle (a shard), from its entry file; None when there is no valid bundle."""
    try:
        with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as handle:
            entry = json.load(handle)
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def index_for_build(settings: dict, folder: str, failure: type[Exception]) -> IndexReport:
    """The build's step: index ``folder`` or raise ``failure(messages)`` (``output/`` stays untouched).

    The build passes its own ``BuildFailed``: importing it from here would load a
    second copy of ``wfu.build`` when that runs as ``python -m wfu.build``.  Where the
    build reports :class:`ContentErrors` itself, it calls :func:`index_site` directly.
    """
    try:
        return index_site(settings, folder)
    except SearchError as failed:
        raise failure(failed.messages) from None
