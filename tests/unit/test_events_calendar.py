"""iCalendar output: parsed back with icalendar; UIDs and SEQUENCE across builds."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from plugins.common.registries import Registries
from plugins.common.yamlio import load_yaml
from plugins.events.calendar import (
    CalendarEvent,
    LockEntry,
    calendar_ics,
    description,
    event_uid,
    fingerprint,
    next_lock,
    read_lock,
    render_lock,
)
from plugins.events.model import parse_event

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLISHED = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)


def block(text: str):
    raw = load_yaml("event:\n" + text, "a.md")
    parsed, errors = parse_event(raw["event"], "a.md", 1, Registries())
    assert errors == []
    return parsed


LECTURE = block(
    "  start: 2027-03-20 15:00\n  end: 2027-03-20 17:00\n  venue: 图书馆报告厅\n  address: 东风东街5147号\n"
    "  register: https://forms.example.com/4\n  register_deadline: 2027-03-15 18:00\n  organiser: wfu\n"
    "  speakers: [周丽]\n"
)
ALL_DAY = block("  start: 2026-04-18\n  end: 2026-04-19\n  venue: 潍坊学院\n")
ONLINE_CANCELLED = block(
    "  start: 2026-12-19 14:00\n  online: https://live.example.com/x\n  status: cancelled\n  register: https://f.example.com/\n"
)
POSTPONED = block("  start: 2027-01-16 09:00\n  venue: 学术交流中心\n  status: postponed\n")


def event(key="2026/lecture-4", blk=LECTURE, title="第四讲") -> CalendarEvent:
    return CalendarEvent(key, title, f"https://x.example/news/{key}/", blk, PUBLISHED)


def components(data: bytes, name="VEVENT"):
    calendar = icalendar.Calendar.from_ical(data)
    return calendar, [c for c in calendar.walk() if c.name == name]


def test_uid_comes_from_the_news_key_only():
    assert event_uid("2026/lecture-4", "xiaoyou.wfu.edu.cn") == "event-2026-lecture-4@xiaoyou.wfu.edu.cn"
    one = calendar_ics([event()], name="c", domain="d.example")
    two = calendar_ics([event(title="第四讲（更新）")], name="c", domain="d.example")
    assert components(one)[1][0]["uid"] == components(two)[1][0]["uid"] == "event-2026-lecture-4@d.example"
    assert one == calendar_ics([event()], name="c", domain="d.example")  # reproducible without a lock


def test_times_in_shanghai_with_vtimezone():
    calendar, (vevent,) = components(calendar_ics([event()], name="校友活动", domain="d"))
    assert calendar["x-wr-calname"] == "校友活动" and calendar["version"] == "2.0"
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert start == datetime(2027, 3, 20, 15, 0, tzinfo=SHANGHAI) and str(start.tzinfo) == "Asia/Shanghai"
    assert start.astimezone(UTC) == datetime(2027, 3, 20, 7, 0, tzinfo=UTC)
    assert end == datetime(2027, 3, 20, 17, 0, tzinfo=SHANGHAI)
    assert vevent["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert [
        tz["tzid"] for tz in components(calendar_ics([event()], name="c", domain="d"), "VTIMEZONE")[1]
    ] == ["Asia/Shanghai"]
    assert vevent["location"] == "图书馆报告厅，东风东街5147号"
    assert vevent["url"] == "https://x.example/news/2026/lecture-4/"
    assert vevent["status"] == "CONFIRMED" and vevent["sequence"] == 0
    assert vevent.decoded("dtstamp") == PUBLISHED.astimezone(UTC)
    text = vevent["description"]
    assert "报名：https://forms.example.com/4（2027年3月15日18:00截止）" in text and "主讲：周丽" in text
    assert "详情：https://x.example/news/2026/lecture-4/" in text


def test_all_day_event_uses_dates_with_exclusive_end():
    _, (vevent,) = components(calendar_ics([event(blk=ALL_DAY)], name="c", domain="d"))
    assert vevent.decoded("dtstart") == date(2026, 4, 18) and not isinstance(
        vevent.decoded("dtstart"), datetime
    )
    assert vevent.decoded("dtend") == date(2026, 4, 20)
    assert "VALUE=DATE" in vevent.to_ical().decode()


def test_statuses_and_online_location():
    _, (cancelled, postponed) = components(
        calendar_ics([event("2026/a", ONLINE_CANCELLED), event("2026/b", POSTPONED)], name="c", domain="d")
    )
    assert cancelled["status"] == "CANCELLED" and postponed["status"] == "TENTATIVE"
    assert cancelled["location"] == "线上：https://live.example.com/x"
    assert description(event("2026/a", ONLINE_CANCELLED)).startswith("【活动已取消】")
    assert "报名" not in description(
        event("2026/a", ONLINE_CANCELLED)
    )  # no registration for a cancelled event
    assert description(event("2026/b", POSTPONED)).startswith("【活动延期举行")


def test_feed_is_sorted_by_start_and_each_uid_once():
    _, vevents = components(
        calendar_ics(
            [event("2027/x", LECTURE), event("2026/y", ALL_DAY), event("2026/z", POSTPONED)],
            name="c",
            domain="d",
        )
    )
    assert [v["uid"] for v in vevents] == ["event-2026-y@d", "event-2026-z@d", "event-2027-x@d"]


def test_sequence_grows_only_when_the_event_changes():
    uid = event_uid("2026/lecture-4", "d")
    stamp0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    lock = next_lock({}, {uid: fingerprint(event())}, stamp0)
    assert lock[uid].sequence == 0 and lock[uid].stamp == stamp0
    # publishing the same content again changes nothing
    assert next_lock(lock, {uid: fingerprint(event())}, datetime(2026, 12, 1, tzinfo=UTC)) == lock
    _, (vevent,) = components(calendar_ics([event()], name="c", domain="d", lock=lock))
    assert vevent["sequence"] == 0 and vevent.decoded("dtstamp") == stamp0
    # the event moves: the build shows sequence 1, and publishing locks it
    moved = event(blk=dataclasses.replace(LECTURE, start=LECTURE.start.replace(hour=14)))
    assert fingerprint(moved) != fingerprint(event())
    _, (vevent,) = components(calendar_ics([moved], name="c", domain="d", lock=lock))
    assert vevent["sequence"] == 1
    later = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    lock2 = next_lock(lock, {uid: fingerprint(moved)}, later)
    assert lock2[uid] == LockEntry(1, fingerprint(moved), later)
    _, (vevent,) = components(calendar_ics([moved], name="c", domain="d", lock=lock2))
    assert vevent["sequence"] == 1 and vevent.decoded("dtstamp") == later
    # cancelling changes it again; a vanished event keeps its entry
    cancelled = event(blk=dataclasses.replace(LECTURE, status="cancelled"))
    lock3 = next_lock(lock2, {uid: fingerprint(cancelled)}, later)
    assert lock3[uid].sequence == 2
    assert next_lock(lock3, {}, later) == lock3


def test_organiser_name_is_part_of_what_changes():
    assert fingerprint(event(), "潍坊学院校友会") != fingerprint(event(), "潍坊学院济南校友会")


def test_lock_file_round_trip_and_errors():
    lock = {
        "b@d": LockEntry(2, "abc", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        "a@d": LockEntry(0, "def", datetime(2025, 1, 1, tzinfo=UTC)),
    }
    text = render_lock(lock)
    assert text.splitlines()[2:] == ["a@d 0 def 20250101T000000Z", "b@d 2 abc 20260102T030405Z"]
    assert read_lock(text) == lock
    with pytest.raises(ValueError, match="events.lock:1"):
        read_lock("a@d two abc 20250101T000000Z\n")
    with pytest.raises(ValueError, match="events.lock:2"):
        read_lock("# c\nshort line\n")
