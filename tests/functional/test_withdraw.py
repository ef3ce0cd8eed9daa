"""撤稿 (``status: withdrawn``): the fixture's withdrawn event article, in the shared builds.

The article (tests/fixtures/content/news/2024/withdrawn-meeting.md) was
published once (its URLs are in the fixture's urls.lock); withdrawn, it must
leave every list, feed, calendar, search index, sitemap and export, while
its page, API document and calendar keep answering without its text.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bs4 import BeautifulSoup

from plugins.api.model import withdrawn_document
from tests.conftest import FIXTURE_LOCK, SAMPLE_CONTENT

SLUG = "withdrawn-meeting"
PAGE = f"news/2024/{SLUG}/"
DOCUMENT = f"api/v1/news/2024/{SLUG}.json"
CALENDAR = f"events/2024/{SLUG}.ics"
TEXTS = ("撤稿测试", "撤稿正文", "行政楼第一会议室")  # its title, body and venue
SITE = "https://xiaoyou.wfu.edu.cn"


def readable(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def files_mentioning(site: Path, needles: tuple[str, ...]) -> set[str]:
    """Every built file (search index fragments and .gz copies decompressed) containing a needle."""
    found = set()
    for path in site.rglob("*"):
        if path.is_file() and not path.name.endswith(".br"):
            text = readable(path)
            if any(needle in text for needle in needles):
                found.add(str(path.relative_to(site)).removesuffix(".gz"))
    return found


def test_the_fixture_article_is_withdrawn_and_was_published():
    text = (SAMPLE_CONTENT / "news/2024/withdrawn-meeting.md").read_text(encoding="utf-8")
    assert "status: withdrawn" in text
    lock = FIXTURE_LOCK.read_text(encoding="utf-8").split()
    assert {f"/{PAGE}", f"/{DOCUMENT}", f"/{CALENDAR}"} <= set(lock)


def test_its_text_is_in_no_output_file(published_site, sample_site):
    for site in (published_site, sample_site):
        assert files_mentioning(site, TEXTS) == set(), site


def test_only_the_url_list_the_nginx_map_and_the_tombstone_name_it(published_site):
    assert files_mentioning(published_site, (SLUG,)) == {"urls.txt", "redirects.nginx.conf", DOCUMENT}
    for name in ("sitemap.xml", "news/feed.atom.xml", "news/feed.rss.xml", "events/calendar.ics"):
        assert SLUG not in (published_site / name).read_text(encoding="utf-8"), name
    assert not (published_site / "wechat" / "2024" / SLUG).exists()


def test_its_page_is_the_withdrawal_notice(published_site, sample_site):
    for site in (published_site, sample_site):
        notice = (site / PAGE / "index.html").read_bytes()
        assert notice == (site / "410.html").read_bytes()
        page = BeautifulSoup(notice, "html.parser")
        assert page.find("h1").get_text() == "这篇文章已撤稿"
        assert "noindex" in page.find("meta", attrs={"name": "robots"})["content"]
        assert page.find(attrs={"data-pagefind-body": True}) is None  # never searchable
    urls = (published_site / "urls.txt").read_text(encoding="utf-8").split()
    assert f"/{PAGE}" in urls and "/410.html" in urls  # still a public, locked URL
    assert "410.html" not in (published_site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_nginx_map_answers_410_for_both_spellings(published_site):
    conf = (published_site / "redirects.nginx.conf").read_text(encoding="utf-8")
    gone = conf[conf.index("map $uri $wfu_gone {") :]
    assert f"    /{PAGE} 1;\n" in gone and f"    /{PAGE}index.html 1;\n" in gone
    assert "    /news/2022/policy/ " not in gone  # redirects are not gone


def test_its_api_document_is_a_tombstone(published_site):
    document = json.loads((published_site / DOCUMENT).read_text(encoding="utf-8"))
    assert document == withdrawn_document(f"2024/{SLUG}", f"{SITE}/{PAGE}", "v1")
    assert document["withdrawn"] is True and "body_html" not in document and "title" not in document
    news = json.loads((published_site / "api/v1/news/index.json").read_text(encoding="utf-8"))
    assert f"2024/{SLUG}" not in {item["id"] for item in news["items"]}


def test_its_calendar_is_empty(published_site):
    calendar = (published_site / CALENDAR).read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" not in calendar
