"""The WeChat section without a build: its load checks, its views and the export files ``publish`` writes.

The export files go through ``render.write_bytes`` into the output folder, the
one the output privacy scan reads after Pelican: a mobile number in an
article's HTML reaches ``content.html`` and the scan finds it there (the build
then fails, ``wfu/build.py``).  A fake render context stands in for the generic
generator (``plugins/site/sections_generator.py``), whose ``write_bytes`` is the same.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from types import SimpleNamespace

import pytest
from PIL import Image

from plugins.common.images import ImageSizes
from plugins.common.privacy import MOBILE, scan_output_tree
from plugins.common.section import Routes
from plugins.wechat.section import SECTION, configure, load, publish, views


class FakeRender:
    """What ``views`` and ``publish`` use of :class:`plugins.common.section.RenderContext`."""

    def __init__(self, root, output, cache, articles) -> None:
        self.settings = {
            "PHOTO_CACHE_PATH": str(cache),
            "COVERS_URL": "covers",
            "WECHAT_IMAGES_URL": "wechat/images",
            "SITEURL": "https://xiaoyou.example.edu.cn",
            "SITENAME": "潍坊学院校友会",
        }
        self.content_root, self.output_path = str(root), str(output)
        self.routes = Routes({"WECHAT": ("wechat/", "wechat/index.html")})
        self._articles = articles

    def articles(self):
        return self._articles

    def image_size(self, src):
        return ImageSizes().size(os.path.join(self.content_root, src))

    def write_bytes(self, save_as, data):
        target = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)


def _context(root, config):
    return SimpleNamespace(config=config, root=str(root), sizes=ImageSizes())


@pytest.mark.parametrize(
    ("setting", "made", "keys"),
    [
        ({}, (), []),
        ({"qr_image": "images/wechat/qr.png"}, (), ["image-not-found"]),
        ({"qr_image": "images/wechat/qr.png"}, ("images/wechat/qr.png",), []),
        (
            {"qr_image": "images/wechat/qr.png", "default_og_image": "images/wechat/og.png"},
            ("images/wechat/qr.png",),
            ["image-not-found"],
        ),
    ],
)
def test_load_checks_both_images_and_names_them_for_publishing(tmp_path, setting, made, keys):
    for name in made:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (320, 320), "white").save(tmp_path / name)
    loaded = load(_context(tmp_path, configure(setting, "潍坊学院校友会")))
    assert [e.key for e in loaded.errors] == keys
    missing = [k for k in ("default_og_image", "qr_image") if k in setting and setting[k] not in made]
    assert [(e.path, e.message.split("：")[0]) for e in loaded.errors] == [
        ("pelicanconf.py", f"WECHAT['{key}']") for key in missing
    ]
    shown = [setting[k] for k in ("default_og_image", "qr_image") if k in setting]
    assert [image.src for image in loaded.images] == shown  # published as they are, checked with the others
    assert loaded.items.account_name == "潍坊学院校友会"


def test_the_section_registers_the_preview_page_and_depends_on_news():
    assert SECTION.name == "wechat" and SECTION.depends == ("news",)
    routes = Routes({"WECHAT": ("wechat/", "wechat/index.html")})
    assert [(p.url, p.save_as, p.template) for p in SECTION.pages(None, routes)] == [
        ("wechat/", "wechat/index.html", "wechat/index")
    ]


def test_exports_are_written_into_the_output_the_privacy_scan_reads(tmp_path):
    article = SimpleNamespace(
        url="news/2024/reunion/",
        title="校友返校日",
        slug="reunion",
        date=datetime(2024, 5, 1),
        source_path=str(tmp_path / "content" / "news" / "reunion.md"),
        summary_text="返校日安排",
        content="<p>报名请联系 138 1234 5678。</p>",
    )
    output = tmp_path / "output"
    render = FakeRender(tmp_path / "content", output, tmp_path / "cache", [article])
    view = views(configure({"account_name": "校友会"}), render)
    landing = view.landings[article.url]
    assert landing.canonical_url == "https://xiaoyou.example.edu.cn/news/2024/reunion/"
    assert landing.og_image is None  # no cover, no default image
    publish(view, render)
    folder = output / "wechat" / "2024" / "reunion"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["content_source_url"] == landing.canonical_url and meta["author"] == "校友会"
    assert "138 1234 5678" in (folder / "content.html").read_text(encoding="utf-8")
    assert [e.folder for e in view.exports] == ["wechat/2024/reunion/"]
    assert [(anchor, len(items)) for anchor, _, items in view.export_groups] == [("m-2024-05", 1)]
    assert ("wechat/2024/reunion/content.html", MOBILE) in scan_output_tree(str(output))
