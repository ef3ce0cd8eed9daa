"""Loader steps for the services sections: enterprises and jobs, standing pages.

Kept apart from :mod:`plugins.site.loader` so each step reads like the others:
explicit inputs (ids that earlier steps defined), ``(items, errors)`` out.
Pure: no Pelican import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from plugins.associations.divisions import Divisions
from plugins.common.errors import ContentError
from plugins.common.images import ImageSizes, check_image_file
from plugins.common.limits import DEFAULT_LIMITS, Limits
from plugins.common.photos import decode_errors
from plugins.enterprises.model import Enterprise, Job, city_index, enterprise_ids, load_enterprises, load_jobs
from plugins.enterprises.settings import EnterprisesConfig, enterprises_config
from plugins.standing_pages.model import StandingPage, load_pages
from plugins.standing_pages.settings import StandingPagesConfig, standing_pages_config


def services_configs(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The services sections' settings (raise ``SettingsError`` like every section's)."""
    return {
        "enterprises": lambda: enterprises_config(settings.get("ENTERPRISES")),
        "standing_pages": lambda: standing_pages_config(settings.get("STANDING_PAGES")),
    }


def load_enterprises_and_jobs(
    config: EnterprisesConfig,
    root: str,
    divisions: Divisions,
    college_names: Mapping[str, str] | None,
    project_names: Mapping[str, str],
    cache: str | None,
    sizes: ImageSizes,
    limits: Limits = DEFAULT_LIMITS,
    this_year: int | None = None,
) -> tuple[list[Enterprise], list[Job], list[ContentError]]:
    """Enterprises (→ colleges, donation projects, city names) and jobs (→ enterprises)."""
    cities = city_index(divisions.provinces)
    enterprises, errors = load_enterprises(
        root, config, cities, college_names, project_names, this_year, sizes=sizes
    )
    logos = [(e.path, e.logo_line, e.logo) for e in enterprises if e.logo]
    errors += decode_errors(logos, root, cache, config.logo_widths, "标志图片", limits)
    known = enterprise_ids(root, config)  # files with errors still exist for the jobs
    if known is not None:
        known |= {e.id: e.name for e in enterprises}
    own_cities = dict.fromkeys(known or (), None) | {e.id: e.city for e in enterprises}
    jobs, job_errors = load_jobs(root, config, known, own_cities, cities, sizes)
    return enterprises, jobs, errors + job_errors


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
