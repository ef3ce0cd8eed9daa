"""Image safety: real type, size limits, full decode, location check and metadata stripping.

Images come from phones and WeChat: they carry EXIF (GPS position, camera
owner and serial), XMP, IPTC, comments and PNG text chunks in which a name or
a phone number can hide.  A file named ``.jpg`` may be HTML or an SVG with
script; a 30000×30000 PNG decodes to gigabytes.  So every image that is
published is first *inspected* (:func:`inspect_image`: type by content, byte and
pixel limits checked from the header before decoding, full decode to catch
truncation, GPS anywhere) and then *re-encoded* (:func:`strip_metadata`) into a
file that holds pixels and nothing else.

Pure (no Pelican import).  Photos that get responsive derivatives still go
through :mod:`plugins.common.photos`, which already re-encodes; this module is
for every other published image (covers, inline images, attachments).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from .cache import read_verified, write_verified
from .errors import ContentError
from .limits import DEFAULT_LIMITS, Limits
from .safenames import name_problem

GPS_IFD_TAG = 0x8825  # EXIF GPSInfo (here, not in images.py: images imports this module, never the reverse)
PUBLISHED_FILE_MODE = 0o644  # nginx runs as another user: every published file is world-readable

# Pillow format name -> extensions a file of that type may have.
ALLOWED_FORMATS: dict[str, tuple[str, ...]] = {
    "JPEG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "GIF": (".gif",),
}
JPEG_QUALITY = 92  # high: the source was already compressed once
WEBP_QUALITY = 90
# Part of the cache key: a change to the re-encoding invalidates cached copies.
with open(__file__, "rb") as _self:
    CODE_HASH = hashlib.sha256(_self.read() + Image.__version__.encode()).hexdigest()[:12]

# XMP (exif:GPSLatitude, exifEX:…), PNG text chunks, IPTC-in-XMP … in any container.
_GPS_TEXT = re.compile(
    rb"GPS(?:Latitude|Longitude|Position|Coordinates)|G\x00P\x00S\x00L\x00a\x00t\x00i\x00t\x00u\x00d\x00e"
)


class ImageRefused(Exception):
    """The file must not be published: ``key`` is the error key, ``reason`` the Chinese explanation."""

    def __init__(self, key: str, reason: str):
        super().__init__(f"{reason} [{key}]")
        self.key, self.reason = key, reason


@dataclass(frozen=True)
class ImageReport:
    """What a safe-to-publish image is: its real format, size and whether it says where it was taken."""

    format: str  # Pillow's name: JPEG, PNG, WEBP, GIF
    width: int
    height: int
    bytes: int
    frames: int
    has_location: bool


def _open(path: str, limits: Limits) -> Image.Image:
    """Open (header only) with Pillow's bomb check turned into our key."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused("image-too-large", _too_many_pixels(limits)) from None
    except UnidentifiedImageError:
        raise ImageRefused("image-type", _not_an_image()) from None
    except (OSError, SyntaxError, ValueError):
        raise ImageRefused("image-unreadable", _unreadable()) from None


def _too_many_pixels(limits: Limits) -> str:
    return f"像素太多（最多 {limits.image_pixels // 10_000} 万像素）：请缩小到长边 4000 像素以内再上传"


def _not_an_image() -> str:
    return "不是 JPG、PNG、WebP 或 GIF 图片（SVG、HTML 等文件不能发布，可能含有脚本）：请另存为 JPG 或 PNG"


def _unreadable() -> str:
    return "已损坏或不完整，无法读取：请重新导出或重新上传这张图片"


def has_location(image: Image.Image, raw: bytes) -> bool:
    """True if EXIF has GPS coordinates or any metadata text names a GPS position."""
    try:
        gps = image.getexif().get_ifd(GPS_IFD_TAG)
    except (OSError, SyntaxError, ValueError, KeyError, TypeError):  # malformed EXIF
        gps = {}
    if any(tag != 0 for tag in gps):  # tag 0 is only GPSVersionID
        return True
    if _GPS_TEXT.search(raw):
        return True
    # Compressed PNG text (zTXt, compressed iTXt) is only readable once Pillow has inflated it.
    texts = [*getattr(image, "text", {}).values(), *image.info.values()]
    return any(_GPS_TEXT.search(t.encode("utf-8", "replace") if isinstance(t, str) else t) for t in texts
               if isinstance(t, (str, bytes)))  # fmt: skip


