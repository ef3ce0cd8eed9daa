"""The ``NEWS`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings, pairs

DEFAULTS: dict[str, Any] = {
    # (Chinese name, ASCII URL slug) pairs, in menu order: the site's own
    # list lives in pelicanconf.py and is required.
    "categories": (),
    "related_count": 4,  # related articles under each article
    "summary_length": 110,  # characters of the automatic summary
    "featured_count": 3,  # featured articles on the home page
    "latest_count": 8,  # latest articles on the home page
    # The home page's first screen (issue 24): the 要闻 slideshow (stories with a cover),
    # the 通知公告 column (this category's newest) and the 最新动态 column.
    "slides_count": 5,
    "notices_category": "通知公告",
    "notices_count": 5,
    "home_latest_count": 5,
    "folder": "news",  # where news Markdown lives, under PATH
    # Cover derivatives (WebP + JPEG, no EXIF), like profile photos: a phone's 7 rem
    # thumbnail no longer loads the 1200 px original.
    "cover_widths": (240, 480, 800, 1200),
}


@dataclass(frozen=True)
class NewsConfig:
    categories: tuple[tuple[str, str], ...]
    related_count: int
    summary_length: int
    featured_count: int
    latest_count: int
    folder: str
    cover_widths: tuple[int, ...] = (240, 480, 800, 1200)
    slides_count: int = 5
    notices_category: str = "通知公告"
    notices_count: int = 5
    home_latest_count: int = 5

    @property
    def category_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.categories)

    def category_slug(self, name: str) -> str:
        return dict(self.categories)[name]


def news_config(user: Mapping[str, Any] | None) -> NewsConfig:
    """Merge ``NEWS`` from the settings over :data:`DEFAULTS`, checking every key."""
    merged = merge_settings("NEWS", DEFAULTS, user)
    categories = pairs("NEWS", "categories", merged["categories"])
    for key in (
        "related_count",
        "summary_length",
        "featured_count",
        "latest_count",
        "slides_count",
        "notices_count",
        "home_latest_count",
    ):
        if not isinstance(merged[key], int) or merged[key] < 0:
            raise SettingsError("NEWS", f"{key!r} 应为不小于 0 的整数")
    try:
        widths = tuple(sorted({int(w) for w in merged["cover_widths"]}))
    except (TypeError, ValueError):
        widths = ()
    if not widths or widths[0] < 64:
        raise SettingsError("NEWS", "'cover_widths' 应列出不小于 64 像素的宽度，例如 (240, 480, 800, 1200)")
    notices = merged["notices_category"]
    if notices and categories and notices not in {name for name, _ in categories}:
        raise SettingsError(
            "NEWS", f"'notices_category' {notices!r} 不在 'categories' 中：请填写已有的新闻栏目名称，或留空"
        )
    return NewsConfig(
        slides_count=merged["slides_count"],
        notices_category=str(notices or ""),
        notices_count=merged["notices_count"],
        home_latest_count=merged["home_latest_count"],
        cover_widths=widths,
        categories=categories,
        related_count=merged["related_count"],
        summary_length=merged["summary_length"],
        featured_count=merged["featured_count"],
        latest_count=merged["latest_count"],
        folder=str(merged["folder"]),
    )
