"""The Markdown reader chosen by folder: standing pages get their own schema.

Pelican keeps one reader per file extension, and the news reader owns
``.md``.  :class:`FolderReader` takes the ``.md`` slot, reads files under
``content/<STANDING_PAGES folder>/`` as standing pages and hands every other
file to the reader that held the slot before (news), unchanged.
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

from .model import number_charter, parse_page
from .settings import standing_pages_config


class FolderReader(MarkdownReader):
    """Standing pages by folder; everything else to ``fallback`` (the news reader)."""

    file_extensions = ["md"]

    def __init__(self, settings, fallback=None):
        super().__init__(settings)
        self.fallback = fallback(settings) if fallback else None
        self.content_root = settings["PATH"]
        config = standing_pages_config(settings.get("STANDING_PAGES"))
        self.folder = os.path.join(os.path.abspath(self.content_root), config.folder) + os.sep
        self.sizes = ImageSizes()
        self.renderer = BodyRenderer.for_site(settings, self.content_root, self.sizes)

    def read(self, source_path):
        if not os.path.abspath(source_path).startswith(self.folder):
            if self.fallback is None:  # pragma: no cover - the news plugin is always installed
                return super().read(source_path)
            return self.fallback.read(source_path)
        path = display_path(source_path, self.content_root)
        try:
            page = parse_page(read_text(source_path, path), path, source_path, self.content_root, self.sizes)
        except ContentErrors:
            site = self.settings.get("SITE_GRAPH")
            if site is not None and os.path.normpath(source_path) in site.draft_sources:
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
