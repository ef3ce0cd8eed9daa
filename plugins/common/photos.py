"""Responsive, privacy-safe photo derivatives, cached by content hash.

Alumni photos come from phones and cameras: they carry EXIF (GPS position,
camera serial numbers) that must never be published, and an orientation
flag that browsers do not all honour.  Every photo is therefore decoded,
rotated upright, re-encoded without any metadata and resized to a few
widths in WebP (small) and JPEG (fallback).  The result is stored under a
cache folder keyed by the SHA-256 of the source bytes and the pipeline
version, so an unchanged photo is never processed twice.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from .cache import code_hash, file_digest, read_verified, write_verified
from .errors import ContentError, ContentErrors
from .imagesafety import PUBLISHED_FILE_MODE, ImageRefused, check_header
from .limits import DEFAULT_LIMITS, Limits

DEFAULT_WIDTHS = (320, 640, 1024)


class PhotoError(ContentErrors):
    """The source image is refused (too large, wrong type) or cannot be decoded (corrupt, truncated).

    ``key`` and ``reason`` are those of :class:`plugins.common.imagesafety.ImageRefused`,
    so the loader reports the real cause at the editor's ``path:line``.
    """

    def __init__(self, detail: str, path: str = "", key: str = "image-unreadable", reason: str = ""):
        self.detail, self.key = detail, key
        self.reason = reason or f"已损坏或不完整，无法读取（{detail}）"
        super().__init__([ContentError(path, 0, key, f"图片{self.reason}")])


def photo_problem(
    exc: ContentErrors, path: str, line: int, src: str, what: str = "图片", field: str = ""
) -> ContentError:
    """The editor's ``path:line`` error for a photo :func:`process_photo` refused (too large, broken …)."""
    if isinstance(exc, PhotoError) and exc.key != "image-unreadable":
        return ContentError(path, line, exc.key, f"{what} {src} {exc.reason}", field)
    return ContentError(path, line, "image-unreadable",
                        f"{what} {src} 已损坏或不完整，无法读取：请重新导出为 JPG 或 PNG 后替换", field)  # fmt: skip


def decode_errors(
    items: Iterable[tuple[str, int, str]],
    root: str,
    cache: str | None,
    widths: tuple[int, ...],
    what: str,
    limits: Limits = DEFAULT_LIMITS,
) -> list[ContentError]:
    """Decode every ``(path, line, src)`` photo once now, so a broken one is an error of the check.

    A missing file is skipped: the field check already reported it as ``[image-not-found]``.
    """
    errors = []
    for path, line, src in items:
        if not os.path.isfile(os.path.join(root, src)):
            continue
        try:
            process_photo(os.path.join(root, src), cache or "", widths, limits)
        except ContentErrors as exc:
            errors.append(photo_problem(exc, path, line, src, what))
    return errors


