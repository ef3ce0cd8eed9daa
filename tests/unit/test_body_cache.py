"""Rendered bodies cached by content (BodyRenderer): same HTML, same reports, never stale."""

from __future__ import annotations

import pytest
from PIL import Image

import pelicanconf
from plugins.common.markdown_images import BodyRenderer

BODY = "校友返校。\n\n![合影](photo.png)\n\n<script>alert(1)</script>\n"


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    (content / "news").mkdir(parents=True)
    Image.new("RGB", (40, 30), "red").save(content / "news" / "photo.png")
    return content


def renderer(site, cache, publish=False):
    return BodyRenderer(str(site), pelicanconf.MARKDOWN, publish=publish, cache_folder=str(cache))


def entries(cache):
    return sorted(cache.rglob("*.json"))


def test_a_second_render_is_read_from_the_cache_and_identical(site, tmp_path, capsys):
    cache = tmp_path / "cache"
    source = str(site / "news" / "a.md")
    first = renderer(site, cache).render(BODY, source, "content/news/a.md", 5)
    assert 'width="40"' in first and "alert" not in first
    assert len(entries(cache)) == 1
    warned_first = capsys.readouterr().err
    assert "[unsafe-html]" in warned_first

    fresh = renderer(site, cache)
    fresh._markdown.convert = None  # a cache hit never converts
    assert fresh.render(BODY, source, "content/news/a.md", 5) == first
    assert capsys.readouterr().err == warned_first  # the removed script is reported again, same line


def test_an_image_that_changes_size_invalidates_the_entry(site, tmp_path):
    cache = tmp_path / "cache"
    source = str(site / "news" / "a.md")
    assert 'width="40"' in renderer(site, cache).render(BODY, source)
    Image.new("RGB", (80, 60), "blue").save(site / "news" / "photo.png")
    again = renderer(site, cache).render(BODY, source)
    assert 'width="80"' in again and 'height="60"' in again


def test_another_body_place_or_setting_is_another_entry(site, tmp_path):
    cache = tmp_path / "cache"
    source = str(site / "news" / "a.md")
    renderer(site, cache).render(BODY, source)
    renderer(site, cache).render(BODY + "\n补充。\n", source)
    renderer(site, cache).render(BODY, str(site / "b.md"))  # the image resolves elsewhere
    other = dict(pelicanconf.MARKDOWN, output_format="xhtml")
    BodyRenderer(str(site), other, cache_folder=str(cache)).render(BODY, source)
    assert len(entries(cache)) == 4


def test_a_corrupt_entry_is_ignored_and_rewritten(site, tmp_path):
    cache = tmp_path / "cache"
    source = str(site / "news" / "a.md")
    good = renderer(site, cache).render(BODY, source)
    (entry,) = entries(cache)
    entry.write_bytes(entry.read_bytes().replace(b"width", b"wodth"))
    assert renderer(site, cache).render(BODY, source) == good
    assert renderer(site, cache).render(BODY, source) == good


def test_publishing_reports_cached_problems_as_errors(site, tmp_path):
    import logging

    cache = tmp_path / "cache"
    source = str(site / "news" / "a.md")
    renderer(site, cache).render(BODY, source, "content/news/a.md", 5)  # fills the cache
    records: list[logging.LogRecord] = []
    collector = logging.Handler(level=logging.ERROR)
    collector.emit = records.append
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        renderer(site, cache, publish=True).render(BODY, source, "content/news/a.md", 5)
    finally:
        root.removeHandler(collector)
    found = [r.content_error for r in records if hasattr(r, "content_error")]
    assert [(e.path, e.line, e.key) for e in found] == [("content/news/a.md", 9, "unsafe-html")]


def test_an_unwritable_cache_only_costs_speed(site, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    html = BodyRenderer(str(site), pelicanconf.MARKDOWN, cache_folder=str(blocker / "x")).render(
        BODY, str(site / "news" / "a.md")
    )
    assert 'width="40"' in html


def test_the_key_is_the_same_in_every_process_whatever_the_set_order(tmp_path):
    """Several video hosts (a frozenset) must not make each build miss the cache."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = (
        "import pelicanconf\n"
        "from plugins.common.markdown_images import BodyRenderer\n"
        "from plugins.common.sanitize import SanitizeConfig\n"
        "hosts = frozenset({'player.bilibili.com', 'v.qq.com', 'www.youtube-nocookie.com', 'example.org'})\n"
        f"print(BodyRenderer({str(tmp_path)!r}, pelicanconf.MARKDOWN, sanitize=SanitizeConfig(hosts)).shape)\n"
    )
    shapes = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(shapes) == 1 and shapes != {""}
