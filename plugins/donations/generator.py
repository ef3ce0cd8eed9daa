"""Pelican adapter for donations: /donate/, project pages, donor wall, statistics.

Phase one validates projects, gift records and graduate counts and computes
every total (in Decimal) and the donor wall; phase two writes the pages.
Only :class:`PublicGift`/:class:`WallEntry` objects reach the templates, so
an anonymous donor's name cannot appear in any output file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pelican.generators import Generator

from plugins.common.charts import Bar, bar_chart_svg
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.images import ImageSizes, check_image_file
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import linked_html, write_page
from plugins.common.registries import NO_REGISTRIES, Registries

from .model import (
    ProjectView,
    Stats,
    WallYear,
    donor_wall,
    load_gifts,
    load_graduates,
    load_projects,
    progress,
    public,
    statistics,
)
from .settings import donations_config


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    config = donations_config(settings.get("DONATIONS"))
    root = settings["PATH"]
    sizes = ImageSizes()
    projects, errors = load_projects(root, config, registries, sizes)
    errors += load_gifts(root, config, projects, registries)[1]
    errors += load_graduates(root, config, registries)[1]
    for channel in config.channels.get("online", ()):
        image = str(channel.get("image", "")).lstrip("/")
        for error in check_image_file("/" + image, 0, "pelicanconf.py", os.path.join(root, "x"), root, sizes):
            errors.append(ContentError("pelicanconf.py", 0, error.key, f"DONATIONS['channels']['online']：{error.message}"))
    return errors


@dataclass(frozen=True)
class DonationsIndex:
    """Everything the donation pages show, already computed."""

    projects: list[ProjectView]
    projects_by_id: dict[str, ProjectView]
    open_projects: list[ProjectView]
    recent: list
    wall: list[WallYear]
    stats: Stats
    participation_chart: str
    channels: dict
    urls: dict[str, str]


class DonationsGenerator(Generator):
    """Reads ``content/donors/`` and ``content/data/graduates.yml``."""

    def generate_context(self):
        s = self.settings
        config = donations_config(s.get("DONATIONS"))
        columns = self.context.get("colleges_by_id", {})
        articles = self.context.get("articles", [])
        stories = {f"{a.date:%Y}/{a.slug}": a for a in articles}
        stories.update({a.slug: a for a in reversed(articles)})  # the newest wins a shared slug
        registries = Registries(
            colleges={cid: c.name for cid, c in columns.items()} if columns else None,
            news={key: article.url for key, article in stories.items()},
        )
        projects, errors = load_projects(self.path, config, registries)
        gifts, gift_errors = load_gifts(self.path, config, projects, registries)
        graduates, graduate_errors = load_graduates(self.path, config, registries)
        if errors or gift_errors or graduate_errors:  # normally caught by the pre-build check
            raise ContentErrors(errors + gift_errors + graduate_errors)
        renderer = BodyRenderer(self.path, s["MARKDOWN"], ImageSizes())
        self.views = []
        for project in projects:
            own = [g for g in gifts if g.project == project.id]
            made = progress(own)
            view = ProjectView(
                project=project,
                url=s["DONATION_PROJECT_URL"].format(id=project.id),
                progress=made,
                percent=made.percent(project.target),
                gifts=[public(g) for g in own],
            )
            view.html = renderer.render(project.body, project.source_path)
            view.stories = list({id(stories[g.story]): stories[g.story] for g in own if g.story in stories}.values())
            for article in view.stories:
                linked = getattr(article, "donation_projects", [])
                if all(other is not view for other in linked):
                    article.donation_projects = [*linked, view]
            self.views.append(view)
        by_college: dict[str, list[ProjectView]] = {}
        for view in self.views:
            if view.college:
                by_college.setdefault(view.college, []).append(view)
        stats = statistics(gifts, projects, graduates, list(columns))
        rated = [row for row in stats.by_class_year if row.rate is not None]
        chart = bar_chart_svg(
            [Bar(f"{row.class_year}届", row.rate, f"{row.rate}%") for row in rated],
            "各届校友捐赠参与率",
            "；".join(f"{row.class_year}届 {row.rate}%（{row.alumni_donors}/{row.graduates}）" for row in rated),
        ) if rated else ""  # fmt: skip
        self.index = DonationsIndex(
            projects=self.views,
            projects_by_id={v.id: v for v in self.views},
            open_projects=[v for v in self.views if v.status == "open"],
            recent=[public(g) for g in gifts[: config.recent_count]],
            wall=donor_wall(gifts, config.tiers),
            stats=stats,
            participation_chart=chart,
            channels=dict(config.channels),
            urls={name: s[f"DONATE_{name.upper()}_URL"] for name in ("index", "wall", "stats")},
        )
        self.context["donations"] = self.index
        self.context["donation_projects_by_college"] = by_college

    def generate_output(self, writer):
        s = self.settings
        for view in self.views:
            save_as = s["DONATION_PROJECT_SAVE_AS"].format(id=view.id)
            view.content = linked_html(view.html, view.name, view.url, save_as, s, view.source_path, self.context)
        for name in ("index", "wall", "stats"):
            write_page(self, writer, f"DONATE_{name.upper()}", f"donate/{name}")
        for view in self.views:
            write_page(self, writer, "DONATION_PROJECT", "donate/project", {"id": view.id}, project=view)


def get_generators(pelican):
    return DonationsGenerator
