"""Events in the built sample site, with a fixed "today" (SITE_TODAY)."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from bs4 import BeautifulSoup

from tests.conftest import SAMPLE_CONTENT, run_build, site_on
from tests.site_errors import load_errors, reported

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = "2026-11-20"  # every fixture article is published by then (scheduled publishing)
LECTURE_4 = "news/2026/da-jiang-tang-di-si-jiang-yu-gao/"
CANCELLED = "news/2026/qing-dao-xiao-you-hui-dong-ji-lian-yi-hui/"
LECTURE_1 = "news/2023/da-jiang-tang-di-yi-jiang-yu-gao/"
REPORT_1 = "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/"


def build_on(day: str, tmp_path_factory, *args: str) -> Path:
    return site_on(tmp_path_factory, day, *args)  # shared with the browser tests of events


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_on(TODAY, tmp_path_factory)


@pytest.fixture(scope="module")
def later_site(tmp_path_factory) -> Path:
    """A second build, a day after lecture 4's registration closed, with publishing settings."""
    return build_on("2027-03-16", tmp_path_factory, "--publish")


def soup(site: Path, path: str) -> BeautifulSoup:
    if path.endswith("/"):
        path += "index.html"
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def titles(section) -> list[str]:
    return [a.get_text() for a in section.select(".event-title a")]


def test_index_splits_upcoming_and_past_at_site_today(site):
    doc = soup(site, "events/")
    assert doc.h1.get_text() == "校友活动"
    upcoming, past = doc.select_one(".events-upcoming"), doc.select_one(".events-past")
    assert upcoming.h2.get_text() == "即将举行" and past.h2.get_text() == "往期活动"
    assert titles(upcoming) == [  # a cancelled event comes last
        "校友企业家论坛延期举行",
        "2027年校友企业春季线上招聘会",
        "校友大讲堂第四讲预告：一粒种子的科研之路",
        "青岛校友会冬季联谊会取消举办",
    ]
    assert titles(past) == [  # once over, a notice's title loses its 预告
        "2026年校友返校日活动安排",
        "校友大讲堂第三讲：扎根基层的教育人生",
        "校友大讲堂第二讲：数字经济与乡村振兴",
        "济南校友会成立大会通知",
        "2003届校友毕业二十周年返校聚会通知",
        "校友大讲堂第一讲：人工智能时代的职业成长",
    ]
    statuses = [s.get_text() for s in upcoming.select(".event-status")]
    assert statuses == ["延期举行", "已取消"]
    # every past event links to its report
    reports = [a["href"] for a in past.select(".event-report a")]
    assert len(reports) == 6 and REPORT_1 in reports
    assert not upcoming.select(".event-report")
    assert doc.find("a", href="/events/calendar.ics") and doc.find("a", href="/events/series/lecture/")
    assert not doc.select('a[href^="webcal:"]')  # only where the site has its https address
    assert [a["href"] for a in doc.select('.events-browse a[href^="/events/20"]')] == [
        f"/events/{y}/" for y in (2027, 2026, 2025, 2024, 2023)
    ]


def test_today_moves_events_to_the_past(later_site):
    doc = soup(later_site, "events/")
    assert titles(doc.select_one(".events-upcoming")) == ["校友大讲堂第四讲预告：一粒种子的科研之路"]
    past = titles(doc.select_one(".events-past"))
    assert past[:3] == [
        "2027年校友企业春季线上招聘会",
        "校友企业家论坛延期举行",
        "青岛校友会冬季联谊会取消举办",
    ]
    assert doc.find("a", href="webcal://xiaoyou.wfu.edu.cn/events/calendar.ics")
    home = soup(later_site, "index.html").select_one(".home-events")
    assert titles(home) == ["校友大讲堂第四讲预告：一粒种子的科研之路"]


def test_year_and_series_pages(site):
    year = soup(site, "events/2026/")
    assert year.h1.get_text() == "2026年校友活动"
    assert titles(year) == ["2026年校友返校日活动安排", "青岛校友会冬季联谊会取消举办"]
    series = soup(site, "events/series/lecture/")
    assert series.h1.get_text() == "校友大讲堂"
    items = series.select("ol.series-list > li")
    assert [li["value"] for li in items] == ["1", "2", "3", "4"]
    assert [li.select_one(".event-number").get_text() for li in items] == [
        "第 1 讲",
        "第 2 讲",
        "第 3 讲",
        "第 4 讲",
    ]
    speakers = [a["href"] for a in series.select(".event-speakers a")]
    assert speakers == [
        "/achievements/ai-platform-founder/",
        "/achievements/rural-ecommerce/",
        "/achievements/zha-gen-xiang-cun/",
        "/achievements/seed-scientist/",
    ]
    assert "农学院青年教师代表（主持）" in items[3].select_one(".event-speakers").get_text()
    assert series.find("a", href="/events/series/lecture/calendar.ics")


