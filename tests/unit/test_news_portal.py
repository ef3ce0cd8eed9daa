"""The home page's first screen (plugins/news/portal.py): 要闻 slides, 通知公告, 最新动态."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plugins.common.settings import SettingsError
from plugins.news.portal import FirstScreen, first_screen
from plugins.news.settings import news_config


def story(name: str, category: str = "校友活动", cover: bool = False, featured: bool = False):
    return SimpleNamespace(
        title=name,
        category=SimpleNamespace(name=category),
        cover=f"images/news/{name}.jpg" if cover else None,
        featured=featured,
    )


def titles(items) -> list[str]:
    return [a.title for a in items]


A = story("a", cover=True)
B = story("b", category="通知公告")
C = story("c", cover=True, featured=True)
D = story("d", category="通知公告", cover=True, featured=True)
E = story("e")
F = story("f", featured=True)  # featured, but no photo: it cannot be a slide
NEWEST_FIRST = [A, B, C, D, E, F]


@pytest.mark.parametrize(
    ("counts", "slides", "notices", "latest"),
    [
        # featured stories with a photo first, then the newest with a photo; nothing twice
        (FirstScreen(slides=3, notices=5, latest=5), ["c", "d", "a"], ["b"], ["e", "f"]),
        # one featured story never leaves the slideshow empty or alone: topped up
        (FirstScreen(slides=2, notices=5, latest=5), ["c", "d"], ["b"], ["a", "e", "f"]),
        (FirstScreen(slides=0, notices=1, latest=2), [], ["b"], ["a", "c"]),
        # no notices category: 最新动态 takes every other story
        (
            FirstScreen(slides=1, notices_category="", notices=5, latest=9),
            ["c"],
            [],
            ["a", "b", "d", "e", "f"],
        ),
    ],
)
def test_first_screen(counts, slides, notices, latest):
    featured = [a for a in NEWEST_FIRST if a.featured]
    got = first_screen(NEWEST_FIRST, featured, counts)
    assert [titles(x) for x in got] == [slides, notices, latest]


def test_first_screen_without_featured_stories_still_has_slides():
    slides, notices, latest = first_screen([E, A, B], [], FirstScreen())
    assert titles(slides) == ["a"] and titles(notices) == ["b"] and titles(latest) == ["e"]


def test_first_screen_without_photos_has_no_slides():
    slides, _, latest = first_screen([E, B, F], [F], FirstScreen())
    assert slides == () and titles(latest) == ["e", "f"]  # the template then shows the campus photo


CATEGORIES = (("校友活动", "events"), ("通知公告", "notices"))


def test_notices_category_must_be_a_category():
    assert news_config({"categories": CATEGORIES}).notices_category == "通知公告"
    assert news_config({"categories": CATEGORIES, "notices_category": ""}).notices_category == ""
    with pytest.raises(SettingsError, match="notices_category"):
        news_config({"categories": CATEGORIES, "notices_category": "公告"})
    with pytest.raises(SettingsError, match="slides_count"):
        news_config({"categories": CATEGORIES, "slides_count": -1})
