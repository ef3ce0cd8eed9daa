"""校友捐赠 as a registered section: projects, gift records, graduate counts and their pages.

Loading validates the projects (→ colleges, news), the gift records
(→ projects, news stories) and the graduate counts, and joins each project
with its gifts, the news that tell their stories and its progress.  Only
:class:`PublicGift`/:class:`WallEntry` objects reach the templates, so an
anonymous donor's name cannot appear in any output file; every sum shown goes
through :mod:`plugins.donations.disclosure`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.common.errors import ContentError
from plugins.common.files import field_line
from plugins.common.images import ImageSizes, check_image_file
from plugins.common.registries import Registries
from plugins.common.safehtml import trusted
from plugins.common.section import (
    Body,
    ImageRef,
    LoadContext,
    Loaded,
    PageSpec,
    RenderContext,
    Route,
    Routes,
    Section,
)
from plugins.news.model import article_keys

from .model import (
    Gift,
    GraduateCount,
    Progress,
    Project,
    ProjectView,
    Stats,
    WallYear,
    donor_wall,
    load_gifts,
    load_graduates,
    load_projects,
    participation_chart,
    progress,
    project_files,
    public,
)
from .settings import DonationsConfig, donations_config


@dataclass(frozen=True)
class ProjectNode:
    """A donation project with its gift records and the news that tell their stories."""

    project: Project
    url: str
    gifts: tuple[Gift, ...] = ()  # newest first
    stories: tuple[Any, ...] = ()  # plugins.site.graph.NewsArticle, newest first
    progress: Progress | None = None

    @property
    def id(self) -> str:
        return self.project.id


@dataclass(frozen=True)
class Donations:
    """The section's content: projects (in display order) with their joins, every gift, graduate counts."""

    projects: Mapping[str, ProjectNode]
    gifts: tuple[Gift, ...]
    graduates: tuple[GraduateCount, ...]


@dataclass(frozen=True)
class DonationsView:
    """``views.donations``: everything the donation pages, the home page and the API show."""

    projects: list[ProjectView]
    open_projects: list[ProjectView]
    closed_projects: list[ProjectView]
    recent: list
    wall: list[WallYear]
    stats: Stats
    participation_chart: str
    channels: dict
    urls: dict[str, str]
    preset_amounts: tuple[int, ...] = ()
    after_giving: dict | None = None
    by_college: Mapping[str, list[ProjectView]] = field(default_factory=dict)
    by_story: Mapping[str, list[ProjectView]] = field(default_factory=dict)  # article URL -> projects

    @property
    def items(self) -> Mapping[str, ProjectView]:
        return {view.id: view for view in self.projects}

    @property
    def projects_by_id(self) -> Mapping[str, ProjectView]:
        return self.items


def load(context: LoadContext) -> Loaded:
    config: DonationsConfig = context.config
    root, sizes = context.root, context.sizes
    published = context.uses("news").items.published
    keys = article_keys(published)
    registries = Registries(colleges=context.ids("colleges"), news={k: a.url for k, a in keys.items()})
    projects, errors = load_projects(root, config, registries, sizes)
    gifts, found = load_gifts(root, config, projects, registries, context.this_year)
    errors += found
    graduates, found = load_graduates(root, config, registries)
    errors += found
    errors += _channel_image_errors(config, root, sizes)
    nodes = {}
    for project in projects:
        own = tuple(g for g in gifts if g.project == project.id)
        stories = tuple({id(keys[g.story]): keys[g.story] for g in own if g.story in keys}.values())
        url = context.routes.url("DONATION_PROJECT", id=project.id)
        nodes[project.id] = ProjectNode(project, url, own, stories, progress(own))
    names = {p.id: p.name for p in projects}
    for source_path in project_files(root, config):  # a broken file still exists for the others
        names.setdefault(os.path.splitext(os.path.basename(source_path))[0], "")
    bodies = tuple(Body.of(p.path, p.source_path, p.body, p.body_line) for p in projects)
    images = tuple(ImageRef(p.cover, p.path, field_line(p.source_path, "cover")) for p in projects if p.cover)
    images += tuple(
        ImageRef(str(c.get("image", "")).lstrip("/"), "pelicanconf.py", 0)
        for c in config.channels.get("online", ())
        if str(c.get("image", "")).lstrip("/")
    )
    return Loaded(Donations(nodes, tuple(gifts), tuple(graduates)), tuple(errors), names, bodies, images)


