"""The data API (``/api/v1/*.json`` for the mini-program) as a registered section.

Every document is made from the views the other sections built for their
pages (``render.views``), read in the output phase when all of them are
complete: the API can therefore show nothing the pages do not, and agrees with
them on every count.  A site without one of those sections (``SECTIONS``) has
no such document; that is why the section declares no ``depends`` (a missing
dependency would be a settings error) and reads ``render.views`` only in
``publish``, after every view was built.

The JSON files go through ``render.write_bytes`` (never Pelican's writer, so
they stay out of the sitemap; the output scan reads every file written); the
``/api/v1/`` HTML page naming them is an ordinary page of the page list.  Paths
come from the ``API_*_URL``/``API_*_SAVE_AS`` settings, checked once by
:func:`plugins.api.settings.api_config` (``site.config.api``).

Not yet from views: Pelican's articles (``render.articles()``: news is the
loader's last step, no section).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.common.safehtml import json_text
from plugins.common.section import LoadContext, Loaded, PageSpec, RenderContext, Route, Routes, Section

from . import model
from .settings import ApiConfig


@dataclass
class ApiView:
    """``views.api``: the documents written (name -> absolute URL), filled in the output phase."""

    config: ApiConfig
    base: str  # absolute site root of every link in the documents
    written: dict[str, str] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)  # "index": the rows of the /api/v1/ page


def _configure(value: Any) -> None:
    """The ``API`` setting is checked with its URL pairs by the loader (``site.config.api``)."""
    return None


def load(context: LoadContext) -> Loaded:
    return Loaded(None)


def pages(items: Any, routes: Routes) -> Iterable[PageSpec]:
    # /api/v1/ itself: an HTML page naming every document (it was a directory listing
    # locally and a 403 on nginx).  Links are site-relative, so they work on any host.
    yield routes.page("API_PAGE", "api/index", item="index", as_name="api_documents")


def _base(settings: Mapping[str, Any]) -> str:
    """Absolute site root: SITEURL when publishing, the preview server otherwise."""
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")


def views(items: Any, render: RenderContext) -> ApiView:
    return ApiView(render.site.config.api, _base(render.settings))


def _url(view: ApiView, name: str, **slots: Any) -> str:
    return model.absolute(view.base, view.config.urls[name].format(**slots)) or ""


def _write(view: ApiView, render: RenderContext, name: str, document: dict, **slots: Any) -> None:
    data = json_text(document)  # <, > and & as \u003c…: harmless if anything sniffs it as HTML
    render.write_bytes(view.config.save_as[name].format(**slots), (data + "\n").encode("utf-8"))


def publish(view: ApiView, render: RenderContext) -> None:
    news(view, render)
    for name, document in (
        ("events", events),
        ("colleges", colleges),
        ("associations", associations),
        ("achievements", achievements),
        ("donation_projects", donation_projects),
        ("jobs", jobs),
    ):
        made = document(view, render)
        if made is not None:
            _write(view, render, name, made)
            view.written[name] = _url(view, name)
    settings = render.settings
    index = model.index_document(
        view.config.version, view.written, settings.get("SITENAME", ""), render.today
    )
    _write(view, render, "index", index)
    view.items["index"] = model.index_rows(view.config.urls, list(view.written))


# ------------------------------------------------------------------ news


def news(view: ApiView, render: RenderContext) -> None:
    """The paged news list and one document per article, with tombstones for withdrawn and removed ones.

    An article whose page kept its key (incremental output) keeps its document
    too: the document is made from the page's inputs only.  A renamed
    article's old document stays (the new content under the old path), like
    its old page.
    """
    config, base, version = view.config, view.base, view.config.version
    articles = render.articles()  # published only, newest first
    wechat = render.views.get("wechat")
    landings = wechat.landings if wechat is not None else {}
    article_url = render.settings["ARTICLE_URL"]
    current = {(f"{a.date:%Y}", a.slug) for a in articles}
    redirects = [(r.source, r.target) for r in render.site.redirects.values()]
    renamed = [
        (year, slug, url)
        for year, slug, url in model.renamed_articles(redirects, article_url)
        if (year, slug) not in current
    ]
    wanted = {url for _, _, url in renamed}
    items, documents = [], {}  # article URL -> its document
    for article in articles:
        slots = {"year": f"{article.date:%Y}", "slug": article.slug}
        landing = landings.get(article.url)
        item = model.news_item(
            article, base, config.urls["article"].format(**slots), landing.covers if landing else None
        )
        items.append(item)
        if article.url not in wanted and render.reuse(
            article.save_as, config.save_as["article"].format(**slots)
        ):
            continue
        documents[article.url] = model.article_document(item, article, article.content, version, base)
        _write(view, render, "article", documents[article.url], **slots)
    for year, slug, url in renamed:
        if url in documents:
            _write(view, render, "article", documents[url], year=year, slug=slug)
    tombstones(view, render, current, redirects, documents)
    page_url = lambda number: _url(view, "news") if number == 1 else _url(view, "news_page", number=number)  # noqa: E731
    for number, page in enumerate(model.news_pages(items, config.page_size, page_url, version), 1):
        if number == 1:
            _write(view, render, "news", page)
        else:
            _write(view, render, "news_page", page, number=number)
    view.written["news"] = _url(view, "news")


def tombstones(
    view: ApiView,
    render: RenderContext,
    current: set[tuple[str, str]],
    redirects: list[tuple[str, str]],
    documents: Mapping[str, dict],
) -> None:
    """撤稿 and removed articles: a tombstone keeps each locked document answering, without the article."""
    base, site = view.base, render.site
    gone: dict[tuple[str, str], tuple[str, str | None]] = {
        (f"{a.meta.date:%Y}", a.meta.slug): (a.url, None) for a in site.withdrawn_news
    }
    for year, slug, source, url in model.redirected_articles(redirects, render.settings["ARTICLE_URL"]):
        if (year, slug) not in current and url not in documents:  # not renamed to a published article
            gone.setdefault((year, slug), (source, model.absolute(base, url)))
    for (year, slug), (page, moved_to) in sorted(gone.items()):
        tombstone = model.withdrawn_document(
            f"{year}/{slug}", model.absolute(base, page) or "", view.config.version, moved_to
        )
        _write(view, render, "article", tombstone, year=year, slug=slug)


# ------------------------------------------------------------------ one function per other document


def events(view: ApiView, render: RenderContext) -> dict | None:
    found = render.views.get("events")
    return None if found is None else model.events_document(found, view.base, view.config.version)


def colleges(view: ApiView, render: RenderContext) -> dict | None:
    found = render.views.get("colleges")
    if found is None:
        return None
    achievements = render.views.get("achievements")
    profiles = achievements.by_slug if achievements else {}
    donations = render.views.get("donations")
    projects = donations.by_college if donations else {}
    counts = {
        column.id: (
            len(column.news),
            len([p for p in column.node.achievements if p.slug in profiles]),
            len(projects.get(column.id, [])),
        )
        for column in found.columns
    }
    return model.colleges_document(found.columns, counts, view.base, view.config.version)


def associations(view: ApiView, render: RenderContext) -> dict | None:
    found = render.views.get("associations")
    return None if found is None else model.associations_document(found, view.base, view.config.version)


def achievements(view: ApiView, render: RenderContext) -> dict | None:
    found = render.views.get("achievements")
    if found is None:
        return None
    photos_url = render.settings["PHOTOS_URL"]
    return model.achievements_document(found.profiles, view.base, photos_url, view.config.version)


def donation_projects(view: ApiView, render: RenderContext) -> dict | None:
    found = render.views.get("donations")
    return (
        None
        if found is None
        else model.donation_projects_document(found.projects, view.base, view.config.version)
    )


def jobs(view: ApiView, render: RenderContext) -> dict | None:
    found = render.views.get("enterprises")
    if found is None:
        return None
    return model.jobs_document(found.jobs, found.today, view.base, view.config.version)


SECTION = Section(
    name="api",
    setting=None,
    configure=_configure,
    load=load,
    # The page naming the documents; API_PAGE_URL/_SAVE_AS in pelicanconf.py may move it.
    routes=(Route("API_PAGE", "api/v1/", "api/v1/index.html"),),
    pages=pages,
    views=views,
    publish=publish,
)
