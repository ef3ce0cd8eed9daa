"""Image safety: type by content, limits, truncation, GPS anywhere, and metadata stripping (raw bytes)."""

import io
import os
import struct
import zlib

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from plugins.common.imagesafety import ImageRefused, image_errors, inspect_image, strip_metadata
from plugins.common.limits import Limits

OWNER = "Zhang San"
PHONE = "13812345678"
SERIAL = "SN-0042-7781"
XMP_GPS = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="36,42.5N" '
    f'exif:GPSLongitude="119,6.1E" dc:creator="{OWNER}"/></rdf:RDF></x:xmpmeta>'
)
SECRETS = [OWNER.encode(), PHONE.encode(), SERIAL.encode(), b"GPS", b"xmpmeta", b"Exif\x00\x00", b"Canon"]


def picture(mode: str = "RGB", size=(64, 48)) -> Image.Image:
    image = Image.new(mode, size)
    for x in range(size[0]):
        for y in range(size[1]):
            image.putpixel(
                (x, y),
                (x * 4 % 256, y * 5 % 256, 90) if mode == "RGB" else (x * 4 % 256, y * 5 % 256, 90, 200),
            )
    return image


def exif_with_everything(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x013B] = OWNER  # Artist
    exif[0x0112] = orientation
    exif[0x9286] = PHONE  # UserComment (stored raw)
    exif[0x8769] = {0xA430: OWNER, 0xA431: SERIAL}  # CameraOwnerName, BodySerialNumber
    exif[0x8825] = {1: "N", 2: (36.0, 42.0, 30.0), 3: "E", 4: (119.0, 6.0, 5.0)}
    return exif


