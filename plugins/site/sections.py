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

from plugins.common.section import Section, SectionLoadError, order_sections

# What the loader's own steps provide before the sections run (until they are sections too).
LOADER_STEPS = ("colleges", "news")

REGISTERED = (
    "plugins.about.section",
    "plugins.albums.section",
    "plugins.alumni_home.section",
    "plugins.alumni_services.section",
    "plugins.donations.section",
    "plugins.magazine.section",
)


def registered_sections(settings: Mapping[str, Any]) -> tuple[Section, ...]:
    """The sections of ``SECTIONS`` (default :data:`REGISTERED`), in dependency order."""
    modules: Iterable[str] = settings.get("SECTIONS") or REGISTERED
    sections = []
    for name in modules:
        module = importlib.import_module(str(name))
        section = getattr(module, "SECTION", None)
        if not isinstance(section, Section):
            raise SectionLoadError(f"{name} defines no SECTION")
        sections.append(section)
    return order_sections(sections, provided=LOADER_STEPS)
