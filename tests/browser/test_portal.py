"""The portal of issue 24 as readers see it: the news-first home page (要闻 with photos,
通知公告 and 最新动态 on the first screen) and the new pages (校友服务 …)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_fits_and_stays_local, axe_violations
from tests.browser.test_reader_view import PAGES as READER_PAGES

pytestmark = pytest.mark.browser

HEIGHT = 800  # the viewport height of page_at: "the first screen"
NEW_PAGES = [
    "/services/",
    "/donate/projects/scholarship/",
    "/about/message/",
    "/about/milestones/",
    "/albums/",
    "/albums/homecoming-2026/",
]


# Pages test_reader_view.py already checks in the light scheme at 320, 375 and 1280 px
# (the same fit, request and axe assertions on the same build): only their dark scheme here.
LIGHT_PAGES = [path for path in NEW_PAGES if path not in READER_PAGES]


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("path", LIGHT_PAGES)
def test_new_pages_fit_stay_local_and_have_no_axe_violation(page_at, path, width):
    """One page load for both (axe at the phone and desktop widths, as everywhere)."""
    page = page_at(path, width)
    assert_fits_and_stays_local(page, path, width)
    if width != 320:
        assert axe_violations(page) == []


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", NEW_PAGES)
def test_new_pages_have_no_axe_violation_in_the_dark_scheme(page_at, path, width):
    assert axe_violations(page_at(path, width, scheme="dark")) == []


def test_service_grid_is_one_tap_per_entry_on_a_phone(page_at):
    page = page_at("/", 320)
    entries = page.locator(".home-services a.service-entry")
    assert entries.count() == 7
    boxes = [entries.nth(i).bounding_box() for i in range(7)]
    assert len({round(b["y"]) for b in boxes}) == 2  # two rows: four and three
    assert all(b["height"] >= 44 and b["width"] >= 44 and b["x"] + b["width"] <= 320 for b in boxes)
    names = page.locator(".home-services .service-name")
    assert all(
        names.nth(i).evaluate("e => e.getClientRects().length") == 1 for i in range(7)
    )  # one line each


def section_of(page, heading: str):
    return page.locator("section", has=page.locator(f"h2:text-is('{heading}')")).first


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [375, 1280])
def test_first_screen_shows_featured_news_notices_and_latest(page_at, width, javascript):
    page = page_at("/", width, javascript=javascript)
    headlines = section_of(page, "要闻")
    photo = headlines.locator("img").first
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    box = photo.bounding_box()
    assert box["y"] + box["height"] <= HEIGHT and box["width"] >= min(300, width - 40)
    assert headlines.locator("a[href*='/news/']").first.is_visible()
    for heading in ("通知公告", "最新动态"):
        first = section_of(page, heading).locator("li a[href*='/news/']").first
        box = first.bounding_box()
        assert first.is_visible() and box["y"] + box["height"] <= HEIGHT, (heading, box)
    # one row on desktop: the three blocks side by side, none an empty column
    if width == 1280:
        tops = {round(section_of(page, h).bounding_box()["y"]) for h in ("要闻", "通知公告", "最新动态")}
        assert len(tops) == 1


def test_slides_without_javascript_scroll_and_take_the_keyboard(page_at):
    page = page_at("/", 375, javascript=False)
    assert not page.locator(".slide-controls").is_visible()  # buttons need the script
    links = page.locator(".slide-link")
    assert links.count() >= 2
    strip = page.locator("#headline-slides")
    assert strip.evaluate(
        "s => s.scrollWidth > s.clientWidth && getComputedStyle(s).scrollSnapType.startsWith('x')"
    )
    links.first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.href") == links.nth(1).evaluate("a => a.href")
    page.wait_for_function("document.getElementById('headline-slides').scrollLeft > 0")
    box = links.nth(1).bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 375 + 1  # the focused slide is shown


def test_slides_turn_and_pause_with_javascript(page_at):
    page = page_at("/", 1280)
    count = page.locator(".slide").count()
    assert page.locator(".slide-controls").is_visible()
    assert page.locator(".headlines").get_attribute("data-slides") == "auto"
    pause = page.locator(".slide-pause")
    assert pause.get_attribute("aria-pressed") == "false"
    page.locator(".slide-next").click()  # pauses: the reader took over
    page.wait_for_function("document.getElementById('headline-slides').scrollLeft > 0")
    assert page.locator(".slide-status").inner_text() == f"2 / {count}"
    assert pause.get_attribute("aria-pressed") == "true" and pause.inner_text() == "继续轮播"
    pause.click()
    assert pause.get_attribute("aria-pressed") == "false"
    page.locator(".slide-prev").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('headline-slides').scrollLeft === 0")
    assert page.locator(".slide-status").inner_text() == f"1 / {count}"


def test_slides_stay_still_for_reduced_motion(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": HEIGHT}, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.clock.install()  # the page's timers run on a clock the test moves, not on the wall clock
        page.goto(site_url + "/", wait_until="load")
        assert page.locator(".headlines").get_attribute("data-slides") == "manual"
        assert page.locator(".slide-pause").get_attribute("aria-pressed") == "true"
        status = page.locator(".slide-status").inner_text()
        page.clock.run_for(6500)  # longer than one turn (every timer due by then has fired): nothing moved
        assert page.evaluate("document.getElementById('headline-slides').scrollLeft") == 0
        assert page.locator(".slide-status").inner_text() == status  # set as a turn starts
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 375])
def test_giving_works_from_a_phone(page_at, width):
    page = page_at("/donate/projects/scholarship/", width)
    codes = page.locator(".give img.qr")
    assert codes.count() == 2
    for i in range(2):
        codes.nth(i).scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=codes.nth(i).element_handle()
        )
        box = codes.nth(i).bounding_box()
        assert (
            box["width"] >= 120 and box["x"] >= 0 and box["x"] + box["width"] <= width
        )  # big enough to scan
    chosen = page.locator(".give-chosen")
    assert chosen.inner_text() == "您选择的金额"
    page.locator(".give-amount").nth(1).click()
    assert chosen.inner_text().strip() == "500 元"
    page.keyboard.press("ArrowRight")  # a radio group: the keyboard moves the choice
    assert chosen.inner_text().strip() == "1,000 元"
    assert page.locator(".give-amount input:checked").get_attribute("value") == "1000"


def test_giving_reads_without_javascript(page_at):
    page = page_at("/donate/projects/scholarship/", 375, javascript=False)
    assert page.locator(".give-chosen").inner_text() == "您选择的金额"
    assert page.locator(".give dd.account").is_visible()  # bank transfer as the alternative
    assert page.locator(".give-after").is_visible()


ALBUM = "/albums/homecoming-2026/"


@pytest.mark.parametrize("width", [375, 1280])
def test_lightbox_works_from_the_keyboard(page_at, width):
    page = page_at(ALBUM, width)
    links = page.locator(".album-grid a.lightbox-link")
    links.first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.is_visible() and dialog.evaluate("d => d.open && d.matches(':modal')")
    page.wait_for_function("document.querySelector('.lightbox-image').naturalWidth > 0")
    image = page.locator(".lightbox-image")
    assert image.get_attribute("alt") == links.first.locator("img").get_attribute("alt")
    box = image.bounding_box()
    assert box["width"] <= width and box["height"] <= 800
    assert page.evaluate("document.activeElement.className") == "lightbox-close"  # focus moved inside
    page.keyboard.press("ArrowRight")
    assert page.locator(".lightbox-status").inner_text() == f"第 2 张，共 {links.count()} 张"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # wraps round to the last photo
    assert page.locator(".lightbox-status").inner_text().startswith(f"第 {links.count()} 张")
    assert axe_violations(page) == []  # the open dialog too
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.href") == links.first.evaluate(
        "a => a.href"
    )  # focus returns


def test_album_without_javascript_links_to_the_images(page_at):
    page = page_at(ALBUM, 375, javascript=False)
    link = page.locator(".album-grid a.lightbox-link").first
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(".jpg")


def test_album_video_has_poster_and_chinese_captions_on_a_phone(page_at):
    """The browser's own player at 375 px: poster shown, captions loaded, nothing downloaded before play."""
    page = page_at(ALBUM, 375)
    video = page.locator(".album-videos video")
    assert video.count() == 1
    video.scroll_into_view_if_needed()
    box = video.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["height"] > 100
    poster = video.get_attribute("poster")
    assert page.evaluate("url => fetch(url).then(r => r.ok && r.headers.get('content-type'))", poster) == (
        "image/jpeg"
    )
    page.wait_for_function("document.querySelector('.album-videos track').readyState === 2")  # LOADED
    track = page.evaluate(
        """() => { const t = document.querySelector('.album-videos video').textTracks[0];
                   return [t.kind, t.language, t.label, t.mode, t.cues.length, t.cues[0].text]; }"""
    )
    assert track == ["captions", "zh-Hans", "中文字幕", "showing", 2, "潍坊学院校友会（示例视频）"]
    assert video.evaluate("v => v.paused && !v.autoplay && v.playsInline && v.preload === 'none'")
    fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [name for name in fetched if name.endswith(".mp4")]  # preload="none": nothing before play
    # Our own file plays in the browser's own player, with its caption showing.
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("document.querySelector('.album-videos video').currentTime > 0.2")
    assert video.evaluate("v => [v.videoWidth, v.error, v.textTracks[0].activeCues.length]") == [640, None, 1]
