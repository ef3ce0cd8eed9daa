"""Content paths: the loader's fast relative path is ``os.path.relpath``'s answer for every input."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.common.files import content_relative

ROOT = "/srv/site/content"


@pytest.mark.parametrize(
    "source",
    [
        f"{ROOT}/news/2024/x.md",
        f"{ROOT}/a.md",
        f"{ROOT}/news/../pages/x.md",  # not normalised: relpath decides
        f"{ROOT}//news/x.md",
        "/srv/site/contents/x.md",  # a sibling folder whose name starts the same
        "/srv/site/x.md",  # outside the content folder
        "news/x.md",  # relative: resolved against the working directory by relpath
        ROOT,
    ],
)
@pytest.mark.parametrize("root", [ROOT, ROOT + "/", "/srv/site/./content", "content"])
def test_content_relative_is_relpath(source, root):
    assert content_relative(source, root) == os.path.relpath(source, root)


SEGMENT = st.sampled_from(["news", "2024", "x.md", "..", ".", "", "content", "新闻", "a b"])


@given(st.lists(SEGMENT, max_size=6), st.sampled_from([ROOT, ROOT + "/", "/srv/site", "/", "rel/content"]))
def test_content_relative_is_relpath_for_any_path(parts, root):
    source = "/srv/site/content/" + "/".join(parts)
    assert content_relative(source, root) == os.path.relpath(source, root)
