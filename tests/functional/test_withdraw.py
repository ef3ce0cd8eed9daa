"""撤稿 (``status: withdrawn``): the fixture's withdrawn event article, in the shared builds.

The article (tests/fixtures/content/news/2024/withdrawn-meeting.md) was
published once (its URLs are in the fixture's urls.lock); withdrawn, it must
leave every list, feed, calendar, search index, sitemap and export, while
its page, API document and calendar keep answering without its text.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from plugins.api.model import withdrawn_document
from tests.conftest import FIXTURE_LOCK, SAMPLE_CONTENT, run_build
from wfu.build import load_settings
from wfu.withdraw import withdraw

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
    assert f'    "/{PAGE}" 1;\n' in gone and f'    "/{PAGE}index.html" 1;\n' in gone
    assert '    "/news/2022/policy/" ' not in gone  # redirects are not gone


def test_its_api_document_is_a_tombstone(published_site):
    document = json.loads((published_site / DOCUMENT).read_text(encoding="utf-8"))
    assert document == withdrawn_document(f"2024/{SLUG}", f"{SITE}/{PAGE}", "v1")
    assert document["withdrawn"] is True and "body_html" not in document and "title" not in document
    news = json.loads((published_site / "api/v1/news/index.json").read_text(encoding="utf-8"))
    assert f"2024/{SLUG}" not in {item["id"] for item in news["items"]}


def test_its_calendar_is_empty(published_site):
    calendar = (published_site / CALENDAR).read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" not in calendar


# ---------------------------------------------------------------- an editor's day: withdraw, delete, publish

WITHDRAWN = "/news/2024/guan-yu-zheng-ji-xiao-you-feng-cai-cai-liao-de-tong-zhi/"  # call-for-stories.md
DELETED = "da-jiang-tang-di-er-jiang-yu-gao"  # lecture-2-notice.md: an event, with its calendar
ADVICE = re.compile(r"（from: (\S+)，to: 新网址）")


def test_every_lock_message_gives_advice_the_next_build_accepts(content_copy, tmp_path):
    """Withdraw one article and delete another; follow each message to the letter; publish passes.

    The rule for every locked URL kind (page, API document, feed, calendar): a
    message never asks for a fix the build then refuses.  Each message must
    carry a redirect the redirect file accepts; following all of them must be
    enough.
    """
    lock = tmp_path / "urls.lock"
    shutil.copy(FIXTURE_LOCK, lock)
    path, url = withdraw("2024/guan-yu-zheng-ji-xiao-you-feng-cai-cai-liao-de-tong-zhi",
                         load_settings(light=True, PATH=str(content_copy)))  # fmt: skip
    assert url == WITHDRAWN and "status: withdrawn" in Path(path).read_text(encoding="utf-8")
    (content_copy / "news/2024/lecture-2-notice.md").unlink()
    output = tmp_path / "output"
    first = run_build(content_copy, output, "build", "--publish", "--lock", str(lock))
    assert first.returncode == 1 and "Traceback" not in first.stderr
    messages = [line for line in first.stderr.splitlines() if line.endswith("]")]
    assert messages and all(line.endswith("[locked-url-missing]") for line in messages), messages
    advised = []
    for line in messages:
        match = ADVICE.search(line)
        assert match, f"no redirect to follow: {line}"
        advised.append(match[1])
    assert f"/news/2024/{DELETED}/" in advised
    assert not any(WITHDRAWN in line for line in messages)  # withdrawn: its URLs still answer
    # the deleted article's API document and calendar are covered by its page's message
    assert not any(f"{DELETED}.json" in line or f"{DELETED}.ics" in line for line in messages)
    assert any("status: withdrawn" in line for line in messages if f"/{DELETED}/" in line)
    redirects = content_copy / "redirects.yml"
    follow = "".join(f"- from: {source}\n  to: /news/\n" for source in advised)
    redirects.write_text(redirects.read_text(encoding="utf-8") + follow, encoding="utf-8")
    second = run_build(content_copy, output, "build", "--publish", "--lock", str(lock))
    assert second.returncode == 0, second.stderr
    document = json.loads((output / f"api/v1/news/2024/{DELETED}.json").read_text(encoding="utf-8"))
    assert document == withdrawn_document(
        f"2024/{DELETED}", f"{SITE}/news/2024/{DELETED}/", "v1", f"{SITE}/news/"
    )
    calendar = (output / f"events/2024/{DELETED}.ics").read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in calendar and "BEGIN:VEVENT" not in calendar
    notice = output / WITHDRAWN.strip("/") / "index.html"
    assert notice.read_bytes() == (output / "410.html").read_bytes()
    assert "征集校友风采材料" not in (output / "news/feed.atom.xml").read_text(encoding="utf-8")
