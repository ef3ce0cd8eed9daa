"""Pelican adapter for college columns: context in phase one, pages in phase two.

Every college gets ``/colleges/<id>/`` (introduction, liaison, latest news,
alumni profiles), ``/colleges/<id>/news/`` (paginated) and an Atom feed; the
news and profiles that belong to a college are attached once every
generator has read its content (``all_generators_finalized``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pelican.generators import Generator

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.files import markdown_files
from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import linked_html, write_page
from plugins.common.registries import NO_REGISTRIES, Registries

from .model import College, load_colleges
from .settings import colleges_config


def registry(settings: dict) -> dict:
    """College ids for the other sections' checks (``None`` if the folder is absent)."""
    config = colleges_config(settings.get("COLLEGES"))
    if not os.path.isdir(os.path.join(settings["PATH"], config.folder)):
        return {"colleges": None}
    colleges, _ = load_colleges(settings["PATH"], config)
    known = {c.id: c.name for c in colleges}
    # A college whose file has errors still exists: references to it are not
    # reported again (its own file's errors say what to fix).
    for source_path in markdown_files(os.path.join(settings["PATH"], config.folder)):
        stem = os.path.splitext(os.path.basename(source_path))[0]
        known.setdefault(stem, stem)
    return {"colleges": known}


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    config = colleges_config(settings.get("COLLEGES"))
    _, errors = load_colleges(settings["PATH"], config, registries, ImageSizes())
    return errors


@dataclass
class CollegeColumn:
    """A college with what other sections published about it."""

    college: College
    url: str
    news_url: str
    feed_url: str
    news: list = field(default_factory=list)
    latest_news: list = field(default_factory=list)
    achievements: list = field(default_factory=list)
    intro: str = ""

    @property
    def id(self) -> str:
        return self.college.id

    @property
    def name(self) -> str:
        return self.college.name


class CollegesGenerator(Generator):
    """Reads ``content/colleges/`` and writes the college columns."""

    def generate_context(self):
        self.config = colleges_config(self.settings.get("COLLEGES"))
        colleges, errors = load_colleges(self.path, self.config)
        if errors:  # normally caught by the pre-build check; never build half a section
            raise ContentErrors(errors)
        s = self.settings
        self.columns = [
            CollegeColumn(
                college=c,
                url=s["COLLEGE_URL"].format(id=c.id),
                news_url=s["COLLEGE_NEWS_URL"].format(id=c.id),
                feed_url=s["COLLEGE_FEED_ATOM"].format(id=c.id),
            )
            for c in colleges
        ]
        self.context["college_columns"] = self.columns
        self.context["colleges_by_id"] = {column.id: column for column in self.columns}

    def generate_output(self, writer):
        s = self.settings
        renderer = BodyRenderer(self.path, s["MARKDOWN"], ImageSizes())
        for column in self.columns:
            c = column.college
            save_as = s["COLLEGE_SAVE_AS"].format(id=c.id)
            column.intro = linked_html(
                renderer.render(c.body, c.source_path), c.name, column.url, save_as, s, c.source_path, self.context
            )
        write_page(self, writer, "COLLEGES", "colleges/index")
        for column in self.columns:
            slots = {"id": column.id}
            write_page(self, writer, "COLLEGE", "colleges/college", slots, column=column)
            write_page(
                self,
                writer,
                "COLLEGE_NEWS",
                "colleges/news",
                slots,
                paginated={"articles": column.news},
                template_name="college_news",
                column=column,
            )
            if column.news:
                writer.write_feed(
                    column.news,
                    self.context,
                    column.feed_url,
                    url=column.feed_url,
                    feed_type="atom",
                    feed_title=f"{column.name}校友新闻",
                )


def get_generators(pelican):
    return CollegesGenerator


def attach_sections(generators) -> None:
    """Give each college its news (newest first) and alumni profiles."""
    colleges = next((g for g in generators if isinstance(g, CollegesGenerator)), None)
    if colleges is None:
        return
    by_id = {column.id: column for column in colleges.columns}
    for article in colleges.context.get("articles", []):
        column = by_id.get(getattr(article, "college", None))
        if column is not None:
            column.news.append(article)
    for profile in colleges.context.get("achievements", []):
        column = by_id.get(profile.college)
        if column is not None:
            column.achievements.append(profile)
    for column in colleges.columns:
        column.latest_news = column.news[: colleges.config.latest_news]
