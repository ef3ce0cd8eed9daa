"""Containment: nothing an editor writes reaches outside its folder, in ``content/`` or in ``output/``.

The old bug: ``from: /../theme/templates/base.html`` in ``redirects.yml``
overwrote a tracked template and the build reported success.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, assert_failed_cleanly, run_build, snapshot
from tests.site_errors import load_errors, reported
from tests.small_site import make_small_content


def _redirect(content: Path, source: str, target: str = "/news/") -> None:
    path = content / "redirects.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + f"- from: {source}\n  to: {target}\n", encoding="utf-8"
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


OUTSIDE = ["/../theme/templates/base.html", "/../../x.html", "/news/../../escape/", "/a/./b/", "//evil/"]
ONTO_IMAGE = ["/images/news/tree-planting.jpg", "/images/news/tree-planting.jpg/"]  # a published image


@pytest.mark.parametrize("source", OUTSIDE)
def test_a_redirect_from_outside_the_output_is_refused(content_copy, source):
    _redirect(content_copy, source)
    printed = reported(load_errors(content_copy))
    assert re.search(
        r"^content/redirects\.yml:\d+: .*\[(path-outside-content|invalid-redirect)\]$", printed, re.M
    ), printed


def test_dot_dot_in_a_redirect_is_path_outside_content(content_copy):
    _redirect(content_copy, "/../theme/templates/base.html")
    printed = reported(load_errors(content_copy))
    assert re.search(r"^content/redirects\.yml:\d+: .*\[path-outside-content\]$", printed, re.M), printed


@pytest.mark.parametrize("source", ONTO_IMAGE)
def test_a_redirect_onto_an_image_is_refused_cleanly(tmp_path, prebuilt, source):
    """Through the real command: the second spelling is only found while the build writes.

    The small content tree (:mod:`tests.small_site`) publishes the image; it has no redirects yet.
    """
    content = make_small_content(tmp_path / "content")
    (content / "redirects.yml").write_text("", encoding="utf-8")
    before = snapshot(prebuilt)
    _redirect(content, source)
    result = run_build(content, prebuilt, "build")
    assert_failed_cleanly(result, prebuilt, before)
    assert re.search(
        r"^content/redirects\.yml:1: .*\[(invalid-redirect|redirect-shadows-page)\]$", result.stderr, re.M
    ), result.stderr


def test_the_build_refuses_every_such_redirect_and_writes_nothing(content_copy, prebuilt):
    """The real command with all of them at once: each reported, nothing written anywhere."""
    template = ROOT / "theme" / "templates" / "base.html"
    template_before = _digest(template)
    before = snapshot(prebuilt)
    for source in OUTSIDE:
        _redirect(content_copy, source)
    result = run_build(content_copy, prebuilt, "build")
    assert_failed_cleanly(result, prebuilt, before)
    reported_lines = re.findall(r"^content/redirects\.yml:(\d+): .*\[[a-z-]+\]$", result.stderr, re.M)
    assert len(set(reported_lines)) == len(OUTSIDE), result.stderr
    assert _digest(template) == template_before
    assert not (prebuilt.parent.parent / "x.html").exists() and not (prebuilt.parent / "x.html").exists()
    assert not (prebuilt.parent / "escape").exists()
