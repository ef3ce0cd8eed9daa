"""校友会 as a registered section: the directory, the maps, one page per association, the honour rolls.

Loading validates the associations (→ colleges, the official city names) and
then the honour rolls (→ colleges, these associations, achievement profiles),
and gives every id in the data file, valid entry or not, to news, which names
associations.  The graph joins each association with the news about it and
its honours (:class:`plugins.site.graph.AssociationNode`); the
views read those nodes, group the directory, draw the maps (inline SVG) and
group the honour rolls, so /honours/ belongs to this section too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.common.registries import Registries
from plugins.common.safehtml import trusted
from plugins.common.section import LoadContext, Loaded, PageSpec, RenderContext, Route, Routes, Section

from .directory import directory
from .model import (
    STATUSES,
    TYPES,
    Association,
    Honour,
    association_ids,
    honours_by,
    honours_by_year_and_award,
    honours_for,
    load_associations,
    load_honours,
    newest_first,
)
from .settings import AssociationsConfig, associations_config


@dataclass(frozen=True)
class Associations:
    """The section's content: the valid associations in file order, and every id the data file names."""

    config: AssociationsConfig
    root: str  # the content folder: where the data file is
    associations: tuple[Association, ...]
    # Every ``id`` in the data file (valid entries or not), for the steps that name associations;
    # ``None`` without the file, so nothing is checked against an empty list.
    known: Mapping[str, str] | None
    honours: tuple[Honour, ...] = ()  # the rolls (HONOURS in the settings' honours file), file order


@dataclass(eq=False)
class AssociationView:
    """What templates show of one association: the model's fields, its news (Pelican articles), honours."""

    association: Association
    url: str
    news: list = field(default_factory=list)
    honours: list = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:  # id, name, type, place … straight from the model
        return getattr(self.association, name)


@dataclass(frozen=True)
class HonoursView:
    """The honour rolls, grouped once for /honours/, the college pages and the achievements index."""

    all: list[Honour]
    by_year: list[tuple[Any, list[Honour]]]
    by_year_award: list[tuple[int, list[tuple[str, list[Honour]]]]]
    by_award: list[tuple[Any, list[Honour]]]
    by_college: Mapping[str, list[Honour]]
    by_achievement: Mapping[str, list[Honour]]
    distinguished: list[Honour]


@dataclass(frozen=True)
class AssociationsView:
    """``views.associations``: the directory, the maps, the honour rolls and the section's addresses."""

    all: list[AssociationView]
    by_id: Mapping[str, AssociationView]
    by_type: Mapping[str, list[AssociationView]]
    regional_groups: list[tuple[str, list[AssociationView]]]
    types: Mapping[str, str]
    statuses: Mapping[str, str]
    summary: Mapping[str, object]  # the home page's 校友会 figure too (plugins.site.figures)
    coverage: Any  # plugins.associations.model.Coverage of the home province
    city_urls: Mapping[str, str]
    province_svg: Any  # trusted markup
    tiles_svg: Any
    china_svg: Any
    province_schematic: bool
    approval: str
    urls: Mapping[str, str]  # index, map, honours
    honours: HonoursView

    @property
    def items(self) -> Mapping[str, AssociationView]:
        return self.by_id


def configure(
    user: Mapping[str, Any] | None,
    map_approval_number: str | None = None,
    province_map_approval_number: str | None = None,
) -> AssociationsConfig:
    return associations_config(user, map_approval_number, province_map_approval_number)


def load(context: LoadContext) -> Loaded:
    config: AssociationsConfig = context.config
    colleges = Registries(colleges=context.ids("colleges"))
    associations, errors = load_associations(context.root, config, context.divisions, colleges)
    known = association_ids(context.root, config)
    # The rolls name colleges, these associations (any id in the file: one mistake, one
    # message) and published achievement profiles.
    names = Registries(
        colleges=context.ids("colleges"), associations=known, achievements=context.uses("achievements").ids
    )
    honours, found = load_honours(context.root, config, names, context.this_year)
    content = Associations(config, context.root, tuple(associations), known, tuple(honours))
    return Loaded(content, tuple(errors) + tuple(found), known or {})


