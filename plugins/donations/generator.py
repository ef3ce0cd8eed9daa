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

from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import articles_by_source, trusted_html, write_page
from plugins.common.safehtml import trusted

from .model import ProjectView, Stats, WallYear, donor_wall, participation_chart, public


@dataclass(frozen=True)
class DonationsIndex:
    """Everything the donation pages show, already computed."""

    projects: list[ProjectView]
    projects_by_id: dict[str, ProjectView]
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


class DonationsGenerator(Generator):
    """Reads ``content/donors/`` and ``content/data/graduates.yml``."""

    def generate_context(self):
        s, site = self.settings, self.context["site"]
        config = site.config.donations
        articles = articles_by_source(self.context)
        sizes = ImageSizes()
        renderer = BodyRenderer.for_site(s, self.path, sizes)
        self.views = []
        stories_of: dict[str, list[ProjectView]] = {}
        for node in site.projects.values():
            project = node.project
            view = ProjectView(
                project=project,
                url=node.url,
                progress=node.progress,
                percent=node.progress.percent(project.target),
                gifts=[public(g) for g in node.gifts],
            )
            view.html = renderer.render(project.body, project.source_path, project.path, project.body_line)
            if project.cover:
                view.cover_size = sizes.size(os.path.join(self.path, project.cover))
            view.stories = [articles[a.source_path] for a in node.stories if a.source_path in articles]
            for article in view.stories:
                stories_of.setdefault(article.url, []).append(view)
            self.views.append(view)
        by_college: dict[str, list[ProjectView]] = {}
        for view in self.views:
            if view.college:
                by_college.setdefault(view.college, []).append(view)
        gifts = list(site.gifts)
        figures = site.figures  # the home page's figures count from the same lists
        stats = figures.stats
        by_id = {v.id: v for v in self.views}
        self.index = DonationsIndex(
            projects=self.views,
            projects_by_id=by_id,
            open_projects=[by_id[pid] for pid in figures.open_projects],
            closed_projects=[v for v in self.views if v.id not in set(figures.open_projects)],
            recent=[public(g) for g in gifts[: config.recent_count]],
            wall=donor_wall(gifts, config.tiers),
            stats=stats,
            participation_chart=trusted(participation_chart(stats)),
            channels=dict(config.channels),
            preset_amounts=config.preset_amounts,
            after_giving=dict(config.after_giving),
            urls={name: s[f"DONATE_{name.upper()}_URL"] for name in ("index", "wall", "stats")},
        )
        self.context["donations"] = self.index
        self.context["donation_projects_by_college"] = by_college
        self.context["donation_projects_by_story"] = stories_of  # article URL -> projects it tells of

    def generate_output(self, writer):
        s = self.settings
        for view in self.views:
            save_as = s["DONATION_PROJECT_SAVE_AS"].format(id=view.id)
            view.content = trusted_html(
                view.html, view.name, view.url, save_as, s, view.source_path, self.context
            )
        for name in ("index", "wall", "stats"):
            write_page(self, writer, f"DONATE_{name.upper()}", f"donate/{name}")
        for view in self.views:
            write_page(self, writer, "DONATION_PROJECT", "donate/project", {"id": view.id}, project=view)


def get_generators(pelican):
    return DonationsGenerator
