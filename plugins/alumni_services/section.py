"""校友服务 as a registered section: the entries (settings only) and ``/services/``.

The home page shows the same entries as a grid (``views.alumni_services``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plugins.common.section import LoadContext, Loaded, PageSpec, RenderContext, Route, Routes, Section

from .model import ServiceEntry, ServicesConfig
from .settings import alumni_services_config


def load(context: LoadContext) -> Loaded:
    return Loaded(context.config)  # validated with the settings: nothing to read from content/


def pages(config: ServicesConfig, routes: Routes) -> Iterable[PageSpec]:
    if config.shown:  # an entry without a link is not shown; no entry, no page
        yield routes.page("ALUMNI_SERVICES", "services/index")


@dataclass(frozen=True)
class ServicesView:
    """``views.alumni_services``: the entries shown (with a link), the texts and the page's address."""

    shown: tuple[ServiceEntry, ...]
    intro: str
    home_title: str
    url: str


def views(config: ServicesConfig, render: RenderContext) -> ServicesView:
    return ServicesView(config.shown, config.intro, config.home_title, render.routes.url("ALUMNI_SERVICES"))


SECTION = Section(
    name="alumni_services",
    setting="ALUMNI_SERVICES",
    configure=alumni_services_config,
    load=load,
    routes=(Route("ALUMNI_SERVICES", "services/", "services/index.html"),),
    pages=pages,
    views=views,
)
