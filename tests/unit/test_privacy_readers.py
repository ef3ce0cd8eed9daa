"""The output scan reads every kind of file the build writes, and refuses what it cannot read."""

import gzip
import io
import os

import brotli
import cbor2
import pytest
from PIL import Image, PngImagePlugin

from plugins.common.privacy import (
    MOBILE,
    UNREADABLE,
    UnreadableOutput,
    read_output_file,
    scan_output_tree,
)
from plugins.common.privacyerrors import output_errors
from tests.unit.test_privacy import TODAY

PHONE = "138\u200b1234\u200b5678"  # as Pagefind's Chinese segmentation stores it: words split by U+200B


def pagefind(payload: bytes) -> bytes:
    return gzip.compress(b"pagefind_dcd" + payload, mtime=0)


def jpeg_with_exif(text: str) -> bytes:
    exif = Image.Exif()
    exif[0x010E] = text  # ImageDescription
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_with_text(text: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def pdf_bytes(**kwargs) -> bytes:
    """A one-page PDF as the magazine tests make it (text shown, metadata, password)."""
    import tempfile

    from tests.unit.test_magazine_model import text_pdf

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "a.pdf")
        text_pdf(path, **kwargs)
        with open(path, "rb") as handle:
            return handle.read()


def mp4_bytes(metadata: dict[str, str] | None = None, strip: bool = False) -> bytes:
    """A one-second H.264 MP4 (``metadata`` as a phone writes it), remuxed by the build's stripper if ``strip``."""
    import tempfile
    from pathlib import Path

    from plugins.common.videosafety import strip_video_metadata
    from tools.make_sample_video import write_video

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "a.mp4")
        write_video(path, metadata)
        if strip:
            strip_video_metadata(str(path), str(path))
        return path.read_bytes()


VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\n{}\n"


def webp_plain() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "WEBP")
    return buffer.getvalue()


