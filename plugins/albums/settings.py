"""The ``ALBUMS`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

from .model import AlbumsConfig

NAME = "ALBUMS"
DEFAULTS: dict[str, Any] = {
    "folder": "albums",  # one YAML file per album, under PATH
    # Derivatives (WebP + JPEG, no EXIF): thumbnails and the lightbox's full view.
    "photo_widths": (320, 640, 1280),
    # Videos (MP4, H.264) and their WebVTT captions, under PATH; published without metadata.
    "video_folder": "files/videos",
}


def albums_config(user: Mapping[str, Any] | None) -> AlbumsConfig:
    merged = merge_settings(NAME, DEFAULTS, user)
    try:
        widths = tuple(sorted({int(w) for w in merged["photo_widths"]}))
    except (TypeError, ValueError):
        widths = ()
    if not widths or widths[0] < 64:
        raise SettingsError(NAME, "'photo_widths' 应列出不小于 64 像素的宽度，例如 (320, 640, 1280)")
    video_folder = str(merged["video_folder"]).strip("/")
    if not video_folder or ".." in video_folder.split("/"):
        raise SettingsError(NAME, "'video_folder' 应为 content/ 下的文件夹，例如 'files/videos'")
    return AlbumsConfig(folder=str(merged["folder"]), photo_widths=widths, video_folder=video_folder)
