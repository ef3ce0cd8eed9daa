"""A small content tree cut from the fixture site: one article and the images the settings name.

For tests of the build's machinery (releases and their switch, locks, the search
indexer's failures, warnings, the output scan of what templates put together):
what they prove does not depend on how much content there is, and the whole
fixture site costs several times more to build.  A test of what content
produces uses the fixture site (``tests/conftest.py``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SAMPLE_CONTENT

ARTICLE = "news/2024/alumni-forest.md"
FILES = (
    ARTICLE,
    "images/news/tree-planting.jpg",  # the article's cover and its one photo
    "images/wechat",  # share image and QR codes (WECHAT, ABOUT_ASSOCIATION, STANDING_PAGES)
    "images/donate",  # payment codes (DONATIONS['channels'])
    "images/identity",  # emblem and hero photo (SITE_IDENTITY)
)


def make_small_content(target: Path) -> Path:
    """Write the small tree at ``target`` (a folder named ``content``, as the error paths expect)."""
    for relative in FILES:
        source = SAMPLE_CONTENT / relative
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target / relative)
        else:
            shutil.copyfile(source, target / relative)
    return target
