"""The ``COLLEGES`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    "folder": "colleges",  # under PATH: one <id>.md per college
    "latest_news": 5,  # news items on a college's column page
}


@dataclass(frozen=True)
class CollegesConfig:
    folder: str
    latest_news: int


def colleges_config(user: Mapping[str, Any] | None) -> CollegesConfig:
    merged = merge_settings("COLLEGES", DEFAULTS, user)
    if (
        isinstance(merged["latest_news"], bool)
        or not isinstance(merged["latest_news"], int)
        or merged["latest_news"] < 1
    ):
        raise SettingsError("COLLEGES", "'latest_news' 应为正整数")
    return CollegesConfig(folder=str(merged["folder"]), latest_news=merged["latest_news"])
