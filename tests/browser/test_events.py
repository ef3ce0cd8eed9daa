"""Events as readers see them: a phone (375 px) and a desktop (1280 px).

The site is built with a fixed ``SITE_TODAY`` so the registration button of
lecture 4 is shown whatever the date of the test run.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_fits_and_stays_local, axe_violations, page_opener, served
from tests.browser.test_reader_view import PAGES as READER_PAGES
from tests.conftest import FIXTURE_DAY, site_on

pytestmark = pytest.mark.browser

EVENT = "/news/2026/da-jiang-tang-di-si-jiang-yu-gao/"
CANCELLED = "/news/2026/qing-dao-xiao-you-hui-dong-ji-lian-yi-hui/"
REPORT = "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/"
PAGES = [
    "/events/",
    "/events/series/lecture/",
    "/events/2026/",
    EVENT,
    CANCELLED,
    REPORT,
    "/",
    "/associations/wfu/",
]


DAY = "2026-11-20"
# On the fixture day this is sample_site's build: the pages test_reader_view.py already checks at
# 375 and 1280 px with the same fit, request and axe assertions are not loaded again here.
AXE_PAGES = [path for path in PAGES if DAY != FIXTURE_DAY or path not in READER_PAGES]


@pytest.fixture(scope="module")
def events_url(tmp_path_factory):
    out = site_on(tmp_path_factory, DAY)  # the same build as tests/functional/test_events.py
    with served(out) as url:
        yield url


@pytest.fixture
def open_page(browser, events_url, contexts):
    with page_opener(browser, events_url, contexts) as opener:
        yield opener


def test_events_index_on_a_phone(open_page):
    page = open_page("/events/", 375)
    assert page.locator("h1").inner_text() == "校友活动"
    upcoming = page.locator(".events-upcoming .event-item")
    assert upcoming.count() == 4 and upcoming.first.is_visible()
    badge = page.locator(".events-upcoming .event-cancelled .event-status")  # listed last, still marked
    assert badge.inner_text() == "已取消" and badge.is_visible()
    assert page.locator(".events-past .event-report a").count() == 6


@pytest.mark.parametrize("width", [375, 1280])
def test_registration_button_reachable_by_keyboard(open_page, width):
    page = open_page(EVENT, width)
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
        if reached[-1] == "报名参加":
            break
    assert reached[-1] == "报名参加", reached
    button = page.locator(".event-register-button")
    assert button.is_visible()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert (
        page.evaluate("document.activeElement.getAttribute('href')")
        == "https://forms.example.com/wfu/lecture-4"
    )
    # the QR code is for desktop readers; on a phone the button is enough
    assert page.locator(".event-register-qr").is_visible() is (width >= 1280)
    assert page.locator(".event-calendar a").is_visible()


def test_cancelled_status_is_prominent(open_page):
    page = open_page(CANCELLED, 375)
    banner = page.locator(".event-status-banner")
    assert banner.inner_text() == "本活动已取消" and banner.is_visible()
    # above the fold on a phone
    assert banner.bounding_box()["y"] < 800


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_fits_stays_local_and_axe_finds_no_wcag_aa_violation(open_page, path, width):
    page = open_page(path, width)
    assert_fits_and_stays_local(page, path, width)  # the same page load: no sideways scroll, nothing foreign
    assert axe_violations(page) == []
