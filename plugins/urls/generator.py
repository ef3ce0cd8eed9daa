"""Pelican adapter: after everything is written, add redirect pages and list URLs.

Runs on ``finalized`` (after pelican-sitemap, so redirects never enter the
sitemap): checks that every redirect target exists in the built site, writes
one small page per old URL, ``redirects.nginx.conf`` beside ``urls.txt``, and
``urls.txt`` itself (every public URL, sorted).
"""

from __future__ import annotations

import os

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.files import display_path, read_text
from plugins.common.registries import NO_REGISTRIES, Registries

from .model import nginx_map, parse_redirects, redirect_errors, redirect_page, site_urls

REDIRECTS_FILE = "redirects.yml"


def load(settings: dict):
    source = os.path.join(settings["PATH"], REDIRECTS_FILE)
    if not os.path.isfile(source):
        return {}, [], display_path(source, settings["PATH"])
    path = display_path(source, settings["PATH"])
    return (*parse_redirects(read_text(source, path), path), path)


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    """Syntax, duplicates and loops; targets are checked against the built site."""
    return load(settings)[1]


def finalize(pelican) -> None:
    settings = pelican.settings
    output = pelican.output_path
    redirects, errors, path = load(settings)
    if errors:
        raise ContentErrors(errors)
    pages = site_urls(output)
    problems = redirect_errors(redirects, pages, path)
    if problems:
        raise ContentErrors(problems)
    siteurl = settings.get("SITEURL", "")
    for redirect in redirects.values():
        folder = os.path.join(output, redirect.source.strip("/"))
        target_file = folder if redirect.source.endswith((".html", ".xml")) else os.path.join(folder, "index.html")
        os.makedirs(os.path.dirname(target_file), exist_ok=True)
        with open(target_file, "w", encoding="utf-8") as handle:
            handle.write(redirect_page(siteurl + redirect.target, settings["SITENAME"]))
    with open(os.path.join(output, "redirects.nginx.conf"), "w", encoding="utf-8") as handle:
        handle.write(nginx_map(redirects))
    with open(os.path.join(output, "urls.txt"), "w", encoding="utf-8") as handle:
        handle.write("".join(f"{url}\n" for url in site_urls(output)))
