"""The ``EVENTS`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

SERIES_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

DEFAULTS: dict[str, Any] = {
    # (ASCII id, Chinese name) pairs: a numbered series such as 校友大讲堂.
    # The id is what editors write in ``series:`` and the URL of its page.
    "series": (),
    "home_count": 3,  # upcoming events on the home page
    "calendar_name": "潍坊学院校友会活动",  # X-WR-CALNAME of the subscribable calendar
    "calendar_domain": "xiaoyou.wfu.edu.cn",  # right-hand side of every UID; never change it
    # Where SEQUENCE numbers are kept between publications: a relative path is
    # taken beside URL_LOCK (the published URLs, set by publishconf.py), so a
    # site and its locks travel together.  Empty, or no URL_LOCK: every event
    # has SEQUENCE 0 (previews, tests).
    "sequence_lock": "",
}


@dataclass(frozen=True)
class EventsConfig:
    series: tuple[tuple[str, str], ...]
    home_count: int
    calendar_name: str
    calendar_domain: str
    sequence_lock: str

    @property
    def series_ids(self) -> tuple[str, ...]:
        return tuple(sid for sid, _ in self.series)

    def series_name(self, series_id: str) -> str:
        return dict(self.series)[series_id]


def events_config(user: Mapping[str, Any] | None) -> EventsConfig:
    """Merge ``EVENTS`` from the settings over :data:`DEFAULTS`, checking every key."""
    merged = merge_settings("EVENTS", DEFAULTS, user)
    try:
        series = tuple((str(sid), str(name)) for sid, name in merged["series"])
    except (TypeError, ValueError):
        raise SettingsError("EVENTS", "'series' 应为（编号, 名称）对的列表") from None
    if len({s for s, _ in series}) != len(series) or len({n for _, n in series}) != len(series):
        raise SettingsError("EVENTS", "'series' 中的编号和名称都不能重复")
    for sid, name in series:
        if not SERIES_ID_RE.match(sid) or not name.strip():
            raise SettingsError("EVENTS", f"'series' 中的编号 {sid!r} 应为小写英文单词，并且要有名称")
    if (
        not isinstance(merged["home_count"], int)
        or isinstance(merged["home_count"], bool)
        or merged["home_count"] < 0
    ):
        raise SettingsError("EVENTS", "'home_count' 应为不小于 0 的整数")
    for key in ("calendar_name", "calendar_domain"):
        if not isinstance(merged[key], str) or not merged[key].strip():
            raise SettingsError("EVENTS", f"{key!r} 应为非空文字")
    if not isinstance(merged["sequence_lock"], str):
        raise SettingsError("EVENTS", "'sequence_lock' 应为文件路径或空字符串")
    return EventsConfig(
        series=series,
        home_count=merged["home_count"],
        calendar_name=merged["calendar_name"].strip(),
        calendar_domain=merged["calendar_domain"].strip(),
        sequence_lock=merged["sequence_lock"],
    )
