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


def _redirect(content: Path, source: str, target: str = "/news/") -> None:
    path = content / "redirects.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + f"- from: {source}\n  to: {target}\n", encoding="utf-8"
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "source",
    ["/../theme/templates/base.html", "/../../x.html", "/news/../../escape/", "/a/./b/", "//evil/"],
)
def test_a_redirect_from_outside_the_output_is_refused_and_writes_nothing(content_copy, prebuilt, source):
    template = ROOT / "theme" / "templates" / "base.html"
    template_before = _digest(template)
    before = snapshot(prebuilt)
    _redirect(content_copy, source)
    result = run_build(content_copy, prebuilt, "build")
    assert_failed_cleanly(result, prebuilt, before)
    assert re.search(
        r"^content/redirects\.yml:\d+: .*\[(path-outside-content|invalid-redirect)\]$", result.stderr, re.M
    )
    assert _digest(template) == template_before
    assert not (prebuilt.parent.parent / "x.html").exists() and not (prebuilt.parent / "x.html").exists()
    assert not (prebuilt.parent / "escape").exists()


def test_dot_dot_in_a_redirect_is_path_outside_content(content_copy, tmp_path):
    _redirect(content_copy, "/../theme/templates/base.html")
    result = run_build(content_copy, tmp_path / "output", "check")
    assert re.search(r"^content/redirects\.yml:\d+: .*\[path-outside-content\]$", result.stderr, re.M), (
        result.stderr
    )


@pytest.mark.parametrize("source", ["/images/news/lecture-hall.jpg", "/images/news/lecture-hall.jpg/"])
def test_a_redirect_onto_an_image_is_refused_cleanly(content_copy, prebuilt, source):
    before = snapshot(prebuilt)
    _redirect(content_copy, source)
    result = run_build(content_copy, prebuilt, "build")
    assert_failed_cleanly(result, prebuilt, before)
    assert "content/redirects.yml:" in result.stderr
