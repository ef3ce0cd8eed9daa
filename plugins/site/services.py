"""Loader steps for the services sections: enterprises and jobs, 校友之家, standing pages, about.

Kept apart from :mod:`plugins.site.loader` so each step reads like the others:
explicit inputs (ids that earlier steps defined), ``(items, errors)`` out.
Pure: no Pelican import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from plugins.about.model import load_about
from plugins.about.settings import about_config
from plugins.albums.model import load_albums
from plugins.albums.settings import albums_config
from plugins.alumni_home.model import gift_photo_errors, load_memories
from plugins.alumni_home.settings import alumni_home_config
from plugins.alumni_services.settings import alumni_services_config
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.images import ImageSizes, check_image_file
from plugins.common.limits import DEFAULT_LIMITS, Limits
from plugins.common.photos import photo_problem, process_photo
from plugins.enterprises.model import city_index, enterprise_ids, load_enterprises, load_jobs
from plugins.enterprises.settings import enterprises_config
from plugins.magazine.model import load_issues
from plugins.magazine.settings import magazine_config
from plugins.standing_pages.model import load_pages
from plugins.standing_pages.settings import standing_pages_config


def services_configs(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The services sections' settings (raise ``SettingsError`` like every section's)."""
    return {
        "alumni_services": lambda: alumni_services_config(settings.get("ALUMNI_SERVICES")),
        "about": lambda: about_config(settings.get("ABOUT_ASSOCIATION")),
        "albums": lambda: albums_config(settings.get("ALBUMS")),
        "magazine": lambda: magazine_config(settings.get("MAGAZINE")),
        "enterprises": lambda: enterprises_config(settings.get("ENTERPRISES")),
        "alumni_home": lambda: alumni_home_config(settings.get("ALUMNI_HOME")),
        "standing_pages": lambda: standing_pages_config(settings.get("STANDING_PAGES")),
    }


def _photo_errors(
    items: Sequence[tuple[str, int, str]], root: str, cache: str, widths, what: str, limits: Limits
) -> list[ContentError]:
    """Decode every photo once now, so a broken one is an error of the check, not of the build."""
    errors = []
    for path, line, src in items:
        if not os.path.isfile(os.path.join(root, src)):
            continue  # reported as image-not-found by the field check
        try:
            process_photo(os.path.join(root, src), cache, widths, limits)
        except ContentErrors as exc:
            errors.append(photo_problem(exc, path, line, src, what))
    return errors


def load_enterprises_and_jobs(
    config,
    root,
    divisions,
    college_names,
    project_names,
    cache,
    sizes: ImageSizes,
    limits: Limits = DEFAULT_LIMITS,
):
    """Enterprises (→ colleges, donation projects, city names) and jobs (→ enterprises)."""
    cities = city_index(divisions.provinces)
    enterprises, errors = load_enterprises(root, config, cities, college_names, project_names, sizes=sizes)
    logos = [(e.path, e.logo_line, e.logo) for e in enterprises if e.logo]
    errors += _photo_errors(logos, root, cache, config.logo_widths, "标志图片", limits)
    known = enterprise_ids(root, config)  # files with errors still exist for the jobs
    if known is not None:
        known |= {e.id: e.name for e in enterprises}
    own_cities = dict.fromkeys(known or (), None) | {e.id: e.city for e in enterprises}
    jobs, job_errors = load_jobs(root, config, known, own_cities, cities, sizes)
    return enterprises, jobs, errors + job_errors


def load_alumni_home(
    config, root, college_names, gifts, cache, sizes: ImageSizes, limits: Limits = DEFAULT_LIMITS
):
    """Memories (→ colleges) and the photos of in-kind gifts."""
    memories, errors = load_memories(root, config, college_names, sizes=sizes)
    errors += gift_photo_errors(gifts, root, sizes)
    photos = [(m.path, p.line, p.src) for m in memories for p in m.photos]
    photos += [(g.path, g.photo_line, g.photo) for g in gifts if g.photo]
    errors += _photo_errors(photos, root, cache, config.photo_widths, "照片", limits)
    return memories, errors


def load_standing_pages(config, root, sizes: ImageSizes):
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


def load_about_section(config, root, cache, sizes: ImageSizes):
    """会长致辞 (its photo decoded now, like profile photos), 大事记 and the footer QR codes."""
    message, milestones, errors = load_about(root, config, sizes)
    if message and message.photo:
        errors += _photo_errors(
            [(message.path, message.photo_line, message.photo)],
            root,
            cache,
            config.photo_widths,
            "照片",
            sizes.limits,
        )
    for account in config.accounts:
        for error in check_image_file(
            "/" + account.image, 0, "pelicanconf.py", os.path.join(root, "x"), root, sizes
        ):
            errors.append(
                ContentError(
                    "pelicanconf.py",
                    0,
                    error.key,
                    f"ABOUT_ASSOCIATION['accounts']（{account.name}）：{error.message}",
                    "ABOUT_ASSOCIATION",
                )
            )
    if message and message.status != "published":
        message = None
    return message, tuple(milestones), errors


def load_album_section(config, root, cache, sizes: ImageSizes, policy=None, today=None):
    """Photo albums; every photo and video poster decoded now (derivatives only, like 校友之家's photos).

    Each video was read and its captions scanned for personal data by the model.
    """
    albums, errors = load_albums(root, config, sizes, policy, today)
    photos = [(a.path, p.line, p.src) for a in albums for p in a.photos]
    photos += [(a.path, v.poster_line, v.poster) for a in albums for v in a.videos]
    errors += _photo_errors(photos, root, cache, config.photo_widths, "照片", sizes.limits)
    return tuple(a for a in albums if a.status == "published"), errors


def load_magazine_section(config, root, cache, sizes: ImageSizes, policy, today):
    """校友刊物 issues: covers decoded now; each PDF read and scanned for personal data."""
    issues, errors = load_issues(root, config, sizes, policy, today)
    covers = [(i.path, i.cover_line, i.cover) for i in issues if i.cover]
    errors += _photo_errors(covers, root, cache, config.cover_widths, "封面", sizes.limits)
    return tuple(i for i in issues if i.status == "published"), errors
