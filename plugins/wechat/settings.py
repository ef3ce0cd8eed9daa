"""The ``WECHAT`` setting: the 公众号's name, its QR image and the default share image."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    "account_name": "",  # 公众号名称; empty: SITENAME
    "qr_image": "",  # 公众号二维码, a path under PATH (content/); empty: no QR block after articles
    "default_og_image": "",  # share image for articles without a cover (≥ 300×300); empty: none
    "article_image_width": 1080,  # exported images: widest side WeChat keeps
    "article_image_bytes": 1_000_000,  # exported images: WeChat's upload limit is 1 MB
}


@dataclass(frozen=True)
class WechatConfig:
    account_name: str
    qr_image: str
    default_og_image: str
    article_image_width: int
    article_image_bytes: int


def wechat_config(user: Mapping[str, Any] | None, site_name: str = "") -> WechatConfig:
    """Merge ``WECHAT`` over :data:`DEFAULTS`, checking every key."""
    merged = merge_settings("WECHAT", DEFAULTS, user)
    for key in ("account_name", "qr_image", "default_og_image"):
        if not isinstance(merged[key], str):
            raise SettingsError("WECHAT", f"{key!r} 应为文字")
    for key in ("article_image_width", "article_image_bytes"):
        if isinstance(merged[key], bool) or not isinstance(merged[key], int) or merged[key] < 300:
            raise SettingsError("WECHAT", f"{key!r} 应为不小于 300 的整数")
    return WechatConfig(
        account_name=merged["account_name"].strip() or site_name,
        qr_image=merged["qr_image"].strip().lstrip("/"),
        default_og_image=merged["default_og_image"].strip().lstrip("/"),
        article_image_width=merged["article_image_width"],
        article_image_bytes=merged["article_image_bytes"],
    )
