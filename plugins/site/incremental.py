"""Incremental output: a page whose inputs did not change is copied from the last build.

Why: after an editor changes one article, every one of thousands of article
pages used to be rendered again although only a handful differ (the article,
its neighbours, the few pages that list it as related).  Rendering is most of
a warm build; copying a file is a hundredth of it.

A page is reused only under a key that covers everything its bytes can
depend on (:func:`site_key`, :func:`article_page_keys`):

* **the site**: the code that renders (``plugins/``, ``theme/``, the settings
  files), every installed distribution's version, the settings (less the
  folders of this very build), the day the site is judged against and every
  ``SITE_*`` environment variable, and every content file that is *not* a news
  article (images, YAML data, standing pages);
* **the article**: its own source bytes; the path of every other article its
  page shows (older and newer, related: which articles, in which order; what
  the page shows of them is their metadata, below, never their bytes); the
  sources of every event and report article when the page shows an event block
  or a report link; and every page's URL when its body holds an intrasite link
  marker (``{filename}``, ``|static|`` …), which Pelican resolves at output time;
* **a paginated news list** (:class:`ListKeys`; all its pages together): the
  listed articles' paths in order, the pagination arguments and the news
  index's counts;
* **every article as any page can show it** (:func:`listing_key`, part of both
  keys above): the metadata of every news article, drafts included (title,
  date, summary, tags, event, cover …: all a template or a view can show of an
  article that is not its own), so a template that shows the latest titles in
  the header renders every page again after a title edit.

An article's *body* is the one input left out of other pages' keys (so an edit
that keeps an article's metadata, its summary included, renders that article's
page and nothing else: not its neighbours, not the lists it is in), and that is
not taken on trust: while a page is rendered, :class:`BodyReads` watches every
attribute the templates read, and a page that read the body of an article other
than its own is stored under a key no later build can match, so it is always
rendered.  A verify mode (``WFU_VERIFY_REUSE=1``) renders every page it would
copy and fails the build on the first byte that differs (``[reuse-mismatch]``);
the suite builds the fixture site that way after each kind of edit.

Files made only from an article page's inputs (its API document) are copied
when that page's key holds; the search index has a key of its own (the bytes
of every page it indexes, see ``wfu.search``).

So a change to anything outside the news articles renders every article page
again (correct, just not faster), and a change to one article renders that
article and the pages that show it.  A functional test edits a fixture site
in each of these ways and compares the incremental build with a clean one,
byte for byte.

Where the copies come from: after a build is published, :meth:`OutputMemo.save`
writes a manifest (the release folder, the key of every page it holds, the
files each list was paginated into) under the build cache.  The next build copies a page from that release when the key
is unchanged and the file is still there; a pruned release, a missing or
corrupt manifest, or any copy failure just means the page is rendered.
Releases are never written after they are published, and pages are copied,
not linked, so nothing written into the new release can reach the served one.

The Pelican side: :func:`plan_reuse` computes the keys once every context is
complete (``all_generators_finalized``) and puts them with a :class:`ReusePlan`
into the memo; the build's writer, supplied through Pelican's ``get_writer``
signal (:mod:`plugins.site.writer`), copies or renders each article page and
news list it is asked to write.  Feeds and every other section go through the
same writer and are always rendered: only a page with a key can be copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from plugins.common.cache import cache_key, file_digests, read_verified, stable_repr, write_verified
from plugins.common.errors import ContentError, ContentErrors

CACHE_FOLDER = "pages"  # below the build's cache root (PHOTO_CACHE_PATH)
MANIFEST = "manifest.json"
# Settings that name this build's own folders or only choose how the same pages are made
# (PARALLEL_OUTPUT: tests prove the output identical): not page inputs.  Settings carry no
# objects: the graph and the memo travel in the build context (plugins.site.buildcontext).
VOLATILE_SETTINGS = frozenset({"OUTPUT_PATH", "PHOTO_CACHE_PATH", "PARALLEL_OUTPUT"})
# Folders of the project whose files shape rendered pages.
CODE_FOLDERS = ("plugins", "theme")
CODE_FILES = ("pelicanconf.py", "publishconf.py")
# Pelican's intrasite link syntax ({filename}x.md, |static|y.png): resolved at output time.
LINK_MARKER = re.compile(rb"[{|](?:filename|static|attach|index|tag|category|author)[|}]")
# Verify mode: render every page that would be copied and fail on any difference.
VERIFY_VARIABLE = "WFU_VERIFY_REUSE"
# What a template can read of a Pelican article that comes from its body, not its metadata.
BODY_ATTRIBUTES = frozenset(
    {"content", "_content", "get_content", "_get_content", "get_summary", "_get_summary"}
)
# A stored key no computed key equals: the page read another article's body, render it every time.
NEVER_REUSE = "read-other-bodies"


def manifest_name(output: str | None) -> str:
    """The memo file of builds into ``output`` (the ``output`` path itself, not the release it points to)."""
    if output is None:
        return MANIFEST
    digest = hashlib.sha256(os.path.abspath(output).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"manifest-{digest}.json"


class OutputMemo:
    """The last build's page keys, and this build's: which pages can be copied instead of rendered."""

    def __init__(self, cache_root: str | None, previous: dict | None = None, manifest: str = MANIFEST):
        self.cache_root = cache_root
        self.manifest = manifest  # file name under CACHE_FOLDER: one per output folder (manifest_name)
        previous = previous or {}
        self.previous_release: str = previous.get("release") or ""
        self.previous_keys: dict[str, str] = previous.get("pages") or {}
        self.keys: dict[str, str] = {}  # this build: output name -> key
        self.previous_trees: dict[str, str] = previous.get("trees") or {}
        self.trees: dict[str, str] = {}  # this build: output folder -> key (the search index)
        self.previous_groups: dict[str, dict] = previous.get("groups") or {}
        self.groups: dict[str, dict] = {}  # this build: first page -> {"key", "files"} (paginated lists)
        self.never: set[str] = set()  # this build's pages and lists that read another article's body
        self.writing: ReusePlan | None = None  # set by plan_reuse: what the writer may copy
        # This build: (source folder, target folder) -> the target exists and is not the source itself.
        self._folders: dict[tuple[str, str], bool] = {}

    @classmethod
    def open(cls, cache_root: str | None, output: str | None = None) -> OutputMemo:
        """The memo for one build into ``output``; empty (everything rendered) without a valid manifest.

        The memo names the release pages are copied from, which only builds
        into the same ``output`` create and prune (under that output's lock):
        so it is kept per output folder (:func:`manifest_name`).  Builds into
        two ``--output`` folders that share ``.cache`` never copy from each
        other's releases, one of which the other's build may be pruning.  The
        rest of the cache is content-addressed, written atomically and
        verified on reading, so sharing it needs no lock.
        """
        manifest = manifest_name(output)
        if not cache_root:
            return cls(None, manifest=manifest)
        stored = read_verified(os.path.join(cache_root, CACHE_FOLDER, manifest))
        try:
            previous = json.loads(stored) if stored else None
        except ValueError:
            previous = None
        if not isinstance(previous, dict) or not all(
            isinstance(previous.get(part), dict) for part in ("pages", "trees", "groups")
        ):
            previous = None
        return cls(cache_root, previous, manifest)

    def plan(self, keys: dict[str, str], writing: ReusePlan | None = None) -> None:
        """This build's keys (computed once every generator's context is complete) and how to use them."""
        self.keys.update(keys)
        if writing is not None:
            self.writing = writing

    def reuse(self, name: str, output_path: str) -> bool:
        """Copy ``name`` from the last release if its key is unchanged; False means: render it."""
        return self.page_unchanged(name) and self.reuse_file(name, output_path)

    def page_unchanged(self, name: str) -> bool:
        """The page ``name`` has the key it had in the last release (files made from its inputs can be copied)."""
        key = self.keys.get(name)
        return bool(key) and bool(self.previous_release) and self.previous_keys.get(name) == key

    def reuse_file(self, name: str, output_path: str) -> bool:
        """Copy one file from the last release (the caller has checked its key)."""
        if os.path.isabs(name) or ".." in name.split("/"):
            return False
        source = os.path.join(self.previous_release, name)
        target = os.path.join(output_path, name)
        folders = (os.path.dirname(source), os.path.dirname(target))
        ready = self._folders.get(folders)
        if ready is None:  # once per folder: thousands of pages share a few hundred folders
            ready = os.path.realpath(folders[0]) != os.path.realpath(folders[1])
            if ready:  # else building into the release itself: nothing to copy from
                try:
                    os.makedirs(folders[1], exist_ok=True)
                except OSError:
                    return False
            self._folders[folders] = ready
        if not ready:
            return False
        try:
            shutil.copyfile(source, target)  # a folder removed since: OSError, the page is rendered
        except OSError:
            return False
        return True

    def reuse_tree(self, name: str, key: str, output_path: str, skip: tuple[str, ...] = ()) -> bool:
        """Copy the folder ``name`` from the last release if its key is unchanged (files ending in ``skip`` left out).

        The key is recorded either way: a folder made anew under it is reusable next time.
        """
        self.trees[name] = key
        if self.previous_trees.get(name) != key or not self.previous_release:
            return False
        source = os.path.join(self.previous_release, name)
        target = os.path.join(output_path, name)
        if not os.path.isdir(source) or os.path.realpath(source) == os.path.realpath(target):
            return False
        try:
            shutil.copytree(source, target, ignore=lambda _, names: [n for n in names if n.endswith(skip)])
        except (OSError, shutil.Error):
            shutil.rmtree(target, ignore_errors=True)
            return False
        return True

    def reuse_group(self, group: str, key: str, output_path: str) -> list[str] | None:
        """Copy every file of a paginated list made under ``key`` last time; None means: render it."""
        before = self.previous_groups.get(group)
        if not isinstance(before, dict) or before.get("key") != key or not self.previous_release:
            return None
        files = before.get("files")
        if not isinstance(files, list) or not files:
            return None
        for name in files:
            if not self.reuse_file(name, output_path):
                return None
        self.groups[group] = {"key": key, "files": files}
        return files

    def record_group(self, group: str, key: str, files: list[str]) -> None:
        """The files one paginated list was rendered into, under its key."""
        self.groups[group] = {"key": key, "files": files}

    def never_reuse(self, name: str) -> None:
        """The page or list ``name`` read what its key does not cover: saved so that no later build copies it."""
        self.never.add(name)

    def child_state(self) -> dict:
        """What the forked output process learnt (see plugins.site.parallel)."""
        return {"groups": self.groups, "never": sorted(self.never)}

    def merge_child_state(self, state: dict) -> None:
        self.groups.update(state.get("groups") or {})
        self.never.update(state.get("never") or ())

    def mostly_unchanged(self) -> bool:
        """True when most article pages will be copied: their generator's process has time to spare."""
        if not self.keys or not self.previous_release or not os.path.isdir(self.previous_release):
            return False
        same = sum(1 for name, key in self.keys.items() if self.previous_keys.get(name) == key)
        return same * 2 > len(self.keys)

    def unchanged(self) -> tuple[int, int]:
        """How many of this build's article pages and list files the last release held under the same key."""
        if not self.previous_release or not os.path.isdir(self.previous_release):
            return 0, 0
        pages = sum(1 for name, key in self.keys.items() if self.previous_keys.get(name) == key)
        lists = sum(
            len(group["files"])
            for name, group in self.groups.items()
            if (self.previous_groups.get(name) or {}).get("key") == group["key"]
        )
        return pages, lists

    def summary(self) -> str:
        """One line for the editor: how much of the build was copied rather than rendered (after the output)."""
        if not self.keys:
            return ""
        pages, lists = self.unchanged()
        total = len(self.keys) + sum(len(group["files"]) for group in self.groups.values())
        return f"新闻页面：{pages + lists} 页与上次构建相同（直接复用），{total - pages - lists} 页重新生成"

    def save(self, release: str) -> None:
        """After a published build: ``release`` holds every page under this build's keys."""
        if not self.cache_root or not (self.keys or self.trees or self.groups):
            return
        manifest = {
            "release": os.path.realpath(release),
            "pages": {name: NEVER_REUSE if name in self.never else key for name, key in self.keys.items()},
            "trees": self.trees,
            "groups": {
                name: {**group, "key": NEVER_REUSE} if name in self.never else group
                for name, group in self.groups.items()
            },
        }
        try:
            write_verified(
                os.path.join(self.cache_root, CACHE_FOLDER, self.manifest),
                json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode(),
            )
        except OSError:
            pass  # the next build renders everything: slower, never wrong


