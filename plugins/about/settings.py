"""The ``ABOUT_ASSOCIATION`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

from .model import AboutConfig, Account

NAME = "ABOUT_ASSOCIATION"
DEFAULTS: dict[str, Any] = {
    "message_file": "about/message.md",  # 会长致辞, under PATH; no file = no page
    "milestones_file": "data/milestones.yml",  # 大事记, under PATH; no file = no page
    "photo_widths": (240, 480),  # the president's photo derivatives (no EXIF)
    # Footer row of official accounts: {"name": "微信公众号", "image": "images/…png", "alt": "…"}.
    "accounts": (),
}
ACCOUNT_KEYS = ("name", "image", "alt")


def about_config(user: Mapping[str, Any] | None) -> AboutConfig:
    merged = merge_settings(NAME, DEFAULTS, user)
    accounts = []
    for item in merged["accounts"]:
        if not isinstance(item, Mapping) or set(item) - set(ACCOUNT_KEYS) or not item.get("name"):
            raise SettingsError(NAME, f"'accounts' 每一项要有 name 和 image，可用的键：{list(ACCOUNT_KEYS)}")
        if not item.get("image"):
            raise SettingsError(NAME, f"'accounts' 中“{item['name']}”缺少二维码图片 image")
        accounts.append(
            Account(
                str(item["name"]),
                str(item["image"]).lstrip("/"),
                str(item.get("alt") or f"{item['name']}二维码"),
            )
        )
    try:
        widths = tuple(sorted({int(w) for w in merged["photo_widths"]}))
    except (TypeError, ValueError):
        widths = ()
    if not widths or widths[0] < 64:
        raise SettingsError(NAME, "'photo_widths' 应列出不小于 64 像素的宽度，例如 (240, 480)")
    return AboutConfig(
        message_file=str(merged["message_file"]),
        milestones_file=str(merged["milestones_file"]),
        photo_widths=widths,
        accounts=tuple(accounts),
    )
