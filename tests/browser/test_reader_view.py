"""What readers see on a phone (375 px) and a desktop (1280 px)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_fits_and_stays_local, axe_violations

pytestmark = pytest.mark.browser

ARTICLE = "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/"
PROFILE = "/achievements/ai-platform-founder/"
PAGES = [
    "/", "/news/", ARTICLE, "/news/category/lectures/", "/404.html", "/colleges/", "/colleges/cs/", "/achievements/", PROFILE,
    "/donate/", "/donate/wall/", "/donate/stats/", "/donate/projects/scholarship/",
    "/associations/", "/associations/map/", "/associations/jinan/", "/honours/",
]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_overflow_and_no_foreign_requests_at_320(page_at, path):
    """The narrowest phones; 375 and 1280 px are checked with axe below, on the same page load."""
    page = page_at(path, 320)
    assert_fits_and_stays_local(page, path, 320)


@pytest.mark.parametrize("width", [375, 1280])
def test_home_renders(page_at, width):
    page = page_at("/", width)
    assert page.title() == "潍坊学院校友会"
    assert page.locator(".slide-title").first.is_visible()
    assert page.locator(".headlines .slide").count() == 5
    assert page.locator(".site-name").is_visible()
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 16  # readable Chinese on a phone


@pytest.mark.parametrize("width", [375, 1280])
def test_article_renders_readably(page_at, width):
    page = page_at(ARTICLE, width)
    heading = page.locator("h1")
    assert heading.inner_text() == "校友大讲堂第一讲：人工智能时代的职业成长"
    assert heading.is_visible()
    cover = page.locator(".article-cover img")
    shown, chosen = cover.evaluate("img => [img.getBoundingClientRect().width, img.currentSrc]")
    file_width = int(re.search(r"-(\d+)\.webp$", chosen).group(1))  # the derivative the browser chose
    assert shown <= file_width <= 1200  # sharp, from the responsive set
    if width == 375:
        assert file_width <= 800  # a phone does not load the 1200 px original
    box = page.locator(".article-body").bounding_box()
    assert box["width"] <= width
    line_height = page.evaluate(
        "() => { const p = document.querySelector('.article-body p'); const s = getComputedStyle(p);"
        " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }"
    )
    assert line_height >= 1.6
    if width >= 1280:
        # comfortable CJK measure: at most ~40 characters per line on desktop
        chars = page.evaluate(
            "() => { const p = document.querySelector('.article-body p');"
            " return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize); }"
        )
        assert chars <= 40


def test_readable_without_javascript(page_at):
    page = page_at(ARTICLE, 375, javascript=False)
    assert page.locator(".article-body p").first.is_visible()
    page.locator(".nav-menu summary").click()  # the <details> menu needs no script
    assert page.locator(".site-nav-phone a").first.is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_keyboard_reaches_skip_link_and_navigation(page_at, width):
    page = page_at("/", width)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()  # it appears when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.goto(page.url.split("#")[0])
    reached = []
    for _ in range(10):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim().split('\\n')[0]"))
        if reached[-1] == "菜单":  # phones: the menu button opens the links
            page.keyboard.press("Enter")
        if reached[-1] == "校友新闻":
            break
    # the header's search entry comes before the menu: a link on phones, a field and button on wide screens
    expected = (
        ["跳到正文", "潍坊学院校友会", "搜索", "菜单", "首页"]
        if width < 1024
        else ["跳到正文", "潍坊学院校友会", "", "搜索", "首页"]
    )
    assert reached[: len(expected)] == expected
    assert reached[-1] == "校友新闻"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/news/")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", PAGES + ["/news/tag/", "/news/2024/"])
def test_fits_stays_local_and_axe_finds_no_wcag_aa_violation(page_at, path, width):
    """No sideways scrolling or foreign request, and axe-core (bundled by axe-playwright-python):
    contrast, landmarks, names, alt text — one page load for both."""
    page = page_at(path, width)
    assert_fits_and_stays_local(page, path, width)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [375, 1280])
def test_profile_photo_is_responsive(page_at, width):
    page = page_at(PROFILE, width)
    img = page.locator(".profile-photo img")
    chosen = img.evaluate("img => img.currentSrc")
    assert chosen.endswith(".webp")  # Chromium takes the WebP source
    natural = img.evaluate("img => img.naturalWidth")
    shown = img.evaluate("img => img.getBoundingClientRect().width")
    assert natural >= shown  # sharp, and not the full-size original on a phone
    if width == 375:
        assert natural <= 800


def test_achievement_filter_is_progressive_enhancement(page_at):
    page = page_at("/achievements/", 375)
    first = page.locator("#profile-grid .profile-card").first.bounding_box()
    assert first["y"] + first["height"] <= 800  # the filters are folded: the first alumnus is on screen
    assert not page.locator("#profile-filter").is_visible()
    page.locator(".filter-panel summary").click()
    assert page.locator("#profile-filter").is_visible()
    assert page.locator("#profile-grid .profile-card:visible").count() == 10
    page.select_option("select[name=field]", "technology")
    assert page.locator("#profile-grid .profile-card:visible").count() == 2
    assert page.locator(".filter-status").inner_text() == "显示 2 位校友"
    page.select_option("select[name=college]", "cs")
    assert page.locator("#profile-grid .profile-card:visible").count() == 1
    page.select_option("select[name=field]", "")
    page.select_option("select[name=college]", "")
    assert page.locator("#profile-grid .profile-card:visible").count() == 10
    no_js = page_at("/achievements/", 375, javascript=False)
    no_js.locator(".filter-panel summary").click()
    assert not no_js.locator("#profile-filter").is_visible()  # nothing broken without JS
    assert no_js.locator("#profile-grid .profile-card:visible").count() == 10
    assert no_js.locator(".browse a").count() > 10  # grouping pages carry the filtering


def test_college_column_keyboard_path_to_a_profile(page_at):
    page = page_at("/colleges/cs/", 375)
    card = page.locator(".profile-card-link").first
    card.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == PROFILE
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(PROFILE)


def test_donor_wall_on_a_phone(page_at):
    page = page_at("/donate/wall/", 375)
    assert page.locator("h1").inner_text() == "捐赠芳名录"
    assert page.locator(".wall-year").count() == 8
    names = page.locator(".wall-names li")
    assert names.count() > 40
    box = names.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.locator('.year-nav a[href="#y2020"]').click()
    assert page.evaluate("location.hash") == "#y2020"
    top = page.locator("#y2020").bounding_box()["y"]
    assert -1 <= top < 200  # the year's section is on screen (sub-pixel rounding allowed)
    assert page.locator(".progress-block").count() == 0


def test_map_fits_a_phone_and_works_by_keyboard(page_at):
    page = page_at("/associations/map/", 375)
    svg = page.locator(".map-province")
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["height"] > 150
    jinan = page.locator('.map-province a[href="/associations/jinan/"]')
    # Tab through the page until the Jinan region has focus, as a keyboard user would.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/associations/jinan/":
            break
    else:
        raise AssertionError("the Jinan region was never reached by Tab")
    assert jinan.evaluate("a => a === document.activeElement")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/associations/jinan/")
    assert page.locator("h1").inner_text() == "潍坊学院济南校友会"


def test_wechat_preview_copies_rich_text(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    page.goto(site_url + "/wechat/")
    item = page.locator(".wechat-item").filter(has_text="校友会网站和微信公众号使用说明")
    item.locator("button.copy-content").click()
    page.wait_for_function(
        "document.querySelector('.copy-status') && [...document.querySelectorAll('.copy-status')].some(s => s.textContent)"
    )
    types, html = page.evaluate(
        """async () => {
            const items = await navigator.clipboard.read();
            const blob = await items[0].getType('text/html');
            return [items[0].types, await blob.text()];
        }"""
    )
    assert "text/html" in types and "text/plain" in types
    assert html.lstrip().startswith("<section") and "引用链接" in html and "<script" not in html
    assert "已复制" in item.locator(".copy-status").inner_text()
    context.close()


def test_article_qr_code_only_on_wide_screens(page_at):
    phone = page_at(ARTICLE, 375)
    assert not phone.locator(".article-qr").is_visible()
    assert phone.locator(".account-qr img").is_visible()
    desktop = page_at(ARTICLE, 1280)
    assert desktop.locator(".article-qr svg").is_visible()
