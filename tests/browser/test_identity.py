"""The header, the phone menu and the home portal as readers see them; both colour schemes."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

ARTICLE = "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/"


@pytest.mark.parametrize("javascript", [True, False])
def test_phone_header_is_one_row_with_a_menu_button(page_at, javascript):
    page = page_at("/", 375, javascript=javascript)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 72  # one row: emblem, name, 菜单 (it was two rows, ~150 px)
    summary = page.locator(".nav-menu summary")
    assert summary.is_visible() and summary.inner_text().strip() == "菜单"
    assert not page.locator(".site-nav-wide").is_visible()
    assert not page.locator(".site-nav-phone a").first.is_visible()
    summary.click()
    links = page.locator(".site-nav-phone a")
    count = page.locator(".site-nav-wide a").count()  # one entry per MENU line, whatever sections exist
    assert count >= 8 and links.count() == count and all(links.nth(i).is_visible() for i in range(count))
    box = links.last.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 375  # tappable, inside the screen
    summary.click()
    assert not links.first.is_visible()


def test_keyboard_opens_the_phone_menu(page_at):
    page = page_at(ARTICLE, 375)
    page.locator(".nav-menu summary").focus()
    page.keyboard.press("Enter")
    assert page.locator(".site-nav-phone a").first.is_visible()


def test_desktop_shows_the_menu_row_and_no_menu_button(page_at):
    page = page_at("/", 1280)
    assert not page.locator(".nav-menu").is_visible()
    links = page.locator(".site-nav-wide a")
    assert links.count() >= 8 and links.last.is_visible()
    assert page.locator(".site-english").is_visible()
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1  # one row of links


def test_home_blocks_follow_the_reading_order_on_a_phone(page_at):
    page = page_at("/", 375)
    order = [
        ".headlines",
        ".home-notices",
        ".home-latest",
        ".home-events",
        ".hero",
        ".home-spotlight",
        ".figures",
        ".home-projects",
        ".home-map",
        ".latest",
    ]
    tops = [page.locator(selector).bounding_box()["y"] for selector in order]
    assert tops == sorted(tops)
    page.locator(".hero-photo").scroll_into_view_if_needed()  # lazy, below the news
    page.wait_for_function("document.querySelector('.hero-photo').currentSrc.endsWith('.webp')")
    hero = page.locator(".hero-photo").evaluate(
        "img => [img.currentSrc, img.naturalWidth, img.getBoundingClientRect().width]"
    )
    assert hero[0].endswith(".webp") and hero[1] >= hero[2] and hero[1] <= 1024  # sized for the phone
    figures = page.locator(".home-figure-value").all_inner_texts()
    # 本年度捐赠 is shown only in a year with gifts (the build date decides)
    assert len(figures) in (3, 4) and all(any(c.isdigit() for c in f) for f in figures)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize(
    "path", ["/", ARTICLE, "/donate/wall/", "/associations/map/", "/colleges/cs/", "/achievements/"]
)
def test_axe_in_the_dark_scheme(page_at, path, width):
    """The palette's dark scheme keeps WCAG AA everywhere (axe-core, as for the light scheme)."""
    page = page_at(path, width, scheme="dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 20, 23)"  # the dark palette is in effect
    assert axe_violations(page, ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) == []


def test_news_categories_fold_into_one_control_on_phones(page_at):
    page = page_at("/news/", 375)
    assert not page.locator(".category-nav-wide").is_visible()
    summary = page.locator(".category-nav-phone summary")
    assert summary.is_visible() and summary.bounding_box()["height"] <= 56  # one row, not three rows of chips
    first = page.locator(".news-list .news-item").first.bounding_box()
    assert first["y"] < 400
    summary.click()
    assert (
        page.locator(".category-nav-phone a").count() >= 5
        and page.locator(".category-nav-phone a").first.is_visible()
    )
    wide = page_at("/news/", 1280)
    assert (
        wide.locator(".category-nav-wide a").first.is_visible()
        and not wide.locator(".category-nav-phone").is_visible()
    )


def test_college_column_cards_are_not_squeezed_on_a_desktop(page_at):
    page = page_at("/colleges/cs/", 1280)
    cards = page.locator(".college-main .profile-card")
    assert cards.count() >= 1
    for i in range(cards.count()):
        assert cards.nth(i).bounding_box()["width"] >= 300  # it was about 170 px
    for badge in page.locator(".college-main .badge").all():
        box = badge.bounding_box()
        assert box["height"] < 40  # 杰出校友 stays on one line
    assert "右侧" not in page.locator("main").inner_text()  # the contacts are below on phones


def test_donate_has_a_call_to_action_and_tidy_gift_rows_on_a_phone(page_at):
    page = page_at("/donate/", 375)
    cta = page.locator(".donate-cta a.button")
    assert cta.inner_text() == "我要捐赠"
    box = cta.bounding_box()
    assert box["y"] + box["height"] <= 800 and box["height"] >= 44  # on the first screen, tappable
    cta.click()
    assert page.evaluate("location.hash") == "#how-heading"
    rows = page.evaluate(  # every row's boxes and text in one round trip
        """() => [...document.querySelectorAll('.gift')].map(r => {
          const box = e => { const b = e.getBoundingClientRect(); return {x: b.x, y: b.y, width: b.width}; };
          return {name: box(r.querySelector('.gift-name')), when: box(r.querySelector('time')), text: r.innerText};
        })"""
    )
    assert len(rows) > 3
    for row in rows:
        name, when = row["name"], row["when"]
        assert abs(name["y"] - when["y"]) < 2  # name and date share the first line
        assert when["x"] + when["width"] <= 375 - 15  # the date is right-aligned inside the page
        assert "捐赠资金" not in row["text"]
    wall = page_at("/donate/wall/", 375)
    labels = set(wall.locator(".wall-tier").all_inner_texts())
    assert "其他" not in labels and "1万元以下" in labels


@pytest.mark.parametrize("width", [320, 375])
def test_map_labels_are_readable_on_phones(page_at, width):
    page = page_at("/associations/map/", width)
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.map-province .map-label')]"
        ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)"
    )
    assert sizes and min(sizes) >= 11  # rendered font size in CSS px; it was about 7 px


