"""The search page in headless Chromium: real queries against the real Pagefind index."""

from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qs, quote, urlparse

import pytest

from tests.browser.conftest import axe_violations
from tests.conftest import served

pytestmark = pytest.mark.browser


@pytest.fixture
def open_page(site_url, contexts):
    """Fresh pages in the worker's shared contexts (tests/browser/conftest.py: ContextPool)."""
    used = []

    def opener(path: str, width: int = 375, javascript: bool = True):
        context = contexts.get(width, javascript)
        used.append(context)
        page = context.new_page()
        page.requests = []
        page.failed = []
        page.errors = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("response", lambda response: response.status >= 400 and page.failed.append(response.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(site_url + path, wait_until="load")
        return page

    yield opener
    for context in dict.fromkeys(used):
        contexts.release(context)


def wait_for_status(page) -> str:
    page.wait_for_function("document.getElementById('search-status').textContent.trim().length > 0")
    return page.inner_text("#search-status")


def result_urls(page) -> list[str]:
    hrefs = page.locator(".search-result-title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [urlparse(href).path for href in hrefs]  # one round trip for the whole page of results


def search(open_page, query: str, width: int = 375, **params):
    extra = "".join(f"&{key}={quote(value)}" for key, value in params.items())
    page = open_page(f"/search/?q={quote(query)}{extra}", width)
    return page, wait_for_status(page)


def test_common_word_finds_many_pages_in_pages_of_ten(open_page, site_url):
    page, status = search(open_page, "校友")
    count = int(status.split("找到 ")[1].split(" 条")[0])
    assert count >= 50  # nearly every page mentions 校友
    urls = result_urls(page)
    assert len(urls) == 10 and page.locator("#search-more").is_visible()
    page.click("#search-more")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 20")
    more = result_urls(page)
    assert more[:10] == urls and len(set(more)) == 20
    # keyboard users continue at the first new result
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith(more[10])
    assert page.errors == [] and page.failed == []
    assert all(url.startswith(site_url) for url in page.requests)  # nothing leaves 127.0.0.1


def test_scholarship_finds_exactly_the_pages_that_mention_it(open_page):
    page, status = search(open_page, "奖学金")
    assert status.startswith("找到 2 条结果")
    assert sorted(result_urls(page)) == ["/achievements/robot-engineer/", "/donate/projects/scholarship/"]
    marks = page.locator(".search-result-excerpt mark").all_inner_texts()
    assert marks and all(mark in "奖学金" for mark in marks)  # the match is highlighted


def test_college_name_puts_the_college_column_first(open_page):
    page, status = search(open_page, "计算机工程学院")
    urls = result_urls(page)
    assert urls[0] == "/colleges/cs/"  # its name is the page title
    assert {
        "/associations/cs-alumni/",
        "/donate/projects/cs-lab/",
        "/achievements/ai-platform-founder/",
    } <= set(urls)
    first = page.locator(".search-result").first
    assert first.locator(".search-result-title").inner_text() == "计算机工程学院校友工作专栏"
    assert "学院专栏" in first.locator(".search-result-meta").inner_text()


@pytest.mark.parametrize("query", ["陈志强", "陈志"])
def test_a_person_from_a_profile_is_found(open_page, query):
    """The indexer keeps 陈志强 as one word, Chromium splits the query: the page still comes back."""
    page, status = search(open_page, query)
    assert status.startswith("找到 1 条结果")
    assert result_urls(page) == ["/achievements/robot-engineer/"]


@pytest.mark.parametrize("query", ["吕平", "吕平（示例）"])
def test_an_anonymous_donor_is_not_found(open_page, query):
    page, status = search(open_page, query)
    assert status.startswith("没有找到")
    assert result_urls(page) == []
    assert page.locator("#search-empty").is_visible()
    links = page.locator("#search-empty a").all_inner_texts()
    assert {"校友新闻", "校友风采"} <= set(links)


def test_nothing_found_suggests_what_to_do(open_page):
    page, status = search(open_page, "书馆")  # a piece inside the word 图书馆: documented limit
    assert status == "没有找到与“书馆”相关的内容。"
    assert "检查错别字" in page.inner_text("#search-empty")


def test_a_section_filter_narrows_results_and_goes_into_the_url(open_page):
    page, status = search(open_page, "校友")
    total = int(status.split("找到 ")[1].split(" 条")[0])
    page.select_option("select[name=section]", "校友风采")
    page.wait_for_function(
        "[...document.querySelectorAll('.search-result-meta')].length > 0 && "
        "[...document.querySelectorAll('.search-result-meta')].every(e => e.textContent.startsWith('校友风采'))"
    )
    narrowed = int(page.inner_text("#search-status").split("找到 ")[1].split(" 条")[0])
    assert 0 < narrowed < total
    assert all(url.startswith("/achievements/") for url in result_urls(page))
    assert parse_qs(urlparse(page.url).query) == {"q": ["校友"], "section": ["校友风采"]}


def test_filters_and_sort_from_the_url(open_page):
    page, status = search(open_page, "校友", section="新闻", sort="date")
    assert page.locator("select[name=section]").input_value() == "新闻"
    assert page.locator("select[name=sort]").input_value() == "date"
    dates = page.locator(".search-result-meta").all_inner_texts()
    years = [int(text.split(" · ")[-1][:4]) for text in dates]
    assert years == sorted(years, reverse=True) and years[0] > years[-1]


def test_keyboard_path_from_the_field_to_a_result(open_page):
    page = open_page("/search/")
    page.wait_for_function("!document.getElementById('search-filters').hidden")  # the index is loaded
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-input":
            break
    assert page.evaluate("document.activeElement.id") == "search-input"
    assert page.evaluate("document.activeElement.labels[0].textContent") == "搜索关键词"
    page.keyboard.type("奖学金")
    page.keyboard.press("Enter")
    assert wait_for_status(page).startswith("找到 2 条结果")
    assert page.get_attribute("#search-status", "aria-live") == "polite"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-result') !== null"):
            break
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert urlparse(target).path in {"/achievements/robot-engineer/", "/donate/projects/scholarship/"}
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == urlparse(target).path


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violation_on_the_search_page(open_page, width):
    for path in ("/search/?q=%E6%A0%A1%E5%8F%8B", "/search/?q=%E5%90%95%E5%B9%B3"):  # results; nothing found
        page = open_page(path, width)
        wait_for_status(page)
        assert axe_violations(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0


def test_header_search_box_on_wide_screens_submits_to_the_search_page(open_page, site_url):
    page = open_page("/news/", 1280)
    assert page.locator(".header-search").is_visible()
    assert not page.locator(".header-search-link").is_visible()
    page.fill("#header-search-input", "计算机工程学院")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == "/search/"
    assert parse_qs(urlparse(page.url).query) == {"q": ["计算机工程学院"]}
    assert page.locator("#search-input").input_value() == "计算机工程学院"
    assert wait_for_status(page).startswith("找到")
    assert result_urls(page)[0] == "/colleges/cs/"
    assert all(url.startswith(site_url) for url in page.requests)


def test_phones_get_a_search_link_instead_of_the_box(open_page):
    page = open_page("/", 375)
    assert not page.locator(".header-search").is_visible()
    link = page.locator(".header-search-link")
    assert link.is_visible() and link.inner_text() == "搜索"
    box = link.bounding_box()
    assert box["height"] >= 44  # a comfortable touch target
    with page.expect_navigation():
        link.click()
    assert urlparse(page.url).path == "/search/"


def test_without_javascript_the_page_says_so_and_links_the_archives(open_page):
    page = open_page("/search/?q=%E6%A0%A1%E5%8F%8B", 375, javascript=False)
    notice = page.locator(".search-noscript")
    assert notice.is_visible()
    assert "需要浏览器启用 JavaScript" in notice.inner_text()
    links = {urlparse(a.get_attribute("href")).path for a in notice.locator("a").all()}
    assert {"/news/", "/achievements/", "/colleges/", "/news/2024/"} <= links


def test_when_the_index_cannot_load_the_page_says_so_and_links_the_archives(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.route("**/pagefind/**", lambda route: route.abort())
        page.goto(site_url + "/search/?q=%E6%A0%A1%E5%8F%8B", wait_until="load")
        assert wait_for_status(page) == "搜索暂时无法使用。"
        fallback = page.locator("#search-fallback")
        assert fallback.is_visible()
        links = {urlparse(a.get_attribute("href")).path for a in fallback.locator("a").all()}
        assert {"/news/", "/achievements/", "/colleges/"} <= links
        assert result_urls(page) == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def sharded_url(sample_site, tmp_path_factory):
    """The sample site with its index cut into shards of at most 12 pages, served on 127.0.0.1.

    The sample site fits in one shard; this copy makes the search page merge many
    (mergeIndex) and sort across them, as a site of thousands of articles does.
    """
    from wfu.build import load_settings
    from wfu.search import index_site

    folder = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(sample_site, folder, ignore=shutil.ignore_patterns("pagefind"))
    index_site(dict(load_settings(), SEARCH={"shard_pages": 12}), str(folder), say=None)
    with served(folder) as url:
        yield url


def run_query(contexts, base: str, query: str, **params) -> dict:
    """Status line, result URLs and dates of the first page, filter options and the shards fetched."""
    context = contexts.get(1024)
    try:
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requests.append(urlparse(request.url).path))
        page.on("pageerror", lambda error: errors.append(str(error)))
        extra = "".join(f"&{key}={quote(value)}" for key, value in params.items())
        page.goto(f"{base}/search/?q={quote(query)}{extra}", wait_until="load")
        status = wait_for_status(page)
        assert errors == []
        return {
            "status": status,
            "urls": result_urls(page),
            "dates": [
                text.split(" · ")[-1] for text in page.locator(".search-result-meta").all_inner_texts()
            ],
            "options": page.locator("select[data-filter] option").all_inner_texts(),
            "shards": {
                path.split("/")[2]
                for path in requests
                if path.startswith("/pagefind/") and path.count("/") > 2
            },
        }
    finally:
        contexts.release(context)


def test_a_sharded_index_finds_what_the_single_index_finds(contexts, site_url, sharded_url, sample_site):
    shards = json.loads((sample_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(shards) == 1  # the sample site is one shard: the comparison below is single vs merged
    for query, params in [
        ("校友", {}),
        ("奖学金", {}),  # a shard without the word matches shorter ones: the page keeps those with it
        ("计算机工程学院", {}),
        ("校友", {"section": "校友风采"}),
        ("校友", {"section": "新闻", "sort": "date"}),
    ]:
        single = run_query(contexts, site_url, query, **params)
        merged = run_query(contexts, sharded_url, query, **params)
        assert len(merged["shards"]) > 3, merged["shards"]  # the merged search read many bundles
        assert merged["status"] == single["status"], query  # the same number of results
        assert merged["options"] == single["options"]  # filter values and their counts, over all shards
        if len(single["urls"]) < 10:  # every result on the first page: the same pages
            assert sorted(merged["urls"]) == sorted(single["urls"]), query
        if params.get("sort"):  # newest first across shards, as in one index
            assert merged["dates"] == single["dates"] and len(merged["dates"]) == 10
    # A name the single index holds as one word in one page only: the shards find that page
    # too (and may find one more that holds the name, split differently in one index).
    single, merged = (run_query(contexts, url, "陈志强") for url in (site_url, sharded_url))
    assert single["urls"] == ["/achievements/robot-engineer/"] and set(single["urls"]) <= set(merged["urls"])
