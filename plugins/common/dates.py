"""Dates as editors write them and as Chinese readers read them.

Editors write ``2024-05-12`` or ``2024-05-12 14:30`` in Beijing time; pages
show ``2024年5月12日``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

SITE_TIMEZONE = "Asia/Shanghai"
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")


def parse_date(value: object, timezone: str = SITE_TIMEZONE) -> datetime | None:
    """Parse ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM``; ``None`` if it is not one."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(timezone))
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=ZoneInfo(timezone))
    if not isinstance(value, str):
        return None
    match = _DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(timezone))
    except ValueError:  # 2024-02-30, 25:00 …
        return None


def format_date_zh(value: date | datetime) -> str:
    """``2024年5月12日``: the form used on Chinese news sites."""
    return f"{value.year}年{value.month}月{value.day}日"


def clock_today() -> date:
    """The one clock of a build: :func:`site_today`, or Beijing's real date when ``SITE_TODAY`` is malformed.

    Models that bound a year (class years, founding years) take the loader's
    ``this_year``; this is their fallback when called alone (tests, tools), so
    no module reads the system clock on its own.  A malformed ``SITE_TODAY`` is
    reported by the loader (``[invalid-site-today]``), not here.
    """
    try:
        return site_today()
    except ValueError:
        return datetime.now(ZoneInfo(SITE_TIMEZONE)).date()


def site_today(environ: dict | None = None, timezone: str = SITE_TIMEZONE) -> date:
    """The build's "today": ``SITE_TODAY=YYYY-MM-DD`` when set, else today in Beijing.

    What is upcoming (events) or still open (jobs) depends on the day the site
    is built; tests and previews set ``SITE_TODAY`` so they are reproducible.
    A malformed value is a developer's mistake and raises ``ValueError``.
    """
    import os

    value = (os.environ if environ is None else environ).get("SITE_TODAY", "").strip()
    if value:
        parsed = parse_date(value, timezone)
        if parsed is None or len(value) != 10:
            raise ValueError(f"SITE_TODAY={value!r}: expected YYYY-MM-DD")
        return parsed.date()
    return datetime.now(ZoneInfo(timezone)).date()
