"""Event blocks: YAML in, EventBlock or errors out; ordering by a given "today"."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from plugins.common.errors import ContentErrors
from plugins.common.registries import Registries
from plugins.common.yamlio import load_yaml
from plugins.events.model import (
    EventBlock,
    Speaker,
    by_organiser,
    by_year,
    duplicate_number_errors,
    event_ld,
    format_deadline,
    format_when,
    home_events,
    is_upcoming,
    parse_event,
    register_qr_svg,
    registration_open,
    series_lectures,
    speaker_line,
    split_upcoming,
)
from plugins.events.settings import DEFAULTS, SettingsError, events_config

SHANGHAI = ZoneInfo("Asia/Shanghai")
REGISTRIES = Registries(
    colleges={"cs": "计算机工程学院", "agri": "生物与农业工程学院"},
    associations={"wfu": "潍坊学院校友会", "jinan": "潍坊学院济南校友会"},
    achievements={"seed-scientist": "培育抗旱新品种的农业科研人员"},
    news={"2023/report": "news/2023/report/", "report": "news/2023/report/"},
    event_series={"lecture": "校友大讲堂"},
)
GOOD = """\
title: 讲座
event:
  start: 2027-03-20 15:00
  end: 2027-03-20 17:00
  venue: 图书馆报告厅
  address: 东风东街5147号
  online: https://live.example.com/4
  register: https://forms.example.com/4
  register_deadline: 2027-03-15 18:00
  capacity: 300人
  organiser: wfu
  series: lecture
  number: 4
  speakers:
    - name: 周丽
      class_year: 2004
      college: agri
      title: 研究员
      achievement: seed-scientist
    - 主持人
  status: scheduled
  report: 2023/report
