"""Photo albums: one YAML file per album (pure: no Pelican import).

``content/albums/<id>.yml`` holds a title, a date, a summary, the photos
(each ``src`` under content/images/ and an ``alt``; ``caption`` optional) and
the videos (each an MP4 and its Chinese WebVTT captions under
content/files/videos/, a ``poster`` image and a ``title``).  Photos and posters
are published only as derivatives without metadata, like profile photos, so
they may live in the derivative-only folders (images/memories …); a video only
as a copy without metadata (:mod:`plugins.common.videosafety`).  A video
without captions is an error: readers who cannot hear it must be able to read it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.files import display_path, parse_section_files, yaml_files
from plugins.common.images import ImageSizes, inside
from plugins.common.limits import DEFAULT_LIMITS
from plugins.common.privacy import PrivacyPolicy
from plugins.common.videosafety import captions_errors, video_problems
from plugins.common.yamlio import LineDict, LineList, load_yaml

ALBUM_FIELDS = ("title", "date", "summary", "photos", "videos", "status")
PHOTO_FIELDS = ("src", "alt", "caption")
VIDEO_FIELDS = ("src", "title", "poster", "captions")
MAX_PHOTOS = 200
MAX_VIDEOS = 20
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class AlbumsConfig:
    folder: str
    photo_widths: tuple[int, ...]
    video_folder: str = "files/videos"


@dataclass(frozen=True)
class AlbumPhoto:
    src: str  # relative to the content folder
    alt: str
    caption: str
    line: int


@dataclass(frozen=True)
class AlbumVideo:
    src: str  # the MP4, relative to the content folder
    title: str
    poster: str  # an image, relative to the content folder
    captions: str  # the WebVTT file, relative to the content folder
    line: int
    poster_line: int


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
    videos: tuple[AlbumVideo, ...] = ()


def _photos(
    check: FieldChecker, source_path: str, content_root: str, sizes: ImageSizes | None
) -> tuple[AlbumPhoto, ...]:
    value = check.raw.get("photos")
    example = "photos: 换行后每张写 - src: images/albums/照片.jpg 和 alt: 照片内容"
    if value is None and check.present("videos"):
        return ()  # a video album
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
        if src:  # processed into derivatives: not published as it is
            src = sub.image("src", source_path, content_root, sizes, published_as_is=False)
        check.errors.extend(sub.errors)
        if src and alt and not sub.errors:
            photos.append(AlbumPhoto(src, alt, caption, sub.line("src")))
    return tuple(photos)


def _media_file(
    sub: FieldChecker, name: str, suffix: str, content_root: str, folder: str, label: str, example: str
) -> str | None:
    """A file field of a video (the MP4 or its captions): inside ``folder``, with ``suffix``, present."""
    value = str(sub.raw[name]).strip().lstrip("/")
    full = os.path.normpath(os.path.join(content_root, value))
    if not value.lower().endswith(suffix) or not inside(full, os.path.join(content_root, folder)):
        sub.error(
            f"invalid-{name}", name, f"{label}要放在 content/{folder}/ 中，写成 {name}: {folder}/{example}"
        )
        return None
    if not os.path.isfile(full):
        sub.error(
            f"{name}-not-found",
            name,
            f"找不到{label} {value}：请检查文件名（区分大小写），或先把文件放进 content/{folder}/",
        )
        return None
    return value


def _videos(
    check: FieldChecker,
    source_path: str,
    content_root: str,
    sizes: ImageSizes | None,
    config: AlbumsConfig | None,
    policy: PrivacyPolicy | None,
    today: date | None,
    cache: str | None = None,
) -> tuple[AlbumVideo, ...]:
    value = check.raw.get("videos")
    if value is None:
        return ()
    folder = config.video_folder if config else "files/videos"
    limits = sizes.limits if sizes else DEFAULT_LIMITS
    example = f"videos: 换行后每段写 - src: {folder}/视频.mp4、title、poster 和 captions"
    if not isinstance(value, LineList) or not value or not all(isinstance(i, LineDict) for i in value):
        check.error("invalid-videos", "videos", f"视频应为列表：{example}")
        return ()
    if len(value) > MAX_VIDEOS:
        check.error("invalid-videos", "videos", f"一个相册最多 {MAX_VIDEOS} 段视频：请分成几个相册")
        return ()
    videos = []
    for index, record in enumerate(value):
        line = value.line_of(index)
        sub = FieldChecker(record, check.path, VIDEO_FIELDS, missing_line=line)
        sub.required("src", f"视频缺少文件：请写 src: {folder}/视频文件名.mp4", key="missing-video-src")
        sub.required("title", "视频缺少标题：请写 title: 视频的简短标题", key="missing-video-title")
        sub.required(
            "poster", "视频缺少封面图：请写 poster: images/albums/封面.jpg", key="missing-video-poster"
        )
        sub.required(
            "captions",
            f"视频必须配中文字幕（听不到声音的读者也要能看懂）：请写 captions: {folder}/视频文件名.vtt"
            "（WebVTT 字幕文件，可用剪映“导出字幕”或记事本编写）",
            key="missing-captions",
        )
        src = captions = None
        if sub.present("src"):
            src = _media_file(sub, "src", ".mp4", content_root, folder, "视频", "视频文件名.mp4")
            if src:
                for key, message in video_problems(os.path.join(content_root, src), limits, cache):
                    sub.error(key, "src", f"{src}：{message}")
        if sub.present("captions"):
            captions = _media_file(
                sub, "captions", ".vtt", content_root, folder, "字幕文件", "视频文件名.vtt"
            )
            if captions:
                full = os.path.join(content_root, captions)
                shown = display_path(full, content_root)
                sub.errors += captions_errors(full, shown, limits, policy, today, cache)
        poster = sub.image("poster", source_path, content_root, sizes, published_as_is=False)
        title = sub.text("title")
        check.errors.extend(sub.errors)
        if src and captions and poster and title and not sub.errors:
            videos.append(AlbumVideo(src, title, poster, captions, sub.line("src"), sub.line("poster")))
    return tuple(videos)


def parse_album(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    sizes: ImageSizes | None = None,
    config: AlbumsConfig | None = None,
    policy: PrivacyPolicy | None = None,
    today: date | None = None,
    cache: str | None = None,
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
    videos = _videos(check, source_path, content_root, sizes, config, policy, today, cache)
    status = check.status()
    if check.errors:
        raise ContentErrors(check.errors)
    assert when is not None  # required: a missing or unreadable date is an error above
    return Album(stem, title or "", when.date(), summary, photos, status, path, source_path, videos)


def load_albums(
    content_root: str,
    config: AlbumsConfig,
    sizes: ImageSizes | None = None,
    policy: PrivacyPolicy | None = None,
    today: date | None = None,
    cache: str | None = None,
) -> tuple[list[Album], list[ContentError]]:
    """(albums newest first, errors); no folder means no albums section."""
    albums, errors = parse_section_files(
        content_root,
        config.folder,
        lambda text, path, source: parse_album(
            text, path, source, content_root, sizes, config, policy, today, cache
        ),
        yaml_files,
    )
    albums.sort(key=lambda a: (a.date, a.id), reverse=True)
    return albums, errors
