"""WeChat landing metadata and the 公众号 export, over the published sample site."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import run_build
from tests.small_site import ARTICLE, make_small_content

SITE = "https://xiaoyou.wfu.edu.cn"
GUIDE = "news/2026/wang-zhan-shi-yong-shuo-ming/"
FOREST = "news/2024/bai-ming-xiao-you-fan-xiao-gong-zhi-xiao-you-lin/"


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def local(site, url: str):
    assert url.startswith(SITE + "/"), url
    return site / urlparse(url).path.lstrip("/")


def exports(site):
    return sorted((site / "wechat").glob("20*/*/content.html"))


def test_landing_metadata_on_every_article(published_site):
    articles = [
        p
        for p in published_site.glob("news/20*/*/index.html")
        if "refresh" not in p.read_text() and "这篇文章已撤稿" not in p.read_text()  # 撤稿: test_withdraw.py
    ]
    assert len(articles) == 29
    for page in articles:
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        url = SITE + "/" + str(page.parent.relative_to(published_site)) + "/"
        assert doc.find("link", rel="canonical")["href"] == url
        og = {m["property"]: m["content"] for m in doc.find_all("meta", property=True)}
        assert og["og:type"] == "article" and og["og:url"] == url and og["og:title"] == doc.h1.get_text()
        assert doc.title.get_text().startswith(og["og:title"])
        image = local(published_site, og["og:image"])
        with Image.open(image) as img:
            assert (
                img.size == (int(og["og:image:width"]), int(og["og:image:height"])) and min(img.size) >= 300
            )
        data = json.loads(doc.find("script", type="application/ld+json").string)
        assert data["@type"] == "NewsArticle" and data["url"] == url and data["headline"] == og["og:title"]
        assert doc.find("meta", attrs={"name": "description"})["content"]


def test_cover_square_is_the_og_image_and_default_is_used_without_cover(published_site):
    forest = soup(published_site, FOREST + "index.html")
    og = forest.find("meta", property="og:image")["content"]
    assert re.fullmatch(SITE + r"/covers/[0-9a-f]{16}-500x500\.jpg", og)
    plain = soup(published_site, "news/2024/wei-fang-xue-yuan-ji-nan-xiao-you-hui-cheng-li/index.html")
    assert plain.find("meta", property="og:image")["content"] == SITE + "/images/wechat/og-default.png"


def test_after_article_block_and_desktop_qr(published_site):
    doc = soup(published_site, GUIDE + "index.html")
    after = doc.select_one(".after-article")
    assert not after.select(".after-sections")  # the menu is not repeated under the article (issue 24)
    account = after.select_one(".account-qr img")
    assert local(published_site, account["src"]).is_file() and account["alt"]
    qr = after.select_one(".article-qr svg")
    assert qr is not None and "desktop-only" in after.select_one(".article-qr")["class"]
    assert SITE + "/" + GUIDE in qr.title.get_text()


def test_every_export_follows_wechat_rules(published_site):
    files = exports(published_site)
    assert len(files) == 29
    for path in files:
        html = path.read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "html.parser")
        assert doc.contents[0].name == "section" and html.count("<section") >= 1
        for name in ("html", "head", "style", "link", "script", "iframe", "h1"):
            assert doc.find(name) is None, (path, name)
        for tag in doc.find_all(True):
            assert not [a for a in tag.attrs if a in ("class", "id") or a.startswith("data-")], (
                path,
                tag.name,
            )
        for link in doc.find_all("a"):
            assert urlparse(link["href"]).hostname == "mp.weixin.qq.com", (path, link)
        for img in doc.find_all("img"):
            assert img["src"].startswith(SITE + "/") and img["src"].endswith((".jpg", ".png"))
            target = local(published_site, img["src"])
            assert target.stat().st_size < 1_000_000
            with Image.open(target) as image:
                assert image.format in ("JPEG", "PNG") and image.width <= 1080
            assert "max-width: 100%" in img["style"]
        assert len(html) < 20000


def test_guide_export_references_and_lists(published_site):
    doc = soup(published_site, "wechat/" + GUIDE.removeprefix("news/") + "content.html")
    assert [a["href"] for a in doc.find_all("a")] == ["https://mp.weixin.qq.com/s/sample-history"]
    sups = [s.get_text() for s in doc.find_all("sup")]
    assert sups == ["[1]", "[2]", "[1]"]  # the official site is cited twice, numbered once
    refs = [p.get_text() for p in doc.find_all("p") if p.get_text().startswith("[")]
    assert refs == ["[1] https://www.wfu.edu.cn/", "[2] https://zs.wfu.edu.cn/"]
    assert doc.find("ul") is None and any(p.get_text().startswith("◦ ") for p in doc.find_all("p"))
    assert doc.find("table").parent.name == "section"


def test_meta_json_and_covers(published_site):
    for path in exports(published_site):
        meta = json.loads((path.parent / "meta.json").read_text(encoding="utf-8"))
        assert set(meta) == {"title", "digest", "author", "content_source_url", "covers"}
        assert len(meta["title"]) <= 64 and len(meta["digest"]) <= 120 and meta["author"]
        year, slug = path.parent.parts[-2:]
        assert meta["content_source_url"] == f"{SITE}/news/{year}/{slug}/"
        for key, size in (("headline_900x383", (900, 383)), ("square_500x500", (500, 500))):
            with Image.open(local(published_site, meta["covers"][key])) as image:
                assert image.size == size and image.format == "JPEG"


def test_cover_focus_moves_the_crop(tmp_path, published_site):
    """One build with the focus at the left edge against the shared build (default focus: the centre).

    The cover is landscape (1200x675), so the square crop can only move sideways: the pixels
    are compared, not only the file names (which carry the focus whether or not the crop moved).
    A crop is made from the cover's bytes and its focus alone: the small content tree (the same
    article and cover, :mod:`tests.small_site`) shows it for a fraction of the fixture site's
    build, published with an empty URL lock of its own (it has not the fixture's other pages).
    """
    content = make_small_content(tmp_path / "content")
    article = content / ARTICLE
    text = article.read_text(encoding="utf-8")
    assert "cover_focus" not in text  # the shared build crops this cover at the default focus
    article.write_text(text.replace("author:", "cover_focus: [0.0, 0.5]\nauthor:"), encoding="utf-8")
    out, lock = tmp_path / "left", tmp_path / "urls.lock"
    lock.write_text("", encoding="utf-8")
    built = run_build(content, out, "build", "--publish", "--lock", str(lock))
    assert built.returncode == 0, built.stderr
    crops = []
    for site in (published_site, out):
        meta = json.loads((site / "wechat" / FOREST.removeprefix("news/") / "meta.json").read_text())
        crops.append(local(site, meta["covers"]["square_500x500"]).read_bytes())
    assert crops[0] != crops[1]


def test_preview_page_is_for_editors_only(published_site):
    doc = soup(published_site, "wechat/index.html")
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    items = doc.select(".wechat-item")
    assert len(items) == 29 and all(i.select_one("button.copy-content") for i in items)
    for item in items:
        assert local(published_site, item["data-content"]).is_file()
    assert "/wechat/" not in (published_site / "sitemap.xml").read_text()
    assert not any(u.startswith("/wechat/") for u in (published_site / "urls.txt").read_text().splitlines())
    assert "/wechat/" not in (published_site / "news/feed.atom.xml").read_text()


def test_preview_groups_by_month_with_thumbnails(sample_site):
    doc = soup(sample_site, "wechat/index.html")
    months = doc.select("section.wechat-month")
    labels = [m.h2.get_text() for m in months]
    assert labels and all(re.fullmatch(r"20\d\d年\d{1,2}月", label) for label in labels)
    assert len(labels) == len(set(labels))
    for month in months:
        for item in month.select(".wechat-item"):
            assert month.h2.get_text() == "{}年{}月".format(*map(int, item.time["datetime"][:7].split("-")))
    thumbs = doc.select("img.wechat-thumb")
    assert thumbs and all((sample_site / t["src"].lstrip("/")).is_file() for t in thumbs)
    assert doc.select_one(".wechat-filter input[type=search]")


def test_dev_preview_offers_the_public_read_more_link(sample_site, published_site):
    """A preview build exports the configured public address (SITE_PUBLIC_URL), never 127.0.0.1."""
    dev = soup(sample_site, "wechat/index.html")
    assert "先发布到网站" in dev.select_one(".wechat-dev-warning").get_text()
    for item in dev.select(".wechat-item"):
        read_more = [
            dd
            for dt, dd in zip(item.select("dt"), item.select("dd"), strict=True)
            if dt.get_text() == "阅读原文"
        ][0]
        assert read_more.find("button") and "https://xiaoyou.wfu.edu.cn/news/" in read_more.get_text()
    published = soup(published_site, "wechat/index.html")
    assert published.select_one(".wechat-dev-warning") is None
    for item in published.select(".wechat-item"):
        read_more = [
            dd
            for dt, dd in zip(item.select("dt"), item.select("dd"), strict=True)
            if dt.get_text() == "阅读原文"
        ][0]
        assert read_more.find("button", class_="copy-field")
        assert read_more.select_one(".field").get_text().startswith("https://xiaoyou.wfu.edu.cn/news/")
