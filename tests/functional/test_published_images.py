"""Only referenced images are published, each inspected and re-encoded without metadata.

One real build (shared by the workers): a camera serial, owner and a PNG text
chunk with a phone number are gone from the published bytes, and so is the
location a phone left in a profile photo; an unreferenced image, a draft's
cover and ``.html``/``.svg`` files dropped in ``content/images/`` are not
published.  Refusals (GPS in XMP at the line that uses the image, truncated and
oversized images, paths outside the images folder) are checked in this process
(:mod:`tests.site_errors`); one real build shows a refusal leaves ``output/``
untouched.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from tests.conftest import SAMPLE_CONTENT, assert_failed_cleanly, once_per_run, run_build, snapshot
from tests.site_errors import load_errors, reported
from tests.unit.test_imagesafety import (
    OWNER,
    PHONE,
    SERIAL,
    XMP_GPS,
    exif_with_everything,
    picture,
    png_header_only,
)
from tests.unit.test_photos import jpeg_with_exif

NEWS = "news/2023/council-election.md"
DRAFT = "news/2026/draft-winter-reunion.md"


def _append(path: Path, text: str) -> int:
    """Append ``text`` as a new paragraph; return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([*lines, "", text, ""]), encoding="utf-8")
    return len(lines) + 2


def _no_gps_exif() -> Image.Exif:
    exif = exif_with_everything()
    del exif[0x8825]
    return exif


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return Path(once_per_run(tmp_path_factory, "images", _build_with_images))  # once, whatever the workers


