"""Ids that one section defines and others refer to (colleges, associations …)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Registries:
    """``id -> display name`` per section; ``None`` while a section has no data yet."""

    colleges: Mapping[str, str] | None = None
    associations: Mapping[str, str] | None = None
    achievements: Mapping[str, str] | None = None
    news: Mapping[str, str] | None = None  # "slug" and "YYYY/slug" -> URL of published articles
    event_series: Mapping[str, str] | None = None  # configured event series id -> name (EVENTS)


NO_REGISTRIES = Registries()
