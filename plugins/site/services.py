"""Loader step for the standing pages (read by Pelican's pages generator).

Kept apart from :mod:`plugins.site.loader` so each step reads like the others:
explicit inputs (ids that earlier steps defined), ``(items, errors)`` out.
Pure: no Pelican import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from plugins.common.errors import ContentError
from plugins.common.images import ImageSizes, check_image_file
from plugins.standing_pages.model import StandingPage, load_pages
from plugins.standing_pages.settings import StandingPagesConfig, standing_pages_config


def services_configs(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The services sections' settings (raise ``SettingsError`` like every section's)."""
    return {
        "standing_pages": lambda: standing_pages_config(settings.get("STANDING_PAGES")),
    }


def load_standing_pages(
    config: StandingPagesConfig, root: str, sizes: ImageSizes
) -> tuple[list[StandingPage], list[ContentError]]:
    """Standing pages, and the 公众号 QR image of the contact page."""
    pages, errors = load_pages(root, config.folder, sizes)
    if config.wechat_qr:
        for error in check_image_file(
            "/" + config.wechat_qr, 0, "pelicanconf.py", os.path.join(root, "x"), root, sizes
        ):
            errors.append(
                ContentError(
                    "pelicanconf.py",
                    0,
                    error.key,
                    f"STANDING_PAGES['contact']['wechat_qr']：{error.message}",
                    "STANDING_PAGES",
                )
            )
    return pages, errors