def settings_repr(settings: dict) -> str:
    """The settings as text that is the same in every process; functions by their dotted name."""

    def plain(value):
        if callable(value) and hasattr(value, "__qualname__"):
            return f"<{getattr(value, '__module__', '?')}.{value.__qualname__}>"
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return tuple(plain(v) for v in value)
        return value

    return stable_repr({k: plain(v) for k, v in settings.items() if k not in VOLATILE_SETTINGS})


def installed_versions() -> str:
    """Every installed distribution with its version (a library upgrade can change a page)."""
    from importlib import metadata

    names = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return f"{sys.version}\n" + "\n".join(names)


def project_files(root: str) -> list[str]:
    """The code and theme files whose bytes shape rendered pages (compiled files left out)."""
    found = [os.path.join(root, name) for name in CODE_FILES if os.path.isfile(os.path.join(root, name))]
    for folder in CODE_FOLDERS:
        for path, dirs, files in os.walk(os.path.join(root, folder)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found += [os.path.join(path, name) for name in sorted(files) if not name.endswith(".pyc")]
    return found


def content_files(content_root: str) -> list[str]:
    """Every file under the content folder (symlinks are refused by the guard before this runs)."""
    found = []
    for path, dirs, files in os.walk(content_root):
        dirs.sort()
        found += [os.path.join(path, name) for name in sorted(files)]
    return found


def site_key(
    settings: dict,
    project_root: str,
    digests: dict[str, str],
    article_sources: Iterable[str],
    today: str,
    environ: dict[str, str],
) -> str:
    """What every page depends on besides the news articles (see the module docstring)."""
    articles = set(article_sources)
    content_root = settings["PATH"]
    code = [
        f"{os.path.relpath(path, project_root)}:{digests[path]}"
        for path in sorted(digests)
        if not path.startswith(content_root + os.sep)
    ]
    content = [
        f"{os.path.relpath(path, content_root)}:{digest}"
        for path, digest in sorted(digests.items())
        if path.startswith(content_root + os.sep) and path not in articles
    ]
    variables = sorted(f"{k}={v}" for k, v in environ.items() if k.startswith("SITE_"))
    return cache_key(
        "\n".join(code),
        installed_versions(),
        settings_repr(settings),
        today,
        "\n".join(variables),
        "\n".join(content),
    )


def article_page_keys(
    articles: list,
    site: str,
    digests: dict[str, str],
    event_urls: Iterable[str],
    page_urls: Iterable[tuple[str, str]],
    body_has_links: dict[str, bool],
) -> dict[str, str]:
    """``save_as`` -> key of every published article's page (see the module docstring).

    ``digests`` maps each article's source path to the hash of its bytes,
    ``event_urls`` are the URLs of the articles that show an event block or a
    report link, ``page_urls`` every ``(source, url)`` pair Pelican's links can
    point at, and ``body_has_links`` tells which sources hold a link marker.
    """

    def ident(article) -> str:
        return article_ident(article, digests)

    events = set(event_urls)
    event_group = cache_key(*sorted(ident(a) for a in articles if a.url in events))
    link_targets = cache_key(*sorted(f"{source}->{url}" for source, url in page_urls))
    keys = {}
    for article in articles:
        others = [getattr(article, "older_article", None), getattr(article, "newer_article", None)]
        others += list(getattr(article, "related_articles", None) or ())
        keys[article.save_as] = cache_key(
            site,
            ident(article),
            article.url,
            # Which articles, in order: what the page shows of them is in ``site`` (listing_key).
            "\n".join(other.source_path if other is not None else "-" for other in others),
            event_group if article.url in events else "",
            link_targets if body_has_links.get(article.source_path) else "",
        )
    return keys


def article_ident(article, digests: dict[str, str]) -> str:
    """An article in a key: its source path and the hash of its bytes."""
    return f"{article.source_path}:{digests.get(article.source_path, '?')}"


def listing_key(articles: Iterable, digests: dict[str, str]) -> str:
    """Every article as a page other than its own can show it: its metadata, not its body.

    Titles, dates, summaries, tags, categories, covers, event blocks and URLs
    are what headers, lists, neighbours, related articles and the views made
    from them show; a value without a stable text (an object's address) falls
    back to the article's bytes, so an unknown kind of value can only make the
    key change more often, never less.
    """
    return cache_key(*sorted(listing_ident(article, digests) for article in articles))


def listing_ident(article, digests: dict[str, str]) -> str:
    """One article in :func:`listing_key`."""
    parts = []
    for name, value in sorted(getattr(article, "metadata", {}).items()):
        text = _listed_value(value)
        if " at 0x" in text:
            return article_ident(article, digests)
        parts.append(f"{name}={text}")
    return f"{article.source_path}\n" + "\n".join(parts)


def _listed_value(value) -> str:
    from pelican.urlwrappers import URLWrapper

    if isinstance(value, URLWrapper):  # Category, Tag: what templates show and link to
        return f"{type(value).__name__}({value.name}|{value.slug}|{value.url})"
    if isinstance(value, list | tuple):
        return "(" + ", ".join(_listed_value(item) for item in value) + ")"
    return stable_repr(value)


class BodyReads:
    """Watches what the articles generator's templates read while one page is rendered.

    A page's key covers its own article's bytes but only the metadata of the
    others (:func:`listing_key`).  Every ``x.attr`` and ``x[key]`` in a Jinja
    template goes through ``Environment.getattr``/``getitem``; wrapping both
    on the generator's own environment tells whether a render read the body of
    another article, in which case the page is saved as never reusable.
    """

    def __init__(self, env) -> None:
        from pelican.contents import Content

        self.watching = False
        self.own = None
        self.read_other_body = False
        getattr_, getitem = env.getattr, env.getitem

        def note(obj) -> None:
            if self.watching and isinstance(obj, Content) and obj is not self.own:
                self.read_other_body = True

        # Every attribute a template reads passes here: the common case is one set lookup.
        def watched_getattr(obj, attribute):
            if attribute in BODY_ATTRIBUTES:
                note(obj)
            return getattr_(obj, attribute)

        def watched_getitem(obj, argument):
            if isinstance(argument, str) and argument in BODY_ATTRIBUTES:
                note(obj)
            return getitem(obj, argument)

        env.getattr, env.getitem = watched_getattr, watched_getitem

    def render(self, own, write) -> bool:
        """Run ``write()`` (one page or list) watching it; True when it read another article's body."""
        self.watching, self.own, self.read_other_body = True, own, False
        try:
            write()
        finally:
            self.watching, self.own = False, None
        return self.read_other_body


def reuse_mismatch(names: Iterable[str], previous_release: str, output_path: str) -> ContentErrors | None:
    """Verify mode: the files that would have been copied and differ from the ones just rendered."""
    differing = []
    for name in names:
        try:
            with open(os.path.join(previous_release, name), "rb") as old:
                before = old.read()
            with open(os.path.join(output_path, name), "rb") as new:
                same = before == new.read()
        except OSError:  # a file only one of the two builds has
            same = False
        if not same:
            differing.append(name)
    if not differing:
        return None
    return ContentErrors(
        ContentError(
            name,
            0,
            "reuse-mismatch",
            "增量构建会直接复用上次的这个页面，但重新生成的页面与它不同：复用的依据漏掉了某项输入，"
            "请把这个问题报告给网站维护人员（删除 .cache/pages 后构建可暂时绕过）",
        )
        for name in differing
    )


def has_link_marker(path: str) -> bool:
    """True when the source holds Pelican's intrasite link syntax."""
    with open(path, "rb") as handle:
        return LINK_MARKER.search(handle.read()) is not None


def plan_reuse(generators: list, memo: OutputMemo | None, today: date) -> None:
    """Compute every article page's key and tell the build's writer what it may copy.

    Called on ``all_generators_finalized`` with the build's memo and day
    (:func:`plugins.site.adapter.plan_output`): every context (events, WeChat
    landings, donation stories) is complete, and the output has not started,
    so the keys are known before any page is written, here or in the forked
    output process.  The copying itself is the writer's
    (:class:`plugins.site.writer.ReusingWriter`, supplied through Pelican's
    ``get_writer`` signal, which Pelican sends after this one).
    """
    from pelican.generators import ArticlesGenerator

    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is None or memo is None:
        return
    settings = articles.settings
    project_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    memo_file = os.path.join(memo.cache_root, CACHE_FOLDER, "digests.json") if memo.cache_root else None
    paths = project_files(project_root) + content_files(settings["PATH"])
    digests = file_digests(paths, memo_file)
    every_article = [
        *articles.articles,
        *articles.translations,
        *articles.hidden_articles,
        *articles.hidden_translations,
        *articles.drafts,
        *articles.drafts_translations,
    ]
    sources = {a.source_path for a in every_article}
    site = cache_key(
        site_key(settings, project_root, digests, sources, today.isoformat(), dict(os.environ)),
        listing_key(every_article, digests),
    )
    events = articles.context.get("views", {}).get("events")  # the events section's article blocks
    event_pages = events.pages if events is not None else {}
    generated = articles.context.get("generated_content", {})
    page_urls = [(source, getattr(item, "url", "")) for source, item in generated.items()]
    published = list(articles.articles)
    marked = {a.source_path: has_link_marker(a.source_path) for a in published}
    memo.plan(
        article_page_keys(published, site, digests, event_pages.keys(), page_urls, marked),
        ReusePlan(
            env=articles.env,
            lists=ListKeys(site, articles.context.get("views", {}).get("news")),
            reads=BodyReads(articles.env),
            verify=os.environ.get(VERIFY_VARIABLE, "") not in ("", "0"),
        ),
    )


@dataclass(frozen=True)
class ReusePlan:
    """What the writer needs to decide, page by page, between copying and rendering.

    Only pages rendered from the articles generator's templates (``env``) can
    be copied: every other generator writes through the same writer, and
    :class:`BodyReads` watches that environment only.
    """

    env: object  # the articles generator's Jinja environment
    lists: ListKeys
    reads: BodyReads
    verify: bool  # WFU_VERIFY_REUSE: render what would be copied and compare


# The news lists whose inputs ListKeys knows (theme/templates/news/list.html and its children).
LIST_TEMPLATES = frozenset({"index", "tag", "category", "period_archives"})


class ListKeys:
    """Keys of the paginated news lists: every file of one list is copied or rendered together.

    A list page shows the site (site key), its articles in order (their paths
    here; their titles, dates, summaries and covers are their metadata, in the
    site key through :func:`listing_key`, and a list that reads an article's
    body is never copied: :class:`BodyReads`), its pagination (the settings and
    the list's length) and the news index's category and year counts
    (``views.news``: ``category_nav`` and the year links in news/list.html).  Pelican also passes
    ``all_articles``, which no template uses (a test keeps it so); any other
    argument is included as it is, and one without a stable text (an object's
    address) makes the key unique, so the list is rendered.
    """

    def __init__(self, site: str, news) -> None:
        self.site = site
        self.news = self._news_text(news)

    def _ident(self, article) -> str:
        return article.source_path

    def _news_text(self, news) -> str:
        if news is None:
            return ""
        parts = [stable_repr(news.categories), stable_repr(news.years)]
        parts += [",".join(self._ident(a) for a in items) for items in (news.featured, news.latest)]
        return "\n".join(parts)

    def key(self, name: str, kwargs: dict) -> str | None:
        if kwargs.get("template_name") not in LIST_TEMPLATES or "articles" not in kwargs:
            return None
        parts = [self.site, self.news, name]
        for argument in sorted(kwargs):
            value = kwargs[argument]
            if argument == "all_articles":
                continue
            if argument in ("articles", "dates"):
                text = ",".join(self._ident(a) for a in value)
            elif argument in ("tag", "category"):
                text = f"{value.name}|{value.slug}|{value.url}|{value.save_as}"
            else:
                text = stable_repr(value)
                if " at 0x" in text:
                    return None
            parts.append(f"{argument}={text}")
        return cache_key(*parts)
