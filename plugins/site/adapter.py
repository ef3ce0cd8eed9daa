"""Pelican adapter of the content graph: load it once, share it, register its pages."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.imagesafety import strip_metadata
from plugins.common.pelican_content import output_step

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
    context.setdefault("views", {})  # filled by the sections' generator (plugins.site.sections_generator)
    generated = context.setdefault("generated_content", {})
    for relative, url in site.pages.items():
        generated.setdefault(relative, SectionPage(url))


def share_compiled_templates(generator) -> None:
    """Every generator's Jinja environment reads and writes one bytecode cache.

    Pelican gives each generator its own environment, so without this the base
    template alone is compiled a dozen times per build (about 5 % of a warm
    build).  Jinja checks each entry against the template's source checksum,
    so an edited template is recompiled, never served stale.
    """
    cache = generator.settings.get("PHOTO_CACHE_PATH")
    if cache and getattr(generator, "env", None) is not None and generator.env.bytecode_cache is None:
        generator.env.bytecode_cache = _bytecode_cache(os.path.join(cache, "templates"))


@functools.cache
def _bytecode_cache(folder: str):
    from jinja2 import FileSystemBytecodeCache

    os.makedirs(folder, exist_ok=True)
    return FileSystemBytecodeCache(folder)


def keep_static_for_links_only(generator) -> None:
    """Pelican's static copy is switched off: its files stay known for ``{static}`` links only.

    What is published is :attr:`Site.images` (written by :func:`publish_images`),
    so unreferenced files, drafts' images and anything that is not an image never
    reach the site.
    """
    generator.staticfiles = []
    generator.context["staticfiles"] = []


def get_generators(pelican):
    return output_step(publish_images)


def publish_images(pelican) -> None:
    """Every image published pages use, re-encoded without metadata (atomic, cached)."""
    settings = pelican.settings
    site = settings.get(SETTING)
    if site is None:
        return
    root, output = settings["PATH"], pelican.output_path
    cache = settings.get("PHOTO_CACHE_PATH")
    for relative in site.images:
        target = os.path.join(output, settings["STATIC_SAVE_AS"].format(path=relative))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            strip_metadata(os.path.join(root, relative), target, cache)
        except OSError as exc:  # e.g. removed between the check and the write
            raise ContentErrors(
                [
                    ContentError(
                        f"content/{relative}",
                        0,
                        "image-unreadable",
                        f"图片无法处理（{exc.strerror or exc}）：请重新保存后再试",
                    )
                ]
            ) from None
