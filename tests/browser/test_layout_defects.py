"""Layout defects of issue 24, measured in the browser at the widths where they showed.

Every check reads geometry, computed style or element order (never screenshots),
over the shared fixture builds: the development build (``page_at``) and the
build dated 2026-06-01 that the events tests share.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import page_opener, served
from tests.conftest import site_on

pytestmark = pytest.mark.browser

ARTICLE = "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/"
PUBLIC = "https://xiaoyou.wfu.edu.cn"  # SITE_PUBLIC_URL in pelicanconf.py
PHONES = [320, 360, 375]
CJK = "\u3400-\u9fff"

RECTS = """sel => [...document.querySelectorAll(sel)].map(e => {
  const b = e.getBoundingClientRect();
  return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width, height: b.height};
})"""

# How many lines an element's text takes: distinct tops of its line boxes.
LINES = """e => { const range = document.createRange(); range.selectNodeContents(e);
  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size; }"""

LUMINANCE = """c => { const m = c.match(/[\\d.]+/g).map(Number);
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]); }"""


def rects(page, selector: str) -> list[dict]:
    return page.evaluate(RECTS, selector)


def content_width(page) -> float:
    """The width of main's content box (the column every page section may use)."""
    return page.evaluate(
        "() => { const m = document.querySelector('main'); const s = getComputedStyle(m);"
        " return m.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }"
    )


@pytest.fixture(scope="module")
def dated_url(tmp_path_factory):
    out = site_on(tmp_path_factory, "2026-11-20")  # the build tests/browser/test_events.py uses
    with served(out) as url:
        yield url


@pytest.fixture
def dated_page(browser, dated_url, contexts):
    with page_opener(browser, dated_url, contexts) as opener:
        yield opener


# 1. main's own padding: space between header and breadcrumb, and above the footer
@pytest.mark.parametrize("width", [320, 1280])
def test_main_keeps_its_padding_under_the_wrap(page_at, width):
    for path in ("/news/", "/colleges/", "/honours/"):
        page = page_at(path, width)
        header = rects(page, ".site-header")[0]
        crumbs = rects(page, ".breadcrumbs")[0]
        assert crumbs["top"] - header["bottom"] >= 12, path  # was 0 px
        last = page.evaluate(
            "() => { const kids = [...document.querySelector('main').children].filter("
            "e => e.getBoundingClientRect().height > 0); return kids[kids.length - 1].getBoundingClientRect().bottom; }"
        )
        footer = rects(page, ".site-footer")[0]
        assert footer["top"] - last >= 24, path  # the last card no longer sits on the footer


# 2. the phone header: 搜索 and 菜单 on one line each, apart from the name
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 360])
def test_phone_header_buttons_stay_on_one_line(page_at, width, scheme):
    page = page_at("/", width, scheme=scheme)
    for selector in (".header-search-link", ".nav-menu summary", ".site-name"):
        assert page.locator(selector).evaluate(LINES) == 1, selector
    name = rects(page, ".site-name")[0]
    search = rects(page, ".header-search-link")[0]
    menu = rects(page, ".nav-menu summary")[0]
    assert search["left"] - name["right"] >= 8  # "会" touched "搜" at 320 px
    assert menu["left"] - search["right"] >= 4 and menu["right"] <= width
    assert search["height"] >= 44 and menu["height"] >= 44  # still comfortable targets
    assert abs(search["top"] - menu["top"]) <= 2