def test_home_shows_the_next_three_that_take_place(site):
    doc = soup(site, "index.html")
    block = doc.select_one(".home-events")
    assert block.h2.get_text() == "即将举行的活动"
    assert titles(block) == [
        "校友企业家论坛延期举行",
        "2027年校友企业春季线上招聘会",
        "校友大讲堂第四讲预告：一粒种子的科研之路",
    ]
    assert block.find("a", href="/events/")
    assert doc.select_one("nav.site-nav-wide").find("a", href="/events/")


def test_organiser_lists_on_college_and_association_pages(site):
    college = soup(site, "colleges/cs/").select_one(".organiser-events")
    assert college.h2.get_text() == "主办的活动" and titles(college) == [
        "校友大讲堂第一讲：人工智能时代的职业成长"  # over: without its 预告
    ]
    jinan = soup(site, "associations/jinan/").select_one(".organiser-events")
    assert titles(jinan) == ["济南校友会成立大会通知"]
    wfu = soup(site, "associations/wfu/").select_one(".organiser-events")
    assert titles(wfu)[0] == "校友大讲堂第四讲预告：一粒种子的科研之路"  # newest first
    assert len(titles(wfu)) == 5
    assert soup(site, "colleges/art/").select_one(".organiser-events") is None


def test_event_page_with_open_registration(site):
    doc = soup(site, LECTURE_4)
    box = doc.select_one(".event-box")
    facts = dict(
        zip(
            [dt.get_text() for dt in box.select("dt")],
            [dd.get_text(" ", strip=True) for dd in box.select("dd")],
            strict=True,
        )
    )
    assert facts["时间"] == "2027年3月20日（星期六）15:00—17:00"
    assert facts["地点"].startswith("图书馆报告厅")
    assert facts["报名截止"] == "2027年3月15日18:00"
    assert facts["主办"] == "潍坊学院校友会" and box.find("a", href="/associations/wfu/")
    assert box.find("a", href="/achievements/seed-scientist/")
    assert box.select_one(".event-series").get_text(" ", strip=True) == "： 校友大讲堂 第 4 讲"
    button = box.select_one("a.event-register-button")
    assert button.get_text() == "报名参加" and button["href"] == "https://forms.example.com/wfu/lecture-4"
    qr = box.select_one(".event-register-qr.desktop-only svg")
    assert qr is not None and "https://forms.example.com/wfu/lecture-4" in qr.title.get_text()
    ics = box.select_one(".event-calendar a")
    assert ics.get_text() == "加入日历" and ics["href"] == "/events/2026/da-jiang-tang-di-si-jiang-yu-gao.ics"
    assert (site / ics["href"].lstrip("/")).is_file()


def test_registration_closes_after_the_deadline(later_site):
    box = soup(later_site, LECTURE_4).select_one(".event-box")
    assert box.select_one(".event-register-button") is None and box.select_one(".event-register-qr") is None
    assert box.select_one(".event-register-closed").get_text() == "报名已截止。"


def test_cancelled_and_past_event_pages(site):
    cancelled = soup(site, CANCELLED).select_one(".event-box")
    assert cancelled.select_one(".event-status-banner").get_text() == "本活动已取消"
    assert cancelled.select_one(".event-register-button") is None
    report = soup(site, REPORT_1.lstrip("/")).select_one(".event-reported")
    assert report.a["href"] == "/" + LECTURE_1 and "校友大讲堂第 1 讲" in report.get_text()
    assert soup(site, REPORT_1.lstrip("/")).select_one(".event-box") is None
    past = soup(site, LECTURE_1).select_one(".event-box")
    assert "本活动已结束" in past.select_one(".event-past-note").get_text()
    assert past.select_one(".event-past-note a")["href"] == REPORT_1


