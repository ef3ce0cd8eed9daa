"""Pelican adapter of the content graph: load it once per build, share it, register its pages."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from plugins.common.dates import clock_today
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.imagesafety import strip_metadata
from plugins.common.pelican_content import output_step

from .buildcontext import KEY, VIEWS, BuildContext
from .incremental import plan_reuse
from .loader import load_site
from .readers import MarkdownByFolder
from .sections_generator import SectionsGenerator
from .writer import writer_for

# Attribute of the ``Pelican`` object: the context ``wfu.build`` loaded and checked before it.
GIVEN = "wfu_given_build"
# Attribute of the ``Pelican`` object: this run's context (given, or loaded when the run started).
CURRENT = "wfu_build"


@dataclass(frozen=True)
class SectionPage:
    """What Pelican's ``{filename}`` link replacement needs of a page: its URL."""

    url: str


def hand_over(pelican, build: BuildContext) -> None:
    """Let ``pelican``'s runs use ``build`` (loaded and checked by ``wfu.build``) instead of loading one."""
    setattr(pelican, GIVEN, build)


def build_of(pelican) -> BuildContext:
    """The context of ``pelican``'s current run (for ``finalized`` receivers and output steps)."""
    build = getattr(pelican, CURRENT, None)
    if not isinstance(build, BuildContext):
        raise LookupError("no build context: plugins.site's get_generators has not run")
    return build


def start_build(pelican) -> BuildContext:
    """This run's context: the one handed over, or the graph loaded now (a plain ``pelican`` run).

    A plain run loads the graph at every run, so ``pelican --autoreload`` never
    renders a graph read before the last edit.
    """
    build = getattr(pelican, GIVEN, None)
    if build is None:
        site, errors = load_site(pelican.settings)
        if errors:
            raise ContentErrors(errors)
        build = BuildContext(site, clock_today())
    setattr(pelican, CURRENT, build)
    return build


def sharing(build: BuildContext) -> type:
    """A step made with the run's generators: puts ``build`` into the context they all share.

    Pelican makes every generator (its own ones first) before any of them
    reads, all with one context dict, so the graph is there for every
    ``generate_context``, whatever the order of ``PLUGINS`` or of the
    generators; a generator never reads it in ``__init__`` (the sections'
    generator comes after this step: :func:`get_generators`).  Every page a
    section writes from a content file is registered for ``{filename}`` links.
    """

    class ShareBuildContext:
        def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
            site = build.site
            context[KEY] = build
            # Filled before any generator reads (plugins.site.buildcontext.publish_view): by the
            # sections' generator, the news adapter (when Pelican has read the articles), identity.
            context[VIEWS] = {}
            generated = context.setdefault("generated_content", {})
            for relative, url in site.pages.items():
                generated.setdefault(relative, SectionPage(url))

    return ShareBuildContext


def bind_readers(generator) -> None:
    """Bind the generator's ``.md`` reader to the build before it reads (``*_generator_preread``).

    Readers are made before the context is shared (``readers_init`` only sees
    the settings), so they are bound when the first file is about to be read.
    """
    reader = generator.readers.readers.get("md")
    if isinstance(reader, MarkdownByFolder):
        reader.bind(BuildContext.of(generator.context))


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


def plan_output(generators: list) -> None:
    """``all_generators_finalized``: plan the incremental output with this build's memo and day."""
    build = BuildContext.of(generators[0].context)  # one context, shared by every generator
    plan_reuse(generators, build.memo, build.today)


def get_writer(pelican):
    """The build's writer: Pelican's, copying the article pages and news lists the memo allows.

    Pelican asks for it after ``all_generators_finalized``, when the keys are
    planned (:func:`plan_output`); every generator writes through it.
    """
    return writer_for(build_of(pelican))


def get_generators(pelican):
    """Share the build context first, then publish the images, then render every registered section.

    One receiver, so the order within it is fixed (blinker calls receivers in
    no fixed order): the sections' generator reads the graph when it is made.
    """
    return sharing(start_build(pelican)), output_step(publish_images), SectionsGenerator


def publish_images(generator) -> None:
    """Every image published pages use, re-encoded without metadata (atomic, cached)."""
    settings = generator.settings
    site = BuildContext.of(generator.context).site
    root, output = settings["PATH"], generator.output_path
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