# 2b. the phone menu with the portal's pages (校友服务, 校友影像, 校友刊物, 关于): every entry on one
# line, inside the screen, tappable, none overlapping, and all of it on a 568 px tall phone screen.
PORTAL_PAGES = {"校友服务": "/services/", "校友影像": "/albums/", "校友刊物": "/magazine/", "关于": "/about/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 360, 375])
def test_phone_menu_reaches_the_portal_pages_without_breaking(page_at, width, scheme):
    page = page_at("/", width, scheme=scheme)
    page.locator(".nav-menu summary").click()
    links = page.locator(".site-nav-phone a")
    found = page.evaluate(  # each entry's text, address and line count in one round trip
        f"() => [...document.querySelectorAll('.site-nav-phone a')].map(a => [a.innerText, a.getAttribute('href'), ({LINES})(a)])"
    )
    labels = [text.strip() for text, _, _ in found]
    hrefs = dict(zip(labels, (href for _, href, _ in found), strict=True))
    assert {label: hrefs.get(label) for label in PORTAL_PAGES} == PORTAL_PAGES
    boxes = rects(page, ".site-nav-phone a")
    assert len(boxes) == len(labels) >= 15
    for label, box in zip(labels, boxes, strict=True):
        assert box["left"] >= 0 and box["right"] <= width, label
        assert box["height"] >= 44 and box["width"] >= 44, label
        assert box["bottom"] <= 568, label  # the whole menu on an iPhone SE screen, no scrolling
    for label, (_, _, lines) in zip(labels, found, strict=True):
        assert lines == 1, label
    for a, b in ((a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]):
        assert (
            a["right"] <= b["left"]
            or b["right"] <= a["left"]
            or a["bottom"] <= b["top"]
            or b["bottom"] <= a["top"]
        )
    assert page.locator(".header-search-link").evaluate(LINES) == 1  # the header row is unchanged
    links.filter(has_text="校友刊物").click()
    page.wait_for_url("**/magazine/")
    assert page.locator(".site-nav-phone a[aria-current='page']").get_attribute("href") == "/magazine/"


@pytest.mark.parametrize("path", ["/services/", "/albums/", "/magazine/", "/about/"])
def test_desktop_menu_is_one_row_with_the_portal_pages(page_at, path):
    page = page_at(path, 1280)
    boxes = rects(page, ".site-nav-wide a")
    assert len(boxes) >= 15 and len({round(b["top"]) for b in boxes}) == 1  # one row
    assert page.locator(".site-nav-wide a[aria-current='page']").get_attribute("href") == path


# 4. 最近的捐赠: the amount always in the same column
@pytest.mark.parametrize("width", [375, 1280])
def test_recent_gifts_keep_their_columns(page_at, width):
    page = page_at("/donate/", width)
    lefts = {round(r["left"]) for r in rects(page, ".gift-list .gift-what")}
    assert len(lefts) == 1, lefts
    dates = {round(r["right"]) for r in rects(page, ".gift-list .gift time")}
    assert len(dates) == 1, dates


# 5. /donate/stats/: chart width, headline figures, no "0 元 1人", whole words in headers
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 375, 1280])
def test_donation_statistics_layout(page_at, width, scheme):
    page = page_at("/donate/stats/", width, scheme=scheme)
    chart = rects(page, ".chart-wrap svg")[0]
    assert chart["width"] >= 0.9 * content_width(page)  # it used a third of 1,280 px
    figures = rects(page, ".stats-figures li")
    assert len(figures) >= 3 and all(f["top"] < 800 for f in figures)  # headline figures on the first screen
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.chart-wrap text')]"
        ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)"
    )
    assert min(sizes) >= 11 and max(sizes) <= 16  # the wider chart does not blow its text up
    cells = page.evaluate(
        "() => [...document.querySelectorAll('.table-wrap tbody tr')].map(r => [...r.children].map(c => c.textContent.trim()))"
    )
    assert cells and not [row for row in cells if "0 元" in row]  # "1979届 0 元 1人" read as an error
    headers = page.evaluate(  # every header's words and their line counts in one round trip
        "() => [...document.querySelectorAll('.table-wrap thead th')].map(h => [h.innerText,"
        f" [...h.querySelectorAll('.word')].map(w => [w.innerText, ({LINES})(w)])])"
    )
    for header, words in headers:  # lines break between words only
        assert len(words) >= 1, header
        for word, lines in words:
            assert lines == 1, word  # 捐赠校/友, 参与/率


# 6. colleges: counts that do not wrap, no zero counts, full-width cards, contacts first on phones
@pytest.mark.parametrize("width", [*PHONES, 1280])
def test_college_index_counts(page_at, width):
    page = page_at("/colleges/", width)
    items = page.evaluate(  # each count's text and line count in one round trip
        f"() => [...document.querySelectorAll('.college-counts .college-count')].map(e => [e.innerText, ({LINES})(e)])"
    )
    assert len(items) >= 8
    for text, lines in items:
        assert not re.match(r"\D*0\D", text), text  # zero counts are left out
        assert lines == 1, text  # "捐赠项/目" wrapped


@pytest.mark.parametrize("width", [375, 1280])
def test_college_page_cards_fill_their_rows_and_contacts_come_first(page_at, width):
    page = page_at("/colleges/cs/", width)
    for grid in (".profile-grid", ".enterprise-grid", ".project-list"):
        box = rects(page, f".college-main {grid}")[0]
        cards = rects(page, f".college-main {grid} > *")
        rows: dict[int, list] = {}
        for card in cards:
            rows.setdefault(round(card["top"]), []).append(card)
        for row in rows.values():
            assert max(c["right"] for c in row) >= box["right"] - 2, grid  # no half-empty row
    aside = rects(page, ".college-aside")[0]
    news = rects(page, "#college-news-heading")[0]
    if width < 768:
        assert aside["bottom"] <= news["top"]  # 校友工作联络 was last on phones
    else:
        assert aside["left"] > news["right"] - 1 and aside["top"] < news["top"]  # beside the column


