"""The ``ALUMNI_HOME`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    "folder": "memories",  # memory files, under PATH
    "photo_widths": (320, 640, 1024),  # derivative widths of object and memory photos, px
    "earliest_decade": 1950,  # the oldest 年代 a memory may be about
}


@dataclass(frozen=True)
class AlumniHomeConfig:
    folder: str
    photo_widths: tuple[int, ...]
    earliest_decade: int


def alumni_home_config(user: Mapping[str, Any] | None) -> AlumniHomeConfig:
    merged = merge_settings("ALUMNI_HOME", DEFAULTS, user)
    widths = tuple(sorted(int(w) for w in merged["photo_widths"]))
    if not widths or widths[0] < 64:
        raise SettingsError("ALUMNI_HOME", "photo_widths 应列出至少 64 像素的宽度")
    earliest = int(merged["earliest_decade"])
    if earliest % 10:
        raise SettingsError("ALUMNI_HOME", "earliest_decade 应为整十的年份，例如 1950")
    return AlumniHomeConfig(str(merged["folder"]), widths, earliest)