def _build_with_images(root: Path) -> str:
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    images = content / "images" / "news"
    picture().save(images / "serial.jpg", "JPEG", exif=_no_gps_exif(), quality=90)
    info = PngInfo()
    info.add_text("Author", f"{OWNER} {PHONE}")
    info.add_itxt("Comment", f"手机 {PHONE}")
    picture().save(images / "text-chunks.png", "PNG", pnginfo=info)
    picture().save(images / "unreferenced.jpg", "JPEG", exif=exif_with_everything())
    picture().save(images / "draft-only.jpg", "JPEG")
    # A profile photo from a phone, with its location: published only as cleaned derivatives.
    jpeg_with_exif(content / "images" / "alumni" / "sample-02.jpg", size=(900, 1200))
    (images / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (images / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8"
    )
    _append(
        content / NEWS,
        "![校友合影]({static}/images/news/serial.jpg)\n\n![校友合影]({static}/images/news/text-chunks.png)",
    )
    _append(content / DRAFT, "![草稿配图]({static}/images/news/draft-only.jpg)")
    result = run_build(content, root / "output", "build")
    assert result.returncode == 0, result.stderr
    return str(result.output)


def test_only_referenced_images_are_published(built):
    published = {str(p.relative_to(built)) for p in (built / "images").rglob("*") if p.is_file()}
    assert "images/news/serial.jpg" in published and "images/news/text-chunks.png" in published
    assert "images/news/unreferenced.jpg" not in published
    assert "images/news/draft-only.jpg" not in published  # a draft's image waits for the draft
    # no editor's .html or .svg is published; the one SVG is the emblem the administrators
    # configured in SITE_IDENTITY, written by the identity plugin once it is known to carry no script
    emblem = "images/identity/emblem-placeholder.svg"
    assert not any(p.endswith((".html", ".svg")) and p != emblem for p in published)
    assert not list(built.rglob("images/alumni/*"))  # profile photos only as derivatives
    sources = {
        str(p.relative_to(SAMPLE_CONTENT)) for p in (SAMPLE_CONTENT / "images").rglob("*") if p.is_file()
    }
    assert published - {"images/news/serial.jpg", "images/news/text-chunks.png"} < sources


def test_published_images_carry_no_metadata(built):
    for path in (built / "images").rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for secret in (OWNER.encode(), PHONE.encode(), SERIAL.encode(), b"Canon", b"GPS", b"xmpmeta"):
            assert secret not in data, (path, secret)
        for marker in (b"Exif\x00\x00", b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"ICC_PROFILE", b"iCCP"):
            assert marker not in data, (path, marker)
    with Image.open(built / "images" / "news" / "serial.jpg") as image:
        assert image.size == picture().size and not image.getexif()


def test_a_profile_photo_with_gps_is_fine_because_it_is_cleaned(built):
    photos = [p for p in (built / "photos").iterdir() if p.is_file()]
    assert photos
    for photo in photos:
        with Image.open(photo) as image:
            assert not image.getexif(), photo


def _refused(content: Path, line: int, key: str) -> None:
    errors = load_errors(content)
    assert any(e.path == f"content/{NEWS}" and e.line == line and e.key == key for e in errors), reported(
        errors
    )


def test_gps_in_xmp_is_refused_at_the_line_using_it(content_copy):
    picture().save(content_copy / "images" / "news" / "xmp.jpg", "JPEG", xmp=XMP_GPS.encode())
    line = _append(content_copy / NEWS, "![现场]({static}/images/news/xmp.jpg)")
    _refused(content_copy, line, "image-has-location")


def test_a_truncated_jpeg_is_refused(content_copy):
    source = content_copy / "images" / "news" / "lecture-hall.jpg"
    data = source.read_bytes()
    (content_copy / "images" / "news" / "cut.jpg").write_bytes(data[: len(data) // 2])
    line = _append(content_copy / NEWS, "![现场]({static}/images/news/cut.jpg)")
    _refused(content_copy, line, "image-unreadable")


def test_a_huge_png_is_refused_before_decoding(content_copy):
    (content_copy / "images" / "news" / "huge.png").write_bytes(png_header_only(30000, 30000))
    line = _append(content_copy / NEWS, "![现场]({static}/images/news/huge.png)")
    _refused(content_copy, line, "image-too-large")


def test_html_named_jpg_is_refused(content_copy):
    (content_copy / "images" / "news" / "fake.jpg").write_text("<script>alert(1)</script>", encoding="utf-8")
    line = _append(content_copy / NEWS, "![现场]({static}/images/news/fake.jpg)")
    at_line = [e for e in load_errors(content_copy) if e.path == f"content/{NEWS}" and e.line == line]
    assert len(at_line) == 1 and at_line[0].key in (
        "image-unreadable",
        "image-type",
    )  # one mistake, one message


@pytest.mark.parametrize(
    "reference",
    [
        "![现场](../../../outside.jpg)",
        "![现场]({static}/../outside.jpg)",
        '<img src="/../outside.jpg" alt="现场">',
        "![现场](/../../../../../../../../../../etc/hostname)",
    ],
)
def test_images_outside_the_images_folder_are_refused(content_copy, reference):
    picture().save(content_copy.parent / "outside.jpg", "JPEG")
    line = _append(content_copy / NEWS, reference)
    _refused(content_copy, line, "path-outside-content")


def test_a_cover_outside_the_images_folder_is_refused(content_copy):
    path = content_copy / "news" / "2023" / "lecture-ai-careers.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("cover: images/news/lecture-hall.jpg", "cover: ../outside.jpg"), encoding="utf-8"
    )
    picture().save(content_copy.parent / "outside.jpg", "JPEG")
    line = text.split("\n").index("cover: images/news/lecture-hall.jpg") + 1
    errors = load_errors(content_copy)
    assert any(
        (e.path, e.line, e.key) == ("content/news/2023/lecture-ai-careers.md", line, "path-outside-content")
        for e in errors
    ), reported(errors)


def test_a_refused_image_leaves_output_untouched(content_copy, prebuilt):
    before = snapshot(prebuilt)
    picture().save(content_copy / "images" / "news" / "xmp.jpg", "JPEG", xmp=XMP_GPS.encode())
    _append(content_copy / NEWS, "![现场]({static}/images/news/xmp.jpg)")
    assert_failed_cleanly(run_build(content_copy, prebuilt, "build"), prebuilt, before)


def test_every_editor_image_gets_the_same_limits_and_names_at_its_line(content_copy):
    """Achievement and memory photos and enterprise logos go through the intake like news images:
    a 144-megapixel PNG and names with a quote or a space are refused at path:line, with no absolute path."""
    huge = png_header_only(12_000, 12_000)
    (content_copy / "images" / "alumni" / "huge.png").write_bytes(huge)
    (content_copy / "images" / "memories" / "huge.png").write_bytes(huge)
    shutil.copy(
        content_copy / "images" / "news" / "lecture-hall.jpg", content_copy / "images" / "news" / "it's.jpg"
    )
    shutil.copy(
        content_copy / "images" / "news" / "lecture-hall.jpg", content_copy / "images" / "news" / "a b.jpg"
    )
    profile = content_copy / "achievements" / "ai-platform-founder.md"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("images/alumni/sample-02.jpg", "images/alumni/huge.png"),
        encoding="utf-8",
    )
    memory = content_copy / "memories" / "canteen-1988.md"
    memory.write_text(
        memory.read_text(encoding="utf-8").replace(
            "images/memories/canteen-1988-sample.jpg", "images/memories/huge.png"
        ),
        encoding="utf-8",
    )
    quote = _append(content_copy / NEWS, "![现场]({static}/images/news/it's.jpg)")
    space = _append(content_copy / NEWS, "![现场](<{static}/images/news/a b.jpg>)")
    printed = reported(load_errors(content_copy))
    for pattern in (
        r"^content/achievements/ai-platform-founder\.md:8: .*\[image-too-large\]$",
        r"^content/memories/canteen-1988\.md:10: .*\[image-too-large\]$",
        rf"^content/{re.escape(NEWS)}:{quote}: .*it's\.jpg.*\[image-name\]$",
        rf"^content/{re.escape(NEWS)}:{space}: .*a b\.jpg.*\[image-name\]$",
    ):
        assert re.search(pattern, printed, re.M), (pattern, printed)
    assert str(content_copy) not in printed
