"""The ``ACHIEVEMENTS`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings, pairs

DEFAULTS: dict[str, Any] = {
    # (Chinese name, ASCII slug) of each 行业/领域; the site's list is in pelicanconf.py.
    "fields": (),
    "folder": "achievements",  # under PATH
    "photo_widths": (320, 640, 1024),  # derivative widths, px
    "summary_length": 80,  # characters of the automatic summary on cards
    "earliest_class_year": 1950,  # the oldest 届 accepted
}


@dataclass(frozen=True)
class AchievementsConfig:
    fields: tuple[tuple[str, str], ...]
    folder: str
    photo_widths: tuple[int, ...]
    summary_length: int
    earliest_class_year: int

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.fields)

    def field_slug(self, name: str) -> str:
        return dict(self.fields)[name]


def achievements_config(user: Mapping[str, Any] | None) -> AchievementsConfig:
    merged = merge_settings("ACHIEVEMENTS", DEFAULTS, user)
    fields = pairs("ACHIEVEMENTS", "fields", merged["fields"])
    widths = tuple(sorted(int(w) for w in merged["photo_widths"]))
    if not widths or widths[0] < 64:
        raise SettingsError("ACHIEVEMENTS", "'photo_widths' 应列出不小于 64 像素的宽度")
    return AchievementsConfig(
        fields=fields,
        folder=str(merged["folder"]),
        photo_widths=widths,
        summary_length=int(merged["summary_length"]),
        earliest_class_year=int(merged["earliest_class_year"]),
    )
