"""One generic generator renders every registered section (plugins/site/sections.py).

Phase one (``generate_context``) builds each section's views into
``context["views"][name]`` (:func:`plugins.site.buildcontext.publish_view`), in
dependency order, so any template of any section (and the base template's
footer) reads ``views.<name>``.  Phase two
(``generate_output``) lets each section write what is not a template (photo
derivatives, PDFs, Atom feeds) and then writes its pages from the page list the
loader made: the URL, file and template of every page were fixed, and checked
for collisions, before Pelican started.  A page with ``paginate`` is split by
Pelican's own paginator (``PAGINATED_TEMPLATES``, ``PAGINATION_PATTERNS``), so
its later pages and their links are those of every other list of the site.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.generators import Generator

from plugins.common.images import ImageSizes
from plugins.common.markdown_images import BodyRenderer
from plugins.common.pelican_content import articles_by_source, publish_photos, trusted_html
from plugins.common.photos import ProcessedPhoto, process_photo
from plugins.common.section import Routes

from .buildcontext import VIEWS, BuildContext, publish_view


class SectionRenderContext:
    """What a section's ``views`` and ``publish`` may use (:class:`plugins.common.section.RenderContext`)."""

    def __init__(self, generator: SectionsGenerator) -> None:
        self._generator = generator
        site = BuildContext.of(generator.context).site
        self.settings: Mapping[str, Any] = generator.settings
        self.site = site
        self.content_root: str = generator.path
        self.output_path: str = generator.output_path
        self.routes: Routes = site.config.routes
        self.views: Mapping[str, Any] = generator.context[VIEWS]
        build = BuildContext.of(generator.context)
        self.today = build.today
        self._memo = build.memo
        self._writer: Any = None  # Pelican's writer, set for the output phase
        self._configs = site.config.sections
        self._renderer: BodyRenderer | None = None
        self._sizes = ImageSizes()
        self._articles: dict | None = None
        self._folders: set[str] = set()  # made by write_bytes: 10,000 files share a few thousand folders

    def config(self, section: str) -> Any:
        return self._configs[section]

    def photo(self, src: str, widths: Sequence[int]) -> ProcessedPhoto:
        """The derivatives of a photo the loader already decoded (cached by its bytes)."""
        cache, limits = self.settings["PHOTO_CACHE_PATH"], self.site.config.limits
        return process_photo(os.path.join(self.content_root, src), cache, tuple(widths), limits=limits)

    def body(self, text: str, source_path: str, path: str, first_line: int) -> str:
        """Sanitised HTML of a Markdown body, as every other body is rendered."""
        if self._renderer is None:
            self._renderer = BodyRenderer.for_site(
                self.settings, self.content_root, self.site.config, self._sizes
            )
        return self._renderer.render(text, source_path, path, first_line)

    def image_size(self, src: str):
        """Width and height of an image published as it is (``width``/``height`` attributes)."""
        return self._sizes.size(os.path.join(self.content_root, src))

    def linked(self, html: str, title: str, route: str, source_path: str, **slots: str):
        """``html`` with ``{filename}`` links resolved (output phase only), marked safe."""
        url, save_as = self.routes.url(route, **slots), self.routes.save_as(route, **slots)
        generator = self._generator
        return trusted_html(html, title, url, save_as, generator.settings, source_path, generator.context)

    def article(self, source_path: str):
        """Pelican's article read from ``source_path`` (absolute), or ``None`` (not published)."""
        if self._articles is None:
            self._articles = articles_by_source(self._generator.context)
        return self._articles.get(source_path)

    def articles(self) -> Sequence[Any]:
        """Pelican's published articles, newest first (news is no section yet: the loader's last step)."""
        return self._generator.context.get("articles", [])

    def reuse(self, page_save_as: str, save_as: str) -> bool:
        """Copy ``save_as`` from the last release if the page ``page_save_as`` kept its key (incremental output).

        Only for a file made from that page's inputs alone; ``False`` (write it) without a memo.
        """
        memo = self._memo
        return (
            memo is not None
            and memo.page_unchanged(page_save_as)
            and memo.reuse_file(save_as, self.output_path)
        )

    def publish_photos(self, photos: Iterable[ProcessedPhoto | None]) -> None:
        publish_photos(self._generator, list(photos))

    def use_writer(self, writer: Any) -> None:
        """Pelican's writer, for the output phase (feeds are written through it, like Pelican's own)."""
        self._writer = writer

    def write_feed(self, items: Sequence[Any], route: str, title: str, **slots: str) -> None:
        """An Atom feed of Pelican articles at ``route`` (output phase only)."""
        url, save_as = self.routes.url(route, **slots), self.routes.save_as(route, **slots)
        context = self._generator.context
        self._writer.write_feed(list(items), context, save_as, url=url, feed_type="atom", feed_title=title)

    def write_bytes(self, save_as: str, data: bytes) -> None:
        target = os.path.join(self.output_path, save_as)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            handle = open(target, "wb")  # noqa: SIM115 - closed below
        except FileNotFoundError:  # the folder was removed since: make it again
            os.makedirs(folder, exist_ok=True)
            handle = open(target, "wb")  # noqa: SIM115
        with handle:
            handle.write(data)


class SectionsGenerator(Generator):
    """Views in phase one, files and pages in phase two, for every registered section."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A section may bring its own templates (a folder beside its section.py); the theme's come
        # first, so the theme can restyle any section.
        site = BuildContext.of(self.context).site  # shared by the step made just before this generator
        folders = [s.templates for s in site.config.registered if s.templates]
        if folders:
            self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(folders)])

    def generate_context(self) -> None:
        site = BuildContext.of(self.context).site
        self.render = SectionRenderContext(self)
        # Templates link to any registered page as ``routes.<NAME>`` (a URL pattern: ``.format(slug=…)``).
        self.context["routes"] = {name: url for name, (url, _) in site.config.routes.patterns.items()}
        for section in site.config.registered:
            if section.views is not None:
                view = section.views(site.sections[section.name].items, self.render)
                publish_view(self.context, section.name, view)

    def generate_output(self, writer) -> None:
        site, views = BuildContext.of(self.context).site, self.context[VIEWS]
        self.render.use_writer(writer)
        for section in site.config.registered:
            if section.publish is not None and section.name in views:
                section.publish(views[section.name], self.render)
        for name, page in site.section_pages:
            if page.written_by:  # news articles: Pelican's ArticlesGenerator; withdrawn notices: plugins.urls
                continue
            values: dict[str, Any] = {}
            if page.item is not None:
                values[page.as_name] = item = views[name].items[page.item]
                if page.paginate:  # split by Pelican's paginator, like every list of articles
                    values["paginated"] = {"articles": getattr(item, page.paginate)}
                    values["template_name"] = page.paginated_as
            writer.write_file(
                page.save_as, self.get_template(page.template), self.context, url=page.url, **values
            )