# 7. honours and 校友之家 use the width, and 校友之家 is shorter
@pytest.mark.parametrize("width", [375, 1280])
def test_honours_and_alumni_home_use_the_width(page_at, width):
    page = page_at("/honours/", width)
    usable = content_width(page)
    for section in page.locator("section[id^='year-']").all():
        cards = section.evaluate(
            "s => [...s.querySelectorAll('.honour')].map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().right])"
        )
        span = max(r for _, r in cards) - min(lft for lft, _ in cards)
        assert span >= 0.9 * usable  # two-thirds of 1,280 px were empty
    home = page_at("/alumni-home/", width)
    usable = content_width(home)
    for grid in (".object-gallery", ".memory-grid"):
        cards = rects(home, f"{grid} > *")
        assert max(c["right"] for c in cards) - min(c["left"] for c in cards) >= 0.9 * usable, grid
    height = rects(home, "main")[0]["height"]
    assert height <= (1900 if width >= 1280 else 3600), height  # it was 3,300 / 6,350 px


# 8. filters: no zero-result chips, first result near the top, a compact opened filter
@pytest.mark.parametrize("width", [375, 1280])
def test_filters_are_compact(page_at, width):
    for path, first in (("/jobs/", ".job-item"), ("/enterprises/", ".enterprise-card")):
        page = page_at(path, width)
        chips = page.evaluate("() => [...document.querySelectorAll('main a')].map(a => a.textContent)")
        assert not [c for c in chips if "（0）" in c], path  # "烟台市（0）"
        if width < 768:
            assert rects(page, first)[0]["top"] <= 560, path  # it was pushed ~480 px down
    page = page_at("/achievements/", width)
    page.locator(".filter-panel summary").click()
    assert page.locator("#profile-filter").is_visible()
    assert not page.locator(".filter-panel .browse").is_visible()  # the dropdowns are not repeated as chips
    assert rects(page, ".filter-panel")[0]["height"] <= 400  # it was 1,323 px
    no_js = page_at("/achievements/", width, javascript=False)
    no_js.locator(".filter-panel summary").click()
    assert no_js.locator(".filter-panel .browse a").first.is_visible()  # without JS the chips do the job


# 9. search results: a clean Chinese excerpt, no title repeated, using the width
@pytest.mark.parametrize("width", [375, 1280])
def test_search_snippets_are_clean(page_at, width):
    page = page_at("/search/?q=人工智能", width)
    page.wait_for_selector(".search-result")
    results = page.evaluate(
        "() => [...document.querySelectorAll('.search-result')].map(r => ["
        "r.querySelector('.search-result-title').textContent, r.querySelector('.search-result-excerpt').textContent])"
    )
    assert len(results) >= 2
    for title, excerpt in results:
        assert excerpt.strip(), title
        assert title not in excerpt, excerpt  # the title is not repeated ...
        start = excerpt.lstrip("…")
        assert not [i for i in range(len(title) - 4) if start.startswith(title[i:])], (
            excerpt
        )  # ... nor its cut end
        assert "栏目：" not in excerpt and "来源：" not in excerpt, excerpt
        assert not re.search(rf"[{CJK}]\. ", excerpt), excerpt  # ASCII ". " between Chinese sentences
    assert rects(page, ".search-results")[0]["width"] >= 0.9 * content_width(page)  # 650 of 1,280 px


# 10. events: cancelled last, past titles without 预告, date blocks, punctuation, Chinese labels
@pytest.mark.parametrize("width", [375, 1280])
def test_event_lists_read_well(dated_page, width):
    page = dated_page("/events/", width)
    upcoming = page.locator(".events-upcoming .event-item")
    assert "event-cancelled" not in upcoming.first.get_attribute("class")  # a cancelled event led the list
    assert "event-cancelled" in upcoming.last.get_attribute("class")
    past = page.locator(".events-past .event-title a").all_inner_texts()
    assert past and not [t for t in past if "预告" in t]
    for item in page.locator(".event-item").all():
        date = item.locator(".event-date").bounding_box()
        title = item.locator(".event-title").bounding_box()
        assert date["x"] + date["width"] <= title["x"] and date["y"] <= title["y"] + 4  # a date block beside
    places = page.locator(".event-place").all_inner_texts()
    assert places and not [p for p in places if re.search(rf"[{CJK}\d号] [{CJK}]|，线上$", p)], places
    text = page.locator("body").inner_text()
    for jargon in (".ics", "Atom", "RSS"):
        assert jargon not in text, jargon


