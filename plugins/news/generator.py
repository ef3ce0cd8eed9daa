"""Pelican adapter for news: reader registration, collection checks, views.

Pelican's ArticlesGenerator does the reading, pagination, category/tag/year
pages and feeds; this module adds what it lacks: our reader, previous/next
and related articles, the cover photos, and two views, published when Pelican
has read the articles (``article_generator_finalized``, phase one, before any
page is written): ``views.news`` (:class:`NewsIndex`: featured and latest
articles, categories in configured order, years) and ``views.home`` (the home
portal, :mod:`plugins.news.portal`).  Nothing is written here.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from pelican.generators import Generator

from plugins.common.cache import cache_key, code_hash, read_verified, stable_repr, write_verified
from plugins.common.pelican_content import publish_photos
from plugins.common.photos import process_photo
from plugins.site.buildcontext import BuildContext, publish_view
from plugins.site.readers import route_markdown

from .model import RelatedEntry, related_map
from .portal import FirstScreen, build_portal
from .reader import NewsReader
from .settings import NewsConfig, news_config


class ArticleList(list):
    """A taxonomy's list of articles whose ``in`` takes constant time.

    Pelican writes every tag, category and author page with
    ``[a for a in self.dates if a in articles]``: each of the site's articles
    tested against the taxonomy's list, 5,000 × 40 tags × ~125 comparisons at
    5,000 articles (≈ 0.6 s of every build, plain Pelican's too).  Pelican's
    content objects define no ``__eq__``, so ``in`` is identity, which a set of
    ids answers at once.  The set follows ``append`` (how Pelican fills the list)
    and is made again after any other change.  Where ``==`` is more than identity
    (the item looked up, or an item of the list, has a class with its own
    ``__eq__``: a list asks both) the list is searched as a list would be.  A copy
    (``copy``, ``deepcopy``, ``pickle``) makes its own set: ids are those of the
    items of one list in one process, never shared.
    """

    _ids: set[int] | bool | None = None  # None: not made yet; False: an item compares by its own __eq__

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._ids = None

    def __getstate__(self) -> None:
        return None  # copies and unpickled lists start without the set (the items are added by append)

    def append(self, item) -> None:
        super().append(item)
        ids = self._ids
        if isinstance(ids, set):
            if type(item).__eq__ is object.__eq__:
                ids.add(id(item))
            else:
                self._ids = False

    def __contains__(self, item) -> bool:
        if type(item).__eq__ is not object.__eq__:
            return super().__contains__(item)
        ids = self._ids
        if ids is None:
            plain = all(kind.__eq__ is object.__eq__ for kind in set(map(type, self)))
            ids = self._ids = set(map(id, self)) if plain else False
        if ids is False:
            return super().__contains__(item)
        return id(item) in ids


def _forgetting_ids(name: str):
    """``list.<name>``, after which an :class:`ArticleList` makes its set of ids again."""
    method = getattr(list, name)

    def changed(self: ArticleList, *args):
        self._ids = None
        return method(self, *args)

    changed.__name__ = name
    return changed


for _name in (
    "extend",
    "insert",
    "remove",
    "pop",
    "clear",
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
):
    setattr(ArticleList, _name, _forgetting_ids(_name))
del _name


def taxonomy_lists(generator) -> None:
    """Fill tags, categories and authors as :class:`ArticleList` (``article_generator_pretaxonomy``)."""
    for name in ("tags", "categories", "authors"):
        if isinstance(getattr(generator, name, None), defaultdict):
            setattr(generator, name, defaultdict(ArticleList))


def add_reader(readers) -> None:
    """Use :class:`NewsReader` for every ``.md`` file no other section's folder claims."""
    route_markdown(readers, NewsReader, None)


@dataclass(frozen=True)
class CategoryEntry:
    """A configured category with its Pelican wrapper and article count."""

    name: str
    slug: str
    url: str
    count: int


@dataclass(frozen=True)
class YearEntry:
    year: int
    count: int
    url: str


@dataclass(frozen=True)
class NewsIndex:
    """What templates need of the news beyond Pelican's own context: ``views.news``."""

    featured: list
    latest: list
    categories: list[CategoryEntry]
    years: list[YearEntry]  # newest first


def finalize_articles(generator) -> None:
    """Link articles to each other, make their covers, publish ``views.news`` and ``views.home``."""
    config = news_config(generator.settings.get("NEWS"))
    articles = generator.articles  # published only, newest first
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        article.older_article = articles[index + 1] if index + 1 < len(articles) else None
    related = remembered_related_map(
        [
            RelatedEntry(a, tuple(t.name for t in getattr(a, "tags", [])), a.category.name, a.date)
            for a in articles
        ],
        config.related_count,
        generator.settings.get("PHOTO_CACHE_PATH"),
    )
    for article in articles:
        article.related_articles = related.get(article, [])
    build = BuildContext.of(generator.context)
    root = build.site.config.content_root
    for article in articles:
        cover = getattr(article, "cover", None)
        if cover:
            photo = process_photo(
                os.path.join(root, cover),
                generator.settings["PHOTO_CACHE_PATH"],
                config.cover_widths,
                limits=build.site.config.limits,
            )
            article.cover_photo = photo  # copied by NewsPhotosGenerator in phase two
    index = build_index(articles, config, generator.settings)
    publish_view(generator.context, "news", index)
    routes = build.site.config.routes
    urls = {
        "associations": routes.url("ASSOCIATIONS"),
        "map": routes.url("ASSOCIATIONS_MAP"),
        "donate": routes.url("DONATE_INDEX"),
        "wall": routes.url("DONATE_WALL"),
    }
    counts = FirstScreen(
        config.slides_count, config.notices_category, config.notices_count, config.home_latest_count
    )
    portal = build_portal(
        articles, index.featured, index.categories, build.site, build.today, urls, counts=counts
    )
    publish_view(generator.context, "home", portal)


RELATED_CACHE = "news/related.json"  # below the build's cache root


def remembered_related_map(entries: list[RelatedEntry], count: int, cache_root: str | None) -> dict:
    """:func:`related_map`, remembered from the last build while its inputs are the same.

    It compares every article with its neighbours in each tag and category
    (about a second at 5,000 articles) although an edit rarely changes a tag, a
    category or a date.  The stored result (positions in ``entries``) is used
    only under the key of exactly what the function reads (each entry's source,
    tags, category and date, in order), ``count`` and the code of
    :mod:`plugins.news.model`.
    """
    if not cache_root:
        return related_map(entries, count)
    key = cache_key(
        code_hash("plugins.news.model"),
        str(count),
        "\n".join(
            f"{getattr(e.key, 'source_path', '')}|{stable_repr(e.tags)}|{e.category}|{e.date.isoformat()}"
            for e in entries
        ),
    )
    path = os.path.join(cache_root, RELATED_CACHE)
    stored = read_verified(path)
    try:
        saved = json.loads(stored) if stored else None
    except ValueError:
        saved = None
    if isinstance(saved, dict) and saved.get("key") == key and len(saved.get("related", ())) == len(entries):
        return {entry.key: [entries[i].key for i in saved["related"][n]] for n, entry in enumerate(entries)}
    related = related_map(entries, count)
    index = {id(entry.key): n for n, entry in enumerate(entries)}
    positions = [[index[id(other)] for other in related.get(entry.key, [])] for entry in entries]
    try:
        write_verified(path, json.dumps({"key": key, "related": positions}).encode())
    except OSError:
        pass  # computed again next time
    return related


def build_index(articles: list, config: NewsConfig, settings: dict) -> NewsIndex:
    featured = [a for a in articles if getattr(a, "featured", False)][: config.featured_count]
    shown = {id(a) for a in featured}
    latest = [a for a in articles if id(a) not in shown][: config.latest_count]
    counts: dict[str, int] = {}
    years: dict[int, int] = {}
    for article in articles:
        counts[article.category.name] = counts.get(article.category.name, 0) + 1
        years[article.date.year] = years.get(article.date.year, 0) + 1
    url_pattern = settings["CATEGORY_URL"]
    categories = [
        CategoryEntry(name, slug, url_pattern.format(slug=slug), counts.get(name, 0))
        for name, slug in config.categories
    ]
    return NewsIndex(
        featured=featured,
        latest=latest,
        categories=categories,
        years=[
            YearEntry(year, count, settings["YEAR_ARCHIVE_URL"].format(date=datetime(year, 1, 1)))
            for year, count in sorted(years.items(), reverse=True)
        ],
    )


class NewsPhotosGenerator(Generator):
    """Copies the cover derivatives made in phase one into ``PHOTOS_URL`` (phase two).

    The published articles carry their covers (``cover_photo``), so no other
    state is kept: each derivative once, however many articles share it.
    """

    def generate_context(self):
        pass

    def generate_output(self, writer):
        covers = (getattr(article, "cover_photo", None) for article in self.context.get("articles", ()))
        publish_photos(self, {photo.digest: photo for photo in covers if photo is not None}.values())


def get_generators(pelican):
    return NewsPhotosGenerator
