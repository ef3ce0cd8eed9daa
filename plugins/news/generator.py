"""Pelican adapter for news: reader registration, collection checks, context.

Pelican's ArticlesGenerator does the reading, pagination, category/tag/year
pages and feeds; this module adds what it lacks: our reader, previous/next
and related articles, the home page's featured/latest lists and category
navigation in configured order.  Everything is computed in phase one
(``article_generator_finalized``); nothing is written here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from plugins.common.dates import parse_date
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.files import display_path, markdown_files, read_text
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes, resolve_content_path
from plugins.common.links import internal_links
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.common.slugs import slugify

from .model import NewsSource, RelatedEntry, duplicate_url_errors, parse_news, related_map
from .reader import NewsReader
from .settings import NewsConfig, news_config


def add_reader(readers) -> None:
    """Use :class:`NewsReader` for every ``.md`` file."""
    readers.reader_classes["md"] = NewsReader


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
    """What templates need beyond Pelican's own context, under ``news``."""

    featured: list
    latest: list
    categories: list[CategoryEntry]
    years: list[YearEntry]  # newest first


def finalize_articles(generator) -> None:
    """Link articles to each other and publish :class:`NewsIndex` as ``news``."""
    config = news_config(generator.settings.get("NEWS"))
    articles = generator.articles  # published only, newest first
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        article.older_article = articles[index + 1] if index + 1 < len(articles) else None
    related = related_map(
        [
            RelatedEntry(a, tuple(t.name for t in getattr(a, "tags", [])), a.category.name, a.date)
            for a in articles
        ],
        config.related_count,
    )
    for article in articles:
        article.related_articles = related.get(article, [])
    generator.context["news"] = build_index(articles, config, generator.settings)


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


def registry(settings: dict) -> dict:
    """Published articles by ``YYYY/slug`` (and by ``slug`` where it is unique)."""
    config = news_config(settings.get("NEWS"))
    content_root = settings["PATH"]
    by_key: dict[str, str] = {}
    seen: dict[str, int] = {}
    for source_path in markdown_files(os.path.join(content_root, config.folder)):
        path = display_path(source_path, content_root)
        try:  # only what the URL needs: check() validates the rest
            raw = split_front_matter(read_text(source_path, path), path).meta
        except ContentErrors:
            continue
        date = parse_date(raw.get("date"))
        slug = str(raw["slug"]) if raw.get("slug") else slugify(str(raw.get("title") or ""))
        if raw.get("status", "published") != "published" or not date or not slug:
            continue
        url = settings["ARTICLE_URL"].format(date=date, slug=slug)
        by_key[f"{date:%Y}/{slug}"] = url
        seen[slug] = seen.get(slug, 0) + 1
        by_key.setdefault(slug, url)
    return {"news": {k: v for k, v in by_key.items() if "/" in k or seen.get(k) == 1}}


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    """Validate every news file without Pelican: all errors, with lines.

    Used by ``invoke check`` and before every build, so a bad file stops the
    build before anything is written.
    """
    config = news_config(settings.get("NEWS"))
    content_root = settings["PATH"]
    errors: list[ContentError] = []
    urls: list[tuple[str, str, int]] = []
    sources: dict[str, NewsSource] = {}
    sizes = ImageSizes()
    for source_path in markdown_files(os.path.join(content_root, config.folder)):
        path = display_path(source_path, content_root)
        try:
            text = read_text(source_path, path)
            source = parse_news(text, path, source_path, content_root, config, registries, sizes)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        sources[os.path.normpath(source_path)] = source
        if source.meta.status == "published":
            urls.append((path, source.meta.url, source.url_line))
    errors.extend(duplicate_url_errors(urls))
    errors.extend(_draft_link_errors(sources, content_root))
    return errors


def _draft_link_errors(sources: dict[str, NewsSource], content_root: str) -> list[ContentError]:
    """A published article must not link to a draft: the link would lead nowhere."""
    errors = []
    for source_path, source in sources.items():
        if source.meta.status != "published":
            continue
        for line, target in internal_links(source.body, source.body_line):
            linked = sources.get(resolve_content_path(target, source_path, content_root))
            if linked is not None and linked.meta.status == "draft":
                errors.append(
                    ContentError(
                        source.path,
                        line,
                        "link-to-draft",
                        f"链接指向草稿 {linked.path}，读者打不开：请先发布那篇文章，或删除这个链接",
                    )
                )
    return errors
