"""Maps drawn at build time as inline SVG: they work with no JavaScript.

* :func:`province_map_svg`: Shandong's 16 cities with their boundaries, drawn only
  when ``PROVINCE_MAP_APPROVAL_NUMBER`` is set (a public map showing administrative
  boundaries needs an approval number, 审图号, printed under it); a city with an
  association is filled and is a link (keyboard-focusable, with a ``<title>``).
* :func:`tile_grid_svg`: without an approval number, the same regions as a schematic
  grid of equal tiles with no boundaries: all 34 provincial-level divisions
  (:data:`TILES`), or the home province's cities (:data:`PROVINCE_TILES`).
* :func:`china_map_svg`: the geographic map, drawn only when
  ``MAP_APPROVAL_NUMBER`` is set, with that number printed under it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from .divisions import GEODATA, Divisions

# (row, column) of each provincial-level division in the schematic grid.
TILES: dict[str, tuple[int, int]] = {
    "黑龙江省": (0, 7),
    "内蒙古自治区": (1, 4), "吉林省": (1, 7),
    "新疆维吾尔自治区": (2, 0), "甘肃省": (2, 2), "宁夏回族自治区": (2, 3), "山西省": (2, 4), "北京市": (2, 5),
    "天津市": (2, 6), "辽宁省": (2, 7),
    "青海省": (3, 1), "陕西省": (3, 3), "河南省": (3, 4), "河北省": (3, 5), "山东省": (3, 6),
    "西藏自治区": (4, 0), "四川省": (4, 2), "重庆市": (4, 3), "湖北省": (4, 4), "安徽省": (4, 5), "江苏省": (4, 6),
    "上海市": (4, 7),
    "云南省": (5, 2), "贵州省": (5, 3), "湖南省": (5, 4), "江西省": (5, 5), "浙江省": (5, 6),
    "广西壮族自治区": (6, 3), "广东省": (6, 4), "福建省": (6, 5), "台湾省": (6, 7),
    "海南省": (7, 3), "澳门特别行政区": (7, 4), "香港特别行政区": (7, 5),
}  # fmt: skip


# (row, column) of each city of the home province in its schematic grid (north up, west left).
PROVINCE_TILES: dict[str, dict[str, tuple[int, int]]] = {
    "山东省": {
        "德州市": (0, 1), "滨州市": (0, 2), "东营市": (0, 3), "烟台市": (0, 5), "威海市": (0, 6),
        "聊城市": (1, 0), "济南市": (1, 1), "淄博市": (1, 2), "潍坊市": (1, 3), "青岛市": (1, 4),
        "菏泽市": (2, 0), "济宁市": (2, 1), "泰安市": (2, 2), "临沂市": (2, 3), "日照市": (2, 4),
        "枣庄市": (3, 2),
    },
}  # fmt: skip


@dataclass(frozen=True)
class Region:
    """What a map shows for one region: its state, link and hover/focus title."""

    state: str  # "covered", "preparing" or "none"
    url: str | None
    title: str


def load_geodata(name: str, folder: str = GEODATA) -> dict:
    with open(os.path.join(folder, f"{name}.json"), encoding="utf-8") as handle:
        return json.load(handle)


def _svg_open(kind: str, x: int, y: int, w: int, h: int) -> str:
    return f'<svg class="map map-{kind}" viewBox="{x} {y} {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'


def _regions(features: list[dict], regions: Mapping[str, Region]) -> list[str]:
    """One shape per feature; a region without data is drawn plain, with a "none yet" title."""
    return [
        _shape(
            f'<path d="{f["d"]}"/>',
            regions.get(f["name"]) or Region("none", None, f"{f['name']}：暂无校友会"),
            f["name"],
        )
        for f in features
    ]


def _shape(element: str, region: Region, label: str) -> str:
    body = f"<title>{escape(region.title)}</title>{element}"
    if region.url:
        return (
            f'<a href="{escape(region.url)}" class="map-region {region.state}" aria-label="{escape(region.title)}">'
            f"{body}</a>"
        )
    return f'<g class="map-region {region.state}" role="img" aria-label="{escape(region.title)}">{body}</g>'


def province_map_svg(
    geodata: dict, regions: Mapping[str, Region], title: str, description: str, approval: str
) -> str:
    """The province's cities with their boundaries: only with an approval number (审图号), shown beneath."""
    if not approval:
        raise ValueError("a map with administrative boundaries needs PROVINCE_MAP_APPROVAL_NUMBER (审图号)")
    x, y, w, h = geodata["viewBox"]
    parts = [
        _svg_open("province", x, y, w, h + 30),
        f'<title id="map-title">{escape(title)}</title><desc id="map-desc">{escape(description)}</desc>',
        *_regions(geodata["cities"], regions),
    ]
    for city in geodata["cities"]:
        lx, ly = city["label"]
        parts.append(
            f'<text x="{lx}" y="{ly + 5}" class="map-label" aria-hidden="true">{escape(Divisions.short(city["name"]))}</text>'
        )
    parts.append(
        f'<text x="{x + w - 8}" y="{y + h + 22}" text-anchor="end" class="map-approval">审图号：{escape(approval)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def tile_grid_svg(
    regions: Mapping[str, Region],
    title: str,
    description: str,
    tile: int = 44,
    gap: int = 4,
    tiles: Mapping[str, tuple[int, int]] = TILES,
    kind: str = "tiles",
) -> str:
    """Equal tiles, no boundaries: a schematic, not a map (no 审图号 needed)."""
    rows = max(r for r, _ in tiles.values()) + 1
    cols = max(c for _, c in tiles.values()) + 1
    width, height = cols * (tile + gap), rows * (tile + gap)
    parts = [
        _svg_open(kind, 0, 0, width, height),
        f'<title id="{kind}-title">{escape(title)}</title><desc id="{kind}-desc">{escape(description)}</desc>',
    ]
    for name, (row, col) in tiles.items():
        region = regions.get(name) or Region("none", None, f"{name}：暂无校友会")
        x, y = col * (tile + gap), row * (tile + gap)
        label = Divisions.short(name)
        size = 13 if len(label) <= 2 else 11
        parts.append(
            _shape(
                f'<rect x="{x}" y="{y}" width="{tile}" height="{tile}" rx="4"/>'
                f'<text x="{x + tile / 2:.0f}" y="{y + tile / 2 + 4:.0f}" class="map-label" font-size="{size}" '
                f'aria-hidden="true">{escape(label)}</text>',
                region,
                label,
            )
        )
    parts.append("</svg>")
    return "".join(parts)


def china_map_svg(geodata: dict, regions: Mapping[str, Region], title: str, approval: str) -> str:
    """The geographic national map: only with an approval number (审图号), shown beneath."""
    if not approval:
        raise ValueError("a geographic map of China needs MAP_APPROVAL_NUMBER (审图号)")
    x, y, w, h = geodata["viewBox"]
    parts = [
        _svg_open("china", x, y, w, h + 24),
        f'<title id="china-title">{escape(title)}</title>',
        *_regions(geodata["provinces"], regions),
    ]
    parts.append(f'<path d="{geodata["maritime"]}" class="map-maritime"/>')
    parts.append(
        f'<text x="{w - 8}" y="{h + 18}" text-anchor="end" class="map-approval">审图号：{escape(approval)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
