"""Scheduled publishing: an article dated after the site's today appears in no output file until that day."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plugins.common.privacy import read_output_file
from tests.conftest import site_on

# news/2026/lecture-4-notice.md is dated 2026-11-20 10:00 (Beijing time).
SLUG = "da-jiang-tang-di-si-jiang-yu-gao"
TITLE = "一粒种子的科研之路"


def texts_of(site: Path):
    """Every file of the build as the privacy scan reads it: Pagefind's index decompressed, feeds, calendars…"""
    for root, _, files in os.walk(site):
        for name in files:
            path = Path(root) / name
            yield path.relative_to(site), "\n".join(read_output_file(path.read_bytes(), name))


@pytest.fixture(scope="module")
def day_before(tmp_path_factory) -> Path:
    return site_on(tmp_path_factory, "2026-11-19")


@pytest.fixture(scope="module")
def publication_day(tmp_path_factory) -> Path:
    return site_on(tmp_path_factory, "2026-11-20")  # shared with tests/functional/test_events.py


def test_a_future_article_is_nowhere_the_day_before(day_before):
    found = [str(path) for path, text in texts_of(day_before) if SLUG in text or TITLE in text]
    assert found == []
    assert not (day_before / "news" / "2026" / SLUG).exists()
    # The rest of the site is there, the search index and the calendar included.
    assert (
        day_before / "news" / "2026" / "2027-xiao-you-qi-ye-xian-shang-zhao-pin-hui" / "index.html"
    ).is_file()
    assert any(day_before.glob("pagefind/*/fragment/*.pf_fragment"))  # one folder per search shard
    assert (day_before / "events" / "calendar.ics").is_file()


def test_it_is_everywhere_on_its_day(publication_day):
    """The positive control: the same checks find it once its day has come."""
    found = {str(path) for path, text in texts_of(publication_day) if SLUG in text or TITLE in text}
    expected = {
        "index.html",  # home
        f"news/2026/{SLUG}/index.html",
        "news/category/lectures/feed.atom.xml",
        "sitemap.xml",
        "events/calendar.ics",
        f"api/v1/news/2026/{SLUG}.json",
    }
    assert expected <= found, expected - found
    assert any(name.startswith("pagefind/") for name in found)  # the search index
    assert any(name.startswith("wechat/") for name in found)  # the WeChat export
