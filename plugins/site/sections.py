"""The registered sections: one line each.

A section is a folder with a ``section.py`` that defines ``SECTION``
(:class:`plugins.common.section.Section`): its settings and defaults, its
model, its pages and views.  Registering it here (or in the ``SECTIONS``
setting, which replaces this list) is all the rest of the code needs: the
loader runs the sections in dependency order, whatever the order below, and
one generic generator renders their pages.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import Any

from plugins.common.errors import ContentError, ContentErrors, setting_line
from plugins.common.section import Section, SectionLoadError, order_sections, section_routes

REGISTERED = (
    "plugins.about.section",
    "plugins.achievements.section",
    "plugins.albums.section",
    "plugins.alumni_home.section",
    "plugins.alumni_services.section",
    "plugins.api.section",
    "plugins.associations.section",
    "plugins.colleges.section",
    "plugins.donations.section",
    "plugins.enterprises.section",
    "plugins.events.section",
    "plugins.magazine.section",
    "plugins.news.section",
    "plugins.standing_pages.section",
    "plugins.wechat.section",
)


def route_url(settings: Mapping[str, Any], route: str, **slots: str) -> str:
    """The URL of a registered section's page (its default, or ``<NAME>_URL`` from the settings)."""
    routes, _ = section_routes(registered_sections(settings), settings)
    return routes.url(route, **slots)


def registered_sections(settings: Mapping[str, Any]) -> tuple[Section, ...]:
    """The sections of ``SECTIONS`` (default :data:`REGISTERED`), in dependency order.

    A name that is no module with a ``SECTION``, or a registration the sections
    cannot be ordered by, is an ``[invalid-setting]`` error at the ``SECTIONS``
    line (a developer's mistake, reported like every other: never a traceback).
    """
    modules: Iterable[str] = settings.get("SECTIONS") or REGISTERED
    sections, problems = [], []
    for name in modules:
        try:
            module = importlib.import_module(str(name))
        except ImportError as exc:
            problems.append(f"找不到模块 {name}（{exc}）")
            continue
        section = getattr(module, "SECTION", None)
        if isinstance(section, Section):
            sections.append(section)
        else:
            problems.append(f"{name} 没有定义 SECTION（plugins.common.section.Section）")
    try:
        ordered = order_sections(sections)
    except SectionLoadError as exc:
        problems.append(str(exc))
        ordered = ()
    if problems:
        line = setting_line("SECTIONS") or setting_line("PLUGINS")
        raise ContentErrors(
            ContentError(
                "pelicanconf.py", line, "invalid-setting", f"设置 SECTIONS 有误：{problem}", "SECTIONS"
            )
            for problem in problems
        )
    return ordered