def icc_with_text() -> bytes:
    """A valid sRGB profile with a phone number appended (embedded as-is by Pillow)."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + f"owner {PHONE}".encode()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` (no pixel data needed to test the limits)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def jpeg_with_metadata(tmp_path):
    path = tmp_path / "phone.jpg"
    picture().save(path, "JPEG", exif=exif_with_everything(), comment=f"{OWNER} {PHONE}".encode(),
                   xmp=XMP_GPS.encode(), icc_profile=icc_with_text(), quality=95)  # fmt: skip
    return path


def assert_clean(data: bytes):
    for secret in SECRETS:
        assert secret not in data, secret
    for marker in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"ICC_PROFILE", b"iCCP", b"XMP ", b"EXIF", b"8BIM"):
        assert marker not in data, marker


def test_jpeg_everything_is_stripped(jpeg_with_metadata, tmp_path):
    raw = jpeg_with_metadata.read_bytes()
    assert all(
        s in raw for s in (OWNER.encode(), PHONE.encode(), SERIAL.encode(), b"GPSLatitude", b"ICC_PROFILE")
    )
    target = tmp_path / "out" / "phone.jpg"
    strip_metadata(str(jpeg_with_metadata), str(target))
    data = target.read_bytes()
    assert_clean(data)
    assert b"\xff\xfe" not in data  # no JPEG COM segment
    with Image.open(target) as clean:
        assert clean.format == "JPEG" and clean.size == (64, 48)
        assert not clean.getexif() and "icc_profile" not in clean.info and "comment" not in clean.info
    assert inspect_image(str(target)).has_location is False


def test_orientation_is_applied_to_the_pixels(tmp_path):
    source = tmp_path / "rotated.jpg"
    picture(size=(40, 20)).save(source, "JPEG", exif=exif_with_everything(orientation=6))
    target = tmp_path / "upright.jpg"
    strip_metadata(str(source), str(target))
    with Image.open(target) as clean:
        assert clean.size == (20, 40)


def test_png_text_chunks_are_stripped_and_pixels_kept_exactly(tmp_path):
    info = PngInfo()
    info.add_text("Author", OWNER)
    info.add_itxt("Comment", f"联系 {PHONE} 身份证 370702199003071234", lang="zh", tkey="注释")
    info.add_text("Secret", SERIAL, zip=True)  # zTXt
    info.add_itxt("XML:com.adobe.xmp", XMP_GPS)
    source = tmp_path / "scan.png"
    image = picture("RGBA")
    image.save(source, "PNG", pnginfo=info, exif=exif_with_everything(), icc_profile=icc_with_text())
    assert inspect_image(str(source)).has_location
    target = tmp_path / "clean.png"
    strip_metadata(str(source), str(target))
    data = target.read_bytes()
    assert_clean(data)
    assert b"370702" not in data
    with Image.open(target) as clean:
        assert clean.mode == "RGBA" and clean.tobytes() == image.tobytes()  # lossless


def test_webp_exif_and_xmp_are_stripped(tmp_path):
    source = tmp_path / "wechat.webp"
    picture().save(
        source, "WEBP", exif=exif_with_everything(), xmp=XMP_GPS.encode(), icc_profile=icc_with_text()
    )
    raw = source.read_bytes()
    assert OWNER.encode() in raw and b"GPSLatitude" in raw
    target = tmp_path / "clean.webp"
    strip_metadata(str(source), str(target))
    assert_clean(target.read_bytes())
    with Image.open(target) as clean:
        assert clean.format == "WEBP" and clean.size == (64, 48)


def test_gif_comment_is_stripped_and_frames_kept(tmp_path):
    source = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (16, 16), colour) for colour in ("red", "green", "blue")]
    frames[0].save(source, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0,
                   comment=f"{OWNER} {PHONE}".encode())  # fmt: skip
    assert PHONE.encode() in source.read_bytes()
    target = tmp_path / "clean.gif"
    strip_metadata(str(source), str(target))
    assert_clean(target.read_bytes())
    with Image.open(target) as clean:
        assert clean.n_frames == 3


@pytest.mark.parametrize(
    ("fmt", "options", "expected"),
    [
        ("JPEG", {"exif": "gps"}, True),  # EXIF GPS IFD
        ("JPEG", {"xmp": XMP_GPS.encode()}, True),  # XMP only
        ("WEBP", {"exif": "gps"}, True),
        ("PNG", {"exif": "gps"}, True),  # eXIf chunk
        ("JPEG", {"exif": "no-gps"}, False),
        ("JPEG", {}, False),
    ],
)
def test_location_anywhere(tmp_path, fmt, options, expected):
    path = tmp_path / f"x.{fmt.lower().replace('jpeg', 'jpg')}"
    if "exif" in options:
        options = dict(
            options, exif=exif_with_everything() if options["exif"] == "gps" else _exif_without_gps()
        )
    picture().save(path, fmt, **options)
    assert inspect_image(str(path)).has_location is expected
    errors = image_errors(str(path), "content/news/2024/a.md", 12, "{static}/images/x.jpg")
    assert [(e.line, e.key) for e in errors] == ([(12, "image-has-location")] if expected else [])


def test_location_in_compressed_png_text(tmp_path):
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP_GPS, zip=True)
    path = tmp_path / "zipped.png"
    picture().save(path, "PNG", pnginfo=info)
    assert b"GPSLatitude" not in path.read_bytes()  # only visible once inflated
    assert inspect_image(str(path)).has_location


def _exif_without_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    return exif


def test_report(tmp_path):
    path = tmp_path / "a.png"
    picture().save(path)
    report = inspect_image(str(path))
    assert (report.format, report.width, report.height, report.frames) == ("PNG", 64, 48, 1)
    assert report.bytes == os.path.getsize(path) and not report.has_location


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("page.jpg", b"<!doctype html><script>alert(1)</script>", "image-type"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "image-type"),
        ("page.html", b"<html></html>", "image-type"),
        ("empty.jpg", b"", "image-type"),
        ("note.png", "潍坊学院".encode(), "image-type"),
    ],
)
def test_not_images_are_refused(tmp_path, name, content, key):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImageRefused) as refused:
        inspect_image(str(path))
    assert refused.value.key == key


@pytest.mark.parametrize(
    ("save_as", "name"),
    [
        ("PNG", "real-png.jpg"),
        ("JPEG", "real-jpeg.png"),
        ("BMP", "bitmap.bmp"),
        ("TIFF", "scan.tif"),
        ("JPEG", "noext"),
    ],
)
def test_type_comes_from_content_not_extension(tmp_path, save_as, name):
    path = tmp_path / name
    picture().save(path, save_as)
    with pytest.raises(ImageRefused) as refused:
        inspect_image(str(path))
    assert refused.value.key == "image-type"


@pytest.mark.parametrize("size", [(30000, 30000), (12000, 12000), (8000, 6000)])
def test_pixel_bombs_are_refused_from_the_header(tmp_path, size):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(*size))
    assert path.stat().st_size < 100
    with pytest.raises(ImageRefused) as refused:
        inspect_image(str(path))
    assert refused.value.key == "image-too-large"
    errors = image_errors(str(path), "content/news/2024/a.md", 7, "/images/bomb.png")
    assert errors[0].format().startswith("content/news/2024/a.md:7: 图片 /images/bomb.png 像素太多")


def test_configured_pixel_limit(tmp_path):
    path = tmp_path / "a.png"
    picture().save(path)
    with pytest.raises(ImageRefused) as refused:
        inspect_image(str(path), Limits(image_pixels=64 * 48 - 1))
    assert refused.value.key == "image-too-large"
    assert inspect_image(str(path), Limits(image_pixels=64 * 48)).width == 64


def test_file_size_limit(tmp_path):
    path = tmp_path / "a.jpg"
    picture().save(path, "JPEG")
    with pytest.raises(ImageRefused) as refused:
        inspect_image(str(path), Limits(image_bytes=100))
    assert refused.value.key == "image-too-large" and "MB" in refused.value.reason


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_images_are_refused(tmp_path, fmt):
    buffer = io.BytesIO()
    Image.effect_noise((256, 256), 60).convert("RGB").save(buffer, fmt)
    path = tmp_path / f"cut.{fmt.lower().replace('jpeg', 'jpg')}"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(ImageRefused) as refused:
        inspect_image(str(path))
    assert refused.value.key == "image-unreadable"


def test_missing_file_is_an_error_not_a_traceback(tmp_path):
    errors = image_errors(str(tmp_path / "gone.jpg"), "a.md", 3, "gone.jpg")
    assert [e.key for e in errors] == ["image-not-found"]


def test_cache_by_content_and_atomic_writes(jpeg_with_metadata, tmp_path):
    cache = tmp_path / "cache"
    first, second = tmp_path / "site" / "a.jpg", tmp_path / "site" / "b.jpg"
    assert strip_metadata(str(jpeg_with_metadata), str(first), str(cache)) is False
    assert strip_metadata(str(jpeg_with_metadata), str(second), str(cache)) is True
    assert first.read_bytes() == second.read_bytes()
    assert sorted(os.listdir(tmp_path / "site")) == ["a.jpg", "b.jpg"]  # no temp files left
    entries = [f for _, _, files in os.walk(cache) for f in files]
    assert len(entries) == 1 and not entries[0].startswith(".")
    # Changed bytes, changed key: the cache never serves a stale image.
    other = tmp_path / "other.jpg"
    picture(size=(10, 10)).save(other, "JPEG")
    assert strip_metadata(str(other), str(first), str(cache)) is False
    with Image.open(first) as image:
        assert image.size == (10, 10)
