"""Pelican adapter of the content graph: load it once, share it, register its pages."""

from __future__ import annotations

from dataclasses import dataclass

from plugins.common.errors import ContentErrors

from .loader import load_site

SETTING = "SITE_GRAPH"


@dataclass(frozen=True)
class SectionPage:
    """What Pelican's ``{filename}`` link replacement needs of a page: its URL."""

    url: str


def load_graph(pelican) -> None:
    """Load the graph unless the build already did (``wfu.build`` passes it in)."""
    if pelican.settings.get(SETTING) is None:
        site, errors = load_site(pelican.settings)
        if errors:
            raise ContentErrors(errors)
        pelican.settings[SETTING] = site


def attach_graph(generator) -> None:
    """``context["site"]`` for every generator; section pages for ``{filename}`` links."""
    context = generator.context
    if "site" in context:
        return
    site = generator.settings.get(SETTING)
    if site is None:  # a generator made outside a Pelican run (tests of a single generator)
        site, errors = load_site(generator.settings)
        if errors:
            raise ContentErrors(errors)
    context["site"] = site
    generated = context.setdefault("generated_content", {})
    for relative, url in site.pages.items():
        generated.setdefault(relative, SectionPage(url))