def check_header(path: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, int, int, int]:
    """``(format, width, height, frames)`` from the file size and header alone: no pixel is decoded.

    The fast refusal every image gets before anything decodes it (a
    144-megapixel PNG costs a ``stat`` and a header read, not seconds and
    gigabytes): byte limit, real type, extension, pixel limit.
    """
    size = os.path.getsize(path)
    if size > limits.image_bytes:
        raise ImageRefused(
            "image-too-large",
            f"文件太大（{size / 1024 / 1024:.1f} MB，最多 {limits.image_bytes / 1024 / 1024:.0f} MB）：请压缩后再上传",
        )
    with _open(path, limits) as image:
        kind = image.format or ""
        if kind not in ALLOWED_FORMATS:
            raise ImageRefused("image-type", _not_an_image())
        extension = os.path.splitext(path)[1].lower()
        if extension not in ALLOWED_FORMATS[kind]:
            raise ImageRefused(
                "image-type",
                f"实际是 {kind} 图片，扩展名却是 {extension or '（无）'}：请把扩展名改为 {ALLOWED_FORMATS[kind][0]}",
            )
        width, height = image.size
        frames = getattr(image, "n_frames", 1)
        if width * height > limits.image_pixels or width * height * frames > 4 * limits.image_pixels:
            raise ImageRefused("image-too-large", _too_many_pixels(limits))
        return kind, width, height, frames


def inspect_image(path: str, limits: Limits = DEFAULT_LIMITS) -> ImageReport:
    """Check ``path`` from its content; :class:`ImageRefused` names the first problem.

    Order matters for speed: file size from ``stat``, then the header's pixel
    count, and only then a full decode (which catches truncated files).
    """
    kind, width, height, frames = check_header(path, limits)
    size = os.path.getsize(path)
    with _open(path, limits) as image:
        try:
            for frame in ImageSequence.Iterator(image):
                frame.load()
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageRefused("image-unreadable", _unreadable()) from None
        with open(path, "rb") as handle:
            raw = handle.read()
        return ImageReport(kind, width, height, size, frames, has_location(image, raw))


def location_error(path: str, line: int, src: str) -> ContentError:
    """The editor's error for an image published as it is that still says where it was taken."""
    return ContentError(
        path,
        line,
        "image-has-location",
        f"图片 {src} 含有拍摄地点（GPS）信息，发布后任何人都能看到：请删除后再用"
        "（Windows：右键 → 属性 → 详细信息 → 删除属性和个人信息；或用画图另存一份）",
    )


def image_errors(
    source_path: str,
    path: str,
    line: int,
    src: str,
    limits: Limits = DEFAULT_LIMITS,
    refuse_location: bool = True,
) -> list[ContentError]:
    """The problems of one referenced image as ``path:line`` errors (empty if it may be published)."""
    try:
        report = inspect_image(source_path, limits)
    except ImageRefused as refused:
        return [ContentError(path, line, refused.key, f"图片 {src} {refused.reason}")]
    except OSError:
        return [
            ContentError(path, line, "image-not-found", f"找不到或无法打开图片文件 {src}：请检查文件名和路径")
        ]
    if refuse_location and report.has_location:
        return [location_error(path, line, src)]
    return []


# ---- Stripping -------------------------------------------------------------------

