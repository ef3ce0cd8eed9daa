"""Video intake (plugins/common/videosafety.py): crafted MP4s and captions in, errors or clean copies out."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.common.limits import Limits
from plugins.common.privacy import MOBILE, VIDEO_METADATA, scan_output_tree
from plugins.common.privacyerrors import output_errors
from plugins.common.videometa import unexpected_metadata, video_metadata
from plugins.common.videosafety import captions_errors, published_video, strip_video_metadata, video_problems
from tests.unit.test_privacy import TODAY
from tools.make_sample_video import PHONE_METADATA, write_video

# What phones write, and what the tests plant: Apple's location key, a person's mobile as the title.
PLANTED = {**PHONE_METADATA, "com.apple.quicktime.location.ISO6709": "+36.7100+119.1000+010.000/"}


@pytest.fixture(scope="module", params=["mp4", "mov"])
def phone_video(tmp_path_factory, request) -> Path:
    """The location as a 3GPP ``loci`` box (mp4 muxer) and as QuickTime's ``©xyz`` (mov muxer)."""
    path = tmp_path_factory.mktemp("video") / "phone.mp4"
    write_video(path, PLANTED, container=request.param)
    return path


LOCATION_BOXES = (b"loci", b"\xa9xyz")


def test_a_phone_video_carries_location_time_and_device(phone_video):
    """The crafted file really has what the stripper must remove (else the next test proves nothing)."""
    found = video_metadata(phone_video.read_bytes())
    assert found["format:location"] == "+36.7100+119.1000/"
    assert "format:creation_time" in found and found["format:comment"] == "Apple iPhone 15"
    assert {"format:location", "format:creation_time", "format:title", "format:comment"} <= set(
        unexpected_metadata(found)
    )
    assert any(box in phone_video.read_bytes() for box in LOCATION_BOXES)


def test_the_published_copy_has_no_metadata(phone_video, tmp_path):
    target = tmp_path / "out.mp4"
    strip_video_metadata(str(phone_video), str(target))
    data = target.read_bytes()
    found = video_metadata(data)
    assert unexpected_metadata(found) == []
    assert set(found) <= {
        "format:major_brand",
        "format:minor_version",
        "format:compatible_brands",
        "stream0:language",
        "stream0:handler_name",
    }
    for planted in (*LOCATION_BOXES, b"36.7100", b"IMG_0421", b"iPhone", b"Lavf"):
        assert planted not in data
    mvhd = data.index(b"mvhd")
    assert data[mvhd + 8 : mvhd + 16] == bytes(8)  # creation and modification times: zero
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart: phones start playing at once
    assert video_problems(str(target)) == []  # still a valid H.264 MP4
    assert (target.stat().st_mode & 0o777) == 0o644


def test_published_video_is_cached_and_a_damaged_entry_is_made_anew(phone_video, tmp_path):
    cache = tmp_path / "cache"
    first = published_video(str(phone_video), str(cache))
    made = Path(first).stat().st_mtime_ns
    assert published_video(str(phone_video), str(cache)) == first
    assert Path(first).stat().st_mtime_ns == made  # reused, not remuxed again
    Path(first).write_bytes(Path(first).read_bytes()[:100])  # truncated on disk
    assert published_video(str(phone_video), str(cache)) == first
    assert unexpected_metadata(video_metadata(Path(first).read_bytes())) == []
    assert video_problems(first) == []


@pytest.fixture(params=["uncached", "cached"])
def twice(request, tmp_path):
    """Call a check as a build would: without a cache, or twice with one (the second from its entry)."""

    def call(check, *args, **kwargs):
        if request.param == "uncached":
            return check(*args, **kwargs)
        first = check(*args, **kwargs, cache=str(tmp_path / "cache"))
        assert check(*args, **kwargs, cache=str(tmp_path / "cache")) == first
        return first

    return call


def test_video_problems(tmp_path, phone_video, twice):
    assert twice(video_problems, str(phone_video)) == []
    fake = tmp_path / "fake.mp4"
    fake.write_text("<html>not a video</html>")
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(phone_video.read_bytes()[:300])
    mpeg4 = tmp_path / "old.mp4"
    write_video(mpeg4, codec="mpeg4")
    assert [k for k, _ in twice(video_problems, str(fake))] == ["video-unreadable"]
    assert [k for k, _ in twice(video_problems, str(truncated))] == ["video-unreadable"]
    ((key, message),) = twice(video_problems, str(mpeg4))
    assert key == "video-codec" and "H.264" in message
    ((key, message),) = twice(video_problems, str(phone_video), Limits(video_bytes=1000))
    assert key == "file-too-large" and "720p" in message


