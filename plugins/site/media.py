"""Which images the site publishes: exactly those something published references.

Pelican's static copy publishes every file under ``STATIC_PATHS``: an
unreferenced photo with its GPS position, a draft's cover, an ``.html`` or an
``.svg`` with script dropped in ``content/images/``.  Instead the graph lists
the images that published pages use (covers, inline images, ``{static}``
links to images, the share and QR images, payment codes); each is inspected
(:func:`plugins.common.imagesafety.inspect_image`: real type, byte and pixel
limits, full decode, GPS anywhere) and, when the build writes, re-encoded
without any metadata (:func:`plugins.common.imagesafety.strip_metadata`).

Profile photos are not here: they are published only as derivatives made by
:mod:`plugins.common.photos`.  Pure: no Pelican import.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING

from plugins.common.cache import (
    RACY_NS,
    cache_key,
    file_digest,
    file_stamp,
    json_memo,
    stable_repr,
)
from plugins.common.errors import ContentError
from plugins.common.images import (
    IMAGES_FOLDER,
    image_name_error,
    inside,
    is_external,
    resolve_content_path,
)
from plugins.common.imagesafety import ALLOWED_FORMATS, image_errors
from plugins.common.limits import Limits
from plugins.common.section import Body

from .verdicts import code_key

if TYPE_CHECKING:  # the graph imports this module: no import at run time
    from .graph import Site

RASTER_EXTENSIONS = tuple(ext for exts in ALLOWED_FORMATS.values() for ext in exts)
IMAGE_CHECKS_FOLDER = "inspected-images"  # below the build's cache root (PHOTO_CACHE_PATH)


@dataclass(frozen=True)
class ImageUse:
    """One reference to an image file: who uses it, at which line."""

    source: str  # absolute path of the image
    path: str  # the referencing file as editors see it (content/…, or pelicanconf.py)
    line: int
    src: str  # as written


def _body_uses(body: Body, root: str) -> Iterator[ImageUse]:
    for line, src in body.images:
        if src and not is_external(src) and not src.startswith("data:"):
            yield ImageUse(resolve_content_path(src, body.source_path, root), body.path, line, src)
    for line, target in body.links:
        if target.startswith(("{static}", "{attach}")):
            resolved = resolve_content_path(target, body.source_path, root)
            yield ImageUse(resolved, body.path, line, target)


def image_uses(site: Site, root: str) -> list[ImageUse]:
    """Every image reference of the *published* site (drafts and unpublished profiles excluded)."""
    uses: list[ImageUse] = []
    for loaded in site.sections.values():  # the registered sections say what they publish as it is
        for body in loaded.bodies:
            uses += _body_uses(body, root)
        for image in loaded.images:
            uses.append(
                ImageUse(os.path.join(root, image.src.lstrip("/")), image.path, image.line, image.src)
            )
    config = site.config
    emblem = config.identity.emblem
    if emblem and not emblem.lower().endswith(".svg"):  # an SVG emblem is written by the identity plugin
        uses.append(ImageUse(os.path.join(root, emblem.lstrip("/")), "pelicanconf.py", 0, emblem))
    return uses


def published_images(
    uses: Iterable[ImageUse],
    root: str,
    limits: Limits,
    reported: set[tuple[str, int]],
    cache: str | None = None,
) -> tuple[tuple[str, ...], list[ContentError]]:
    """Content-relative paths of the images to publish, and the problems of the others.

    A reference already reported at its line (missing file, outside the
    folder) is skipped, so one mistake gives one message.  Non-image files
    linked with ``{static}`` are refused: only images are published.  With
    ``cache`` (the build's cache root) each inspection is kept by the image's
    bytes (:func:`_image_errors`).
    """
    folder = os.path.join(root, IMAGES_FOLDER)
    publish: dict[str, None] = {}
    errors: list[ContentError] = []
    inspected: dict[str, list[ContentError]] = {}
    for use in uses:
        source = os.path.normpath(use.source)
        if not inside(source, folder) or not os.path.isfile(source) or (use.path, use.line) in reported:
            continue
        naming = image_name_error(source, root, use.src, use.line, use.path)
        if naming:
            errors.append(naming)
            continue
        if not source.lower().endswith(RASTER_EXTENSIONS):
            errors.append(
                ContentError(
                    use.path,
                    use.line,
                    "image-type",
                    f"{use.src} 不是网站发布的图片类型：只发布 JPG、PNG、WebP 和 GIF 图片；"
                    "文档请转成图片或放到学校网站后链接",
                )
            )
            continue
        if source not in inspected:
            inspected[source] = _image_errors(source, use, limits, cache)
        found = inspected[source]
        if found:
            errors += [ContentError(use.path, use.line, e.key, e.message, e.field) for e in found]
        else:
            publish[os.path.relpath(source, root)] = None
    return tuple(sorted(publish)), errors


def _image_errors(source: str, use: ImageUse, limits: Limits, cache: str | None) -> list[ContentError]:
    """:func:`~plugins.common.imagesafety.image_errors` of ``use``, kept by the image's bytes.

    The inspection decodes every pixel (a truncated upload is found now, not
    when the copy is written): tens of milliseconds per ``invoke check`` for
    a few dozen images.  It is a pure function of the bytes, the reference
    (its messages name it), the limits, the code (every module under
    ``plugins/``, as the verdicts) and Pillow's version, so it is kept
    under a key of those.  Not kept: a result computed while the file changed,
    from a file changed less than RACY_NS before (its stamp could not tell a
    rewrite in the same tick), or one that could not open the file.
    """
    if not cache:
        return image_errors(source, use.path, use.line, use.src, limits)
    stat_at = time.time_ns()
    try:
        stamp = file_stamp(source)
        digest = file_digest(source)
    except OSError:
        return image_errors(source, use.path, use.line, use.src, limits)
    key = cache_key(
        digest,
        use.path,
        str(use.line),
        use.src,
        stable_repr(limits),
        code_key(),  # every module under plugins/ and Pillow's version (the verdicts' code key)
    )
    computed: list[ContentError] = []

    def inspect() -> list[tuple]:
        computed.extend(image_errors(source, use.path, use.line, use.src, limits))
        return [astuple(error) for error in computed]

    def unchanged() -> bool:
        try:
            now = file_stamp(source)
        except OSError:
            return False
        return (
            now == stamp
            and max(stamp[1], stamp[2]) + RACY_NS < stat_at
            and not any(error.key == "image-not-found" for error in computed)  # could not open it
        )

    found = json_memo(cache, IMAGE_CHECKS_FOLDER, key, inspect, unchanged)
    return [ContentError(str(p), int(n), str(k), str(m), str(f)) for p, n, k, m, f in found]