_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels converted from an embedded ICC profile to sRGB, so the profile can be dropped."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            return ImageCms.profileToProfile(image, profile, _SRGB, outputMode=mode) or image
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: keep the pixels as they are
    return image.convert("RGB") if image.mode == "CMYK" else image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding the (upright, sRGB) pixels and no ``info`` at all."""
    upright = ImageOps.exif_transpose(image) or image
    converted = _to_srgb(upright)
    if converted.mode == "P":
        converted = converted.convert("RGBA" if "transparency" in converted.info else "RGB")
    elif converted.mode not in ("RGB", "RGBA", "L", "LA", "I;16", "I", "1"):
        converted = converted.convert("RGBA" if "A" in converted.mode else "RGB")
    clean = Image.frombytes(converted.mode, converted.size, converted.tobytes())
    clean.info = {}
    return clean


def _encode(source: str) -> bytes:
    """The image re-encoded in its own format with no metadata."""
    with Image.open(source) as image:
        kind = image.format
        image.load()
        buffer = io.BytesIO()
        if kind == "GIF" and getattr(image, "n_frames", 1) > 1:
            durations, frames = [], []
            for frame in ImageSequence.Iterator(image):
                durations.append(frame.info.get("duration", 100))
                rgba = frame.convert("RGBA")
                frames.append(Image.frombytes("RGBA", rgba.size, rgba.tobytes()))
            frames[0].save(
                buffer, "GIF", save_all=True, append_images=frames[1:], duration=durations,
                loop=image.info.get("loop", 0), disposal=2, optimize=False,
            )  # fmt: skip
            return buffer.getvalue()
        clean = _pixels_only(image)
    if kind == "JPEG":
        if clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif kind == "PNG":
        clean.save(buffer, "PNG", optimize=False)
    elif kind == "WEBP":
        if clean.mode not in ("RGB", "RGBA"):
            clean = clean.convert("RGBA" if "A" in clean.mode else "RGB")
        clean.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    elif kind == "GIF":
        clean.save(buffer, "GIF")
    else:  # inspect_image refuses these; never re-encode an unchecked type
        raise ImageRefused("image-type", _not_an_image())
    return buffer.getvalue()


def _write_atomically(data: bytes, target: str) -> None:
    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=".strip-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(staging, PUBLISHED_FILE_MODE)  # mkstemp makes 0600: nginx as another user would answer 403
        os.replace(staging, target)
    except BaseException:
        if os.path.exists(staging):
            os.unlink(staging)
        raise


def strip_metadata(source: str, target: str, cache_dir: str | None = None) -> bool:
    """Write ``target``: ``source``'s pixels, re-encoded without EXIF, XMP, IPTC, ICC, comments or text chunks.

    Orientation is applied to the pixels; colours are converted to sRGB and
    the ICC profile dropped (a profile can carry free text).  JPEG stays high
    quality, PNG stays lossless.  Writes are atomic (temp file + ``os.replace``),
    so a crash never leaves half an image.  With ``cache_dir`` the result is
    kept under the SHA-256 of the source bytes and :data:`CODE_HASH`; returns
    True when the cached copy was used.  Call :func:`inspect_image` first.
    """
    key = None
    if cache_dir:
        with open(source, "rb") as handle:
            key = hashlib.sha256(handle.read()).hexdigest()[:32] + "-" + CODE_HASH
        cached = read_verified(os.path.join(cache_dir, "stripped", key[:2], key))  # checked by its hash
        if cached is not None:  # a truncated or altered entry reads as None (and is removed): made anew
            _write_atomically(cached, target)
            return True
    data = _encode(source)
    if cache_dir and key:  # a key is made only with a cache_dir
        write_verified(os.path.join(cache_dir, "stripped", key[:2], key), data)
    _write_atomically(data, target)
    return False


# ---- The intake: one door for every image an editor supplies ------------------------------


def publish_image(
    source: str, target: str, cache_dir: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> ImageReport:
    """Check ``source`` and write its safe copy to ``target`` (0644, atomic): the one call to publish an image.

    Name (no control or format characters), byte and pixel limits from the
    header before any decoding, full decode, GPS refused, then re-encoded
    without metadata; the cached copy is used only if its hash verifies.
    :class:`ImageRefused` says why an image is refused.  Callers that have the
    editor's ``path:line`` turn it into an error with :func:`image_errors`
    (which runs the same checks); tools (the Word import) call this directly.
    """
    problem = name_problem(os.path.basename(source))
    if problem:
        raise ImageRefused("image-name", f"的文件名不能发布：{problem}")
    report = inspect_image(source, limits)
    if report.has_location:
        raise ImageRefused(
            "image-has-location", "含有拍摄地点（GPS）信息，发布后任何人都能看到：请删除后再用"
        )
    strip_metadata(source, target, cache_dir)
    return report


def publish_image_bytes(
    data: bytes, extension: str, target: str, cache_dir: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> ImageReport:
    """:func:`publish_image` for bytes in memory (an image inside a .docx, an upload): same checks, same result."""
    if len(data) > limits.image_bytes:  # before anything is written
        raise ImageRefused(
            "image-too-large",
            f"文件太大（{len(data) / 1024 / 1024:.1f} MB，最多 {limits.image_bytes / 1024 / 1024:.0f} MB）：请压缩后再上传",
        )
    with tempfile.TemporaryDirectory(prefix="wfu-intake-") as folder:
        staged = os.path.join(folder, "image" + extension.lower())
        with open(staged, "wb") as handle:
            handle.write(data)
        return publish_image(staged, target, cache_dir, limits)