def _channel_image_errors(config: DonationsConfig, root: str, sizes: ImageSizes) -> list[ContentError]:
    """The configured payment QR codes (WeChat Pay, Alipay) must exist and be readable images."""
    errors = []
    for channel in config.channels.get("online", ()):
        image = str(channel.get("image", "")).lstrip("/")
        for error in check_image_file("/" + image, 0, "pelicanconf.py", os.path.join(root, "x"), root, sizes):
            message = f"DONATIONS['channels']['online']：{error.message}"
            errors.append(ContentError("pelicanconf.py", 0, error.key, message, "DONATIONS"))
    return errors


def pages(donations: Donations, routes: Routes) -> Iterable[PageSpec]:
    for name in ("index", "wall", "stats"):
        yield routes.page(f"DONATE_{name.upper()}", f"donate/{name}")
    for node in donations.projects.values():
        source = node.project.source_path
        yield routes.page(
            "DONATION_PROJECT", "donate/project", item=node.id, as_name="project", source=source, id=node.id
        )


def views(donations: Donations, render: RenderContext) -> DonationsView:
    config: DonationsConfig = render.config("donations")
    made: list[ProjectView] = []
    by_story: dict[str, list[ProjectView]] = {}
    for node in donations.projects.values():
        project = node.project
        assert node.progress is not None
        view = ProjectView(
            project=project,
            url=node.url,
            progress=node.progress,
            percent=node.progress.percent(project.target),
            gifts=[public(g) for g in node.gifts],
        )
        view.html = render.body(project.body, project.source_path, project.path, project.body_line)
        if project.cover:
            view.cover_size = render.image_size(project.cover)
        view.stories = [a for a in (render.article(s.source_path) for s in node.stories) if a is not None]
        for article in view.stories:
            by_story.setdefault(article.url, []).append(view)
        made.append(view)
    by_college: dict[str, list[ProjectView]] = {}
    for view in made:
        if view.college:
            by_college.setdefault(view.college, []).append(view)
    figures = render.site.figures  # the home page's figures count from the same lists
    open_ids = set(figures.open_projects)
    by_id = {v.id: v for v in made}
    gifts = list(donations.gifts)
    return DonationsView(
        projects=made,
        open_projects=[by_id[pid] for pid in figures.open_projects],
        closed_projects=[v for v in made if v.id not in open_ids],
        recent=[public(g) for g in gifts[: config.recent_count]],
        wall=donor_wall(gifts, config.tiers),
        stats=figures.stats,
        participation_chart=trusted(participation_chart(figures.stats)),
        channels=dict(config.channels),
        preset_amounts=config.preset_amounts,
        after_giving=dict(config.after_giving),
        urls={name: render.routes.url(f"DONATE_{name.upper()}") for name in ("index", "wall", "stats")},
        by_college=by_college,
        by_story=by_story,
    )


def publish(view: DonationsView, render: RenderContext) -> None:
    """Links in the project descriptions resolve once every page is known (output phase)."""
    for project in view.projects:
        project.content = render.linked(
            project.html, project.name, "DONATION_PROJECT", project.source_path, id=project.id
        )


SECTION = Section(
    name="donations",
    setting="DONATIONS",
    configure=donations_config,
    load=load,
    routes=(
        Route("DONATE_INDEX", "donate/", "donate/index.html"),
        Route("DONATE_WALL", "donate/wall/", "donate/wall/index.html"),
        Route("DONATE_STATS", "donate/stats/", "donate/stats/index.html"),
        Route("DONATION_PROJECT", "donate/projects/{id}/", "donate/projects/{id}/index.html"),
    ),
    pages=pages,
    depends=("colleges", "news"),
    views=views,
    publish=publish,
)
