"""One image intake (plugins/common/imagesafety.py + photos.py): limits before decoding, verified caches,
safe names, world-readable files whatever the umask, and the public call the Word import uses."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from PIL import Image, ImageFile

from plugins.common.images import ImageSizes, check_image_file, image_name_error
from plugins.common.imagesafety import ImageRefused, publish_image, publish_image_bytes, strip_metadata
from plugins.common.limits import DEFAULT_LIMITS
from plugins.common.photos import PhotoError, crop_cover, fit_jpeg, process_photo
from tests.unit.test_imagesafety import png_header_only
from tests.unit.test_photos import jpeg_with_exif


@pytest.fixture
def site(tmp_path):
    """A content folder with ``images/`` and a cache folder."""
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "cache").mkdir()
    return tmp_path


@pytest.fixture
def no_decoding(monkeypatch):
    """Any attempt to decode pixels fails the test: refusals must come from the header."""

    def load(self):
        raise AssertionError(f"decoded {self.size} pixels")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def clean_jpeg(size=(400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_a_144_megapixel_png_is_refused_from_its_header_everywhere(site, no_decoding):
    big = site / "content" / "images" / "huge.png"
    big.write_bytes(png_header_only(12_000, 12_000))
    with pytest.raises(PhotoError) as refused:  # achievement photos, memories, logos, gifts, hero
        process_photo(str(big), str(site / "cache"))
    assert refused.value.key == "image-too-large"
    for make in (lambda: crop_cover(str(big), str(site / "cache"), (900, 383)),
                 lambda: fit_jpeg(str(big), str(site / "cache"), 1080, 1_000_000)):  # fmt: skip
        with pytest.raises(PhotoError):
            make()
    with pytest.raises(ImageRefused) as refused:  # inline images, covers, the Word import
        publish_image(str(big), str(site / "out.png"))
    assert refused.value.key == "image-too-large" and not (site / "out.png").exists()
    errors = check_image_file("{static}/images/huge.png", 7, "content/news/a.md",
                              str(site / "content" / "news" / "a.md"), str(site / "content"), ImageSizes())  # fmt: skip
    assert [(e.path, e.line, e.key) for e in errors] == [("content/news/a.md", 7, "image-too-large")]
    assert str(site) not in errors[0].message


def test_the_loader_reports_a_refused_photo_at_the_editors_line(site, no_decoding):
    from plugins.common.photos import decode_errors

    (site / "content" / "images" / "huge.png").write_bytes(png_header_only(12_000, 12_000))
    (site / "content" / "images" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    items = [
        ("content/memories/1985.md", 9, "images/huge.png"),
        ("content/memories/1985.md", 12, "images/broken.jpg"),
    ]
    errors = decode_errors(items, str(site / "content"), str(site / "cache"), (320,), "照片", DEFAULT_LIMITS)
    assert [(e.line, e.key) for e in errors] == [(9, "image-too-large"), (12, "image-unreadable")]
    assert all(e.path == "content/memories/1985.md" and "images/" in e.message for e in errors)


def test_truncated_cache_files_are_never_reused(site):
    source = jpeg_with_exif(site / "content" / "images" / "p.jpg")
    cache = str(site / "cache")
    first = process_photo(str(source), cache, (320, 640))
    victim = os.path.join(cache, first.digest, first.largest.jpeg)
    with open(victim, "r+b") as handle:
        handle.truncate(100)
    again = process_photo(str(source), cache, (320, 640))
    assert not again.cached
    with Image.open(victim) as image:
        image.load()  # whole again

    crop = crop_cover(str(source), cache, (300, 128))
    cropped = os.path.join(cache, "crops", crop.name)
    with open(cropped, "r+b") as handle:
        handle.truncate(50)
    crop_cover(str(source), cache, (300, 128))
    with Image.open(cropped) as image:
        image.load()

    fitted = fit_jpeg(str(source), cache, 600, 500_000)
    fitted_path = os.path.join(cache, "fit", fitted.name)
    with open(fitted_path, "r+b") as handle:
        handle.truncate(50)
    fit_jpeg(str(source), cache, 600, 500_000)
    with Image.open(fitted_path) as image:
        image.load()

    target = site / "out" / "p.jpg"
    assert strip_metadata(str(source), str(target), cache) is False
    entries = [os.path.join(r, n) for r, _, names in os.walk(os.path.join(cache, "stripped")) for n in names]
    assert len(entries) == 1
    with open(entries[0], "r+b") as handle:
        handle.truncate(80)
    assert strip_metadata(str(source), str(target), cache) is False  # made anew, not copied broken
    with Image.open(target) as image:
        image.load()
    assert strip_metadata(str(source), str(target), cache) is True


@pytest.mark.parametrize(
    ("name", "key"),
    [("校友合影_2024-1.jpg", None), ("IMG_1234.JPG", None), ("a~b.jpg", None), ("a b.jpg", "image-name"),
     ("it's.jpg", "image-name"), ('say "hi".jpg', "image-name"), ("photo (1).jpg", "image-name"),
     ("a;b.jpg", "image-name"), ("a\u200bb.jpg", "image-name"), ("a\\b.jpg", "image-name"),
     ("a%20b.jpg", "image-name"),
     # the reference is read as a URL (? and # end the path): the file it names does not exist
     ("a#b.jpg", "image-not-found"), ("a?b.jpg", "image-not-found")],
)  # fmt: skip
def test_image_names_are_published_only_if_safe_in_a_url(site, name, key):
    path = site / "content" / "images" / name
    path.write_bytes(clean_jpeg())
    errors = check_image_file(f"{{static}}/images/{name}", 4, "content/news/a.md",
                              str(site / "content" / "news" / "a.md"), str(site / "content"), ImageSizes())  # fmt: skip
    assert [e.key for e in errors] == ([key] if key else [])
    if key:
        assert errors[0].line == 4 and str(site) not in errors[0].message and "\n" not in errors[0].message
        assert image_name_error(str(path), str(site / "content"), name, 4, "x") is not None


def test_every_written_image_is_world_readable_under_umask_077(site):
    source = jpeg_with_exif(site / "content" / "images" / "p.jpg", gps=False)
    old = os.umask(0o077)
    try:
        target = site / "out" / "images" / "p.jpg"
        publish_image(str(source), str(target), str(site / "cache"))
        photo = process_photo(str(source), str(site / "cache"), (320,))
        crop = crop_cover(str(source), str(site / "cache"), (300, 128))
        publish_image(str(source), str(site / "out" / "again.jpg"), str(site / "cache"))  # from the cache
    finally:
        os.umask(old)
    entry = site / "cache" / photo.digest
    for path in (target, site / "out" / "again.jpg", entry / photo.largest.jpeg, entry / photo.largest.webp,
                 site / "cache" / "crops" / crop.name):  # fmt: skip
        assert oct(path.stat().st_mode & 0o777) == "0o644", path
    assert oct(entry.stat().st_mode & 0o777) == "0o755"


def test_word_import_entry_point_takes_bytes(site):
    """``publish_image_bytes``: the call for images that arrive in memory (a .docx, an upload)."""
    target = site / "content" / "images" / "word" / "图1.jpg"
    report = publish_image_bytes(clean_jpeg(), ".jpg", str(target))
    assert (report.format, report.width) == ("JPEG", 400) and oct(target.stat().st_mode & 0o777) == "0o644"
    with Image.open(target) as image:
        assert not image.getexif()
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (36.0, 42.0, 0.0), 3: "E", 4: (119.0, 6.0, 0.0)}
    Image.new("RGB", (50, 50)).save(buffer, "JPEG", exif=exif.tobytes())
    with pytest.raises(ImageRefused) as refused:
        publish_image_bytes(buffer.getvalue(), ".jpg", str(site / "gps.jpg"))
    assert refused.value.key == "image-has-location" and not (site / "gps.jpg").exists()
    with pytest.raises(ImageRefused) as refused:
        publish_image_bytes(b"<svg onload=alert(1)>", ".png", str(site / "x.png"))
    assert refused.value.key == "image-type"
    with pytest.raises(ImageRefused) as refused:
        publish_image_bytes(png_header_only(12_000, 12_000), ".png", str(site / "big.png"))
    assert refused.value.key == "image-too-large"


def test_imagesafety_does_not_import_images():
    """The import circle is broken: images.py uses imagesafety, never the reverse."""
    code = "import sys, plugins.common.imagesafety; assert 'plugins.common.images' not in sys.modules"
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )


def test_angle_bracket_destinations_are_found_so_their_names_are_checked():
    """``![x](<a b.jpg>)`` (CommonMark) was neither checked nor published: the page showed a broken image."""
    from plugins.common.images import find_images
    from plugins.common.links import internal_links

    body = '![合影](<{static}/images/a b.jpg>)\n\n[附件](<{static}/images/c d.png>)\n\n![图](/images/e.jpg "标题")\n'
    assert [(r.line, r.src) for r in find_images(body)] == [
        (1, "{static}/images/a b.jpg"),
        (5, "/images/e.jpg"),
    ]
    assert internal_links(body) == [(3, "{static}/images/c d.png")]


def test_the_header_check_uses_the_sites_limits(site):
    """``LIMITS`` reaches the header check through the loader's ImageSizes: one limit, not two."""
    from plugins.common.limits import Limits

    (site / "content" / "images" / "p.jpg").write_bytes(clean_jpeg((400, 300)))
    args = ("{static}/images/p.jpg", 2, "content/news/a.md", str(site / "content" / "news" / "a.md"))
    assert check_image_file(*args, str(site / "content"), ImageSizes()) == []
    strict = ImageSizes(limits=Limits(image_pixels=100_000))
    assert [e.key for e in check_image_file(*args, str(site / "content"), strict)] == ["image-too-large"]