def pages(content: Associations, routes: Routes) -> Iterable[PageSpec]:
    source = os.path.join(content.root, content.config.associations_file)
    yield routes.page("ASSOCIATIONS", "associations/index")
    yield routes.page("ASSOCIATIONS_MAP", "associations/map")
    yield routes.page("HONOURS", "associations/honours")
    for association in content.associations:
        yield routes.page(
            "ASSOCIATION",
            "associations/association",
            item=association.id,
            as_name="association",
            source=source,  # one data file, many pages: a collision names the entry's line
            line=association.line,
            id=association.id,
        )


def views(content: Associations, render: RenderContext) -> AssociationsView:
    config, site, routes = content.config, render.site, render.routes
    shown = []
    for node in site.associations.values():
        articles = [render.article(a.source_path) for a in node.news]
        news = [article for article in articles if article is not None]
        shown.append(AssociationView(node.association, node.url, news, list(node.honours)))
    by_id = {view.id: view for view in shown}
    urls = {
        "index": routes.url("ASSOCIATIONS"),
        "map": routes.url("ASSOCIATIONS_MAP"),
        "honours": routes.url("HONOURS"),
    }
    found = directory(
        [view.association for view in shown],
        config,
        site.divisions,
        {view.id: view.url for view in shown},
        {"ASSOCIATIONS_URL": urls["index"], "ASSOCIATIONS_MAP_URL": urls["map"]},
        render.settings["SITEURL"],
        home=site.figures.home_coverage,
    )
    return AssociationsView(
        all=shown,
        by_id=by_id,
        by_type={kind: [v for v in shown if v.type == kind] for kind in TYPES},
        regional_groups=[(p, [by_id[a.id] for a in members]) for p, members in found.grouped],
        types=TYPES,
        statuses=STATUSES,
        summary=site.figures.associations,
        coverage=found.coverage,
        city_urls=found.city_urls,
        province_svg=trusted(found.province_svg),
        tiles_svg=trusted(found.tiles_svg),
        china_svg=trusted(found.china_svg),
        province_schematic=found.province_schematic,
        approval=config.map_approval_number,
        urls=urls,
        honours=honours_view(list(site.honours), config.awards),
    )


def honours_view(honours: list[Honour], awards: tuple[str, ...]) -> HonoursView:
    """The rolls by year, by award (in the configured order), by college and by achievement profile."""
    by_award = sorted(honours_by(honours, "award"), key=lambda item: awards.index(item[0]))
    return HonoursView(
        all=honours,
        by_year=honours_by(honours, "year"),
        by_year_award=honours_by_year_and_award(honours, awards),
        by_award=[(award, newest_first(items)) for award, items in by_award],
        by_college={
            cid: honours_for(honours, college=cid) for cid in {h.college for h in honours if h.college}
        },
        by_achievement={
            slug: honours_for(honours, achievement=slug)
            for slug in {h.achievement for h in honours if h.achievement}
        },
        distinguished=newest_first([h for h in honours if h.achievement]),
    )


SECTION = Section(
    name="associations",
    setting="ASSOCIATIONS",
    # 审图号 are settings of their own (docs/编辑指南.md): editors look for them by these names.
    reads=("MAP_APPROVAL_NUMBER", "PROVINCE_MAP_APPROVAL_NUMBER"),
    configure=configure,
    load=load,
    routes=(
        Route("ASSOCIATIONS", "associations/", "associations/index.html"),
        Route("ASSOCIATIONS_MAP", "associations/map/", "associations/map/index.html"),
        Route("ASSOCIATION", "associations/{id}/", "associations/{id}/index.html"),
        Route("HONOURS", "honours/", "honours/index.html"),
    ),
    pages=pages,
    depends=("colleges", "achievements"),
    views=views,
)
