"""校友活动 as a registered section, loaded from the fixture site without Pelican."""

from __future__ import annotations

import pytest

from plugins.site.loader import load_site
from plugins.site.sections import REGISTERED
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

WITHDRAWN = "content/news/2024/withdrawn-meeting.md"  # a withdrawn article with an event block
LECTURE = "content/news/2026/lecture-4-notice.md"  # 校友大讲堂 第 4 讲, held in 2027


def _events_pages(site) -> dict:
    return {p.url: p for name, p in site.section_pages if name == "events"}


def test_the_section_lists_published_event_articles_after_news_and_makes_their_pages():
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT)))
    assert errors == [] and site is not None
    content = site.sections["events"].items
    paths = [a.path for a in content.articles]
    assert LECTURE in paths and WITHDRAWN not in paths  # published only: a withdrawn event has no entry
    assert all(a.published and a.meta.event is not None for a in content.articles)
    assert paths == [a.path for a in site.published_news if a.meta.event]  # newest article first
    pages = _events_pages(site)
    years = sorted({a.meta.event.start.year for a in content.articles}, reverse=True)
    assert 2027 in years  # a year page is the event's year, not the article's (2026)
    assert list(pages) == ["events/", *(f"events/{y}/" for y in years), "events/series/lecture/"]
    assert pages["events/"].item is None and pages["events/"].template == "events/index"
    assert pages["events/2027/"].item == "year:2027" and pages["events/2027/"].as_name == "year_page"
    assert pages["events/series/lecture/"].item == "series:lecture"
    assert pages["events/series/lecture/"].save_as == "events/series/lecture/index.html"
    assert site.config.routes.url("EVENT_CALENDAR", year="2026", slug="x") == "events/2026/x.ics"


def test_a_site_moves_event_pages_and_calendars_with_its_own_route_settings():
    settings = load_settings(
        PATH=str(SAMPLE_CONTENT),
        EVENTS_YEAR_URL="activities/{year}/",
        EVENTS_YEAR_SAVE_AS="activities/{year}/index.html",
        EVENT_CALENDAR_URL="ics/{year}-{slug}.ics",
        EVENT_CALENDAR_SAVE_AS="ics/{year}-{slug}.ics",
    )
    site, errors = load_site(settings)
    assert errors == [] and site is not None
    pages = _events_pages(site)
    assert pages["activities/2027/"].save_as == "activities/2027/index.html"
    assert "events/2027/" not in pages and "events/" in pages
    assert site.config.routes.save_as("EVENT_CALENDAR", year="2026", slug="x") == "ics/2026-x.ics"


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("EVENT_CALENDAR_URL", "events/{id}.ics"),  # the article's calendar is named by {year} and {slug}
        ("EVENTS_SERIES_SAVE_AS", "events/series/index.html"),  # every series on one file
        ("EVENTS_URL", 3),
    ],
)
def test_a_wrong_route_setting_is_an_error_naming_it(setting, value):
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT), **{setting: value}))
    assert site is None
    assert [(e.path, e.key, e.field) for e in errors] == [("pelicanconf.py", "invalid-setting", setting)]


def test_a_wrong_events_setting_is_an_error_at_its_setting():
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT), EVENTS={"home_count": -1}))
    assert site is None
    assert [(e.path, e.key, e.field) for e in errors] == [("pelicanconf.py", "invalid-setting", "EVENTS")]


def test_a_site_without_the_events_section_loads_and_checks_no_series():
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    settings["SECTIONS"] = tuple(s for s in REGISTERED if s != "plugins.events.section")
    site, errors = load_site(settings)
    # Event blocks are still validated by the news step; their series (configured by the
    # section's EVENTS setting) are not checked, and no events page or route exists.
    assert errors == [] and site is not None
    assert "events" not in site.sections and not _events_pages(site)
    assert "EVENT_CALENDAR" not in site.config.routes.patterns
    assert any(a.meta.event and a.meta.event.series == "lecture" for a in site.published_news)
