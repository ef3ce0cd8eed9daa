"""The association directory and maps: grouping, coverage and inline SVG, computed once.

Pure (no Pelican): the adapter passes the URLs it gets from the settings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .divisions import Divisions
from .maps import PROVINCE_TILES, Region, china_map_svg, load_geodata, province_map_svg, tile_grid_svg
from .model import Association, Coverage, by_province, coverage
from .settings import AssociationsConfig


@dataclass(frozen=True)
class Directory:
    """What /associations/ and /associations/map/ show."""

    coverage: Coverage
    city_urls: Mapping[str, str]
    grouped: list[tuple[str, list[Association]]]  # by province: home province first, overseas last
    province_svg: str
    tiles_svg: str
    china_svg: str
    province_schematic: bool = True  # no 审图号 for the province: tiles, no boundaries


def directory(
    associations: Sequence[Association],
    config: AssociationsConfig,
    divisions: Divisions,
    association_url: Mapping[str, str],
    urls: Mapping[str, str],
    siteurl: str,
    home: Coverage | None = None,
) -> Directory:
    """Coverage of the home province, the directory by province and the three maps.

    ``home``: the coverage already computed for the site (``Site.figures``), so the
    map page and the home page's teaser show one figure.
    """
    s = {"SITEURL": siteurl, **urls}
    if home is None:
        home = coverage(list(associations), config.home_province, divisions)
    city_urls = {}
    regions = {}
    for city in home.cities:
        if not city.associations:
            continue
        names = "、".join(
            a.name + ("（筹建中）" if a.status == "preparing" else "") for a in city.associations
        )
        url = (
            association_url[city.associations[0].id]
            if len(city.associations) == 1
            else f"{s['ASSOCIATIONS_MAP_URL']}#city-{city.name}"
        )
        city_urls[city.name] = url
        regions[city.name] = Region(
            "covered" if city.covered else "preparing", f"{s['SITEURL']}/{url}", f"{city.name}：{names}"
        )
    summary = (
        f"{config.home_province} {len(home.cities)} 个地级市中，{len(home.covered)} 个已有校友会，"
        f"{len(home.preparing)} 个正在筹建。"
    )
    if config.province_map_approval_number:
        province_svg = province_map_svg(
            load_geodata("shandong"),
            regions,
            f"{config.home_province}各地市校友会分布图",
            summary,
            config.province_map_approval_number,
        )
    else:  # boundaries need a 审图号: equal tiles instead, one per city
        cities = [city.name for city in home.cities]
        tiles = PROVINCE_TILES.get(config.home_province) or {
            name: divmod(i, 4) for i, name in enumerate(cities)
        }
        province_svg = tile_grid_svg(
            regions,
            f"{config.home_province}各地市校友会分布示意",
            "示意图，不表示行政区划界线。" + summary,
            tile=60,
            tiles=tiles,
            kind="province",
        )
    grouped = by_province(list(associations), config.home_province, list(divisions.provinces))
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
        "示意图，不表示行政区划界线。"
        + "；".join(f"{p}：{len(m)} 个" for p, m in grouped if p in divisions.provinces),
    )
    china_svg = ""
    if config.map_approval_number:
        china_svg = china_map_svg(
            load_geodata("china"),
            province_regions,
            "全国各省（区、市）校友会分布图",
            config.map_approval_number,
        )

    return Directory(
        home, city_urls, grouped, province_svg, tiles_svg, china_svg, not config.province_map_approval_number
    )