def refuse_early(source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """:class:`PhotoError` when the header already refuses ``source`` (bytes, pixels, type): before any decode."""
    try:
        check_header(source, limits)
    except ImageRefused as refused:
        raise PhotoError(refused.reason, key=refused.key, reason=refused.reason) from None


def pipeline_version() -> str:
    """Changes whenever this module's code or a project module it imports does (metadata stripping
    included): derivatives of older code are neither reused nor published under the same name."""
    return code_hash(__name__)


@dataclass(frozen=True)
class Derivative:
    width: int
    height: int
    webp: str  # file name inside the cache entry and the output folder
    jpeg: str


@dataclass(frozen=True)
class ProcessedPhoto:
    """The derivatives of one source photo; ``cached`` tells whether work was skipped."""

    digest: str
    derivatives: tuple[Derivative, ...]
    cached: bool = False

    @property
    def largest(self) -> Derivative:
        return self.derivatives[-1]

    def srcset(self, base_url: str, kind: str) -> str:
        return ", ".join(f"{base_url}/{getattr(d, kind)} {d.width}w" for d in self.derivatives)


def _digest(data: bytes, widths: tuple[int, ...]) -> str:
    h = hashlib.sha256(data)
    h.update(f"|v{pipeline_version()}|{','.join(map(str, widths))}".encode())
    return h.hexdigest()[:16]


def process_photo(
    source: str, cache_dir: str, widths: tuple[int, ...] = DEFAULT_WIDTHS, limits: Limits = DEFAULT_LIMITS
) -> ProcessedPhoto:
    """Derivatives of ``source`` in ``cache_dir/<digest>/`` (created if missing).

    The header is checked against the byte and pixel limits first (the same
    check as every other image); a cached entry is reused only when every file
    still has the SHA-256 its manifest recorded (a truncated file is made anew).
    """
    refuse_early(source, limits)
    with open(source, "rb") as handle:
        data = handle.read()
    digest = _digest(data, widths)
    entry = os.path.join(cache_dir, digest)
    manifest = os.path.join(entry, "manifest.json")
    stored = read_verified(manifest)
    if stored is not None:
        try:
            items = json.loads(stored)
            derivatives = tuple(
                Derivative(**{k: v for k, v in item.items() if k != "sha256"}) for item in items
            )
            expected = {
                n: item["sha256"][i] for item in items for i, n in enumerate((item["webp"], item["jpeg"]))
            }
        except (ValueError, TypeError, KeyError, IndexError):  # an entry of older code: made anew
            derivatives, expected = (), {}
        if expected and all(_verified(os.path.join(entry, n), h) for n, h in expected.items()):
            return ProcessedPhoto(digest, derivatives, cached=True)
    if os.path.isdir(entry):  # an entry with a corrupt manifest or a missing file: make it anew
        shutil.rmtree(entry, ignore_errors=True)
    image = _decode(data)
    os.makedirs(cache_dir, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{digest}-", dir=cache_dir)
    made: list[Derivative] = []
    for width in sorted({min(w, image.width) for w in widths}):
        height = round(image.height * width / image.width)
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        stem = f"{digest}-{width}"
        # No exif=, icc_profile= or comment arguments: the files carry pixels only.
        resized.save(os.path.join(staging, f"{stem}.webp"), "WEBP", quality=80, method=4)
        resized.save(
            os.path.join(staging, f"{stem}.jpg"), "JPEG", quality=82, optimize=True, progressive=True
        )
        made.append(Derivative(width, height, f"{stem}.webp", f"{stem}.jpg"))
    records = [
        dict(d.__dict__, sha256=[file_digest(os.path.join(staging, n)) for n in (d.webp, d.jpeg)])
        for d in made
    ]
    for name in os.listdir(staging):
        os.chmod(os.path.join(staging, name), PUBLISHED_FILE_MODE)
    os.chmod(staging, 0o755)  # mkdtemp makes 0700
    write_verified(os.path.join(staging, "manifest.json"), json.dumps(records).encode())
    try:
        os.rename(staging, entry)  # atomic: a crash never leaves a half entry
    except OSError:  # another build made it meanwhile (the same bytes): ours is not needed
        shutil.rmtree(staging, ignore_errors=True)
    return ProcessedPhoto(digest, tuple(made))


def _verified(path: str, digest: str) -> bool:
    try:
        return file_digest(path) == digest
    except OSError:
        return False


def _store(image: Image.Image, target: str, quality: int) -> None:
    """Save a JPEG atomically (0644) with its digest beside it (``<name>.sha256``) for :func:`verified_file`."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    staging = f"{target}.{os.getpid()}.tmp"
    image.save(staging, "JPEG", quality=quality, optimize=True, progressive=True)
    os.chmod(staging, PUBLISHED_FILE_MODE)
    write_verified(f"{target}.sha256", file_digest(staging).encode())
    os.replace(staging, target)


def verified_file(target: str) -> bool:
    """A cached file whose bytes still have the digest recorded when it was made."""
    recorded = read_verified(f"{target}.sha256")
    return recorded is not None and _verified(target, recorded.decode())


def _decode(data: bytes) -> Image.Image:
    """Fully decode (so truncation is caught), apply EXIF orientation, drop metadata."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened)
            if upright.mode in ("RGBA", "LA", "P"):
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, "white")
                flat.paste(rgba, mask=rgba.getchannel("A"))
                upright = flat
            # A fresh image has pixels and nothing else: no EXIF, XMP, ICC or comments.
            clean = Image.new("RGB", upright.size)
            clean.paste(upright.convert("RGB"))
            return clean
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoError(str(exc)) from None


@dataclass(frozen=True)
class Crop:
    """A cover cut to an exact size (e.g. WeChat's 900×383 headline), cached like photos."""

    digest: str
    name: str  # file name inside the cache entry and the output folder
    width: int
    height: int


def crop_cover(
    source: str,
    cache_dir: str,
    size: tuple[int, int],
    focus: tuple[float, float] = (0.5, 0.5),
    quality: int = 85,
) -> Crop:
    """Resize-and-crop ``source`` to exactly ``size`` (JPEG, no metadata), keeping ``focus`` in frame.

    ``focus`` is the point of interest as fractions of width and height; the
    crop window is centred on it as far as the image allows.
    """
    refuse_early(source)
    with open(source, "rb") as handle:
        data = handle.read()
    width, height = size
    key = hashlib.sha256(data)
    key.update(
        f"|crop|v{pipeline_version()}|{width}x{height}|{focus[0]:.3f},{focus[1]:.3f}|q{quality}".encode()
    )
    digest = key.hexdigest()[:16]
    name = f"{digest}-{width}x{height}.jpg"
    target = os.path.join(cache_dir, "crops", name)
    if not verified_file(target):
        image = _decode(data)
        scale = max(width / image.width, height / image.height)
        scaled = image.resize((max(width, round(image.width * scale)), max(height, round(image.height * scale))),
                              Image.Resampling.LANCZOS)  # fmt: skip
        left = min(max(round(focus[0] * scaled.width - width / 2), 0), scaled.width - width)
        top = min(max(round(focus[1] * scaled.height - height / 2), 0), scaled.height - height)
        _store(scaled.crop((left, top, left + width, top + height)), target, quality)
    return Crop(digest, name, width, height)


def fit_jpeg(source: str, cache_dir: str, max_width: int, max_bytes: int) -> Crop:
    """A JPEG no wider than ``max_width`` and under ``max_bytes`` (WeChat's upload limits)."""
    refuse_early(source)
    with open(source, "rb") as handle:
        data = handle.read()
    key = hashlib.sha256(data)
    key.update(f"|fit|v{pipeline_version()}|{max_width}|{max_bytes}".encode())
    digest = key.hexdigest()[:16]
    image = None
    target_dir = os.path.join(cache_dir, "fit")
    for quality in (85, 75, 65, 55, 45):
        name = f"{digest}-q{quality}.jpg"
        target = os.path.join(target_dir, name)
        if not verified_file(target):  # a truncated or altered file is made anew
            image = image or _decode(data)
            if image.width > max_width:
                image = image.resize(
                    (max_width, round(image.height * max_width / image.width)), Image.Resampling.LANCZOS
                )
            _store(image, target, quality)
        if os.path.getsize(target) < max_bytes:
            with Image.open(target) as done:
                return Crop(digest, name, done.width, done.height)
    raise PhotoError(f"cannot make {source} smaller than {max_bytes} bytes")