def test_json_ld_event_beside_news_article(site):
    scripts = [
        json.loads(s.string) for s in soup(site, LECTURE_4).find_all("script", type="application/ld+json")
    ]
    assert [s["@type"] for s in scripts] == ["NewsArticle", "Event"]
    event = scripts[1]
    assert (
        event["startDate"] == "2027-03-20T15:00:00+08:00" and event["endDate"] == "2027-03-20T17:00:00+08:00"
    )
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"][0] == {
        "@type": "Place",
        "name": "图书馆报告厅",
        "address": "山东省潍坊市奎文区东风东街5147号 潍坊学院",
    }
    assert event["organizer"]["name"] == "潍坊学院校友会"
    assert event["url"] == scripts[0]["url"]
    cancelled = [
        json.loads(s.string) for s in soup(site, CANCELLED).find_all("script", type="application/ld+json")
    ][1]
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    # articles without an event carry no Event data
    plain = soup(site, REPORT_1.lstrip("/"))
    assert [json.loads(s.string)["@type"] for s in plain.find_all("script", type="application/ld+json")] == [
        "NewsArticle"
    ]


def vevents(path: Path) -> list:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] in ([], ["Asia/Shanghai"])
    return calendar.walk("VEVENT")


def test_every_ics_parses_with_stable_uids_across_builds(site, later_site):
    files = sorted(p.relative_to(site) for p in site.rglob("*.ics"))
    # 10 events, the series, the whole calendar and the withdrawn event's empty one (test_withdraw.py)
    assert len(files) == 13
    assert files == sorted(p.relative_to(later_site) for p in later_site.rglob("*.ics"))
    for relative in files:
        first, second = vevents(site / relative), vevents(later_site / relative)
        assert [e["uid"] for e in first] == [e["uid"] for e in second]
        assert all(
            re.fullmatch(r"event-20\d\d-[a-z0-9-]+@xiaoyou\.wfu\.edu\.cn", str(e["uid"])) for e in first
        )
    everything = vevents(site / "events/calendar.ics")
    assert len(everything) == 10 == len({e["uid"] for e in everything})
    assert [str(e["uid"]) for e in vevents(site / "events/series/lecture/calendar.ics")] == [
        "event-2023-da-jiang-tang-di-yi-jiang-yu-gao@xiaoyou.wfu.edu.cn",
        "event-2024-da-jiang-tang-di-er-jiang-yu-gao@xiaoyou.wfu.edu.cn",
        "event-2025-da-jiang-tang-di-san-jiang-yu-gao@xiaoyou.wfu.edu.cn",
        "event-2026-da-jiang-tang-di-si-jiang-yu-gao@xiaoyou.wfu.edu.cn",
    ]


def test_ics_times_statuses_and_links(site, later_site):
    (lecture,) = vevents(site / "events/2026/da-jiang-tang-di-si-jiang-yu-gao.ics")
    start = lecture.decoded("dtstart")
    assert (
        start == datetime(2027, 3, 20, 15, 0, tzinfo=SHANGHAI)
        and lecture["dtstart"].params["TZID"] == "Asia/Shanghai"
    )
    assert start.astimezone(UTC).hour == 7
    assert lecture.decoded("dtend") == datetime(2027, 3, 20, 17, 0, tzinfo=SHANGHAI)
    assert lecture["url"] == "https://xiaoyou.wfu.edu.cn/" + LECTURE_4  # SITE_PUBLIC_URL: a phone opens it
    assert "报名：https://forms.example.com/wfu/lecture-4" in lecture["description"]
    assert lecture["status"] == "CONFIRMED" and lecture["sequence"] == 0
    (published,) = vevents(later_site / "events/2026/da-jiang-tang-di-si-jiang-yu-gao.ics")
    assert published["url"] == "https://xiaoyou.wfu.edu.cn/" + LECTURE_4
    (homecoming,) = vevents(site / "events/2026/2026-nian-xiao-you-fan-xiao-ri-an-pai.ics")
    assert homecoming.decoded("dtstart") == date(2026, 4, 18) and homecoming.decoded("dtend") == date(
        2026, 4, 19
    )
    (cancelled,) = vevents(site / "events/2026/qing-dao-xiao-you-hui-dong-ji-lian-yi-hui.ics")
    assert cancelled["status"] == "CANCELLED"
    (postponed,) = vevents(site / "events/2026/xiao-you-qi-ye-jia-lun-tan-yan-qi.ics")
    assert postponed["status"] == "TENTATIVE"
    (online,) = vevents(site / "events/2026/2027-xiao-you-qi-ye-xian-shang-zhao-pin-hui.ics")
    assert online["location"] == "线上：https://jobs.example.com/wfu/2027-spring"


