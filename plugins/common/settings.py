"""Merging a plugin's namespaced setting over its defaults (the pelican-sitemap way)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import SettingsError

__all__ = ["SettingsError", "merge_settings", "pairs"]


def merge_settings(name: str, defaults: Mapping[str, Any], user: Mapping[str, Any] | None) -> dict[str, Any]:
    """``dict(defaults, **user)``, refusing keys the plugin does not know."""
    if user is not None and not isinstance(user, Mapping):
        raise SettingsError(name, f"应为字典（dict），现在是 {type(user).__name__}")
    user = dict(user or {})
    unknown = sorted(set(user) - set(defaults))
    if unknown:
        raise SettingsError(name, f"未知的键 {unknown}；可用的键：{sorted(defaults)}")
    return dict(defaults, **user)


def pairs(name: str, key: str, value: Any) -> tuple[tuple[str, str], ...]:
    """A required, non-empty list of unique (Chinese name, ASCII slug) pairs."""
    try:
        result = tuple((str(n), str(s)) for n, s in value)
    except (TypeError, ValueError):
        raise SettingsError(name, f"{key!r} 应为（中文名, 网址名）对的列表") from None
    if not result:
        raise SettingsError(name, f"{key!r} 应为（中文名, 网址名）对的列表，不能为空")
    if len({n for n, _ in result}) != len(result) or len({s for _, s in result}) != len(result):
        raise SettingsError(name, f"{key!r} 中的中文名和网址名都不能重复")
    return result


def public_base(settings: Mapping[str, Any]) -> str:
    """The absolute site root for what leaves the computer (exports, QR codes, JSON-LD).

    SITEURL when publishing; in a development build SITE_PUBLIC_URL, the configured
    public address: a phone cannot open the preview server (127.0.0.1).  The preview
    server (FEED_DOMAIN) is the last resort of a configuration without either.
    """
    return str(
        settings.get("SITEURL") or settings.get("SITE_PUBLIC_URL") or settings.get("FEED_DOMAIN") or ""
    ).rstrip("/")