"""


def parse(yaml_text: str, registries: Registries = REGISTRIES):
    raw = load_yaml(yaml_text, "content/news/a.md", 2)
    return parse_event(raw["event"], "content/news/a.md", raw.line_of("event"), registries)


def keys(yaml_text: str, registries: Registries = REGISTRIES) -> list[tuple[int, str]]:
    block, errors = parse(yaml_text, registries)
    assert block is None and errors
    assert all(e.path == "content/news/a.md" and e.message for e in errors)
    return sorted((e.line, e.key) for e in errors)


def replace(line: str, new: str | None) -> str:
    """GOOD with the line starting ``line`` replaced (or removed when ``new`` is None)."""
    out = []
    for text in GOOD.splitlines():
        if text.strip().startswith(line):
            if new is not None:
                out.append(new)
        else:
            out.append(text)
    return "\n".join(out) + "\n"


def test_every_field_parsed():
    block, errors = parse(GOOD)
    assert errors == []
    assert block.start == datetime(2027, 3, 20, 15, 0, tzinfo=SHANGHAI)
    assert block.end == datetime(2027, 3, 20, 17, 0, tzinfo=SHANGHAI)
    assert block.all_day is False
    assert (block.venue, block.address, block.capacity) == ("图书馆报告厅", "东风东街5147号", "300人")
    assert (block.online, block.register) == ("https://live.example.com/4", "https://forms.example.com/4")
    assert block.register_deadline == datetime(2027, 3, 15, 18, 0, tzinfo=SHANGHAI)
    assert (block.organiser, block.series, block.number, block.status, block.report) == (
        "wfu",
        "lecture",
        4,
        "scheduled",
        "2023/report",
    )
    assert block.speakers == (Speaker("周丽", 2004, "agri", "研究员", "seed-scientist"), Speaker("主持人"))
    assert block.line == 3 and block.number_line == 14


def test_minimal_all_day_event_defaults():
    block, errors = parse("event:\n  start: 2026-04-18\n  venue: 潍坊学院\n")
    assert errors == []
    assert block.all_day and block.end is None and block.status == "scheduled"
    assert block.speakers == () and block.series is None and block.number is None
    assert block.last_day == date(2026, 4, 18)


def test_organiser_may_be_a_college_and_report_a_bare_slug():
    block, errors = parse(
        replace("organiser:", "  organiser: cs").replace("report: 2023/report", "report: /news/report/")
    )
    assert errors == [] and block.organiser == "cs" and block.report == "report"


def test_unknown_ids_are_not_checked_while_a_section_has_no_data():
    block, errors = parse(
        GOOD.replace("organiser: wfu", "organiser: nowhere"), Registries(event_series={"lecture": "x"})
    )
    assert errors == [] and block.organiser == "nowhere"


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("event: 2027-03-20\n", [(2, "invalid-event")]),
        ("event: [a, b]\n", [(2, "invalid-event")]),
        (replace("start:", None), [(3, "missing-event-start")]),
        (replace("start:", "  start: 2027-3-20"), [(4, "invalid-event-date")]),
        (replace("end:", "  end: 2027-03-20 25:00"), [(5, "invalid-event-date")]),
        (replace("register_deadline:", "  register_deadline: soon"), [(10, "invalid-event-date")]),
        (replace("end:", "  end: 2027-03-20 14:00"), [(5, "event-end-before-start")]),
        (replace("end:", "  end: 2027-03-21"), [(5, "event-time-mismatch")]),
        (
            replace("register_deadline:", "  register_deadline: 2027-03-21 09:00"),
            [(10, "register-deadline-after-start")],
        ),
        (replace("register:", "  register: http://forms.example.com/4"), [(9, "invalid-register-url")]),
        (replace("register:", "  register: forms.example.com"), [(9, "invalid-register-url")]),
        (replace("online:", "  online: http://live.example.com"), [(8, "invalid-online-url")]),
        (replace("register:", None), [(9, "deadline-without-register")]),
        (replace("venue:", None), [(6, "address-without-venue")]),
        (
            replace("venue:", None)
            .replace("  address: 东风东街5147号\n", "")
            .replace("  online: https://live.example.com/4\n", ""),
            [(4, "missing-event-place")],
        ),
        (replace("organiser:", "  organiser: Jinan City"), [(12, "invalid-organiser")]),
        (replace("organiser:", "  organiser: qingdao"), [(12, "unknown-organiser")]),
        (replace("series:", "  series: talks"), [(13, "unknown-series")]),
        (replace("number:", None), [(13, "missing-event-number")]),
        (replace("number:", "  number: 第四讲"), [(14, "invalid-event-number")]),
        (replace("number:", "  number: 0"), [(14, "invalid-event-number")]),
        (replace("series:", None), [(13, "number-without-series")]),
        (
            replace("speakers:", "  speakers: 周丽").replace(
                "    - name: 周丽\n      class_year: 2004\n      college: agri\n      title: 研究员\n      achievement: seed-scientist\n    - 主持人\n",
                "",
            ),
            [(15, "invalid-speakers")],
        ),
        (replace("- 主持人", "    - [a, b]"), [(21, "invalid-speakers")]),
        (replace("- name: 周丽", "    - name:"), [(16, "missing-speaker-name")]),
        (replace("class_year:", "      class_year: 1900"), [(17, "invalid-speaker-year")]),
        (replace("college: agri", "      college: physics"), [(18, "unknown-college")]),
        (replace("achievement:", "      achievement: nobody"), [(20, "unknown-speaker")]),
        (replace("achievement:", "      achievement: Zhou Li"), [(20, "invalid-speaker")]),
        (replace("- name: 周丽", "    - name: 周丽\n      born: 1980"), [(17, "unknown-field")]),
        (replace("status:", "  status: done"), [(22, "invalid-event-status")]),
        (replace("status:", "  status: [scheduled]"), [(22, "invalid-event-status")]),
        (replace("report:", "  report: 2024/missing"), [(23, "unknown-report")]),
        (replace("capacity:", "  capacity: [1, 2]"), [(11, "wrong-type")]),
        (replace("capacity:", "  capacity: 300人，咨询 13905361234"), [(11, "private-contact")]),
        (replace("venue:", "  venue: 报告厅（联系 li.ming@qq.com）"), [(6, "private-contact")]),
        (replace("title: 研究员", "      title: 研究员，电话 139-0536-1234"), [(19, "private-contact")]),
        (replace("capacity:", "  capcity: 300"), [(11, "unknown-field")]),
        # Edge cases that once ended as [unexpected-error] without a file and line
        (
            replace("start:", "  start: 2027-03-20").replace("end: 2027-03-20 17:00", "end: 9999-12-31"),
            [(5, "event-date-out-of-range")],
        ),
        (replace("start:", "  start: 0001-01-01 15:00"), [(4, "event-date-out-of-range")]),
        (
            replace("register_deadline:", "  register_deadline: 9999-12-31 18:00"),
            [(10, "event-date-out-of-range")],
        ),
        (replace("number:", "  number: 1234567890123456789012345678901"), [(14, "invalid-event-number")]),
        (replace("number:", "  number: 10000"), [(14, "invalid-event-number")]),
        (replace("venue:", '  venue: "图书馆\\r\\n报告厅"'), [(6, "event-line-break")]),
        (replace("venue:", '  venue: "图书馆\\r报告厅"'), [(6, "event-line-break")]),
        (replace("address:", '  address: "东风东街\\n5147号"'), [(7, "event-line-break")]),
        (replace("address:", '  address: "东风东街\\u2028 5147号"'), [(7, "event-line-break")]),
        (replace("capacity:", '  capacity: "300人\\r\\n"'), []),  # a trailing line break is only trimmed
        (replace("- name: 周丽", '    - name: "周丽\\r\\n李明"'), [(16, "event-line-break")]),
        (replace("title: 研究员", '      title: "研究员\\n教授"'), [(19, "event-line-break")]),
    ],
)
def test_every_error_key_at_its_line(yaml_text, expected):
    if not expected:
        assert parse(yaml_text)[1] == []
        return
    assert keys(yaml_text) == expected


def test_all_errors_of_a_block_at_once():
    text = (
        replace("status:", "  status: done")
        .replace("organiser: wfu", "organiser: qingdao")
        .replace("http", "ftp", 1)
    )
    assert [k for _, k in keys(text)] == ["invalid-online-url", "unknown-organiser", "invalid-event-status"]


def test_news_article_carries_its_event(tmp_path):
    from pelicanconf import NEWS
    from plugins.news.model import parse_news
    from plugins.news.settings import news_config

    text = (
        "---\ntitle: 讲座预告\ndate: 2026-11-20 10:00\ncategory: 校友大讲堂\n"
        + GOOD.split("\n", 1)[1]
        + "---\n\n正文。\n"
    )
    source = parse_news(
        text, "content/news/a.md", str(tmp_path / "a.md"), str(tmp_path), news_config(NEWS), REGISTRIES
    )
    assert source.meta.event is not None and source.meta.event.number == 4
    with pytest.raises(ContentErrors) as info:
        parse_news(
            text.replace("number: 4", "number: -1"),
            "content/news/a.md",
            str(tmp_path / "a.md"),
            str(tmp_path),
            news_config(NEWS),
            REGISTRIES,
        )
    assert [(e.line, e.key) for e in info.value.errors] == [(16, "invalid-event-number")]


# ---- cross checks ------------------------------------------------------------


def block(start: str, end: str | None = None, **fields) -> EventBlock:
    text = f"event:\n  start: {start}\n" + (f"  end: {end}\n" if end else "") + "  venue: 礼堂\n"
    text += "".join(f"  {k}: {v}\n" for k, v in fields.items())
    parsed, errors = parse(text)
    assert errors == [], errors
    return parsed


def test_duplicate_lecture_number_reported_in_every_file():
    one, two, three = (
        block("2026-01-01", series="lecture", number=1),
        block("2026-02-01", series="lecture", number=1),
        block("2026-03-01", series="lecture", number=2),
    )
    errors = duplicate_number_errors([("a.md", one), ("b.md", two), ("c.md", three)])
    assert sorted((e.path, e.line, e.key) for e in errors) == [
        ("a.md", 6, "duplicate-event-number"),
        ("b.md", 6, "duplicate-event-number"),
    ]
    assert "b.md" in next(e.message for e in errors if e.path == "a.md")
    assert duplicate_number_errors([("a.md", one), ("c.md", three)]) == []


# ---- ordering, grouping, today -------------------------------------------------


class Item:
    def __init__(self, name, event):
        self.name, self.event = name, event

    def __repr__(self):
        return self.name


TODAY = date(2026, 6, 1)


def items():
    return [
        Item(
            "past-2023",
            block("2023-05-20 15:00", "2023-05-20 17:00", organiser="cs", series="lecture", number=1),
        ),
        Item("yesterday", block("2026-05-31 09:00", "2026-05-31 18:00", organiser="wfu")),
        Item("today-all-day", block("2026-06-01", organiser="wfu")),
        Item("multi-day-ongoing", block("2026-05-30", "2026-06-02", organiser="jinan")),
        Item("cancelled", block("2026-07-01 14:00", status="cancelled")),
        Item("next-year", block("2027-03-20 15:00", series="lecture", number=4)),
        Item("later", block("2026-09-01 09:00", series="lecture", number=2)),
    ]


def names(seq):
    return [i.name for i in seq]


def test_upcoming_soonest_first_past_newest_first():
    upcoming, past = split_upcoming(items(), TODAY)
    # a cancelled event goes last: it led the list under 即将举行 (issue 24)
    assert names(upcoming) == ["multi-day-ongoing", "today-all-day", "later", "next-year", "cancelled"]
    assert names(past) == ["yesterday", "past-2023"]
    # the day after, today's event is past
    upcoming, past = split_upcoming(items(), date(2026, 6, 2))
    assert "today-all-day" in names(past) and "multi-day-ongoing" in names(upcoming)


def test_event_ending_at_midnight_is_over_the_next_day():
    late = block("2026-05-31 20:00", "2026-06-01 00:00")
    assert late.last_day == date(2026, 5, 31) and not is_upcoming(late, TODAY)


def test_home_leaves_out_cancelled_and_keeps_count():
    upcoming, _ = split_upcoming(items(), TODAY)
    assert names(home_events(upcoming, 3)) == ["multi-day-ongoing", "today-all-day", "later"]
    assert home_events(upcoming, 0) == []


def test_by_year_series_and_organiser():
    grouped = by_year(items())
    assert [(year, names(group)) for year, group in grouped] == [
        (2027, ["next-year"]),
        (2026, ["multi-day-ongoing", "yesterday", "today-all-day", "cancelled", "later"]),
        (2023, ["past-2023"]),
    ]
    assert names(series_lectures(items(), "lecture")) == ["past-2023", "later", "next-year"]
    assert {k: names(v) for k, v in by_organiser(items()).items()} == {
        "cs": ["past-2023"],
        "jinan": ["multi-day-ongoing"],
        "wfu": ["yesterday", "today-all-day"],
    }


def test_registration_open_until_deadline_and_never_when_cancelled():
    event = block("2027-03-20 15:00", register="https://f.example.com/", register_deadline="2027-03-15 18:00")
    assert registration_open(event, date(2027, 3, 15))
    assert not registration_open(event, date(2027, 3, 16))
    assert registration_open(block("2027-03-20 15:00", register="https://f.example.com/"), date(2027, 3, 20))
    assert not registration_open(
        block("2027-03-20 15:00", register="https://f.example.com/"), date(2027, 3, 21)
    )
    assert not registration_open(
        block("2027-03-20 15:00", register="https://f.example.com/", status="cancelled"), TODAY
    )
    assert not registration_open(block("2027-03-20 15:00"), TODAY)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2027-03-20 15:00", "2027-03-20 17:00", "2027年3月20日（星期六）15:00—17:00"),
        ("2027-03-20 15:00", None, "2027年3月20日（星期六）15:00"),
        ("2027-03-06 09:00", "2027-03-08 17:00", "2027年3月6日（星期六）09:00至3月8日（星期一）17:00"),
        ("2026-04-18", None, "2026年4月18日（星期六）"),
        ("2026-04-18", "2026-04-19", "2026年4月18日（星期六）至4月19日（星期日）"),
        ("2026-12-31", "2027-01-01", "2026年12月31日（星期四）至2027年1月1日（星期五）"),
    ],
)
def test_chinese_dates(start, end, expected):
    assert format_when(block(start, end)) == expected


def test_deadline_and_speaker_lines():
    assert (
        format_deadline(
            block("2027-03-20 15:00", register="https://f.example.com/", register_deadline="2027-03-15 18:00")
        )
        == "2027年3月15日18:00"
    )
    assert (
        format_deadline(
            block("2027-03-20", register="https://f.example.com/", register_deadline="2027-03-15")
        )
        == "2027年3月15日"
    )
    assert (
        speaker_line(Speaker("周丽", 2004, "agri", "研究员"), {"agri": "农学院"})
        == "周丽（2004届 农学院校友，研究员）"
    )
    assert speaker_line(Speaker("主持人")) == "主持人"


def test_event_json_ld_parses_and_escapes_script_end():
    event, _ = parse(GOOD)
    text = event_ld(
        event,
        name="讲座</script><script>alert(1)",
        url="https://x/news/2026/a/",
        description="d",
        organiser_name="潍坊学院校友会",
        organiser_url="https://x/associations/wfu/",
        speaker_urls={"seed-scientist": "https://x/achievements/seed-scientist/"},
    )
    assert "</script>" not in text
    data = json.loads(text)
    assert data["@type"] == "Event" and data["name"].startswith("讲座</script>")
    assert data["startDate"] == "2027-03-20T15:00:00+08:00" and data["endDate"] == "2027-03-20T17:00:00+08:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "潍坊学院校友会",
        "url": "https://x/associations/wfu/",
    }
    assert data["performer"][0] == {
        "@type": "Person",
        "name": "周丽",
        "url": "https://x/achievements/seed-scientist/",
    }
    cancelled = json.loads(
        event_ld(
            block("2026-04-18", status="cancelled"),
            name="n",
            url="u",
            description="",
            organiser_name=None,
            organiser_url=None,
        )
    )
    assert (
        cancelled["startDate"] == "2026-04-18"
        and cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    )
    assert cancelled["location"] == {"@type": "Place", "name": "礼堂"} and "organizer" not in cancelled


def test_register_qr_is_inline_svg_with_its_purpose():
    svg = register_qr_svg("https://forms.example.com/4")
    assert svg.startswith("<svg") and "用手机扫码报名：https://forms.example.com/4" in svg


# ---- settings ----------------------------------------------------------------


def test_settings_defaults_and_validation():
    config = events_config({"series": (("lecture", "校友大讲堂"),)})
    assert config.series_ids == ("lecture",) and config.series_name("lecture") == "校友大讲堂"
    assert config.home_count == DEFAULTS["home_count"] == 3 and config.sequence_lock == ""
    for bad in (
        {"serie": ()},
        {"series": (("Lecture Hall", "讲堂"),)},
        {"series": (("a", "x"), ("a", "y"))},
        {"series": ("lecture",)},
        {"home_count": -1},
        {"home_count": True},
        {"calendar_domain": ""},
        {"sequence_lock": None},
    ):
        with pytest.raises(SettingsError):
            events_config(bad)


def test_every_error_key_is_tested_and_explained_in_the_editor_guide():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = "".join(
        (root / "plugins/events" / name).read_text(encoding="utf-8") for name in ("model.py", "section.py")
    )
    literal = set(re.findall(r'"((?:[a-z]+-)+[a-z]+)"', source)) - {"scheduled", "postponed", "cancelled"}
    literal |= {"invalid-register-url", "invalid-online-url"}  # f"invalid-{name}-url"
    tested = {
        key for _, expected in test_every_error_key_at_its_line.pytestmark[0].args[1] for _, key in expected
    }
    tested |= {"duplicate-event-number", "invalid-site-today"}  # tests/functional/test_events.py
    assert literal <= tested | {"unknown-field", "wrong-type", "unknown-college"}, literal - tested
    guide = (root / "docs" / "编辑指南.md").read_text(encoding="utf-8")
    for key in sorted(literal | tested):
        assert f"`{key}`" in guide, key


def test_edge_years_still_make_a_calendar():
    """The last accepted day of an all-day event has a next day (the calendar's exclusive end)."""
    from plugins.events.calendar import CalendarEvent, calendar_ics

    block, errors = parse(
        replace("start:", "  start: 2100-12-30").replace("end: 2027-03-20 17:00", "end: 2100-12-31")
    )
    assert errors == [] and block.all_day
    ics = calendar_ics(
        [CalendarEvent("2100/a", "讲座", "https://example.edu.cn/a/", block, block.start)],
        name="校友活动",
        domain="example.edu.cn",
    )
    assert b"DTEND;VALUE=DATE:21010101" in ics


def test_a_long_number_is_never_quoted_in_the_message():
    _, errors = parse(replace("number:", "  number: 1234567890123456789012345678901"))
    assert errors and all("1234567890" not in e.format() for e in errors)


@pytest.mark.parametrize(
    ("venue", "address", "online", "expected"),
    [
        ("图书馆报告厅", "山东省潍坊市奎文区东风东街5147号 潍坊学院", True,
         "图书馆报告厅（山东省潍坊市奎文区东风东街5147号潍坊学院）；可线上参加"),
        ("潍坊学院", "山东省潍坊市奎文区东风东街5147号", False, "潍坊学院（山东省潍坊市奎文区东风东街5147号）"),
        (None, None, True, "线上"),
        ("Room 101", None, False, "Room 101"),
        (None, "青岛市 市南区", True, "青岛市市南区；可线上参加"),
        (None, None, False, ""),
    ],
)  # fmt: skip
def test_place_reads_as_one_punctuated_line(venue, address, online, expected):
    from plugins.events.model import format_place

    assert format_place(venue, address, online) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("校友大讲堂第一讲预告：人工智能时代的职业成长", "校友大讲堂第一讲：人工智能时代的职业成长"),
        ("【预告】春季招聘会", "春季招聘会"),
        ("讲座（预告）", "讲座"),
        ("预告：校友论坛", "校友论坛"),
        ("2026年校友返校日活动安排", "2026年校友返校日活动安排"),
        ("预告", "预告"),  # nothing would be left: the title stays
    ],
)
def test_past_title_drops_the_preview_tag(title, expected):
    from plugins.events.model import past_title

    assert past_title(title) == expected