def test_sequence_lock_written_when_publishing(tmp_path):
    """``lock-urls --publish`` records every event; an edited event then gets SEQUENCE 1."""
    from plugins.events.calendar import read_lock
    from plugins.events.section import lock_sequences
    from wfu.build import PUBLISH_SETTINGS, load_settings

    settings = load_settings(PUBLISH_SETTINGS)
    lock = tmp_path / "events.lock"
    settings = dict(settings, EVENTS=dict(settings["EVENTS"], sequence_lock=str(lock)))
    assert lock_sequences(settings, datetime(2026, 11, 26, tzinfo=UTC)) == 10
    entries = read_lock(lock.read_text(encoding="utf-8"))
    assert len(entries) == 10 and {e.sequence for e in entries.values()} == {0}
    assert lock_sequences(settings, datetime(2026, 11, 27, tzinfo=UTC)) == 0
    assert read_lock(lock.read_text(encoding="utf-8")) == entries


def test_sequence_increases_when_a_published_event_changes(content_copy, tmp_path):
    """A publishing build reads the SEQUENCE lock beside its URL lock: only the edited event changes."""
    from plugins.events.section import lock_sequences, sequence_lock_path
    from wfu.build import PUBLISH_SETTINGS, load_settings

    url_lock = tmp_path / "locks" / "urls.lock"
    url_lock.parent.mkdir()
    url_lock.write_text("", encoding="utf-8")  # nothing published yet: this test is about calendars
    settings = load_settings(PUBLISH_SETTINGS, PATH=str(content_copy), URL_LOCK=str(url_lock))
    assert sequence_lock_path(settings) == str(tmp_path / "locks" / "events.lock")
    assert lock_sequences(settings, datetime(2026, 11, 26, tzinfo=UTC)) == 10
    path = content_copy / "news/2026/lecture-4-notice.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("start: 2027-03-20 15:00", "start: 2027-03-20 14:00"),
        encoding="utf-8",
    )
    out = tmp_path / "output"
    result = run_build(content_copy, out, "build", "--publish", "--lock", str(url_lock))
    assert result.returncode == 0, result.stderr
    (changed,) = vevents(out / "events/2026/da-jiang-tang-di-si-jiang-yu-gao.ics")
    (same,) = vevents(out / "events/2023/da-jiang-tang-di-yi-jiang-yu-gao.ics")
    assert changed["sequence"] == 1 and same["sequence"] == 0
    assert same.decoded("dtstamp") == datetime(2026, 11, 26, tzinfo=UTC)
    # publishing locks the change: the next publication of the same content keeps sequence 1
    assert lock_sequences(settings, datetime(2026, 11, 27, tzinfo=UTC)) == 1
    assert lock_sequences(settings, datetime(2026, 11, 28, tzinfo=UTC)) == 0


def test_previews_have_no_sequence_lock():
    from plugins.events.section import sequence_lock_path
    from wfu.build import PUBLISH_SETTINGS, load_settings

    assert sequence_lock_path(load_settings()) is None
    publish = load_settings(PUBLISH_SETTINGS)
    assert sequence_lock_path(publish) == str(Path(publish["URL_LOCK"]).parent / "events.lock")


