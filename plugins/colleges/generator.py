"""Pelican adapter for college columns: views in phase one, pages in phase two.

Every college gets ``/colleges/<id>/`` (introduction, liaison, latest news,
alumni profiles), ``/colleges/<id>/news/`` (paginated by
``PAGINATED_TEMPLATES["college_news"]``) and an Atom feed when it has news.
What belongs to a college comes from the content graph (``context["site"]``);
the views of other sections (profile cards) are looked up by id when the
pages are written, so the order of ``PLUGINS`` does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican.generators import Generator

from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import articles_by_source, trusted_html, write_page
from plugins.site.graph import CollegeNode


@dataclass
class CollegeColumn:
    """A college with what other sections published about it."""

    node: CollegeNode
    url: str
    news_url: str
    feed_url: str
    news: list = field(default_factory=list)  # Pelican articles, newest first
    latest_news: list = field(default_factory=list)
    achievements: list = field(default_factory=list)  # profile views, set when writing
    intro: str = ""

    @property
    def college(self):
        return self.node.college

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def name(self) -> str:
        return self.node.name


class CollegesGenerator(Generator):
    """Writes the college columns from the content graph."""

    def generate_context(self):
        site, s = self.context["site"], self.settings
        articles = articles_by_source(self.context)
        self.columns = []
        for node in site.colleges.values():
            news = [articles[a.source_path] for a in node.news if a.source_path in articles]
            self.columns.append(
                CollegeColumn(
                    node=node,
                    url=s["COLLEGE_URL"].format(id=node.id),
                    news_url=s["COLLEGE_NEWS_URL"].format(id=node.id),
                    feed_url=s["COLLEGE_FEED_ATOM"].format(id=node.id),
                    news=news,
                    latest_news=news[: site.config.colleges.latest_news],
                )
            )
        self.context["college_columns"] = self.columns
        self.context["colleges_by_id"] = {column.id: column for column in self.columns}

    def generate_output(self, writer):
        s = self.settings
        achievements = self.context["views"].get("achievements")
        profiles = achievements.by_slug if achievements else {}
        renderer = BodyRenderer.for_site(s, self.path, self.context["site"].config, ImageSizes())
        for column in self.columns:
            c = column.college
            column.achievements = [profiles[p.slug] for p in column.node.achievements if p.slug in profiles]
            save_as = s["COLLEGE_SAVE_AS"].format(id=c.id)
            column.intro = trusted_html(
                renderer.render(c.body, c.source_path, c.path, c.body_line),
                c.name,
                column.url,
                save_as,
                s,
                c.source_path,
                self.context,
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
