"""Merging a plugin's namespaced setting over its defaults (the pelican-sitemap way)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class SettingsError(ValueError):
    """A developer's mistake in pelicanconf.py (not an editor's)."""


def merge_settings(name: str, defaults: Mapping[str, Any], user: Mapping[str, Any] | None) -> dict[str, Any]:
    """``dict(defaults, **user)``, refusing keys the plugin does not know."""
    user = dict(user or {})
    unknown = sorted(set(user) - set(defaults))
    if unknown:
        raise SettingsError(f"{name}: unknown key(s) {unknown}; known: {sorted(defaults)}")
    return dict(defaults, **user)


def pairs(name: str, key: str, value: Any) -> tuple[tuple[str, str], ...]:
    """A required, non-empty list of unique (Chinese name, ASCII slug) pairs."""
    result = tuple((str(n), str(s)) for n, s in value)
    if not result:
        raise SettingsError(f"{name}[{key!r}] must list (name, slug) pairs")
    if len({n for n, _ in result}) != len(result) or len({s for _, s in result}) != len(result):
        raise SettingsError(f"{name}[{key!r}]: names and slugs must be unique")
    return result
