"""Pelican adapter: an ``asset()`` template global and the fingerprinted copies."""

from __future__ import annotations

import os
import shutil

from plugins.common.pelican_content import output_step

from .model import AssetManifest, published_bytes


def _static_dir(settings: dict) -> str:
    return os.path.join(settings["THEME"], "static")


def add_global(generator) -> None:
    """``{{ asset('css/site.css') }}`` -> ``theme/css/site.<hash>.css`` in every template."""
    manifest = AssetManifest(_static_dir(generator.settings))
    prefix = generator.settings.get("THEME_STATIC_DIR", "theme")
    generator.env.globals["asset"] = lambda relative: f"{prefix}/{manifest(relative)}"


def get_generators(pelican):
    return output_step(write_fingerprinted)


def write_fingerprinted(pelican) -> None:
    static = _static_dir(pelican.settings)
    manifest = AssetManifest(static)
    target_root = os.path.join(pelican.output_path, pelican.settings.get("THEME_STATIC_DIR", "theme"))
    for relative, hashed in manifest.names.items():
        target = os.path.join(target_root, hashed)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(os.path.join(static, relative), "rb") as handle:
            data = published_bytes(relative, handle.read())
        with open(target, "wb") as handle:
            handle.write(data)
    # Browsers and WeChat ask for /favicon.ico whatever the page says: serve it at the root.
    favicon = os.path.join(static, "favicon.ico")
    if os.path.isfile(favicon):
        shutil.copyfile(favicon, os.path.join(pelican.output_path, "favicon.ico"))
