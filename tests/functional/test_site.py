"""The sample site, built for real and inspected like a reader's browser would."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, SAMPLE_CONTENT

POLICY = "news/2022/xiao-you-gong-zuo-shi-shi-yi-jian/index.html"
LECTURE = "news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/index.html"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def is_redirect(page: Path) -> bool:
    return 'http-equiv="refresh"' in page.read_text(encoding="utf-8")


def html_pages(site: Path) -> list[Path]:
    """Every reader-facing page (redirect stubs are tested in test_urls.py, the editors'
    WeChat export in test_wechat.py, the web editor /admin/ in test_cms.py)."""
    return sorted(
        p
        for p in site.rglob("*.html")
        if not is_redirect(p) and p.relative_to(site).parts[0] not in ("wechat", "admin")
    )


def test_urls_are_short_and_stable(sample_site):
    for path in [
        "index.html",
        "news/index.html",
        "news/page/2/index.html",
        "news/2024/index.html",
        "news/category/lectures/index.html",
        "news/tag/xiao-you-da-jiang-tang/index.html",
        "news/tag/index.html",
        POLICY,
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "news/feed.atom.xml",
        "news/feed.rss.xml",
        "news/category/lectures/feed.atom.xml",
        "news/category/lectures/feed.rss.xml",
    ]:
        assert (sample_site / path).is_file(), path
    articles = [
        p
        for p in sample_site.glob("news/20*/*/index.html")
        if p.parent.name != "page" and not is_redirect(p) and p.parent.name != "withdrawn-meeting"  # 撤稿
    ]
    assert len(articles) == 29
    for page in articles:
        assert re.fullmatch(r"[a-z0-9-]{1,60}", page.parent.name)


def test_every_page_is_chinese_with_one_h1_and_landmarks(sample_site):
    for page in html_pages(sample_site):
        doc = soup(sample_site, str(page.relative_to(sample_site)))
        assert doc.html["lang"] == "zh-CN", page
        assert len(doc.find_all("h1")) == 1, page
        assert doc.find("main", id="main") and doc.find("header") and doc.find("footer"), page
        assert doc.find("a", class_="skip-link")["href"] == "#main"
        assert doc.find("nav", attrs={"aria-label": "主导航"})


def test_no_third_party_requests(sample_site):
    """Nothing is loaded from another host: no CDN, no analytics, no web fonts."""
    from plugins.common.urlpolicy import css_urls, is_external, page_external_resources

    for page in html_pages(sample_site):
        # The one rule (src, srcset, poster, stylesheet href, style url(), //host …), not a copy of it.
        assert page_external_resources(page.read_text(encoding="utf-8")) == [], page
    for stylesheet in sample_site.rglob("*.css"):
        assert not [u for u in css_urls(stylesheet.read_text(encoding="utf-8")) if is_external(u)], stylesheet
    css = (sample_site / "theme/css/site.css").read_text()
    assert "@import" not in css and "url(http" not in css and "@font-face" not in css
    # one stylesheet (published once more, minified, under its fingerprinted name)
    from plugins.assets.model import published_bytes

    assert {p.read_bytes() for p in sample_site.rglob("*.css")} == {
        css.encode(),
        published_bytes("css/site.css", css.encode()),
    }


def test_article_page(sample_site):
    doc = soup(sample_site, LECTURE)
    assert doc.h1.get_text() == "校友大讲堂第一讲：人工智能时代的职业成长"
    assert doc.title.get_text().startswith("校友大讲堂第一讲")
    meta = doc.find(class_="article-meta").get_text(" ", strip=True)
    assert "2023年5月20日" in meta and "校友大讲堂" in meta and "计算机工程学院" in meta
    assert doc.find("time")["datetime"].startswith("2023-05-20T15:00:00+08:00")
    assert [a.get_text() for a in doc.select(".article-tags a")] == [
        "校友大讲堂",
        "人工智能",
        "计算机工程学院",
    ]
    cover = doc.select_one(".article-cover img")
    assert cover["alt"] and cover["width"] == "1200" and cover["height"] == "675"
    body_img = doc.select_one(".article-body img")
    assert body_img["alt"] == "讲座现场，学生们认真听讲"
    assert body_img["src"] == "/images/news/lecture-hall.jpg"
    assert (body_img["width"], body_img["height"], body_img["loading"]) == ("1200", "675", "eager")
    crumbs = [a.get_text() for a in doc.select(".breadcrumbs li")]
    assert crumbs == ["首页", "校友新闻", "校友大讲堂", "正文"]
    neighbours = doc.find("nav", class_="article-neighbours")
    assert "上一篇" in neighbours.get_text() and "下一篇" in neighbours.get_text()
    related = [a["href"] for a in doc.select(".related .news-title a")]
    assert related and all(href.startswith("/news/") for href in related)
    # this lecture's announcement shares two tags and the category: it comes first,
    # then the lecture nearest in date that shares a tag and the category
    titles = [a.get_text() for a in doc.select(".related .news-title a")]
    assert titles[:2] == [
        "校友大讲堂第一讲预告：人工智能时代的职业成长",
        "校友大讲堂第二讲预告：数字经济与乡村振兴",
    ]


def test_previous_and_next_follow_dates(sample_site):
    doc = soup(sample_site, POLICY)  # the oldest published article
    neighbours = doc.find("nav", class_="article-neighbours")
    assert (
        neighbours.find("a", rel="next")["href"]
        == "/news/2023/wei-fang-xue-yuan-xiao-you-hui-di-er-jie-li-shi-hui-huan-jie/"
    )
    assert neighbours.find("a", rel="prev") is None


def test_home_page_is_a_portal_in_reading_order(sample_site):
    doc = soup(sample_site, "index.html")
    # news first: featured stories with a photo, newest featured first, then the newest with a photo
    slides = [s.select_one(".slide-title").get_text() for s in doc.select(".headlines .slide")]
    assert slides[:3] == [
        "校庆日千名校友重返母校",
        "百名校友返校共植“校友林”",
        "学校印发《关于加强新时代校友工作的实施意见》",
    ]
    assert len(slides) == 5 and all(s.select_one("img.slide-photo") for s in doc.select(".slide"))
    first = doc.select(".slide img")
    assert first[0]["loading"] == "eager" and all(img["loading"] == "lazy" for img in first[1:])
    notices = [a.get_text() for a in doc.select(".home-notices li a")]
    latest = [a.get_text() for a in doc.select(".home-latest li a")]
    assert notices and latest and not set(notices) & set(latest) and not set(slides) & {*notices, *latest}
    headings = [h.get_text() for h in doc.select("main h2.section-title")]
    assert headings == [
        "要闻",
        "通知公告",
        "最新动态",
        "校友服务",
        "即将举行的活动",
        "校友风采",
        "进行中的捐赠项目",
        "校友会分布",
        "栏目新闻",
    ]
    assert doc.select_one(".campus-band .hero-motto")  # the campus photograph follows the news
    blocks = [b.h3.get_text(strip=True) for b in doc.select(".category-block")]
    shown = {*slides, *notices, *latest}
    assert not shown & {a.get_text() for a in doc.select(".category-block .news-title a")}
    assert blocks and all(len(b.select(".news-item")) <= 3 for b in doc.select(".category-block"))
    for thumb in doc.select("img.news-thumb"):
        assert thumb["alt"] == "" and thumb["loading"] == "lazy" and thumb["width"]
    assert doc.find("script", src=re.compile(r"^/theme/js/slides\.[0-9a-f]{10}\.js$"))


def test_news_list_is_paginated_with_chinese_labels(sample_site):
    first = soup(sample_site, "news/index.html")
    assert len(first.select(".news-list .news-item")) == 10
    nav = first.find("nav", class_="pagination")
    assert "第 1 页，共 3 页" in nav.get_text()
    assert nav.find("a", rel="next")["href"] == "/news/page/2/"
    second = soup(sample_site, "news/page/2/index.html")
    assert len(second.select(".news-list .news-item")) == 10
    assert second.find("a", rel="prev")["href"] == "/news/"
    assert "（第2页）" in second.title.get_text()


def test_category_tag_and_year_pages(sample_site):
    category = soup(sample_site, "news/category/lectures/index.html")
    assert category.h1.get_text() == "校友大讲堂"
    assert len(category.select(".news-item")) == 7
    assert category.select_one('.category-nav a[aria-current="page"]').get_text() == "校友大讲堂"
    tag = soup(sample_site, "news/tag/di-fang-xiao-you-hui/index.html")
    assert tag.h1.get_text() == "标签：地方校友会" and len(tag.select(".news-item")) == 7
    year = soup(sample_site, "news/2024/index.html")
    assert year.h1.get_text() == "2024年新闻" and len(year.select(".news-item")) == 7
    assert [a.get_text(strip=True) for a in year.select(".year-nav a")][0] == "2026年（9篇）"


def test_drafts_appear_nowhere(sample_site):
    assert "寒假校友联谊会" in (SAMPLE_CONTENT / "news/2026/draft-winter-reunion.md").read_text()
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".txt"}:
            assert "寒假校友联谊会" not in path.read_text(encoding="utf-8"), path
    assert not list(sample_site.rglob("*winter*")) and not (sample_site / "drafts").exists()


def test_footer_from_settings_omits_empty_filing_numbers(sample_site):
    footer = soup(sample_site, "index.html").footer
    assert "潍坊学院校友会" in footer.get_text() and "xiaoyou@example.edu.cn" in footer.get_text()
    assert footer.find(class_="footer-beian") is None  # ICP/公安备案号 unset in the sample


def test_footer_shows_filing_numbers_when_set(tmp_path):
    """A settings change shown on every page: built from the small tree (:mod:`tests.small_site`)."""
    from tests.small_site import make_small_content
    from wfu.build import build, load_settings

    settings = load_settings(PATH=str(make_small_content(tmp_path / "content")))
    footer = dict(
        settings["FOOTER"], icp="鲁ICP备00000000号-1（示例）", police="鲁公网安备 00000000000000号（示例）"
    )
    build(dict(settings, FOOTER=footer), str(tmp_path / "out"))
    beian = soup(tmp_path / "out", "index.html").select_one(".footer-beian").get_text(" ", strip=True)
    assert beian == "鲁ICP备00000000号-1（示例） 鲁公网安备 00000000000000号（示例）"
    assert (
        soup(tmp_path / "out", "index.html").select_one(".footer-beian a")["href"]
        == "https://beian.miit.gov.cn/"
    )


def test_404_and_robots(sample_site, published_site):
    doc = soup(sample_site, "404.html")
    assert doc.h1.get_text() == "抱歉，页面不存在"
    robots = (published_site / "robots.txt").read_text()
    assert "User-agent: *" in robots and "Sitemap: https://xiaoyou.wfu.edu.cn/sitemap.xml" in robots


def test_sitemap_lists_every_article_and_no_draft(published_site):
    tree = ElementTree.parse(published_site / "sitemap.xml")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {loc.text for loc in tree.iter(f"{namespace}loc")}
    assert "https://xiaoyou.wfu.edu.cn/news/2022/xiao-you-gong-zuo-shi-shi-yi-jian/" in locs
    assert len([u for u in locs if re.search(r"/news/20\d\d/[a-z0-9-]+/$", u)]) == 29
    assert not any("404" in u or "robots" in u for u in locs)


@pytest.mark.parametrize(
    "feed",
    [
        "news/feed.atom.xml",
        "news/feed.rss.xml",
        "news/category/lectures/feed.atom.xml",
        "news/category/lectures/feed.rss.xml",
    ],
)
def test_feeds_are_valid_with_absolute_urls(published_site, feed):
    parsed = feedparser.parse((published_site / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link.startswith("https://xiaoyou.wfu.edu.cn/news/")
        assert entry.title and "寒假" not in entry.title
    if "category/lectures" in feed:
        assert len(parsed.entries) == 7


def test_dev_and_publish_urls_with_fingerprinted_assets(sample_site, published_site):
    dev = soup(sample_site, POLICY).find("link", rel="stylesheet")["href"]
    pub = soup(published_site, POLICY).find("link", rel="stylesheet")["href"]
    assert re.fullmatch(r"/theme/css/site\.[0-9a-f]{10}\.css", dev)
    assert pub == "https://xiaoyou.wfu.edu.cn" + dev
    from plugins.assets.model import published_bytes

    source = (ROOT / "theme/static/css/site.css").read_bytes()
    assert (sample_site / dev.lstrip("/")).read_bytes() == published_bytes("css/site.css", source)  # minified
    assert len(published_bytes("css/site.css", source)) < 0.9 * len(source)
    script = soup(sample_site, "achievements/index.html").find("script")["src"]
    assert re.fullmatch(r"/theme/js/achievements-filter\.[0-9a-f]{10}\.js", script)


def test_summary_is_cut_by_characters_for_chinese(sample_site):
    doc = soup(sample_site, "news/index.html")
    for summary in doc.select(".news-summary"):
        assert len(summary.get_text()) <= 111
