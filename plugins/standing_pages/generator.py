"""Pelican adapter for standing pages: the folder reader, the check, ``/about/``.

Pelican's own PagesGenerator reads ``PAGE_PATHS`` through
:class:`~plugins.standing_pages.reader.StandingPageReader` and writes each page
with ``PAGE_SAVE_AS``; this module adds the check, the ``/about/`` index
(``ABOUT_SAVE_AS``) and the QR code of the secure registration form.
"""

from __future__ import annotations

import segno
from pelican.generators import Generator

from plugins.common.pelican_content import write_page
from plugins.common.safehtml import trusted
from plugins.site.readers import route_markdown

from .reader import StandingPageReader, pages_folder


def add_reader(readers) -> None:
    """Read the ``.md`` files of the pages folder (whatever the order of PLUGINS)."""
    route_markdown(readers, StandingPageReader, pages_folder)


def qr_svg(url: str, title: str) -> str:
    """An inline SVG QR code: nothing is loaded from another host."""
    return trusted(
        segno.make(url, error="m", mask=0).svg_inline(scale=4, border=2, dark="#1f2328", title=title)
    )


class StandingPagesGenerator(Generator):
    """Puts the page settings in the context and writes ``/about/``."""

    def generate_context(self):
        config = self.context["site"].config.standing_pages
        form = config.register_form
        self.context["standing_pages_config"] = config
        self.context["register_form_qr"] = (
            qr_svg(form.url, f"用手机扫码打开{form.label}：{form.url}") if form else ""
        )

    def generate_output(self, writer):
        write_page(self, writer, "ABOUT", "pages/index")


def get_generators(pelican):
    return StandingPagesGenerator
