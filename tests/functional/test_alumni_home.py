"""校友之家 in the built sample site: the object gallery, memories, privacy."""

from __future__ import annotations

from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import SAMPLE_CONTENT
from tests.site_errors import load_errors, reported


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_gallery_shows_every_in_kind_gift_with_a_photo(sample_site):
    doc = soup(sample_site, "alumni-home/index.html")
    cards = doc.select(".object-card")
    assert len(cards) == 6
    first = cards[0]
    assert first.select_one(".object-item").get_text() == "油画《白浪河畔》一幅"
    assert first.select_one(".object-location").get_text() == "陈列地点：图书馆一楼大厅"
    assert first.select_one(".object-certificate").get_text() == "捐赠证书：WFU-JZ-2025-009（示例）"
    assert first.select_one(".object-project a")["href"] == "/donate/projects/teacher-fund/"
    img = first.select_one("img")
    assert (
        img["alt"] == "描绘白浪河畔校园的油画（示例图片）"
        and (sample_site / img["src"].lstrip("/")).is_file()
    )


def test_anonymous_donor_of_an_object_stays_anonymous_everywhere(sample_site):
    doc = soup(sample_site, "alumni-home/index.html")
    typewriter = next(c for c in doc.select(".object-card") if "打字机" in c.get_text())
    assert typewriter.select_one(".object-donor").get_text().startswith("匿名人士捐赠")
    leaked = [p for p in sample_site.rglob("*") if p.is_file() and "欧阳先生".encode() in p.read_bytes()]
    assert leaked == []


def test_object_and_memory_photos_are_processed_and_originals_stay_private(sample_site):
    for folder in ("gifts", "memories"):
        assert not (sample_site / "images" / folder).exists()
    doc = soup(sample_site, "alumni-home/memories/library-1985/index.html")
    for source in doc.select(".memory-photo img"):
        with Image.open(sample_site / source["src"].lstrip("/")) as image:
            assert len(image.getexif()) == 0 and "exif" not in image.info


def test_memories_grouped_by_decade_and_college(sample_site):
    doc = soup(sample_site, "alumni-home/index.html")
    assert [h.get_text() for h in doc.select(".decade-title")] == [
        "1960年代",
        "1970年代",
        "1980年代",
        "1990年代",
        "2000年代",
    ]
    assert len(doc.select(".memory-card")) == 8 == len(list((SAMPLE_CONTENT / "memories").glob("*.md")))
    chips = {a.get_text(strip=True): a["href"] for a in doc.select(".chip-list a")}
    assert chips["1980年代（2）"] == "/alumni-home/decade/1980/"
    assert chips["计算机工程学院（1）"] == "/alumni-home/college/cs/"
    decade = soup(sample_site, "alumni-home/decade/1980/index.html")
    assert [a["href"] for a in decade.select(".memory-card-link")] == [
        "/alumni-home/memories/canteen-1988/",
        "/alumni-home/memories/library-1985/",
    ]


def test_memory_page_shows_author_decade_college_and_photo_caption(sample_site):
    doc = soup(sample_site, "alumni-home/memories/library-1985/index.html")
    meta = doc.select_one(".article-meta")
    assert "韩秀兰（示例人物）（1987届）" in meta.get_text()
    assert meta.find("a", href="/alumni-home/decade/1980/") and meta.find("a", href="/colleges/lit/")
    assert (
        doc.select_one(".memory-photo figcaption").get_text()
        == "八十年代的老图书馆外景（示例图片），摄于1985年"
    )
    assert "consent" not in doc.decode()


def test_menu_links_the_alumni_home(sample_site):
    assert (
        soup(sample_site, "index.html").select_one('.site-nav a[href="/alumni-home/"]').get_text()
        == "校友之家"
    )


def test_memory_and_gift_mistakes_are_reported_at_their_lines(content_copy):
    memory = content_copy / "memories" / "library-1985.md"
    memory.write_text(
        memory.read_text(encoding="utf-8").replace("consent: true", "consent: 同意"), encoding="utf-8"
    )
    gifts = content_copy / "donors" / "gifts" / "2025.yml"
    text = gifts.read_text(encoding="utf-8").replace(
        "images/gifts/radio-sample.jpg", "images/gifts/radio.jpg"
    )
    gifts.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "images/gifts/radio.jpg" in row)
    printed = reported(load_errors(content_copy))
    assert "content/memories/library-1985.md:8: " in printed and "[missing-consent]" in printed
    assert f"content/donors/gifts/2025.yml:{line}: 找不到图片文件" in printed
