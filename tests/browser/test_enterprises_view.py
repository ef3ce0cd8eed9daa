"""Alumni enterprises, jobs, the standing pages and 校友之家 on a phone (375 px) and a desktop (1280 px)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_fits_and_stays_local, axe_violations

pytestmark = pytest.mark.browser

# /colleges/cs/ (its enterprise column) gets the same checks in test_reader_view.py, on the same build.
PAGES = [
    "/enterprises/", "/enterprises/yunzhi/", "/enterprises/industry/culture/", "/enterprises/city/wei-fang/",
    "/jobs/", "/jobs/yunzhi-java-2026/", "/jobs/hengyuan-service-2026/", "/jobs/city/wei-fang/", "/jobs/season/",
    "/about/", "/about/charter/", "/about/organisation/", "/about/contact/", "/about/register/",
    "/about/learning/", "/alumni-home/", "/alumni-home/memories/library-1985/", "/alumni-home/decade/1980/",
]  # fmt: skip


def test_enterprise_cards_show_loaded_logos_and_large_targets_on_a_phone(page_at):
    page = page_at("/enterprises/", 375)
    cards = page.locator(".enterprise-card-link")
    assert cards.count() == 8
    for i in range(cards.count()):
        box = cards.nth(i).bounding_box()
        assert box["width"] <= 375 and box["height"] >= 44
    logos = page.locator(".enterprise-card img")
    logos.first.scroll_into_view_if_needed()
    assert logos.first.evaluate("img => img.complete && img.naturalWidth > 0")
    page.locator(".filter-panel summary").click()
    for chip in page.locator(".chip-list a").all():
        assert chip.bounding_box()["height"] >= 44


def tab_until(page, selector: str, limit: int = 80, attribute: str = "href") -> str:
    """Press Tab until the focused element matches ``selector``; return its ``attribute``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", "focus must be visible"
            return page.evaluate(f"document.activeElement.getAttribute({attribute!r})")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_reaches_a_city_filter_and_a_job_on_a_phone(page_at):
    page = page_at("/jobs/", 375)
    tab_until(page, ".filter-panel summary", attribute="class")
    page.keyboard.press("Enter")  # the folded filters open from the keyboard
    href = tab_until(page, ".chip-list a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").inner_text().startswith("城市：")
    href = tab_until(page, ".job-title a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator(".apply a").first.is_visible()


def test_keyboard_opens_an_enterprise_from_the_index(page_at):
    page = page_at("/enterprises/", 375)
    href = tab_until(page, ".enterprise-card-link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator(".founders li").first.is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_closed_notice_is_the_first_thing_a_reader_sees(page_at, width):
    page = page_at("/jobs/hengyuan-service-2026/", width)
    notice = page.locator(".closed-notice")
    assert notice.is_visible() and notice.inner_text().startswith("已截止")
    assert notice.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    assert page.locator(".apply").count() == 0


def test_register_qr_is_visible_and_scannable_size_on_a_phone(page_at):
    page = page_at("/about/register/", 375)
    qr = page.locator(".form-qr svg")
    qr.scroll_into_view_if_needed()
    box = qr.bounding_box()
    assert qr.is_visible() and 120 <= box["width"] <= 375 and abs(box["width"] - box["height"]) < 2


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_fits_stays_local_and_axe_finds_no_wcag_aa_violation(page_at, path, width):
    """axe-core (bundled by axe-playwright-python): contrast, landmarks, names, alt text."""
    page = page_at(path, width)
    assert_fits_and_stays_local(page, path, width)  # the same page load: no sideways scroll, nothing foreign
    assert axe_violations(page) == []