# 11. dark scheme: no bright strips or blocks
@pytest.mark.parametrize("width", [375, 1280])
def test_dark_scheme_has_no_glaring_blocks(page_at, width):
    page = page_at("/donate/", width, scheme="dark")
    track = page.locator(".progress-block progress").first.evaluate(
        "p => getComputedStyle(p, '::-webkit-progress-bar').backgroundColor"
    )
    assert page.evaluate(LUMINANCE, track) < 0.1, track  # a bright white strip
    page = page_at("/associations/map/", width, scheme="dark")
    fills = page.evaluate(
        "() => [...document.querySelectorAll('.map-region.none rect, .map-region.none path')].map(e => getComputedStyle(e).fill)"
    )
    assert fills and max(page.evaluate(f"fills => fills.map({LUMINANCE})", fills)) < 0.1
    page = page_at("/achievements/", width, scheme="dark")
    filters = page.evaluate(
        "() => [...document.querySelectorAll('img.profile-thumb')].map(i => getComputedStyle(i).filter)"
    )
    assert filters and all(re.search(r"brightness\(0\.\d+\)", f) for f in filters), filters[:2]
    light = page_at("/achievements/", width)
    assert light.locator("img.profile-thumb").first.evaluate("i => getComputedStyle(i).filter") == "none"


# 12. article pages: no block repeating the menu; breadcrumb aligned with the column
@pytest.mark.parametrize("width", [375, 1280])
def test_article_page_without_menu_repeat(page_at, width):
    page = page_at(ARTICLE, width)
    assert page.locator(".after-sections").count() == 0
    assert "浏览潍坊学院校友会网站" not in page.locator("main").inner_text()
    crumbs = rects(page, ".breadcrumbs ol")[0]
    article = rects(page, ".article")[0]
    assert abs(crumbs["left"] - article["left"]) <= 1


# 13. /api/v1/: an HTML index of the documents
def test_api_index_page(page_at, site_url):
    page = page_at("/api/v1/", 375)
    assert page.locator("h1").inner_text() == "数据接口"
    documents = page.request.get(site_url + "/api/v1/index.json").json()["documents"]
    links = page.locator("main .api-documents a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    paths = {re.sub(r"^https?://[^/]+", "", url) for url in documents.values()}
    assert paths <= set(hrefs), (paths, hrefs)
    for href in hrefs:
        assert page.request.get(site_url + href).status == 200, href


# 14. Shandong without a 审图号: a schematic of tiles, no administrative boundary
@pytest.mark.parametrize("width", [375, 1280])
def test_shandong_map_is_a_schematic_without_an_approval_number(page_at, width):
    for path in ("/associations/map/", "/associations/"):
        page = page_at(path, width)
        svg = page.locator("svg.map-province")
        assert svg.locator("path").count() == 0, path  # no boundary drawn
        assert svg.locator("rect").count() == 16, path
        box = svg.bounding_box()
        assert box["width"] <= width and box["height"] > 120
        assert "示意图，不表示行政区划界线" in page.locator("main").inner_text()


# 15. WeChat preview and article QR: the configured public address, never 127.0.0.1
def test_wechat_preview_and_qr_use_the_public_address(browser, site_url):
    from plugins.wechat.model import qr_svg

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    page.goto(site_url + "/wechat/")
    item = page.locator(".wechat-item").filter(has_text="人工智能时代的职业成长").first
    fields = item.locator(".field").all_inner_texts()
    source = [f for f in fields if f.startswith("http")]
    assert source == [PUBLIC + ARTICLE]
    item.locator("dd").filter(has_text=PUBLIC).locator("button.copy-field").click()
    assert page.evaluate("navigator.clipboard.readText()") == PUBLIC + ARTICLE
    content = page.request.get(site_url + item.get_attribute("data-content")).text()
    assert "127.0.0.1" not in content and PUBLIC in content
    article = context.new_page()
    article.goto(site_url + ARTICLE)
    qr = article.locator(".article-qr svg")
    assert qr.is_visible()
    assert qr.locator("title").text_content() == f"用手机扫码打开本文：{PUBLIC}{ARTICLE}"
    expected = re.search(r' d="([^"]+)"', qr_svg(PUBLIC + ARTICLE)).group(1)
    assert qr.locator("path").last.get_attribute("d") == expected
    context.close()
