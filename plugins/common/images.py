"""Images referenced by content: where they are, whether they exist, their size.

The site must make no third-party request, every content image needs alt text,
and every ``<img>`` gets width/height so the page does not jump on a phone.
These checks work on the Markdown source, so they report the editor's line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from PIL import Image, UnidentifiedImageError

from .errors import ContentError
from .imagesafety import (  # never imports this module
    GPS_IFD_TAG,
    ImageRefused,
    check_header,
    inspect_image,
    location_error,
)
from .limits import DEFAULT_LIMITS, Limits
from .mdsource import prose_lines
from .safenames import url_path_problem
from .urlpolicy import is_external  # the one rule for "loaded from another host" (//host included)

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg")
# The destination is ``<…>`` (may hold spaces, as CommonMark allows) or a run without spaces.
_MD_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<src>[^)\s>]+))(?:\s+[\"'][^\"']*[\"'])?\s*\)"
)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


@dataclass(frozen=True)
class ImageRef:
    """An image used in a Markdown body: its line, source and alt text."""

    line: int
    src: str
    alt: str | None


def find_images(body: str, first_line: int = 1) -> list[ImageRef]:
    """Every Markdown or HTML image in ``body`` (fenced code is skipped)."""
    refs: list[ImageRef] = []
    if "![" not in body and ("<" not in body or "<img" not in body.lower()):
        return refs  # no line can match either pattern: skip the line walk (and lowering a whole body)
    for line, text in prose_lines(body, first_line):
        for match in _MD_IMAGE.finditer(text):
            refs.append(ImageRef(line, match["angled"] or match["src"], match["alt"].strip()))
        for match in _HTML_IMG.finditer(text):
            attrs = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(match[0])}
            alt = attrs.get("alt")
            refs.append(ImageRef(line, attrs.get("src", ""), alt.strip() if alt is not None else None))
    return refs


def resolve_content_path(src: str, source_path: str, content_root: str) -> str:
    """The file an image source points to.

    ``{static}/images/a.jpg`` and ``/images/a.jpg`` are relative to the content
    folder; anything else is relative to the Markdown file.
    """
    for prefix in ("{static}", "{attach}", "{filename}"):
        if src.startswith(prefix):
            src = src[len(prefix) :]
            break
    src = src.split("#", 1)[0].split("?", 1)[0]
    if src.startswith("/"):
        return os.path.normpath(os.path.join(content_root, src.lstrip("/")))
    return os.path.normpath(os.path.join(os.path.dirname(source_path), src))


def check_body_images(
    body: str,
    first_line: int,
    path: str,
    source_path: str,
    content_root: str,
    sizes: ImageSizes | None = None,
) -> list[ContentError]:
    """Errors for missing alt text, external images and missing files."""
    errors = []
    for ref in find_images(body, first_line):
        if not ref.alt:
            errors.append(
                ContentError(
                    path,
                    ref.line,
                    "image-missing-alt",
                    f"图片 {ref.src} 缺少说明文字：请写成 ![图片内容的简短描述]({ref.src})，"
                    "供读屏软件和图片无法显示时使用",
                )
            )
        if is_external(ref.src):
            errors.append(
                ContentError(
                    path,
                    ref.line,
                    "external-image",
                    f"图片 {ref.src} 来自外部网站：网站不得从第三方加载内容，"
                    "请把图片下载后放进 content/images/ 再引用",
                )
            )
        elif not ref.src.startswith("data:"):
            errors.extend(check_image_file(ref.src, ref.line, path, source_path, content_root, sizes))
    return errors


# Every image an editor references lives here (``STATIC_PATHS``); nothing else is published.
IMAGES_FOLDER = "images"


def inside(target: str, folder: str) -> bool:
    """Whether ``target`` resolves (symlinks and ``..`` followed) inside ``folder``."""
    folder = os.path.realpath(folder)
    return os.path.commonpath([folder, os.path.realpath(target)]) == folder


def outside_error(src: str, line: int, path: str, folder: str, content_root: str) -> ContentError:
    shown = os.path.relpath(folder, os.path.dirname(os.path.abspath(content_root)))
    return ContentError(
        path,
        line,
        "path-outside-content",
        f"路径 {src} 指向 {shown}/ 以外的位置：网站只发布这个文件夹里的文件，请把文件放进去，"
        "并写成 {static}/images/… 这样的路径（不要用 ..）",
    )


def check_image_file(
    src: str,
    line: int,
    path: str,
    source_path: str,
    content_root: str,
    sizes: ImageSizes | None = None,
    published_as_is: bool = True,
) -> list[ContentError]:
    """An error if ``src`` does not name a readable image file inside ``content/images/``.

    Images ``published_as_is`` (copied unchanged to the site) must not carry
    GPS data: it tells everyone where the photo was taken.
    """
    target = resolve_content_path(src, source_path, content_root)
    images = os.path.join(content_root, IMAGES_FOLDER)
    if os.path.isfile(target) and not inside(target, images):  # a missing file is reported as not found
        return [outside_error(src, line, path, images, content_root)]
    if not os.path.isfile(target):
        shown = os.path.relpath(target, os.path.dirname(content_root) or ".")
        return [
            ContentError(
                path,
                line,
                "image-not-found",
                f"找不到图片文件 {shown}：请检查文件名（区分大小写）和路径，"
                "图片应放在 content/images/ 下，引用写成 {static}/images/…",
            )
        ]
    naming = image_name_error(target, content_root, src, line, path)
    if naming:
        return [naming]
    if not target.lower().endswith(IMAGE_EXTENSIONS):
        return [
            ContentError(
                path,
                line,
                "image-unreadable",
                f"{src} 不是网页能显示的图片格式：请使用 JPG、PNG、GIF、WebP 或 SVG",
            )
        ]
    if sizes is None or target.lower().endswith(".svg"):
        return []
    try:  # the intake's fast refusal (bytes, pixels, real type) before anything decodes the file
        check_header(target, sizes.limits)
    except ImageRefused as refused:
        if refused.key != "image-unreadable":
            return [ContentError(path, line, refused.key, f"图片 {src} {refused.reason}")]
    except OSError:
        pass  # unreadable: reported below
    info = sizes.info(target)
    if info is None:
        refusal = _refusal(target)
        if refusal:
            return [ContentError(path, line, refusal.key, f"图片 {src} {refusal.reason}")]
        return [
            ContentError(
                path,
                line,
                "image-unreadable",
                f"图片 {src} 已损坏或不完整，无法读取：请重新导出或重新上传这张图片",
            )
        ]
    if published_as_is and info.has_location:
        return [location_error(path, line, src)]
    return []


def image_name_error(target: str, content_root: str, src: str, line: int, path: str) -> ContentError | None:
    """A published file name becomes a URL: refused (with the editor's line) unless it is a safe URL path.

    Letters of any script, digits and ``- _ . ~`` pass; a space, a quote or
    brackets would need encoding in every page, feed and WeChat export, and
    have broken publishing before, so the editor renames the file instead.
    """
    relative = os.path.relpath(target, content_root).replace(os.sep, "/")
    problem = url_path_problem("/" + relative)
    if problem is None:
        return None
    base, extension = os.path.splitext(os.path.basename(target))
    suggestion = re.sub(r"-{2,}", "-", re.sub(r"[^\w.~-]", "-", base, flags=re.UNICODE)).strip("-") or "photo"
    return ContentError(
        path,
        line,
        "image-name",
        f"图片文件名 {src} {problem[1]}：请把文件改名，例如 {suggestion}{extension}（空格、引号、括号等换成 -），"
        "再修改这里的引用",
    )


def _refusal(target: str) -> ImageRefused | None:
    """Why :mod:`plugins.common.imagesafety` refuses an image the header reader could not open, if it does."""
    try:
        inspect_image(target)
    except ImageRefused as refused:
        return refused if refused.key != "image-unreadable" else None
    except OSError:
        return None
    return None


@dataclass(frozen=True)
class ImageInfo:
    size: tuple[int, int]
    has_location: bool  # EXIF GPS data: where the photo was taken


@dataclass
class ImageSizes:
    """Pixel sizes (and GPS presence) of image files, cached by (path, mtime, size).

    Pillow only reads the header, so this is cheap; the cache avoids even that
    for the cover shown on many list pages.  One instance lives on a generator
    or reader, never at module level, so live-reload rebuilds start clean.
    """

    _cache: dict[tuple[str, int, int], ImageInfo | None] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS  # the site's LIMITS: the header check of check_image_file uses them

    def info(self, path: str) -> ImageInfo | None:
        """What the header says, or ``None`` if the file cannot be read as an image."""
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self._cache:
            self._cache[key] = _read_info(path)
        return self._cache[key]

    def size(self, path: str) -> tuple[int, int] | None:
        """``(width, height)`` of the image, or ``None`` if it cannot be read."""
        info = self.info(path)
        return info.size if info else None


def _read_info(path: str) -> ImageInfo | None:
    if path.lower().endswith(".svg"):
        return None
    try:
        with Image.open(path) as image:
            image.verify()  # catches truncated and corrupt files cheaply
        with Image.open(path) as image:
            gps = image.getexif().get_ifd(GPS_IFD_TAG)
            return ImageInfo(image.size, bool(gps))
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
