"""Photo albums: one YAML file per album (pure: no Pelican import).

``content/albums/<id>.yml`` holds a title, a date, a summary and the photos
(each ``src`` under content/images/ and an ``alt``; ``caption`` optional).
Photos are published only as derivatives without metadata, like profile
photos, so they may live in the derivative-only folders (images/memories …).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.files import parse_section_files, yaml_files
from plugins.common.images import ImageSizes, check_image_file
from plugins.common.yamlio import LineDict, LineList, load_yaml

ALBUM_FIELDS = ("title", "date", "summary", "photos", "status")
PHOTO_FIELDS = ("src", "alt", "caption")
MAX_PHOTOS = 200
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class AlbumsConfig:
    folder: str
    photo_widths: tuple[int, ...]


@dataclass(frozen=True)
class AlbumPhoto:
    src: str  # relative to the content folder
    alt: str
    caption: str
    line: int


@dataclass(frozen=True)
class Album:
    id: str
    title: str
    date: date
    summary: str
    photos: tuple[AlbumPhoto, ...]
    status: str
    path: str
    source_path: str


def _photos(
    check: FieldChecker, source_path: str, content_root: str, sizes: ImageSizes | None
) -> tuple[AlbumPhoto, ...]:
    value = check.raw.get("photos")
    example = "photos: 换行后每张写 - src: images/albums/照片.jpg 和 alt: 照片内容"
    if not isinstance(value, LineList) or not value or not all(isinstance(i, LineDict) for i in value):
        check.error("invalid-photos", "photos", f"相册要有照片列表：{example}")
        return ()
    if len(value) > MAX_PHOTOS:
        check.error("invalid-photos", "photos", f"一个相册最多 {MAX_PHOTOS} 张照片：请分成几个相册")
        return ()
    photos = []
    for index, record in enumerate(value):
        line = value.line_of(index)
        sub = FieldChecker(record, check.path, PHOTO_FIELDS, missing_line=line)
        sub.required("src", "照片缺少文件：请写 src: images/albums/照片文件名.jpg", key="missing-photo-src")
        sub.required("alt", "照片缺少说明：请写 alt: 照片内容的简短描述", key="missing-photo-alt")
        src, alt, caption = sub.text("src"), sub.text("alt"), sub.text("caption") or ""
        if src:
            src = src.removeprefix("{static}").lstrip("/")
            sub.errors.extend(
                ContentError(e.path, sub.line("src"), e.key, e.message)
                for e in check_image_file("/" + src, 0, check.path, source_path, content_root, sizes, False)
            )
        check.errors.extend(sub.errors)
        if src and alt and not sub.errors:
            photos.append(AlbumPhoto(src, alt, caption, sub.line("src")))
    return tuple(photos)


def parse_album(
    text: str, path: str, source_path: str, content_root: str, sizes: ImageSizes | None = None
) -> Album:
    raw = load_yaml(text, path)
    stem = os.path.splitext(os.path.basename(source_path))[0]
    if not isinstance(raw, LineDict):
        raise ContentErrors(
            [ContentError(path, 1, "invalid-album", "相册文件应当以 title: 开头，写标题、日期和照片")]
        )
    check = FieldChecker(raw, path, ALBUM_FIELDS)
    if not _ID.match(stem):
        check.errors.append(
            ContentError(
                path, 1, "invalid-id", f"文件名“{stem}”要用小写英文、数字和连字符，例如 homecoming-2026.yml"
            )
        )
    check.required("title", "缺少相册标题：请写 title: 相册标题")
    check.required("date", "缺少日期：请写 date: 2026-04-18")
    title, when, summary = check.text("title"), check.date("date"), check.text("summary") or ""
    photos = _photos(check, source_path, content_root, sizes)
    status = check.status()
    if check.errors:
        raise ContentErrors(check.errors)
    assert when is not None  # required: a missing or unreadable date is an error above
    return Album(stem, title or "", when.date(), summary, photos, status, path, source_path)


def load_albums(
    content_root: str, config: AlbumsConfig, sizes: ImageSizes | None = None
) -> tuple[list[Album], list[ContentError]]:
    """(albums newest first, errors); no folder means no albums section."""
    albums, errors = parse_section_files(
        content_root,
        config.folder,
        lambda text, path, source: parse_album(text, path, source, content_root, sizes),
        yaml_files,
    )
    albums.sort(key=lambda a: (a.date, a.id), reverse=True)
    return albums, errors
