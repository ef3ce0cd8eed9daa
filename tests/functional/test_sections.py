"""College columns and alumni achievements in the built sample site."""

from __future__ import annotations

import re

import feedparser
from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import SAMPLE_CONTENT


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_colleges_index_lists_every_college_by_order_with_counts(sample_site):
    doc = soup(sample_site, "colleges/index.html")
    cards = doc.select(".college-card")
    assert len(cards) == 8 == len(list((SAMPLE_CONTENT / "colleges").glob("*.md")))
    assert [c.select_one(".college-name").get_text() for c in cards][:3] == [
        "计算机工程学院",
        "经济管理学院",
        "教师教育学院",
    ]
    assert cards[0]["href"] == "/colleges/cs/"
    assert cards[0].select_one(".college-counts").get_text() == "新闻 2 篇 · 校友风采 1 位 · 捐赠项目 1 个"
    assert cards[1].select_one(".college-counts").get_text() == "新闻 1 篇 · 校友风采 2 位"  # no zero counts


def test_college_column(sample_site):
    doc = soup(sample_site, "colleges/cs/index.html")
    assert doc.h1.get_text(" ", strip=True) == "计算机工程学院 校友工作专栏"
    assert "计算机科学与技术" in doc.select_one(".college-intro").get_text()
    contacts = doc.select_one(".contact-list").get_text(" ", strip=True)
    assert "计算机工程学院办公室" in contacts and "0536-878xxxx" in contacts
    assert doc.select_one('.contact-list a[href^="mailto:"]')["href"] == "mailto:cs-xiaoyou@example.edu.cn"
    news = [a["href"] for a in doc.select(".news-title a")]
    assert news == [
        "/news/2023/2003-jie-xiao-you-bi-ye-er-shi-zhou-nian-fan-xiao-ju-hui/",
        "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/",
    ]
    assert doc.find("a", href="/colleges/cs/news/") and doc.find(
        "a", href="http://127.0.0.1:8000/colleges/cs/feed.atom.xml"
    )
    assert [a["href"] for a in doc.select(".profile-card-link")] == ["/achievements/ai-platform-founder/"]