def test_map_uses_the_desktop_width_and_says_things_once(page_at):
    page = page_at("/associations/map/", 1280)
    main = page.locator("main").bounding_box()["width"]
    svg = page.locator(".map-province").bounding_box()
    assert svg["width"] >= 0.5 * main  # it used 40 %
    text = page.locator("main").inner_text()
    assert text.count("筹建。") <= 1 and "暂无校友会，欢迎" not in text
    for path in ("/associations/", "/associations/map/", "/associations/rizhao/"):
        assert "未备案" not in page_at(path, 375).locator("main").inner_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_statistics_are_readable(page_at, width):
    page = page_at("/donate/stats/", width)
    heading = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main h2')).fontSize)")
    chart = page.evaluate(
        "() => [...document.querySelectorAll('.chart-wrap text')]"
        ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)"
    )
    assert chart and max(chart) < heading and min(chart) >= 11  # it was 22 px, above the headings
    # Every cell's computed style in one round trip (two per cell took seconds).
    cells = page.evaluate(
        "() => [...document.querySelectorAll('.table-wrap td')]"
        ".map(c => [getComputedStyle(c).textAlign, parseFloat(getComputedStyle(c).fontSize)])"
    )
    assert len(cells) > 10
    for align, size in cells:
        assert align == "right"
        assert size >= 14
    bars = page.evaluate("() => [...document.querySelectorAll('.chart-bar')].map(b => b.getBBox().width)")
    assert all(width > 0 for width in bars)  # no sliver drawn for 0 %


def test_honours_are_cards_listed_once(page_at):
    page = page_at("/honours/", 1280)
    cards = page.locator(".honour-cards .honour")
    names = cards.all_inner_texts()
    assert len(names) == len(set(names))  # nothing twice
    lefts = {round(cards.nth(i).bounding_box()["x"]) for i in range(cards.count())}
    assert len(lefts) >= 2  # cards side by side on a desktop, not one long list


def test_wechat_preview_filter_box(page_at):
    page = page_at("/wechat/", 375)
    box = page.locator("#wechat-filter-input")
    assert box.is_visible()
    total = page.locator(".wechat-item:visible").count()
    box.fill("校友大讲堂")
    shown = page.locator(".wechat-item:visible")
    assert 0 < shown.count() < total
    assert all("校友大讲堂" in t for t in page.locator(".wechat-item:visible .news-title").all_inner_texts())
    assert page.locator(".wechat-filter-status").inner_text() == f"找到 {shown.count()} 篇"
    box.fill("")
    assert page.locator(".wechat-item:visible").count() == total
    no_js = page_at("/wechat/", 375, javascript=False)
    assert not no_js.locator(".wechat-filter").is_visible()


def test_home_slides_are_sized_for_the_reader(page_at):
    page = page_at("/", 375)
    photos = page.locator("img.slide-photo")
    assert photos.count() >= 2
    for i in range(photos.count()):
        photos.nth(i).scroll_into_view_if_needed()  # scrolls the strip too: later slides load lazily
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=photos.nth(i).element_handle()
        )
        chosen, shown = photos.nth(i).evaluate("img => [img.currentSrc, img.getBoundingClientRect().width]")
        file_width = int(re.search(r"-(\d+)\.webp$", chosen).group(1))
        assert shown <= file_width <= 480  # a phone's full-width slide does not load the 1200 px original
        assert photos.nth(i).get_attribute("width")
        assert photos.nth(i).get_attribute("loading") == ("eager" if i == 0 else "lazy")


def test_article_prints_without_navigation_and_with_link_addresses(page_at):
    page = page_at("/news/2026/wang-zhan-shi-yong-shuo-ming/", 1280)  # its body links to other pages
    page.emulate_media(media="print")
    assert (
        not page.locator(".site-header").is_visible() and not page.locator(".article-neighbours").is_visible()
    )
    assert page.locator(".article-body").is_visible()
    after = page.evaluate(
        "() => { const a = document.querySelector('.article-body a[href]');"
        " return a ? [a.getAttribute('href'), getComputedStyle(a, '::after').content] : null; }"
    )
    assert after and after[0] in after[1]
    assert axe_violations(page, ("wcag2aa",)) == []
