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

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.pelican_content import write_page
from plugins.common.registries import NO_REGISTRIES, Registries

from .divisions import Divisions
from .maps import Region, china_map_svg, load_geodata, province_map_svg, tile_grid_svg
from .model import (
    STATUSES,
    TYPES,
    Association,
    association_ids,
    by_province,
    coverage,
    honours_by,
    honours_for,
    load_associations,
    load_honours,
    summary,
)
from .settings import associations_config


def _config(settings: dict):
    return associations_config(settings.get("ASSOCIATIONS"), settings.get("MAP_APPROVAL_NUMBER"))


def registry(settings: dict) -> dict:
    return {"associations": association_ids(settings["PATH"], _config(settings))}


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    config = _config(settings)
    divisions = Divisions.load()
    errors = load_associations(settings["PATH"], config, divisions, registries)[1]
    errors += load_honours(settings["PATH"], config, registries)[1]
    return errors


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
        s = self.settings
        config = _config(s)
        divisions = Divisions.load()
        columns = self.context.get("colleges_by_id", {})
        profiles = {p.slug: p for p in self.context.get("achievements", [])}
        registries = Registries(
            colleges={cid: c.name for cid, c in columns.items()} if columns else None,
            achievements={slug: p.title for slug, p in profiles.items()} if profiles else None,
        )
        associations, errors = load_associations(self.path, config, divisions, registries)
        registries = Registries(
            colleges=registries.colleges,
            achievements=registries.achievements,
            associations={a.id: a.name for a in associations},
        )
        honours, honour_errors = load_honours(self.path, config, registries)
        if errors or honour_errors:  # normally caught by the pre-build check
            raise ContentErrors(errors + honour_errors)
        views = [AssociationView(a, s["ASSOCIATION_URL"].format(id=a.id)) for a in associations]
        by_id = {v.id: v for v in views}
        for article in self.context.get("articles", []):
            view = by_id.get(getattr(article, "association", None))
            if view:
                view.news.append(article)
        for view in views:
            view.honours = honours_for(honours, association=view.id)

        home = coverage(associations, config.home_province, divisions)
        city_urls = {}
        regions = {}
        for city in home.cities:
            if not city.associations:
                continue
            names = "、".join(a.name + ("（筹建中）" if a.status == "preparing" else "") for a in city.associations)
            url = by_id[city.associations[0].id].url if len(city.associations) == 1 else f"{s['ASSOCIATIONS_MAP_URL']}#city-{city.name}"
            city_urls[city.name] = url
            regions[city.name] = Region("covered" if city.covered else "preparing", f"{s['SITEURL']}/{url}", f"{city.name}：{names}")
        shandong = load_geodata("shandong")
        province_svg = province_map_svg(
            shandong,
            regions,
            f"{config.home_province}各地市校友会分布图",
            f"{config.home_province} {len(home.cities)} 个地级市中，{len(home.covered)} 个已有校友会，"
            f"{len(home.preparing)} 个正在筹建。",
        )
        grouped = by_province(associations, config.home_province, list(divisions.provinces))
        province_regions = {}
        for province, members in grouped:
            if province in divisions.provinces:
                active = [a for a in members if a.status == "active"]
                province_regions[province] = Region(
                    "covered" if active else "preparing",
                    f"{s['SITEURL']}/{s['ASSOCIATIONS_URL']}#province-{province}",
                    f"{province}：{len(members)} 个校友会",
                )
        national_title = "全国各省（区、市）校友会分布示意"
        tiles_svg = tile_grid_svg(
            province_regions,
            national_title,
            "示意图，不表示行政区划界线。" + "；".join(f"{p}：{len(m)} 个" for p, m in grouped if p in divisions.provinces),
        )
        china_svg = ""
        if config.map_approval_number:
            china_svg = china_map_svg(load_geodata("china"), province_regions, "全国各省（区、市）校友会分布图", config.map_approval_number)

        self.views = views
        self.honours = honours
        self.index = {
            "all": views,
            "by_type": {kind: [v for v in views if v.type == kind] for kind in TYPES},
            "regional_groups": [(p, [by_id[a.id] for a in members]) for p, members in grouped],
            "types": TYPES,
            "statuses": STATUSES,
            "summary": summary(associations),
            "coverage": home,
            "city_urls": city_urls,
            "province_svg": province_svg,
            "tiles_svg": tiles_svg,
            "china_svg": china_svg,
            "approval": config.map_approval_number,
            "urls": {"index": s["ASSOCIATIONS_URL"], "map": s["ASSOCIATIONS_MAP_URL"], "honours": s["HONOURS_URL"]},
        }
        self.context["associations"] = self.index
        self.context["associations_by_id"] = by_id
        self.context["honours"] = {
            "all": honours,
            "by_year": honours_by(honours, "year"),
            "by_award": sorted(honours_by(honours, "award"), key=lambda item: config.awards.index(item[0])),
            "by_college": {cid: honours_for(honours, college=cid) for cid in {h.college for h in honours if h.college}},
            "by_achievement": {slug: honours_for(honours, achievement=slug) for slug in {h.achievement for h in honours if h.achievement}},
            "distinguished": [h for h in honours if h.achievement],
        }  # fmt: skip

    def generate_output(self, writer):
        write_page(self, writer, "ASSOCIATIONS", "associations/index")
        write_page(self, writer, "ASSOCIATIONS_MAP", "associations/map")
        write_page(self, writer, "HONOURS", "associations/honours")
        for view in self.views:
            write_page(self, writer, "ASSOCIATION", "associations/association", {"id": view.id}, association=view)


def get_generators(pelican):
    return AssociationsGenerator
