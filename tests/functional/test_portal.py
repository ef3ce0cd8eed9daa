"""The portal sections of issue 24 in the shared fixture build: 校友服务, giving, media, about."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

SERVICES = ["信息登记", "返校预约", "校友卡", "校友邮箱", "证明查询", "终身学习", "招聘"]


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_services_page_and_home_grid_link_every_configured_entry(sample_site):
    page = soup(sample_site, "services/index.html")
    entries = page.select(".service-grid a.service-entry")
    assert [a.select_one(".service-name").get_text() for a in entries] == SERVICES
    hrefs = {a.select_one(".service-name").get_text(): a["href"] for a in entries}
    assert hrefs["招聘"] == "/jobs/" and hrefs["信息登记"] == "/about/register/"
    assert hrefs["返校预约"].startswith("https://")
    for a in entries:
        icon = a.select_one("img.service-icon")
        assert icon["alt"] == "" and re.fullmatch(
            r"/theme/img/services/[a-z]+\.[0-9a-f]{10}\.svg", icon["src"]
        )
        assert (sample_site / icon["src"].lstrip("/")).is_file()  # self-hosted
        if a["href"].startswith("https://"):
            assert a["rel"] == ["external", "noopener"]
        else:
            assert (sample_site / a["href"].lstrip("/") / "index.html").is_file()  # a page of this site
    home = soup(sample_site, "index.html")
    grid = [a.get_text(strip=True) for a in home.select(".home-services a.service-entry")]
    assert grid == SERVICES
    assert home.select_one(".home-services .more a")["href"] == "/services/"


def test_open_projects_can_be_given_to_from_the_page(sample_site):
    page = soup(sample_site, "donate/projects/scholarship/index.html")
    give = page.select_one("section.give")
    amounts = [s.get_text() for s in give.select(".give-amount span")]
    assert amounts == ["100 元", "500 元", "1,000 元", "5,000 元"]  # DONATIONS['preset_amounts']
    codes = give.select(".give-code")
    assert [c.figcaption.strong.get_text() for c in codes] == ["微信支付", "支付宝"]
    for img in give.select("img.qr"):
        assert (
            img["alt"] and (sample_site / img["src"].lstrip("/")).is_file()
        )  # published by the image intake
    assert "校友捐赠+校友励学助学金" in give.get_text()  # the remark names the project
    assert [dt.get_text() for dt in give.select("dt")] == ["户名", "开户行", "账号", "附言"]
    after = give.select(".give-after li")
    assert [li.strong.get_text() for li in after[:2]] == ["捐赠票据：", "捐赠证书："]
    assert [f["action"] for f in page.find_all("form")] == ["/search/"]  # the site collects nothing
    assert give.find("form") is None and not give.select("input[type=text], input[type=tel], textarea")
    own = soup(sample_site, "donate/projects/cs-lab/index.html").select(".give-amount span")
    assert [s.get_text() for s in own] == ["200 元", "1,000 元", "2,000 元", "10,000 元"]  # amounts:
    assert soup(sample_site, "donate/projects/library/index.html").select_one(".give") is None  # closed


def test_payment_codes_lose_their_metadata_like_every_published_image(sample_site):
    from PIL import Image

    for name in ("wechat-pay-sample.png", "alipay-sample.png"):
        with Image.open(sample_site / "images" / "donate" / name) as image:
            assert not image.info.keys() - {"dpi"}, image.info  # re-encoded by the image intake


def test_president_message_with_photo_and_milestones(sample_site):
    page = soup(sample_site, "about/message/index.html")
    assert page.select_one("h1").get_text() == "会长致辞"
    img = page.select_one("img.president-photo")
    assert img["alt"].startswith("校友会会长") and img["loading"] == "eager"
    assert page.select_one(".president source")["type"] == "image/webp"
    for url in re.findall(r"(/photos/\S+)", img["srcset"]):
        assert (sample_site / url.lstrip("/")).is_file()  # derivatives, without EXIF
    assert "images/alumni" not in str(page)  # the original is never published
    assert page.select_one(".article-body p").get_text() == "亲爱的校友们："
    timeline = soup(sample_site, "about/milestones/index.html").select(".timeline-item")
    dates = [item.time["datetime"] for item in timeline]
    assert dates == sorted(dates) and dates[0] == "1951" and "2012-10-20" in dates
    about = [a["href"] for a in soup(sample_site, "about/index.html").select(".about-list a")]
    assert about[:2] == ["/about/message/", "/about/milestones/"]


@pytest.mark.parametrize("path", ["index.html", "about/index.html", "services/index.html"])
def test_footer_shows_the_official_accounts(sample_site, path):
    from PIL import Image

    row = soup(sample_site, path).select(".footer-accounts li")
    assert [li.span.get_text() for li in row] == ["微信公众号", "视频号", "微博"]
    for img in (li.img for li in row):
        assert img["alt"].endswith("二维码（示例）") and img["loading"] == "lazy"
        with Image.open(sample_site / img["src"].lstrip("/")) as image:  # published by the image intake
            assert not image.info.keys() - {"dpi"}


def test_album_links_each_photo_to_its_large_derivative(sample_site):
    page = soup(sample_site, "albums/homecoming-2026/index.html")
    links = page.select(".album-grid a.lightbox-link")
    assert len(links) == 6
    for link in links:
        assert re.fullmatch(r"/photos/[0-9a-f]+-\d+\.jpg", link["href"])
        assert (sample_site / link["href"].lstrip("/")).is_file()  # the no-JS view: a plain image link
        assert link.img["alt"] and link.select_one("source")["type"] == "image/webp"
    assert page.select_one("dialog.lightbox") and "images/memories" not in str(page)
    index = soup(sample_site, "albums/index.html")
    assert [a["href"] for a in index.select(".album-card a")] == ["/albums/homecoming-2026/"]
    assert "/albums/" in [a["href"] for a in soup(sample_site, "about/index.html").select(".about-list a")]


def test_album_video_is_self_hosted_with_poster_captions_and_no_phone_metadata(sample_site):
    """The fixture's MP4 carries a GPS position, a creation time and a device (tools/make_sample_video.py)."""
    from plugins.common.videometa import unexpected_metadata, video_metadata
    from tests.conftest import SAMPLE_CONTENT

    source = SAMPLE_CONTENT / "files" / "videos" / "campus-sample.mp4"
    assert "format:location" in unexpected_metadata(video_metadata(source.read_bytes()))
    page = soup(sample_site, "albums/homecoming-2026/index.html")
    (video,) = page.select(".album-videos video")
    assert video.has_attr("controls") and video.has_attr("playsinline") and not video.has_attr("autoplay")
    assert video["preload"] == "none" and video["aria-label"] == "潍坊学院校友会（示例视频）"
    assert re.fullmatch(r"/photos/[0-9a-f]+-640\.jpg", video["poster"])
    assert (sample_site / video["poster"].lstrip("/")).is_file()
    assert [(s["src"], s["type"]) for s in video.select("source")] == [
        ("/albums/homecoming-2026/video-1.mp4", "video/mp4")
    ]
    (track,) = video.select("track")
    assert (track["kind"], track["srclang"], track["label"], track.has_attr("default")) == (
        "captions",
        "zh-Hans",
        "中文字幕",
        True,
    )
    published = (sample_site / "albums/homecoming-2026/video-1.mp4").read_bytes()
    assert unexpected_metadata(video_metadata(published)) == []
    assert b"119.1000" not in published and b"iPhone" not in published
    captions = sample_site / track["src"].lstrip("/")
    assert captions.read_bytes() == (SAMPLE_CONTENT / "files" / "videos" / "campus-sample.vtt").read_bytes()
    assert not (sample_site / "files").exists()  # content/files/ is never copied as it is
    card = soup(sample_site, "albums/index.html").select_one(".album-card .album-meta").get_text()
    assert "6 张照片" in card and "1 段视频" in card


def test_magazine_archive_serves_the_cleaned_pdf(sample_site):
    import io

    from pypdf import PdfReader

    from tests.conftest import SAMPLE_CONTENT

    index = soup(sample_site, "magazine/index.html")
    assert [a["href"] for a in index.select(".issue-card a")] == ["/magazine/2026-1/"]
    page = soup(sample_site, "magazine/2026-1/index.html")
    assert [li.get_text() for li in page.select(".issue-contents li")][0] == "卷首语：欢迎常回家看看"
    assert page.select_one("img.issue-cover")["alt"].startswith("《潍院校友》")
    link = page.select_one("a[type='application/pdf']")
    assert link["href"] == "/magazine/2026-1/2026-1.pdf"
    published = (sample_site / "magazine/2026-1/2026-1.pdf").read_bytes()
    source = (SAMPLE_CONTENT / "files/magazine/2026-1.pdf").read_bytes()
    assert PdfReader(io.BytesIO(source)).metadata  # Chromium wrote its name and dates …
    assert (
        not PdfReader(io.BytesIO(published)).metadata and b"HeadlessChrome" not in published
    )  # … not published
    assert not (sample_site / "files").exists() and not (sample_site / "images/magazine").exists()
