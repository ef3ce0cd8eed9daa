"""The ``MAGAZINE`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

from .model import MagazineConfig

NAME = "MAGAZINE"
DEFAULTS: dict[str, Any] = {
    "name": "校友刊物",  # the magazine's title, e.g. 《潍院校友》
    "folder": "magazine",  # one YAML file per issue, under PATH
    "files_folder": "files/magazine",  # the PDFs, under PATH (never copied as they are)
    "cover_widths": (240, 480),  # cover derivatives (no EXIF)
    "max_pdf_mb": 40,
}


def magazine_config(user: Mapping[str, Any] | None) -> MagazineConfig:
    merged = merge_settings(NAME, DEFAULTS, user)
    try:
        widths = tuple(sorted({int(w) for w in merged["cover_widths"]}))
        max_mb = int(merged["max_pdf_mb"])
    except (TypeError, ValueError):
        widths, max_mb = (), 0
    if not widths or widths[0] < 64:
        raise SettingsError(NAME, "'cover_widths' 应列出不小于 64 像素的宽度，例如 (240, 480)")
    if not 1 <= max_mb <= 200:
        raise SettingsError(NAME, "'max_pdf_mb' 应为 1 到 200 之间的整数（兆字节）")
    return MagazineConfig(
        name=str(merged["name"]),
        folder=str(merged["folder"]),
        files_folder=str(merged["files_folder"]),
        cover_widths=widths,
        max_pdf_bytes=max_mb * 1024 * 1024,
    )
