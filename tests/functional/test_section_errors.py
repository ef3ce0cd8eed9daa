"""Editor mistakes in colleges and achievements: path, line and key of each (see :mod:`tests.site_errors`).

One real command-line build (a truncated photo) shows the failure through the
command.  A profile photo with a location is fine because it is cleaned: the
shared image build of tests/functional/test_published_images.py shows it.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import assert_failed_cleanly, run_build, snapshot
from tests.site_errors import first_error, load_errors, reported

PROFILE = "achievements/ai-platform-founder.md"  # photo on line 8
COLLEGE = "colleges/cs.md"
NEWS = "news/2023/lecture-ai-careers.md"  # college: cs on line 8


def edit(content, relative: str, old: str, new: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    # (file, old, new, expected "path:line: ", key)
    (PROFILE, "college: cs", "college: computer", f"content/{PROFILE}:5: ", "unknown-college"),
    (NEWS, "college: cs", "college: computer", f"content/{NEWS}:8: ", "unknown-college"),
    (PROFILE, "field: 科技", "field: 信息技术", f"content/{PROFILE}:6: ", "unknown-achievement-field"),
    (PROFILE, "class_year: 2006", "class_year: 06", f"content/{PROFILE}:4: ", "invalid-class-year"),
    (
        PROFILE,
        "photo: images/alumni/sample-02.jpg",
        "photo: images/alumni/li-ming.jpg",
        f"content/{PROFILE}:8: ",
        "image-not-found",
    ),
    (PROFILE, "photo_alt: ", "photo_caption: ", f"content/{PROFILE}:9: ", "unknown-field"),
    (COLLEGE, "  phone: 0536-878xxxx", "  phone: 13905360000", f"content/{COLLEGE}:8: ", "private-contact"),
    (COLLEGE, "id: cs", "id: computer", f"content/{COLLEGE}:4: ", "id-mismatch"),
    (COLLEGE, "name: 计算机工程学院", "name:", f"content/{COLLEGE}:2: ", "missing-name"),
]


@pytest.mark.parametrize(
    ("relative", "old", "new", "where", "key"), CASES, ids=[c[4] + ":" + c[0].split("/")[0] for c in CASES]
)
def test_section_error(content_copy, relative, old, new, where, key):
    edit(content_copy, relative, old, new)
    error = first_error(load_errors(content_copy), key)
    assert error.format().startswith(where), error.format()


def test_unknown_college_lists_the_valid_ids(content_copy):
    edit(content_copy, NEWS, "college: cs", "college: computer")
    assert "未知学院编号“computer”，可选：agri（生物与农业工程学院）、art（美术学院）、chem（" in reported(
        load_errors(content_copy)
    )


def test_duplicate_college_id(content_copy):
    (content_copy / "colleges" / "old").mkdir()
    shutil.copy(content_copy / COLLEGE, content_copy / "colleges" / "old" / "cs.md")
    error = first_error(load_errors(content_copy), "duplicate-id")
    assert error.format().startswith("content/colleges/cs.md: 学院编号“cs”与 content/colleges/old/cs.md 重复")


def test_duplicate_profile_url(content_copy):
    shutil.copy(content_copy / PROFILE, content_copy / "achievements" / "copy.md")
    lines = [e.format() for e in load_errors(content_copy) if e.key == "duplicate-url"]
    assert len(lines) == 2 and "/achievements/ai-platform-founder/" in lines[0]


def test_truncated_photo_fails_the_build_through_the_command(content_copy, prebuilt):
    """The command line's wiring for a section's mistake: exit 1, the line, ``output/`` untouched."""
    photo = content_copy / "images/alumni/sample-02.jpg"
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 2])
    before = snapshot(prebuilt)
    result = run_build(content_copy, prebuilt, "build")
    line = next(x for x in result.stderr.splitlines() if "[image-unreadable]" in x)
    assert line.startswith(f"content/{PROFILE}:8: ") and "sample-02.jpg" in line
    assert_failed_cleanly(result, prebuilt, before)


def test_news_image_with_gps_is_refused(content_copy):
    from tests.unit.test_photos import jpeg_with_exif

    jpeg_with_exif(content_copy / "images/news/from-phone.jpg")
    edit(content_copy, NEWS, "互动环节", "![手机拍的现场]({static}/images/news/from-phone.jpg)\n\n互动环节")
    error = first_error(load_errors(content_copy), "image-has-location")
    assert error.path == f"content/{NEWS}" and error.line > 0
