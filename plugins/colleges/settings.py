"""The ``COLLEGES`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    "folder": "colleges",  # under PATH: one <id>.md per college
    "latest_news": 5,  # news items on a college's column page
    "per_page": 10,  # news items per page of /colleges/<id>/news/
}


@dataclass(frozen=True)
class CollegesConfig:
    folder: str
    latest_news: int
    per_page: int


def colleges_config(user: Mapping[str, Any] | None) -> CollegesConfig:
    merged = merge_settings("COLLEGES", DEFAULTS, user)
    for key in ("latest_news", "per_page"):
        if not isinstance(merged[key], int) or merged[key] < 1:
            raise SettingsError(f"COLLEGES[{key!r}] must be a positive integer")
    return CollegesConfig(folder=str(merged["folder"]), latest_news=merged["latest_news"], per_page=merged["per_page"])
