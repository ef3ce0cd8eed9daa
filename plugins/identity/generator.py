"""Pelican adapter of the site identity: ``context["identity"]`` and the hero photo files.

Phase one makes the hero photograph's derivatives (the same pipeline as
profile photos: WebP + JPEG at a few widths, no EXIF) and publishes the view;
phase two copies the derivatives into ``PHOTOS_URL``.
"""

from __future__ import annotations

import os
import shutil

from pelican.generators import Generator

from plugins.common.dates import site_today
from plugins.common.photos import process_photo

from .view import identity_view


class IdentityGenerator(Generator):
    def generate_context(self):
        site = self.context["site"]
        config = site.config.identity
        hero = None
        if config.hero_image:
            source = os.path.join(site.config.content_root, config.hero_image)
            hero = process_photo(source, self.settings["PHOTO_CACHE_PATH"], config.hero_widths)
        self.hero = hero
        self.context["identity"] = identity_view(
            config, hero, site_today().year, site.config.publish, site.config.staging
        )

    def generate_output(self, writer):
        if self.hero is None:
            return
        target = os.path.join(self.output_path, self.settings["PHOTOS_URL"])
        os.makedirs(target, exist_ok=True)
        entry = os.path.join(self.settings["PHOTO_CACHE_PATH"], self.hero.digest)
        for derivative in self.hero.derivatives:
            for name in (derivative.webp, derivative.jpeg):
                shutil.copyfile(os.path.join(entry, name), os.path.join(target, name))


def get_generators(pelican):
    return IdentityGenerator