def test_college_news_page_and_feed(sample_site, published_site):
    doc = soup(sample_site, "colleges/cs/news/index.html")
    assert doc.h1.get_text() == "计算机工程学院校友新闻"
    assert len(doc.select(".news-item")) == 2
    assert [a.get_text() for a in doc.select(".breadcrumbs a")] == ["首页", "学院专栏", "计算机工程学院"]
    feed = feedparser.parse((published_site / "colleges/cs/feed.atom.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "潍坊学院校友会 - 计算机工程学院校友新闻"
    assert [e.link for e in feed.entries] == [
        "https://xiaoyou.wfu.edu.cn/news/2023/2003-jie-xiao-you-bi-ye-er-shi-zhou-nian-fan-xiao-ju-hui/",
        "https://xiaoyou.wfu.edu.cn/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/",
    ]
    # a college without news has an (empty) column page but no feed to subscribe to
    assert (sample_site / "colleges/art/news/index.html").exists()
    assert not (sample_site / "colleges/art/feed.atom.xml").exists()


def test_news_article_links_to_its_college(sample_site):
    doc = soup(
        sample_site, "news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/index.html"
    )
    link = doc.select_one('.article-meta a[href="/colleges/cs/"]')
    assert link and link.get_text() == "计算机工程学院"
    # college news also stays in the main news stream
    assert "校友大讲堂第一讲" in soup(sample_site, "news/category/lectures/index.html").get_text()


def test_achievements_index_with_groupings(sample_site):
    doc = soup(sample_site, "achievements/index.html")
    cards = doc.select("#profile-grid .profile-card")
    assert len(cards) == 10
    first_three = [c.select_one(".profile-card-title").get_text() for c in cards[:3]]
    assert all(c.select_one(".badge") for c in cards[:3]) and not cards[3].select_one(".badge")
    assert "扎根乡村三十年的特级教师" in first_three
    links = {a["href"] for a in doc.select(".filter-panel .browse a, a.badge-link")}
    assert {
        "/achievements/distinguished/",
        "/achievements/field/education/",
        "/achievements/college/cs/",
        "/achievements/decade/1990/",
    } <= links
    form = doc.find("form", id="profile-filter")
    assert form.has_attr("hidden")  # shown by the script only
    assert doc.find("script", src=re.compile(r"^/theme/js/achievements-filter\.[0-9a-f]{10}\.js$"))
    assert cards[0]["data-field"] and cards[0]["data-college"] and cards[0]["data-decade"]


def test_grouping_pages_are_plain_html(sample_site):
    field = soup(sample_site, "achievements/field/technology/index.html")
    assert field.h1.get_text() == "领域：科技"
    assert sorted(a["href"] for a in field.select(".profile-card-link")) == [
        "/achievements/ai-platform-founder/",
        "/achievements/seed-scientist/",
    ]
    college = soup(sample_site, "achievements/college/econ/index.html")
    assert len(college.select(".profile-card")) == 2 and college.find("a", href="/colleges/econ/")
    decade = soup(sample_site, "achievements/decade/1980/index.html")
    assert decade.h1.get_text() == "届别：1980—1989届" and len(decade.select(".profile-card")) == 1
    distinguished = soup(sample_site, "achievements/distinguished/index.html")
    assert distinguished.h1.get_text() == "杰出校友" and len(distinguished.select(".profile-card")) == 3
    assert not distinguished.find("script")


def test_profile_page(sample_site):
    doc = soup(sample_site, "achievements/ai-platform-founder/index.html")
    assert doc.h1.get_text() == "带领团队研发工业智能平台"
    meta = doc.select_one(".article-meta").get_text(" ", strip=True)
    assert "李明（示例人物）" in meta and "2006届" in meta and "杰出校友" in meta
    assert doc.select_one('.article-meta a[href="/colleges/cs/"]').get_text() == "计算机工程学院"
    assert doc.select_one('.article-meta a[href="/achievements/field/technology/"]')
    assert [li.get_text() for li in doc.select(".honours li")] == ["省级科技进步二等奖"]
    source = doc.select_one(".profile-photo source")
    img = doc.select_one(".profile-photo img")
    assert source["type"] == "image/webp" and source["srcset"].count("w,") == 2
    assert (
        img["alt"] == "李明（示例人物）的肖像（示意图）" and img["width"] == "800" and img["height"] == "1000"
    )
    assert img["sizes"] and img["srcset"].endswith("800w")
    for candidate in img["srcset"].split(", ") + source["srcset"].split(", "):
        assert (sample_site / candidate.split()[0].lstrip("/")).is_file()


def test_profiles_without_photo_and_drafts(sample_site):
    doc = soup(sample_site, "achievements/volunteer-teacher/index.html")
    assert doc.select_one(".profile-photo") is None
    card = soup(sample_site, "achievements/index.html").select_one(
        'a[href="/achievements/volunteer-teacher/"]'
    )
    assert card.select_one(".profile-initial").get_text() == "郑"


def test_published_photos_carry_no_metadata_and_originals_stay_private(sample_site):
    photos = sorted((sample_site / "photos").iterdir())
    # 9 profile photos x (320, 640, 800/1024) + the hero photograph x (640, 1024, 1600)
    # + 6 distinct news covers x (240, 480, 800, 1200) + 8 enterprise logos x (160, 320)
    # + 6 donated-object and 8 memory photos x (320, 640, 1024)
    # + the president's photo x (240, 480), 6 album photos x (320, 640, 1280), 1 magazine cover x (240, 480)
    # + 1 video poster x (320, 640: it is 640 pixels wide) (issue 24); each webp + jpeg
    assert len(photos) == (9 * 3 + 3 + 6 * 4 + 8 * 2 + (6 + 8) * 3 + 2 + 6 * 3 + 2 + 2) * 2
    for photo in photos:
        with Image.open(photo) as image:
            assert len(image.getexif()) == 0 and "exif" not in image.info
    assert not (sample_site / "images" / "alumni").exists()
    originals = {p.name for p in (SAMPLE_CONTENT / "images" / "alumni").iterdir()}
    published = {p.name for p in sample_site.rglob("*") if p.is_file()}
    assert not originals & published


def test_menu_has_the_new_sections_and_home_links_them(sample_site):
    doc = soup(sample_site, "index.html")
    nav = [a["href"] for a in doc.select(".site-nav-wide a")]
    assert nav == [
        "/",
        "/news/",
        "/events/",
        "/services/",
        "/colleges/",
        "/achievements/",
        "/associations/",
        "/honours/",
        "/donate/",
        "/enterprises/",
        "/jobs/",
        "/alumni-home/",
        "/albums/",
        "/magazine/",
        "/about/",
    ]
    portal = [a["href"] for a in doc.select("main a")]
    assert "/achievements/" in portal and "/associations/map/" in portal and "/donate/" in portal


def test_sitemap_includes_the_new_sections(published_site):
    sitemap = (published_site / "sitemap.xml").read_text()
    for url in (
        "/colleges/",
        "/colleges/cs/",
        "/colleges/cs/news/",
        "/achievements/",
        "/achievements/ai-platform-founder/",
        "/achievements/field/technology/",
        "/achievements/distinguished/",
    ):
        assert f"<loc>https://xiaoyou.wfu.edu.cn{url}</loc>" in sitemap, url
