"""The ``SITE_IDENTITY`` setting: who the site belongs to and how it looks.

Declared once here with defaults; ``pelicanconf.py`` overrides what differs.
The theme never hard-codes a name, a colour or an image: everything that makes
the site look like the university comes from this one setting, so another
faculty or a new emblem is a settings change, not a template change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

NAME = "SITE_IDENTITY"

DEFAULTS: dict[str, Any] = {
    "name": "",  # the site's Chinese name; "" = SITENAME
    "english_name": "",  # shown under the name on wide screens
    "motto": "",  # 校训, shown in the hero; "" hides it
    # Images under PATH (content/): editors replace them without touching the theme.
    "emblem": "",  # SVG or PNG, square; "" shows the name only
    "emblem_alt": "",  # "" = "<name>标志"
    "hero_image": "",  # a wide campus photograph (JPEG/PNG), processed like profile photos
    "hero_alt": "",
    "hero_widths": (640, 1024, 1600),  # derivative widths, px
    "university_name": "",  # the university this association belongs to
    "university_url": "",  # https:// address of the university's site
    # One or two brand colours (#rrggbb); the palette is derived with WCAG AA contrast kept.
    "brand": "#0b4a82",
    "accent": "",  # "" = derived from brand
}

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


@dataclass(frozen=True)
class IdentityConfig:
    name: str
    english_name: str
    motto: str
    emblem: str
    emblem_alt: str
    hero_image: str
    hero_alt: str
    hero_widths: tuple[int, ...]
    university_name: str
    university_url: str
    brand: str
    accent: str


def identity_config(user: Mapping[str, Any] | None, sitename: str = "") -> IdentityConfig:
    """Merge ``SITE_IDENTITY`` over :data:`DEFAULTS`; a wrong value names its key."""
    merged = merge_settings(NAME, DEFAULTS, user)
    text = {}
    for key in (
        "name",
        "english_name",
        "motto",
        "emblem",
        "emblem_alt",
        "hero_image",
        "hero_alt",
        "university_name",
        "university_url",
        "brand",
        "accent",
    ):
        value = merged[key]
        if not isinstance(value, str):
            raise SettingsError(NAME, f"{key!r} 应为文字（str），现在是 {type(value).__name__}")
        text[key] = value.strip()
    name = text["name"] or sitename
    if not name:
        raise SettingsError(NAME, "'name' 不能为空（或设置 SITENAME）")
    for key in ("brand", "accent"):
        if text[key] and not _HEX.match(text[key]):
            raise SettingsError(NAME, f"{key!r} 应为 #rrggbb 形式的颜色，例如 #0b4a82，现在是 {text[key]!r}")
    if not text["brand"]:
        raise SettingsError(NAME, "'brand' 不能为空：请写学校的主色，例如 #0b4a82")
    url = text["university_url"]
    if url and not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
        raise SettingsError(NAME, f"'university_url' 应为 https:// 开头的网址，现在是 {url!r}")
    for key in ("emblem", "hero_image"):
        value = text[key].lstrip("/")
        if value and not value.lower().endswith(IMAGE_SUFFIXES):
            raise SettingsError(
                NAME, f"{key!r} 应为图片文件（{'、'.join(IMAGE_SUFFIXES)}），现在是 {value!r}"
            )
        text[key] = value
    try:
        widths = tuple(sorted({int(w) for w in merged["hero_widths"]}))
    except (TypeError, ValueError):
        widths = ()
    if not widths or widths[0] < 160:
        raise SettingsError(NAME, "'hero_widths' 应列出不小于 160 像素的宽度，例如 (640, 1024, 1600)")
    return IdentityConfig(
        name=name,
        english_name=text["english_name"],
        motto=text["motto"],
        emblem=text["emblem"],
        emblem_alt=text["emblem_alt"] or f"{name}标志",
        hero_image=text["hero_image"],
        hero_alt=text["hero_alt"],
        hero_widths=widths,
        university_name=text["university_name"],
        university_url=url,
        brand=text["brand"].lower(),
        accent=text["accent"].lower(),
    )
