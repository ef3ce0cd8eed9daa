"""Pelican adapter for associations and honour rolls.

Phase one validates both data files, computes Shandong's coverage, groups
the directory and draws the maps (inline SVG); it also publishes, for the
other sections' templates, each college's association and honours and the
honours of achievement profiles.  Phase two writes /associations/,
/associations/map/, one page per association and /honours/.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican.generators import Generator

from plugins.common.pelican_content import articles_by_source, write_page
from plugins.common.safehtml import trusted

from .directory import directory
from .model import (
    STATUSES,
    TYPES,
    Association,
    honours_by,
    honours_by_year_and_award,
    honours_for,
    newest_first,
)


@dataclass(eq=False)
class AssociationView:
    association: Association
    url: str
    news: list = field(default_factory=list)
    honours: list = field(default_factory=list)

    def __getattr__(self, name):
        return getattr(self.association, name)


class AssociationsGenerator(Generator):
    def generate_context(self):
        s, site = self.settings, self.context["site"]
        config = site.config.associations
        articles = articles_by_source(self.context)
        views = [
            AssociationView(node.association, node.url, [articles[a.source_path] for a in node.news if a.source_path in articles],
                            list(node.honours))
            for node in site.associations.values()
        ]  # fmt: skip
        by_id = {v.id: v for v in views}
        associations = [node.association for node in site.associations.values()]
        honours = list(site.honours)
        found = directory(
            associations,
            config,
            site.divisions,
            {v.id: v.url for v in views},
            {name: s[name] for name in ("ASSOCIATIONS_URL", "ASSOCIATIONS_MAP_URL")},
            s["SITEURL"],
            home=site.figures.home_coverage,
        )
        self.views = views
        self.honours = honours
        self.index = {
            "all": views,
            "by_type": {kind: [v for v in views if v.type == kind] for kind in TYPES},
            "regional_groups": [(p, [by_id[a.id] for a in members]) for p, members in found.grouped],
            "types": TYPES,
            "statuses": STATUSES,
            "summary": site.figures.associations,  # the home page's 校友会 figure too
            "coverage": found.coverage,
            "city_urls": found.city_urls,
            "province_svg": trusted(found.province_svg),
            "tiles_svg": trusted(found.tiles_svg),
            "china_svg": trusted(found.china_svg),
            "province_schematic": found.province_schematic,
            "approval": config.map_approval_number,
            "urls": {
                "index": s["ASSOCIATIONS_URL"],
                "map": s["ASSOCIATIONS_MAP_URL"],
                "honours": s["HONOURS_URL"],
            },
        }
        self.context["associations"] = self.index
        self.context["associations_by_id"] = by_id
        self.context["honours"] = {
            "all": honours,
            "by_year": honours_by(honours, "year"),
            "by_year_award": honours_by_year_and_award(honours, config.awards),
            "by_award": [(award, newest_first(items)) for award, items in sorted(honours_by(honours, "award"), key=lambda item: config.awards.index(item[0]))],
            "by_college": {cid: honours_for(honours, college=cid) for cid in {h.college for h in honours if h.college}},
            "by_achievement": {slug: honours_for(honours, achievement=slug) for slug in {h.achievement for h in honours if h.achievement}},
            "distinguished": newest_first([h for h in honours if h.achievement]),
        }  # fmt: skip

    def generate_output(self, writer):
        write_page(self, writer, "ASSOCIATIONS", "associations/index")
        write_page(self, writer, "ASSOCIATIONS_MAP", "associations/map")
        write_page(self, writer, "HONOURS", "associations/honours")
        for view in self.views:
            write_page(
                self, writer, "ASSOCIATION", "associations/association", {"id": view.id}, association=view
            )


def get_generators(pelican):
    return AssociationsGenerator
