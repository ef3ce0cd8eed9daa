"""The Pelican reader for news: YAML front matter, validated by the model.

Pelican's own Markdown reader only knows ``key: value`` headers and creates a
new ``Markdown`` object per file; this reader reads ``---`` YAML front matter
through :func:`plugins.news.model.parse_news` (so errors carry line numbers)
and renders with one reusable :class:`BodyRenderer`.
"""

from __future__ import annotations

import html
import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pelican.readers import MarkdownReader
from pelican.urlwrappers import Category, Tag

from plugins.common.dates import SITE_TIMEZONE
from plugins.common.files import display_path, read_text
from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.slugs import slugify
from plugins.common.summary import auto_summary
from plugins.site.buildcontext import BuildContext

from .model import NewsSource, parse_news
from .settings import news_config


def draft_stub(source_path: str, today: date) -> dict:
    """Pelican metadata for a draft the graph could not read: a draft Pelican files away unwritten.

    The content graph reported what is left to do in it as warnings; reading it
    here would raise the same problems again as errors and stop the build.  Its
    date is the build's day, not the clock's time: every article's metadata,
    drafts included, is in the key of every copied page
    (:func:`plugins.site.incremental.listing_key`), and a time that changes in
    every build made one unfinished draft render every page of every build.
    """
    stem = os.path.splitext(os.path.basename(source_path))[0]
    return {
        "title": stem,
        "slug": slugify(stem) or "draft",
        "status": "draft",
        "date": datetime(today.year, today.month, today.day, tzinfo=ZoneInfo(SITE_TIMEZONE)),
    }


class NewsReader(MarkdownReader):
    """Reads ``.md`` files with YAML front matter into Pelican articles."""

    file_extensions = ["md"]

    def __init__(self, settings, build: BuildContext):
        super().__init__(settings)
        self.site = build.site
        self.today = build.today
        self.config = news_config(settings.get("NEWS"))
        self.content_root = settings["PATH"]
        self.sizes = ImageSizes()
        self.renderer = BodyRenderer.for_site(self.settings, self.content_root, self.site.config, self.sizes)

    def read(self, source_path):
        """Render the article the content graph already parsed and validated."""
        site = self.site
        article = site.article(os.path.normpath(source_path))
        if article is not None:
            source = article.source
        elif os.path.normpath(source_path) in site.draft_sources:
            # An unfinished draft: listed as a warning, never read.
            return "", draft_stub(source_path, self.today)
        else:  # not in the graph (a file the loader does not read as news): parse it here
            path = display_path(source_path, self.content_root)
            source = parse_news(read_text(source_path, path), path, source_path, self.content_root, self.config,
                                sizes=self.sizes)  # fmt: skip
        if source.meta.status == "withdrawn":  # skipped: no page, list, feed, sitemap or export
            return "", {"title": source.meta.title, "status": "skip"}  # the notice: plugins/urls
        content = self.renderer.render(source.body, source_path, source.path, source.body_line)
        return content, self.metadata(source, content)

    def metadata(self, source: NewsSource, content: str) -> dict:
        """Pelican metadata: URL wrappers get our configured or pinyin slugs."""
        meta = source.meta
        category = Category(meta.category, self.settings)
        category.slug = meta.category_slug
        tags = []
        for name in meta.tags:
            tag = Tag(name, self.settings)
            tag.slug = slugify(name)
            tags.append(tag)
        summary = meta.summary or auto_summary(content, self.config.summary_length)
        result = {
            "title": meta.title,
            "date": meta.date,
            "category": category,
            "tags": tags,
            "slug": meta.slug,
            "summary": html.escape(summary),
            "summary_text": summary,
            # Drafts and scheduled articles (dated after the site's today) are drafts to Pelican.
            "status": "published" if meta.status == "published" else "draft",
            "featured": meta.featured,
            "template": "news/article",
        }
        if meta.status == "published":
            # Pelican re-formats ARTICLE_URL on every access of ``url`` (relpath and all);
            # fixing both once here is identical and saves ~15 % of a large build.
            result["url"] = self.settings["ARTICLE_URL"].format(date=meta.date, slug=meta.slug)
            result["save_as"] = self.settings["ARTICLE_SAVE_AS"].format(date=meta.date, slug=meta.slug)
        if meta.event:
            result["event"] = meta.event
        if meta.cover:
            result["cover"] = meta.cover
            result["cover_alt"] = meta.cover_alt or meta.title
            result["cover_focus"] = meta.cover_focus
            size = self.sizes.size(os.path.join(self.content_root, meta.cover))
            if size:
                result["cover_width"], result["cover_height"] = size
        for name in ("author", "college", "association"):
            value = getattr(meta, name)
            if value:
                # "author" would become a Pelican Author with its own pages; we
                # show the issuing office as plain text instead.
                result["byline" if name == "author" else name] = value
        return result
