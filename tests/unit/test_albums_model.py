"""Photo albums (plugins/albums): table-driven model tests, no build."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image

from plugins.albums.model import AlbumsConfig, load_albums, parse_album
from plugins.albums.settings import albums_config
from plugins.common.errors import ContentErrors
from plugins.common.settings import SettingsError

GOOD = """title: 返校日
date: 2026-04-18
summary: 照片
photos:
  - src: images/albums/a.jpg
    alt: 校门
    caption: 校门前合影
  - src: /images/albums/a.jpg
    alt: 又一张
"""


@pytest.fixture
def root(tmp_path):
    (tmp_path / "images" / "albums").mkdir(parents=True)
    Image.new("RGB", (400, 300), "#abc").save(tmp_path / "images" / "albums" / "a.jpg")
    (tmp_path / "albums").mkdir()
    return tmp_path


def parse(root, text, name="homecoming-2026.yml"):
    return parse_album(text, f"content/albums/{name}", str(root / "albums" / name), str(root))


def test_album_reads_photos_in_order(root):
    album = parse(root, GOOD)
    assert (album.id, album.title, album.date, album.status) == (
        "homecoming-2026",
        "返校日",
        date(2026, 4, 18),
        "published",
    )
    assert [(p.src, p.alt, p.caption, p.line) for p in album.photos] == [
        ("images/albums/a.jpg", "校门", "校门前合影", 5),
        ("images/albums/a.jpg", "又一张", "", 8),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date: 2026-04-18\nphotos:\n  - src: images/albums/a.jpg\n    alt: x\n", [(1, "missing-title")]),
        ("title: t\ndate: 2026-04-18\n", [(1, "invalid-photos")]),
        ("title: t\ndate: 2026-04-18\nphotos: a.jpg\n", [(3, "invalid-photos")]),
        ("title: t\ndate: 2026-04-18\nphotos:\n  - src: images/albums/a.jpg\n", [(4, "missing-photo-alt")]),
        (
            "title: t\ndate: 2026-04-18\nphotos:\n  - src: images/albums/none.jpg\n    alt: x\n",
            [(4, "image-not-found")],
        ),
        ("title: t\ndate: 明天\nphotos:\n  - src: images/albums/a.jpg\n    alt: x\n", [(2, "invalid-date")]),
        ("title: t\ndate: 2026-04-18\nphoto: []\n", [(3, "unknown-field"), (1, "invalid-photos")]),
        ("- 列表\n", [(1, "invalid-album")]),
    ],
)
def test_album_errors_at_their_lines(root, text, expected):
    with pytest.raises(ContentErrors) as raised:
        parse(root, text)
    assert sorted((e.line, e.key) for e in raised.value.errors) == sorted(expected)


def test_file_name_is_the_url_and_must_be_safe(root):
    with pytest.raises(ContentErrors) as raised:
        parse(root, GOOD, name="返校 日.yml")
    assert [e.key for e in raised.value.errors] == ["invalid-id"]


def test_load_albums_newest_first_and_collects_every_error(root):
    (root / "albums" / "old.yml").write_text(GOOD.replace("2026-04-18", "2020-01-01"), encoding="utf-8")
    (root / "albums" / "new.yml").write_text(GOOD, encoding="utf-8")
    (root / "albums" / "bad.yml").write_text("title: t\n", encoding="utf-8")
    albums, errors = load_albums(str(root), AlbumsConfig("albums", (320,)))
    assert [a.id for a in albums] == ["new", "old"]
    assert {(e.path.split("/", 1)[1], e.key) for e in errors} == {
        ("albums/bad.yml", "missing-date"),
        ("albums/bad.yml", "invalid-photos"),
    }  # the path as editors see it: <content folder>/albums/bad.yml
    assert load_albums(str(root), AlbumsConfig("nothing-here", (320,))) == ([], [])


def test_albums_setting():
    assert albums_config(None).photo_widths == (320, 640, 1280)
    with pytest.raises(SettingsError, match="photo_widths"):
        albums_config({"photo_widths": (10,)})


VIDEO = """title: 返校日
date: 2026-04-18
videos:
  - src: files/videos/a.mp4
    title: 返校日短片
    poster: images/albums/a.jpg
    captions: files/videos/a.vtt