def edit(content: Path, relative: str, old: str, new: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


L4 = "news/2026/lecture-4-notice.md"
L3 = "news/2025/lecture-3-notice.md"


def test_event_errors_all_at_once(content_copy):
    edit(content_copy, L4, "register: https://forms", "register: http://forms")
    edit(content_copy, L4, "organiser: wfu", "organiser: nowhere")
    edit(content_copy, L4, "achievement: seed-scientist", "achievement: zhou-li")
    edit(content_copy, L4, "end: 2027-03-20 17:00", "end: 2027-03-20 13:00")
    edit(content_copy, L3, "number: 3", "number: 2")
    edit(content_copy, L3, "report: 2025/", "report: 2024/")
    edit(content_copy, "news/2026/online-job-fair.md", "  capacity:", "  status: over\n  capacity:")
    printed = reported(load_errors(content_copy))
    lines = [x for x in printed.splitlines() if x.startswith("content/")]
    found = {(x.split(": ", 1)[0], x.rsplit("[", 1)[1].rstrip("]")) for x in lines}
    assert {
        (f"content/{L4}:10", "event-end-before-start"),
        (f"content/{L4}:14", "invalid-register-url"),
        (f"content/{L4}:17", "unknown-organiser"),
        (f"content/{L4}:25", "unknown-speaker"),
        (f"content/{L3}:14", "duplicate-event-number"),
        ("content/news/2024/lecture-2-notice.md:14", "duplicate-event-number"),
        (f"content/{L3}:21", "unknown-report"),
        ("content/news/2026/online-job-fair.md:13", "invalid-event-status"),
    } <= found, printed


def test_unknown_series_lists_the_configured_ones(content_copy):
    edit(content_copy, L3, "series: lecture", "series: lectures")
    printed = reported(load_errors(content_copy))
    assert printed
    line = next(x for x in printed.splitlines() if "[unknown-series]" in x)
    assert line.startswith(f"content/{L3}:13: ") and "lecture（校友大讲堂）" in line


def test_bad_site_today_is_a_clear_failure(tmp_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_TODAY", "2026-6-1")
        result = run_build(SAMPLE_CONTENT, tmp_path / "out", "build")
    assert result.returncode != 0
    assert "SITE_TODAY: " in result.stderr and "[invalid-site-today]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_events_pages_in_sitemap_and_no_build_date_leaks(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("/events/", "/events/2027/", "/events/series/lecture/"):
        assert url in sitemap
    assert os.environ.get("SITE_TODAY") is None  # the fixture restored the environment


def test_new_event_scaffold_passes_the_check_and_shows_every_field(content_copy):
    from plugins.common.errors import ContentErrors
    from plugins.events.model import FIELDS
    from wfu.build import check_site, load_settings
    from wfu.scaffold import new_event

    settings = load_settings(PATH=str(content_copy))
    now = datetime(2026, 11, 26, 9, 30, tzinfo=SHANGHAI)
    path, url = new_event("校友大讲堂第五讲", settings, now)
    assert path == str(content_copy / "news/2026/xiao-you-da-jiang-tang-di-wu-jiang.md")
    assert url == "/news/2026/xiao-you-da-jiang-tang-di-wu-jiang/"
    text = Path(path).read_text(encoding="utf-8")
    assert "start: 2026-12-10 15:00" in text and "# number: 5" in text and "status: draft" in text
    for name in FIELDS:
        assert re.search(rf"^  (# )?{name}:", text, re.M), name
    assert check_site(settings) == []
    # published, with the optional fields filled in, it is still valid
    filled = re.sub(r"^  # ", "  ", text.replace("status: draft", "status: published"), flags=re.M)
    filled = filled.replace("online: https://", "online: https://live.example.com/5").replace(
        "register: https://", "register: https://forms.example.com/5"
    )
    filled = re.sub(
        r"report: .*", "report: 2025/xiao-you-da-jiang-tang-di-san-jiang-zha-gen-ji-ceng-de-jiao", filled
    )
    assert {e.key for e in check_site(settings)} == set()  # still a draft: placeholders are warnings
    Path(path).write_text(filled, encoding="utf-8")
    placeholders_left = check_site(settings)
    assert {(e.key, e.field) for e in placeholders_left} == {
        ("placeholder", "event.venue"),
        ("placeholder", "event.speakers[1].name"),
        ("placeholder", "event.speakers[1].title"),
        ("placeholder", "正文"),
    }
    filled = (
        filled.replace("venue: 场地名称", "venue: 图书馆报告厅")
        .replace("name: 姓名", "name: 李明")
        .replace("title: 职务", "title: 高级工程师")
        .replace(
            "在这里写活动介绍：主题、内容安排、参加方式。不要写个人手机号或住址。", "主题：人工智能与制造业。"
        )
    )
    Path(path).write_text(filled, encoding="utf-8")
    assert check_site(settings) == []
    with pytest.raises(ContentErrors):
        new_event("校友大讲堂第五讲", settings, now)


def test_nginx_serves_calendars_as_text_calendar(site, tmp_path):
    """The nginx lines of docs/开发说明.md, in a real nginx on 127.0.0.1."""
    import shutil
    import socket
    import subprocess
    import time
    import urllib.error
    import urllib.request

    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: nginx is needed (apt-get install -y nginx)")
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    notes = (Path(__file__).resolve().parents[2] / "docs/开发说明.md").read_text(encoding="utf-8")
    events_notes = notes.split("## Events", 1)[1]
    snippet = events_notes.split("```nginx\n", 1)[1].split("```", 1)[0]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "nginx.conf"
    config.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # pytest's folders are private to their owner
        + f"""
worker_processes 1;
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp_path}/access.log;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
{snippet}
    }}
}}
""",
        encoding="utf-8",
    )
    server = subprocess.Popen([nginx, "-c", str(config), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/events/calendar.ics", timeout=2
                ) as response:
                    headers, body = response.headers, response.read()
                break
            except urllib.error.HTTPError:
                raise
            except OSError:  # not listening yet
                time.sleep(0.1)
        else:
            pytest.fail((tmp_path / "error.log").read_text())
        assert headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert headers["Cache-Control"] == "no-cache"
        assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) == 10
    finally:
        server.terminate()
        server.wait(timeout=10)