def test_a_video_is_read_once_per_bytes_and_a_file_changed_meanwhile_is_not_kept(
    tmp_path, phone_video, monkeypatch
):
    from plugins.common import videosafety

    cache = str(tmp_path / "cache")
    video = tmp_path / "v.mp4"
    video.write_bytes(phone_video.read_bytes())
    reads = []
    real = videosafety._video_problems
    monkeypatch.setattr(videosafety, "_video_problems", lambda *a: reads.append(1) or real(*a))
    assert video_problems(str(video), cache=cache) == []
    assert video_problems(str(video), cache=cache) == [] and len(reads) == 1  # from the entry
    video.write_bytes(phone_video.read_bytes()[:300])  # truncated in place: new bytes, read again
    assert [k for k, _ in video_problems(str(video), cache=cache)] == ["video-unreadable"]
    assert len(reads) == 2

    def replaced_while_read(*args):  # the upload finishes while the check reads it
        found = real(*args)
        video.write_bytes(phone_video.read_bytes())
        return found

    video.write_bytes(phone_video.read_bytes()[:400])
    monkeypatch.setattr(videosafety, "_video_problems", replaced_while_read)
    assert [k for k, _ in video_problems(str(video), cache=cache)] == ["video-unreadable"]
    video.write_bytes(phone_video.read_bytes()[:400])
    monkeypatch.setattr(videosafety, "_video_problems", lambda *a: reads.append(1) or real(*a))
    assert [k for k, _ in video_problems(str(video), cache=cache)] == ["video-unreadable"]
    assert len(reads) == 3  # the verdict on the bytes that changed meanwhile was not kept


GOOD_VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\n潍坊学院校友会\n\n00:02.000 --> 00:04.000\n欢迎回家\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD_VTT, []),
        ("\ufeff" + GOOD_VTT.replace("\n", "\r\n"), []),  # Notepad's BOM and line ends
        (GOOD_VTT.replace("欢迎回家", "联系电话 138 1234 5678"), [(7, "personal-data")]),
        (GOOD_VTT + "\n00:04.000 --> 00:06.000\n证件号 11010519491231002X\n", [(10, "personal-data")]),
        ("1\n00:00:00,000 --> 00:00:02,000\n潍坊学院\n", [(1, "captions-invalid")]),  # SRT, not WebVTT
        ("WEBVTT\n\n", [(1, "captions-empty")]),
        ("WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome home\n", [(1, "captions-not-chinese")]),
    ],
)
def test_captions_errors_point_at_the_captions_file(tmp_path, text, expected, twice):
    path = tmp_path / "a.vtt"
    path.write_bytes(text.encode("utf-8"))
    errors = twice(captions_errors, str(path), "content/files/videos/a.vtt", today=TODAY)
    assert [(e.line, e.key) for e in errors] == expected
    assert all(e.path == "content/files/videos/a.vtt" for e in errors)
    assert all("13812345678" not in e.format() and "1234 5678" not in e.format() for e in errors)


def test_captions_must_be_utf8_and_small(tmp_path, twice):
    path = tmp_path / "a.vtt"
    path.write_bytes(GOOD_VTT.encode("gbk"))
    assert [e.key for e in twice(captions_errors, str(path), "a.vtt")] == ["captions-invalid"]
    path.write_bytes(GOOD_VTT.encode())
    assert [e.key for e in twice(captions_errors, str(path), "a.vtt", Limits(captions_bytes=10))] == [
        "file-too-large"
    ]


def test_cached_captions_errors_follow_the_shown_path_and_the_bytes(tmp_path):
    """The path an error names and the file's bytes are in the key (a moved or mended file is judged anew)."""
    cache = str(tmp_path / "cache")
    path = tmp_path / "a.vtt"
    path.write_bytes(GOOD_VTT.replace("欢迎回家", "联系电话 138 1234 5678").encode())
    first = captions_errors(str(path), "content/files/videos/a.vtt", today=TODAY, cache=cache)
    moved = captions_errors(str(path), "content/files/videos/b.vtt", today=TODAY, cache=cache)
    assert [e.path for e in first] == ["content/files/videos/a.vtt"]
    assert [e.path for e in moved] == ["content/files/videos/b.vtt"]
    path.write_bytes(GOOD_VTT.encode())
    assert captions_errors(str(path), "content/files/videos/a.vtt", today=TODAY, cache=cache) == []


def test_the_output_scan_refuses_a_video_with_metadata(tmp_path, phone_video):
    """A remux that forgot to strip (or a video copied as it is) fails the build, naming the file."""
    target = tmp_path / "albums" / "a" / "video-1.mp4"
    target.parent.mkdir(parents=True)
    target.write_bytes(phone_video.read_bytes())
    found = scan_output_tree(str(tmp_path), today=TODAY)
    assert found == [("albums/a/video-1.mp4", VIDEO_METADATA)]
    (error,) = output_errors(found)
    assert (error.path, error.key) == ("output/albums/a/video-1.mp4", "video-metadata-output")
    write_video(target, {"title": "13812345678"})  # personal data in a metadata text: both findings
    assert scan_output_tree(str(tmp_path), today=TODAY) == [
        ("albums/a/video-1.mp4", MOBILE),
        ("albums/a/video-1.mp4", VIDEO_METADATA),
    ]
    strip_video_metadata(str(target), str(target))
    assert scan_output_tree(str(tmp_path), today=TODAY) == []


def test_the_output_scan_cache_keeps_a_video_finding(tmp_path, phone_video):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "v.mp4").write_bytes(phone_video.read_bytes())
    assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == [("v.mp4", VIDEO_METADATA)]
    assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == [("v.mp4", VIDEO_METADATA)]