"""
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.000\n欢迎回家\n\n00:02.000 --> 00:04.000\n返校日\n"


@pytest.fixture
def video_root(root):
    from tools.make_sample_video import write_video

    write_video(root / "files" / "videos" / "a.mp4")
    (root / "files" / "videos" / "a.vtt").write_text(CAPTIONS, encoding="utf-8")
    return root


def test_an_album_of_videos_needs_no_photos(video_root):
    album = parse(video_root, VIDEO)
    assert album.photos == ()
    assert [(v.src, v.title, v.poster, v.captions, v.line, v.poster_line) for v in album.videos] == [
        ("files/videos/a.mp4", "返校日短片", "images/albums/a.jpg", "files/videos/a.vtt", 4, 6)
    ]
    both = parse(video_root, GOOD + VIDEO.split("\n", 2)[2])
    assert (len(both.photos), len(both.videos)) == (2, 1)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # A video without captions: an error at the video's line that says how to add them.
        (
            lambda t: t.replace("    captions: files/videos/a.vtt\n", ""),
            [("content/albums/x.yml", 4, "missing-captions")],
        ),
        (lambda t: t.replace("a.vtt", "none.vtt"), [("content/albums/x.yml", 7, "captions-not-found")]),
        (lambda t: t.replace("a.vtt", "a.srt"), [("content/albums/x.yml", 7, "invalid-captions")]),
        (
            lambda t: t.replace("files/videos/a.mp4", "images/albums/a.mp4"),
            [("content/albums/x.yml", 4, "invalid-src")],
        ),
        (lambda t: t.replace("files/videos/a.mp4", "../a.mp4"), [("content/albums/x.yml", 4, "invalid-src")]),
        (lambda t: t.replace("a.mp4", "none.mp4"), [("content/albums/x.yml", 4, "src-not-found")]),
        (
            lambda t: t.replace("    poster: images/albums/a.jpg\n", ""),
            [("content/albums/x.yml", 4, "missing-video-poster")],
        ),
        (
            lambda t: t.replace("albums/a.jpg", "albums/none.jpg"),
            [("content/albums/x.yml", 6, "image-not-found")],
        ),
        (
            lambda t: t.replace("    title: 返校日短片\n", ""),
            [("content/albums/x.yml", 4, "missing-video-title")],
        ),
        (
            lambda t: t.split("videos:")[0] + "videos: files/videos/a.mp4\n",
            [("content/albums/x.yml", 3, "invalid-videos")],
        ),
    ],
)
def test_video_errors_at_their_lines(video_root, edit, expected):
    with pytest.raises(ContentErrors) as raised:
        parse(video_root, edit(VIDEO), name="x.yml")
    assert [(e.path, e.line, e.key) for e in raised.value.errors] == expected


def test_personal_data_in_captions_is_an_error_at_the_captions_line(video_root):
    (video_root / "files" / "videos" / "a.vtt").write_text(
        CAPTIONS.replace("返校日", "联系我 13812345678"), encoding="utf-8"
    )
    with pytest.raises(ContentErrors) as raised:
        parse(video_root, VIDEO)
    assert [(e.path, e.line, e.key) for e in raised.value.errors] == [
        (f"{video_root.name}/files/videos/a.vtt", 7, "personal-data")  # as the editor sees the content folder
    ]


def test_a_video_that_is_not_mp4_h264_is_an_error_at_its_line(video_root):
    (video_root / "files" / "videos" / "a.mp4").write_bytes(b"<html>")
    with pytest.raises(ContentErrors) as raised:
        parse(video_root, VIDEO)
    (error,) = raised.value.errors
    assert (error.line, error.key) == (4, "video-unreadable")
    assert "H.264" in error.message


def test_video_folder_setting():
    assert albums_config(None).video_folder == "files/videos"
    assert albums_config({"video_folder": "/media/"}).video_folder == "media"
    with pytest.raises(SettingsError, match="video_folder"):
        albums_config({"video_folder": "../outside"})
