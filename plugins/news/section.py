"""校友新闻 as a registered section: every news file validated, its article pages owned.

Why a section like the others: news used to be the loader's own step between
the sections that news reads (colleges, achievements, associations) and those
that read news (donations, events, WeChat), with its own branches in the link
check, the URL registry and the image list.  As a section it declares what it
reads (``optional``: a site without one of those sections leaves that kind of id
unchecked, as before) and says the rest the generic way: ``pages`` (every
article's address, in the one URL registry), ``bodies``/``images`` (links
checked, images published), ``drafts``/``withdrawn`` (a link to one is refused
with its reason).

Rendering stays where it is, deliberately: Pelican's ArticlesGenerator writes
the article pages, the lists and the feeds from what the news reader
(``plugins/news/reader.py``) takes from this section's validated articles
(``Site.news``), so the pages here are ``written_by="articles"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from plugins.common.errors import ContentError
from plugins.common.files import display_path, markdown_files
from plugins.common.registries import Registries
from plugins.common.section import Body, ImageRef, LoadContext, Loaded, PageSpec, Routes, Section
from plugins.events.model import duplicate_number_errors
from plugins.site.sources import SourceFiles
from plugins.site.verdicts import news_verdict

from .model import SCHEDULED, NewsArticle, article_keys, duplicate_url_errors
from .settings import NewsConfig, news_config


@dataclass(frozen=True)
class News:
    """The section's content: every news file that validated (drafts too), newest first.

    ``registries`` are the ids the front matter was checked against; the
    preview's early page checks one article again with the same ones.
    """

    articles: tuple[NewsArticle, ...]
    registries: Registries

    @cached_property
    def published(self) -> tuple[NewsArticle, ...]:
        """The published articles, newest first (asked by several sections: made once)."""
        return tuple(a for a in self.articles if a.published)


def load(context: LoadContext) -> Loaded:
    """The articles and every error of theirs: fields, ids, duplicate URLs, lecture numbers, reports."""
    config: NewsConfig = context.config
    registries = _registries(context)
    articles, errors, broken_slugs, checked = _articles(context, config, registries)
    errors += _event_errors(articles, broken_slugs)
    news = News(tuple(articles), registries)
    published = news.published
    return Loaded(
        news,
        tuple(errors),
        bodies=tuple(checked[a.source_path] for a in published),
        images=tuple(ImageRef(a.meta.cover, a.path, a.source.cover_line) for a in published if a.meta.cover),
        drafts={a.source_path: a.path for a in articles if not a.published and not a.withdrawn},
        withdrawn={a.source_path: a.path for a in articles if a.withdrawn},
    )


def _registries(context: LoadContext) -> Registries:
    """The ids news front matter may name, from the sections loaded before news.

    Published profiles only (a draft is nothing a speaker may name); every id in
    the associations' data file; the series the events section configures (its
    setting: events itself loads after news).  A section that is not registered
    leaves its kind unchecked (``None``).
    """
    achievements = context.uses_optional("achievements")
    associations = context.uses_optional("associations")
    events = context.site_config.sections.get("events")
    return Registries(
        colleges=context.ids("colleges"),
        associations=associations.items.known if associations is not None else None,
        achievements=achievements.ids if achievements is not None else None,
        event_series=dict(events.series) if events is not None else None,
    )


def _articles(
    context: LoadContext, config: NewsConfig, registries: Registries
) -> tuple[list[NewsArticle], list[ContentError], set[str], dict[str, Body]]:
    """The articles (newest first), their errors, the slugs of files that did not validate, and their bodies.

    The bodies (what the site check reads: links and images) come with each verdict, by source path.

    A report naming one of those slugs is not a second error (:func:`_event_errors`).
    Scheduled publishing: an article dated after ``today`` (the site clock) is
    :data:`SCHEDULED` until that day, so no page, list, feed, API, search index,
    sitemap, WeChat export or calendar has it; the daily build publishes it
    (docs/编辑指南.md).
    """
    root, today = context.root, context.today
    sources = context.sources if context.sources is not None else SourceFiles()
    url_pattern = context.site_config.urls["ARTICLE_URL"]
    articles: list[NewsArticle] = []
    errors: list[ContentError] = []
    broken_slugs: set[str] = set()
    named: list[str] = []  # the slug each readable file asks for
    checked: dict[str, Body] = {}
    for source_path in markdown_files(os.path.join(root, config.folder)):
        path = display_path(source_path, root)
        verdict = news_verdict(
            sources.verdicts, source_path, path, root, config, registries, context.sizes, sources
        )
        errors.extend(verdict.errors)
        if verdict.unreadable:
            broken_slugs.add(os.path.splitext(os.path.basename(source_path))[0])
            continue
        named += [verdict.named] if verdict.named else []
        if verdict.source is None:
            continue
        source = verdict.source
        if _scheduled(source.meta.status, source.meta.date.date(), today):
            source = replace(source, meta=replace(source.meta, status=SCHEDULED))
        url = (
            url_pattern.format(date=source.meta.date, slug=source.meta.slug)
            if source.meta.status in ("published", "withdrawn")
            else ""
        )
        articles.append(NewsArticle(os.path.normpath(source_path), source, url))
        if verdict.body is not None:
            checked[os.path.normpath(source_path)] = verdict.body
    # A withdrawn article's URL keeps its notice: no other article may take it.
    errors += duplicate_url_errors([(a.path, a.url, a.source.url_line) for a in articles if a.url])
    articles.sort(key=lambda a: (a.meta.date, a.path), reverse=True)
    valid = {a.meta.slug for a in articles}
    broken_slugs.update(slug for slug in named if slug not in valid)
    return articles, errors, broken_slugs, checked


def _scheduled(status: str, day: date, today: date | None) -> bool:
    return status == "published" and today is not None and day > today


def _event_errors(news: list[NewsArticle], broken_slugs: set[str]) -> list[ContentError]:
    """Reports that exist and lecture numbers used once per series.

    A report that names a news file with errors of its own is not reported again.
    """
    published = [a for a in news if a.published]
    keys = article_keys(published)
    events = [(a.path, a.meta.event) for a in published if a.meta.event is not None]
    errors = duplicate_number_errors(events)
    for path, event in events:
        report = event.report
        if report and report not in keys and report.rsplit("/", 1)[-1] not in broken_slugs:
            errors.append(
                ContentError(
                    path,
                    event.report_line,
                    "unknown-report",
                    f"找不到活动报道“{report}”：请写已发布报道文章的网址名（slug），例如 report: 2023/xiao-you-da-jiang-tang，"
                    "年份/网址名可避免重名",
                    "event.report",
                )
            )
    return errors


def pages(news: News, routes: Routes) -> Iterable[PageSpec]:
    """Every article address (published and withdrawn), written by Pelican's ArticlesGenerator.

    Articles sharing a URL among themselves are reported by ``load``
    (``duplicate_url_errors``): one of them registers the address, the others
    stay ``{filename}`` targets without one (``url=""``), so the URL registry
    does not report them a second time.  A withdrawn article's address keeps
    its notice (written by plugins/urls): no other page may take it, and no
    ``{filename}`` link may lead to it.  No ``save_as``: ``ARTICLE_SAVE_AS``
    follows ``ARTICLE_URL`` (both checked when settings load), so the address
    is the one thing to register.
    """
    claimed = {a.url: a for a in reversed(news.articles) if a.url}  # a shared URL: the newest article's entry
    owners = {id(a) for a in claimed.values()}
    others = [a for a in reversed(news.articles) if a.url and id(a) not in owners]
    for article in [*claimed.values(), *others]:
        yield PageSpec(
            "ARTICLE",
            article.url if id(article) in owners else "",
            "",
            "article",
            item=f"{article.meta.date.year}/{article.meta.slug}",  # %Y, without strftime (5,000 calls)
            as_name="article",
            source=article.source_path,
            written_by="urls" if article.withdrawn else "articles",
            link_target=article.published,
        )


SECTION = Section(
    name="news",
    setting="NEWS",
    configure=news_config,
    load=load,
    pages=pages,
    optional=("colleges", "achievements", "associations"),
    claims_first=True,
)
