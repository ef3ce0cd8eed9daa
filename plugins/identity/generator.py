"""Pelican adapter of the site identity: ``views.identity`` and the hero photo files.

Phase one makes the hero photograph's derivatives (the same pipeline as
profile photos: WebP + JPEG at a few widths, no EXIF) and publishes the view;
phase two copies the derivatives into ``PHOTOS_URL``.
"""

from __future__ import annotations

import os
import re

from pelican.generators import Generator

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.pelican_content import publish_photos
from plugins.common.photos import process_photo
from plugins.site.buildcontext import BuildContext, publish_view

from .view import identity_view


class IdentityGenerator(Generator):
    def generate_context(self):
        build = BuildContext.of(self.context)
        site = build.site
        config = site.config.identity
        hero = None
        if config.hero_image:
            source = os.path.join(site.config.content_root, config.hero_image)
            hero = process_photo(
                source, self.settings["PHOTO_CACHE_PATH"], config.hero_widths, limits=site.config.limits
            )
        self.hero = hero
        view = identity_view(config, hero, build.today.year, site.config.publish, site.config.staging)
        publish_view(self.context, "identity", view)

    def generate_output(self, writer):
        self._write_svg_emblem()
        if self.hero is not None:
            publish_photos(self, [self.hero])

    def _write_svg_emblem(self) -> None:
        """An SVG emblem (set by the site's administrators in settings) is published as it is,
        once it is known to carry no script: other images go through the metadata-stripping
        pipeline, which cannot re-encode vector graphics."""
        site = BuildContext.of(self.context).site
        emblem = site.config.identity.emblem
        if not emblem or not emblem.lower().endswith(".svg"):
            return
        source = os.path.join(site.config.content_root, emblem)
        with open(source, encoding="utf-8") as handle:
            text = handle.read()
        if UNSAFE_SVG.search(text):
            raise ContentErrors(
                [
                    ContentError(
                        "pelicanconf.py",
                        0,
                        "image-type",
                        f"SITE_IDENTITY['emblem']：{emblem} 含有脚本或事件属性，不能发布：请换一个不含脚本的 SVG 或 PNG",
                        "SITE_IDENTITY",
                    )
                ]
            )
        target = os.path.join(self.output_path, emblem)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)


UNSAFE_SVG = re.compile(
    r"<\s*(script|foreignObject|iframe|object|embed)\b|\son\w+\s*=|javascript:|<!ENTITY", re.I
)


def get_generators(pelican):
    return IdentityGenerator
