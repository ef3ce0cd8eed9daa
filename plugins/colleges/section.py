"""学院校友工作专栏 as a registered section: the college list every other section names.

Colleges load first (no dependencies): their ids are what news, profiles,
associations, projects and honours may name.  A college file with errors
still "exists" as an id, so one mistake gives one message, not one per
reference; a draft college is no id and no page yet.  Every college gets
``/colleges/<id>/`` and ``/colleges/<id>/news/`` (paginated by Pelican's
paginator, ``PAGINATED_TEMPLATES["college_news"]``) and an Atom feed when it
has news.  What belongs to a college comes from the content graph's joins
(``site.colleges``); other sections' views (profile cards) are looked up
when the pages are written, since every view exists by then.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.common.files import display_path, markdown_files
from plugins.common.registries import Registries
from plugins.common.section import Body, LoadContext, Loaded, PageSpec, RenderContext, Route, Routes, Section

from .model import College, load_colleges
from .settings import CollegesConfig, colleges_config

NEWS_PAGINATION = "college_news"  # the key of PAGINATED_TEMPLATES that sizes a college's news pages


@dataclass(frozen=True)
class Colleges:
    """The section's content: published colleges in display order (order, then id)."""

    config: CollegesConfig
    colleges: tuple[College, ...]
    present: bool  # the folder exists: without it, nothing checks the college others name


@dataclass
class CollegeColumn:
    """A college with what other sections published about it (``views.colleges.columns``)."""

    node: Any  # plugins.site.graph.CollegeNode
    url: str
    news_url: str
    feed_url: str
    news: list = field(default_factory=list)  # Pelican articles, newest first
    latest_news: list = field(default_factory=list)
    achievements: list = field(default_factory=list)  # profile views, set in the output phase
    intro: str = ""  # the body with links resolved, set in the output phase

    @property
    def college(self) -> College:
        return self.node.college

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def name(self) -> str:
        return self.node.name


@dataclass
class CollegesView:
    """``views.colleges``: the columns in display order and by id."""

    columns: list[CollegeColumn]
    by_id: Mapping[str, CollegeColumn]
    items: Mapping[str, CollegeColumn]


def load(context: LoadContext) -> Loaded:
    config: CollegesConfig = context.config
    root = context.root
    colleges, errors = load_colleges(root, config, Registries(), context.sizes)
    published = tuple(c for c in colleges if c.status == "published")  # a draft college is no id yet
    ids = {c.id: c.name for c in published}
    folder = os.path.join(root, config.folder)
    for source_path in markdown_files(folder):  # a file with errors is still a college: one message
        if display_path(source_path, root) in context.drafts:
            continue
        stem = os.path.splitext(os.path.basename(source_path))[0]
        ids.setdefault(stem, stem)
    return Loaded(
        Colleges(config, published, os.path.isdir(folder)),
        tuple(errors),
        ids=ids,
        bodies=tuple(Body.of(c.path, c.source_path, c.body, c.body_line) for c in published),
        drafts={c.source_path: c.path for c in colleges if c.status != "published"},
    )


def college_ids(loaded: Loaded | None) -> Mapping[str, str] | None:
    """The ids others may name; ``None`` without a colleges folder (then no reference is checked)."""
    if loaded is None or not loaded.items.present:
        return None
    return loaded.ids


def pages(content: Colleges, routes: Routes) -> Iterable[PageSpec]:
    yield routes.page("COLLEGES", "colleges/index")
    for college in content.colleges:
        yield routes.page(
            "COLLEGE",
            "colleges/college",
            item=college.id,
            as_name="column",
            source=college.source_path,
            id=college.id,
        )
        yield routes.page(
            "COLLEGE_NEWS",
            "colleges/news",
            item=college.id,
            as_name="column",
            paginate="news",
            paginated_as=NEWS_PAGINATION,
            id=college.id,
        )


def views(content: Colleges, render: RenderContext) -> CollegesView:
    routes, latest = render.routes, content.config.latest_news
    columns = []
    for node in render.site.colleges.values():
        news = [article for a in node.news if (article := render.article(a.source_path)) is not None]
        columns.append(
            CollegeColumn(
                node=node,
                url=routes.url("COLLEGE", id=node.id),
                news_url=routes.url("COLLEGE_NEWS", id=node.id),
                feed_url=routes.url("COLLEGE_FEED", id=node.id),
                news=news,
                latest_news=news[:latest],
            )
        )
    by_id = {column.id: column for column in columns}
    return CollegesView(columns=columns, by_id=by_id, items=by_id)


def publish(view: CollegesView, render: RenderContext) -> None:
    achievements = render.views.get("achievements")
    profiles = achievements.by_slug if achievements else {}
    for column in view.columns:
        c = column.college
        column.achievements = [profiles[p.slug] for p in column.node.achievements if p.slug in profiles]
        html = render.body(c.body, c.source_path, c.path, c.body_line)
        column.intro = render.linked(html, c.name, "COLLEGE", c.source_path, id=c.id)
        if column.news:
            render.write_feed(column.news, "COLLEGE_FEED", f"{column.name}校友新闻", id=column.id)


SECTION = Section(
    name="colleges",
    setting="COLLEGES",
    configure=colleges_config,
    load=load,
    routes=(
        Route("COLLEGES", "colleges/", "colleges/index.html"),
        Route("COLLEGE", "colleges/{id}/", "colleges/{id}/index.html"),
        Route("COLLEGE_NEWS", "colleges/{id}/news/", "colleges/{id}/news/index.html"),
        Route("COLLEGE_FEED", "colleges/{id}/feed.atom.xml", "colleges/{id}/feed.atom.xml"),
    ),
    pages=pages,
    views=views,
    publish=publish,
)
