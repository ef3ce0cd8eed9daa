"""The Markdown reader of standing pages: files under ``content/<STANDING_PAGES folder>/``.

Routed there by :mod:`plugins.site.readers` (one ``.md`` reader that chooses by folder).
"""

from __future__ import annotations

import html
import os

from pelican.readers import MarkdownReader

from plugins.common.errors import ContentErrors
from plugins.common.files import display_path, read_text
from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.news.reader import draft_stub
from plugins.site.buildcontext import BuildContext

from .model import number_charter, parse_page
from .settings import standing_pages_config


def pages_folder(settings: dict) -> str:
    """The folder below PATH whose ``.md`` files are standing pages."""
    return standing_pages_config(settings.get("STANDING_PAGES")).folder


class StandingPageReader(MarkdownReader):
    """A standing page: its own front matter schema, its body rendered like every body."""

    file_extensions = ["md"]

    def __init__(self, settings, build: BuildContext):
        super().__init__(settings)
        self.site = build.site
        self.content_root = settings["PATH"]
        self.sizes = ImageSizes()
        self.renderer = BodyRenderer.for_site(settings, self.content_root, self.site.config, self.sizes)

    def read(self, source_path):
        path = display_path(source_path, self.content_root)
        try:
            page = parse_page(read_text(source_path, path), path, source_path, self.content_root, self.sizes)
        except ContentErrors:
            if os.path.normpath(source_path) in self.site.draft_sources:
                return "", draft_stub(source_path)  # an unfinished draft: listed as a warning, never read
            raise
        body = number_charter(page.body) if page.layout == "charter" else page.body
        content = self.renderer.render(body, source_path, path, page.body_line)
        metadata = {
            "title": page.title,
            "slug": page.slug,
            "order": page.order,
            "layout": page.layout,
            "status": page.status if page.status == "published" else "draft",
            "template": f"pages/{page.layout}",
        }
        if page.summary:
            metadata["summary"] = html.escape(page.summary)
            metadata["summary_text"] = page.summary
        return content, metadata