FOUND = [
    ("pagefind/fragment/zh-cn_1.pf_fragment", pagefind(f'{{"url":"/a/","content":"电话 {PHONE}"}}'.encode())),
    ("pagefind/index/zh-cn_1.pf_index", pagefind(cbor2.dumps([["13812345678", [1, 2]], {"w": "x"}]))),
    ("pagefind/pagefind.zh-cn_1.pf_meta", pagefind(cbor2.dumps({"pages": ["13812345678"]}))),
    ("pagefind/filter/zh-cn_1.pf_filter", pagefind(cbor2.dumps([b"13812345678"]))),
    ("pagefind/wasm.unknown.pagefind", gzip.compress(b"\x00asm\x01\x00\x00\x00 13812345678 \x00")),
    ("news/a.html.gz", gzip.compress(f"<p>{PHONE}</p>".encode())),
    ("news/a.html.br", brotli.compress(f"<p>{PHONE}</p>".encode())),
    ("redirects.nginx.conf", b"location = /13812345678/ { return 301 /; }\n"),
    ("theme/js/site.js", b'const phone = "13812345678";'),
    ("admin/config.yml", b"collections:\n  - label: 13812345678\n"),
    ("admin/a.wasm", b"\x00asm\x01\x00\x00\x00 13812345678 \x00"),
    ("theme/css/site.css", b'a::after { content: "13812345678"; }'),
    ("images/a.jpg", jpeg_with_exif("拍摄者电话 13812345678")),
    ("images/a.png", png_with_text("13812345678")),
    ("images/a.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><title>13812345678</title></svg>'),
    ("calendar.ics", b"BEGIN:VCALENDAR\r\nDESCRIPTION:13812345678\r\nEND:VCALENDAR\r\n"),
    ("magazine/1/a.pdf", pdf_bytes(text="Call 13812345678 after the reunion")),
    ("magazine/2/a.pdf", pdf_bytes(text="Issue 2", metadata={"/Author": "13812345678"})),
    ("albums/a/video-1.zh-Hans.vtt", VTT.format("联系电话 13812345678").encode()),
    ("albums/a/video-1.zh-Hans.vtt.gz", gzip.compress(VTT.format(PHONE).encode())),
]


@pytest.mark.parametrize(("relative", "data"), FOUND, ids=[case[0] for case in FOUND])
def test_a_planted_value_is_found_in_every_kind_of_file(tmp_path, relative, data):
    target = tmp_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    assert scan_output_tree(str(tmp_path), today=TODAY) == [(relative, MOBILE)]


CLEAN = [
    ("images/a.webp", webp_plain()),
    ("images/a.jpg", jpeg_with_exif("校友返校日合影")),
    ("pagefind/index/zh-cn_1.pf_index", pagefind(cbor2.dumps([["校友", [1, 2]]]))),
    ("sitemap.xml.gz", gzip.compress(b"<urlset><url><loc>/a/</loc></url></urlset>")),
    ("magazine/1/a.pdf", pdf_bytes(text="Alumni magazine, issue 1")),
    ("albums/a/video-1.zh-Hans.vtt", VTT.format("欢迎校友常回母校看看").encode()),
    (
        "albums/a/video-1.mp4",
        mp4_bytes({"location": "+36.7100+119.1000/", "title": "13812345678"}, strip=True),
    ),
]


@pytest.mark.parametrize(("relative", "data"), CLEAN, ids=[case[0] for case in CLEAN])
def test_clean_files_of_every_kind_pass(tmp_path, relative, data):
    target = tmp_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    assert scan_output_tree(str(tmp_path), today=TODAY) == []


UNREADABLE_FILES = [
    ("fonts/a.woff2", b"wOF2 13812345678"),  # a type without a reader
    ("download/list.xlsx", b"PK\x03\x04"),
    ("README", b"13812345678"),  # no suffix
    ("news/a.html.gz", b"not gzip at all"),
    ("news/a.html.br", b"\xff\xff not brotli"),
    ("a.woff2.gz", gzip.compress(b"x")),  # compresses a type without a reader
    ("pagefind/fragment/x.pf_fragment", gzip.compress(b'{"content": "no header"}')),
    ("pagefind/index/x.pf_index", pagefind(b"\xff\xff\xff")),  # not CBOR
    ("images/broken.jpg", b"\xff\xd8\xff 13812345678"),
    ("magazine/broken.pdf", b"%PDF-1.7 13812345678 not a pdf"),
    ("magazine/locked.pdf", pdf_bytes(text="13812345678", password="secret")),
    ("albums/a/broken.mp4", b"\x00\x00\x00\x20ftypisom 13812345678"),
]


@pytest.mark.parametrize(("relative", "data"), UNREADABLE_FILES, ids=[case[0] for case in UNREADABLE_FILES])
def test_the_scan_fails_closed_on_what_it_cannot_read(tmp_path, relative, data):
    target = tmp_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    found = scan_output_tree(str(tmp_path), today=TODAY)
    assert found == [(relative, UNREADABLE)]
    (error,) = output_errors(found)
    assert error.key == "output-unreadable" and error.path == f"output/{relative}"
    assert "13812345678" not in error.format()


def test_a_symlink_in_the_output_is_unreadable(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("13812345678", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(secret, site / "a.txt")
    os.symlink(tmp_path, site / "folder")
    assert scan_output_tree(str(site), today=TODAY) == [("a.txt", UNREADABLE), ("folder", UNREADABLE)]


def test_a_decompression_bomb_is_refused(tmp_path, monkeypatch):
    from plugins.common import privacy

    monkeypatch.setattr(privacy, "MAX_DECOMPRESSED_BYTES", 1000)
    with pytest.raises(UnreadableOutput):
        read_output_file(gzip.compress(b"a" * 2000), "a.html.gz")
    with pytest.raises(UnreadableOutput):
        read_output_file(brotli.compress(b"a" * 2000), "a.html.br")


def test_a_file_name_is_scanned_too(tmp_path):
    """A published name is a URL: 'images/13812345678.jpg' is found even if no page links to it."""
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "13812345678.webp").write_bytes(webp_plain())
    (tmp_path / "images" / "zhang%40qq.com.txt").write_bytes(b"x")
    assert scan_output_tree(str(tmp_path), today=TODAY) == [
        ("images/13812345678.webp", MOBILE),
        ("images/zhang%40qq.com.txt", "个人邮箱"),
    ]
