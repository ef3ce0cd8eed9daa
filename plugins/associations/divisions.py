"""China's official division names (from the committed ``geodata/divisions.json``)."""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from functools import cached_property

GEODATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "geodata")


@dataclass(frozen=True)
class Divisions:
    """Province -> prefecture-level cities, with name suggestions for typos."""

    provinces: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, folder: str = GEODATA) -> Divisions:
        with open(os.path.join(folder, "divisions.json"), encoding="utf-8") as handle:
            data = json.load(handle)
        return cls({p: tuple(cities) for p, cities in data["provinces"].items()})

    @cached_property
    def short_names(self) -> dict[str, str]:
        """``山东`` -> ``山东省``, ``内蒙古`` -> ``内蒙古自治区`` …"""
        result = {}
        for name in self.provinces:
            for suffix in ("维吾尔自治区", "回族自治区", "壮族自治区", "特别行政区", "自治区", "省", "市"):
                if name.endswith(suffix):
                    result[name[: -len(suffix)]] = name
                    break
        return result

    def suggest_province(self, name: str) -> str | None:
        if name in self.short_names:
            return self.short_names[name]
        near = difflib.get_close_matches(name, list(self.provinces), n=1, cutoff=0.4)
        return near[0] if near else None

    def suggest_city(self, province: str, name: str) -> str | None:
        cities = self.provinces.get(province, ())
        for city in cities:
            if city.startswith(name) or name.startswith(city.rstrip("市")):
                return city
        near = difflib.get_close_matches(name, cities, n=1, cutoff=0.4)
        return near[0] if near else None

    @staticmethod
    def short(name: str) -> str:
        """Label form: 青岛市 -> 青岛, 内蒙古自治区 -> 内蒙古, 香港特别行政区 -> 香港."""
        for suffix in (
            "维吾尔自治区",
            "回族自治区",
            "壮族自治区",
            "特别行政区",
            "自治区",
            "自治州",
            "地区",
            "盟",
            "省",
            "市",
        ):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[: -len(suffix)]
        return name
