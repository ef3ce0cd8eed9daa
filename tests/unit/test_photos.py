"""The photo pipeline: EXIF (GPS) removed, orientation applied, cache reused."""

from __future__ import annotations

import os

import pytest
from PIL import Image

from plugins.common.images import ImageSizes, check_image_file
from plugins.common.photos import PhotoError, process_photo

GPS = 0x8825
ORIENTATION = 0x0112


def jpeg_with_exif(path, size=(1200, 800), orientation=None, gps=True):
    """A landscape test photo with GPS position and, optionally, a rotation flag."""
    image = Image.new("RGB", size, "white")
    image.paste((200, 0, 0), (0, 0, size[0] // 2, size[1]))  # left half red: shows rotation
    exif = image.getexif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "Model X"  # camera model
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS] = {1: "N", 2: (36.0, 42.0, 0.0), 3: "E", 4: (119.0, 6.0, 0.0)}
    image.save(path, "JPEG", exif=exif.tobytes())
    return path


def test_gps_and_camera_data_are_removed(tmp_path):
    source = jpeg_with_exif(tmp_path / "a.jpg")
    with Image.open(source) as original:
        assert original.getexif().get_ifd(GPS)  # the fixture really has GPS
    photo = process_photo(str(source), str(tmp_path / "cache"), (320, 640))
    entry = tmp_path / "cache" / photo.digest
    assert [d.width for d in photo.derivatives] == [320, 640]
    for derivative in photo.derivatives:
        for name in (derivative.webp, derivative.jpeg):
            with Image.open(entry / name) as out:
                assert out.size == (derivative.width, derivative.height)
                assert len(out.getexif()) == 0
                assert "exif" not in out.info and "icc_profile" not in out.info
            raw = (entry / name).read_bytes()
            assert b"Exif" not in raw and b"TestCam" not in raw


def test_orientation_is_applied(tmp_path):
    # Orientation 6: the camera was turned; viewers must rotate 90° clockwise.
    source = jpeg_with_exif(tmp_path / "rotated.jpg", orientation=6, gps=False)
    photo = process_photo(str(source), str(tmp_path / "cache"), (400,))
    derivative = photo.largest
    assert (derivative.width, derivative.height) == (400, 600)  # now portrait
    with Image.open(tmp_path / "cache" / photo.digest / derivative.jpeg) as out:
        top = out.getpixel((out.width // 2, 5))
        bottom = out.getpixel((out.width // 2, out.height - 5))
    assert top[0] > 150 and top[1] < 80  # the red half is now on top
    assert bottom[1] > 200


def test_small_photos_are_not_upscaled(tmp_path):
    source = tmp_path / "small.png"
    Image.new("RGBA", (300, 200), (0, 0, 255, 128)).save(source)
    photo = process_photo(str(source), str(tmp_path / "cache"), (320, 640, 1024))
    assert [(d.width, d.height) for d in photo.derivatives] == [(300, 200)]


def test_cache_is_keyed_by_content(tmp_path):
    source = jpeg_with_exif(tmp_path / "a.jpg")
    cache = tmp_path / "cache"
    first = process_photo(str(source), str(cache))
    jpeg = cache / first.digest / first.largest.jpeg
    stamp = os.stat(jpeg).st_mtime_ns
    second = process_photo(str(source), str(cache))
    assert second.cached and not first.cached
    assert second == first.__class__(first.digest, first.derivatives, cached=True)
    assert os.stat(jpeg).st_mtime_ns == stamp  # nothing was re-encoded
    copy = tmp_path / "renamed.jpg"
    copy.write_bytes(source.read_bytes())
    assert process_photo(str(copy), str(cache)).cached  # same bytes, same entry
    jpeg_with_exif(source, size=(1000, 800))
    changed = process_photo(str(source), str(cache))
    assert not changed.cached and changed.digest != first.digest
    assert sorted(p.name for p in cache.iterdir()) == sorted([first.digest, changed.digest])


@pytest.mark.parametrize("content", [b"", b"not an image", None])
def test_unreadable_or_truncated_photos_raise(tmp_path, content):
    source = tmp_path / "bad.jpg"
    if content is None:  # a real JPEG cut in half
        jpeg_with_exif(source)
        data = source.read_bytes()
        source.write_bytes(data[: len(data) // 2])
    else:
        source.write_bytes(content)
    with pytest.raises(PhotoError):
        process_photo(str(source), str(tmp_path / "cache"))
    assert not any((tmp_path / "cache").glob("*/manifest.json")) if (tmp_path / "cache").exists() else True


def test_images_published_as_is_must_not_carry_gps(tmp_path):
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    jpeg_with_exif(root / "images" / "gps.jpg")
    jpeg_with_exif(root / "images" / "clean.jpg", gps=False)
    sizes = ImageSizes()
    args = ("x.md", str(root / "news/x.md"), str(root), sizes)
    [error] = check_image_file("/images/gps.jpg", 3, *args)
    assert (error.line, error.key) == (3, "image-has-location")
    assert check_image_file("/images/clean.jpg", 3, *args) == []
    assert check_image_file("/images/gps.jpg", 3, *args, published_as_is=False) == []
