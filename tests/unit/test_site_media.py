"""Published images' inspection kept by the image's bytes: the errors of an uncached check, never stale ones."""

from __future__ import annotations

from PIL import Image

import plugins.site.media as media
from plugins.common.limits import DEFAULT_LIMITS
from plugins.site.media import IMAGE_CHECKS_FOLDER, ImageUse, published_images


def _setup(tmp_path, monkeypatch):
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    good, bad = root / "images" / "a.png", root / "images" / "b.png"
    Image.new("RGB", (40, 30), "red").save(good, "PNG")
    bad.write_bytes(good.read_bytes()[:70])  # truncated: refused by the full decode
    uses = [
        ImageUse(str(good), "content/news/x.md", 3, "{static}/images/a.png"),
        ImageUse(str(bad), "content/news/x.md", 4, "{static}/images/b.png"),
        ImageUse(str(good), "content/news/y.md", 9, "/images/a.png"),  # a second use: inspected once
    ]
    inspected: list[str] = []
    real = media.image_errors

    def counting(source, *args, **kwargs):
        inspected.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(media, "image_errors", counting)
    return root, good, uses, inspected


def _check(root, uses, cache=None):
    return published_images(uses, str(root), DEFAULT_LIMITS, set(), str(cache) if cache else None)


def test_an_inspection_is_reused_only_for_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(media, "RACY_NS", 0)  # the test's files are younger than the racy time
    root, good, uses, inspected = _setup(tmp_path, monkeypatch)
    cache = tmp_path / "cache"
    uncached = _check(root, uses)
    assert uncached[0] == ("images/a.png",) and [e.key for e in uncached[1]] == ["image-unreadable"]
    assert _check(root, uses, cache) == uncached and len(inspected) == 4  # computed: two, then two
    assert (cache / IMAGE_CHECKS_FOLDER).is_dir()
    inspected.clear()
    assert _check(root, uses, cache) == uncached and inspected == []  # kept
    good.write_bytes(good.read_bytes()[:70])  # the published image breaks: inspected again
    broken = _check(root, uses, cache)
    assert inspected == [str(good)] and broken == _check(root, uses)
    assert broken[0] == () and [e.path for e in broken[1]].count("content/news/y.md") == 1


def test_a_file_changed_within_the_racy_time_is_inspected_every_time(tmp_path, monkeypatch):
    root, good, uses, inspected = _setup(tmp_path, monkeypatch)
    cache = tmp_path / "cache"
    assert _check(root, uses, cache) == _check(root, uses, cache)
    assert len(inspected) == 4  # never kept: written this instant, a same-tick rewrite keeps the stamp
