"""The ``ENTERPRISES`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from plugins.common.dates import parse_date
from plugins.common.settings import SettingsError, merge_settings, pairs

DEFAULTS: dict[str, Any] = {
    # (Chinese name, ASCII slug) of each 行业; the site's list is in pelicanconf.py.
    "industries": (),
    "folder": "enterprises",  # enterprise files, under PATH
    "jobs_folder": "jobs",  # job posts, under PATH
    "logo_widths": (160, 320),  # logo derivative widths, px
    "earliest_class_year": 1950,  # the oldest 届 accepted for a founder
    # 校友企业招聘季: a title, an introduction and the dates whose job posts it lists.
    "season": None,
    "feed_max_items": 30,
}


@dataclass(frozen=True)
class RecruitmentSeason:
    """The 校友企业招聘季: every job post published between ``start`` and ``end``."""

    title: str
    intro: str
    start: date
    end: date

    def includes(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class EnterprisesConfig:
    industries: tuple[tuple[str, str], ...]
    folder: str
    jobs_folder: str
    logo_widths: tuple[int, ...]
    earliest_class_year: int
    season: RecruitmentSeason | None
    feed_max_items: int

    @property
    def industry_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.industries)

    def industry_slug(self, name: str) -> str:
        return dict(self.industries)[name]


def _season(value: Any) -> RecruitmentSeason | None:
    if value is None:
        return None
    unknown = sorted(set(value) - {"title", "intro", "start", "end"})
    if unknown:
        raise SettingsError("ENTERPRISES", f"season 中有未知的键 {unknown}；可用：title、intro、start、end")
    start, end = parse_date(value.get("start")), parse_date(value.get("end"))
    if not value.get("title") or start is None or end is None or end < start:
        raise SettingsError("ENTERPRISES", "season 需要 title，以及 start 不晚于 end 的日期（YYYY-MM-DD）")
    return RecruitmentSeason(str(value["title"]), str(value.get("intro", "")), start.date(), end.date())


def enterprises_config(user: Mapping[str, Any] | None) -> EnterprisesConfig:
    merged = merge_settings("ENTERPRISES", DEFAULTS, user)
    industries = pairs("ENTERPRISES", "industries", merged["industries"])
    widths = tuple(sorted(int(w) for w in merged["logo_widths"]))
    if not widths or widths[0] < 64:
        raise SettingsError("ENTERPRISES", "logo_widths 应列出至少 64 像素的宽度")
    return EnterprisesConfig(
        industries=industries,
        folder=str(merged["folder"]),
        jobs_folder=str(merged["jobs_folder"]),
        logo_widths=widths,
        earliest_class_year=int(merged["earliest_class_year"]),
        season=_season(merged["season"]),
        feed_max_items=int(merged["feed_max_items"]),
    )
