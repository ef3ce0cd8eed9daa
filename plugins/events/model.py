"""Events: the ``event:`` block of a news article, its checks and its ordering.

Pure Python (no Pelican import).  The news model calls :func:`parse_event`
for an article's ``event:`` field so an editor gets every mistake with its
line from ``invoke check`` and from the build alike; cross-file checks
(lecture numbers) and the upcoming/past split are plain functions of the
parsed blocks and of "today", so they are tested without building a site.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from plugins.common.contacts import private_contacts_in_text
from plugins.common.dates import parse_date
from plugins.common.errors import ContentError
from plugins.common.fields import ID_RE, FieldChecker
from plugins.common.privacy import fold
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.common.safehtml import script_json, trusted
from plugins.common.yamlio import LineDict, LineList

FIELDS = (
    "start",
    "end",
    "venue",
    "address",
    "online",
    "register",
    "register_deadline",
    "capacity",
    "organiser",
    "series",
    "number",
    "speakers",
    "status",
    "report",
)
SPEAKER_FIELDS = ("name", "class_year", "college", "title", "achievement")
# status -> what readers see; "scheduled" shows no badge.
STATUSES = {"scheduled": "按期举行", "postponed": "延期举行", "cancelled": "已取消"}
WEEKDAYS = "一二三四五六日"
_DATE_ONLY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A mobile number or an e-mail address inside free text: personal contact details never reach the site.
_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
EARLIEST_CLASS_YEAR = 1950
MAX_EVENT_NUMBER = 9999  # 第几讲
EVENT_YEARS = (1900, 2100)  # a date outside is a typo (and 9999-12-31 has no next day for calendars)


@dataclass(frozen=True)
class Speaker:
    """A speaker: a name, optionally a class year, college, title and profile."""

    name: str
    class_year: int | None = None
    college: str | None = None  # college id
    title: str | None = None  # 职务, e.g. 某公司技术总监
    achievement: str | None = None  # slug of an achievement profile


@dataclass(frozen=True)
class EventBlock:
    """A validated ``event:`` block (times in Asia/Shanghai)."""

    start: datetime
    end: datetime | None
    all_day: bool  # start (and end) written as dates: an all-day event
    venue: str | None
    address: str | None
    online: str | None
    register: str | None
    register_deadline: datetime | None
    capacity: str | None
    organiser: str | None  # association or college id
    series: str | None
    number: int | None
    speakers: tuple[Speaker, ...]
    status: str
    report: str | None  # "YYYY/slug" or "slug" of the article that reported it
    line: int = 0  # the ``event:`` line
    number_line: int = 0
    report_line: int = 0

    @property
    def last_day(self) -> date:
        """The last calendar day the event takes place on."""
        if self.end is None:
            return self.start.date()
        if self.all_day:
            return self.end.date()
        # an event that ends at midnight does not take place on the next day
        return (self.end - timedelta(microseconds=1)).date() if self.end > self.start else self.start.date()

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def when(self) -> str:
        """Chinese date and time: 2027年3月20日（星期六）15:00—17:00."""
        return format_when(self)

    @property
    def place(self) -> str:
        """Venue, address and 线上 in one line for lists: 图书馆报告厅（潍坊市…5147号潍坊学院）；可线上参加."""
        return format_place(self.venue, self.address, bool(self.online))


_CJK_SPACE_RE = re.compile(r"(?<=[\u3400-\u9fff\d])\s+(?=[\u3400-\u9fff])")
_PREVIEW_RE = re.compile(r"[（(【\[]\s*预告\s*[）)】\]]|预告(?=[：:\s]|$)")


def format_place(venue: str | None, address: str | None, online: bool) -> str:
    """One line of Chinese: the venue, its address in brackets, then whether one may join online.

    A space an editor typed inside a Chinese address (东风东街5147号 潍坊学院) is dropped:
    Chinese addresses run together, and a bare space read as missing punctuation.
    """
    address = _CJK_SPACE_RE.sub("", address.strip()) if address else ""
    venue = venue.strip() if venue else ""
    where = f"{venue}（{address}）" if venue and address else venue or address
    if online:
        return f"{where}；可线上参加" if where else "线上"
    return where


def past_title(title: str) -> str:
    """A notice's title once its event is over: 第一讲预告：… becomes 第一讲：…, 【预告】… loses the tag."""
    cleaned = _PREVIEW_RE.sub("", title).strip()
    cleaned = re.sub(r"^[：:\s]+", "", cleaned)
    return cleaned or title


def _is_date_only(value: object) -> bool:
    return isinstance(value, str) and bool(_DATE_ONLY_RE.match(value.strip()))


def parse_event(
    value: Any,
    path: str,
    line: int,
    registries: Registries = NO_REGISTRIES,
) -> tuple[EventBlock | None, list[ContentError]]:
    """Validate the value of an article's ``event:`` field.

    Ids are checked against ``registries`` where a section has data
    (``None`` skips that check: the Pelican reader runs after the full check).
    """
    if not isinstance(value, LineDict):
        return None, [
            ContentError(
                path,
                line,
                "invalid-event",
                "event 是活动信息，应当是缩进的多行字段，例如：\nevent:\n  start: 2027-03-20 15:00\n  venue: 图书馆报告厅",
            )
        ]
    check = FieldChecker(value, path, FIELDS, missing_line=line)
    check.required(
        "start",
        "活动缺少开始时间：请在 event 下写 start: 2027-03-20 15:00（全天活动只写日期）",
        "missing-event-start",
    )
    start, end, deadline, all_day = _times(check, value)
    venue, address, capacity, online, register = _place(check, start, deadline)
    organiser = _organiser(check, registries)
    series = _series(check, registries)
    number = _number(check, series)
    speakers = _speakers(check, registries)
    status = _status(check)
    report = _report(check, registries)
    if check.errors or start is None:
        return None, check.errors
    return (
        EventBlock(
            start=start,
            end=end,
            all_day=all_day,
            venue=venue,
            address=address,
            online=online,
            register=register,
            register_deadline=deadline,
            capacity=capacity,
            organiser=organiser,
            series=series,
            number=number,
            speakers=speakers,
            status=status,
            report=report,
            line=line,
            number_line=check.line("number") if "number" in value else line,
            report_line=check.line("report") if "report" in value else line,
        ),
        [],
    )


def _times(
    check: FieldChecker, value: LineDict
) -> tuple[datetime | None, datetime | None, datetime | None, bool]:
    """``(start, end, register_deadline, all_day)``: in order, and all dates or all times."""
    start = _when(check, "start")
    end = _when(check, "end")
    deadline = _when(check, "register_deadline")
    all_day = _is_date_only(value.get("start"))
    if start and end:
        if all_day != _is_date_only(value.get("end")):
            check.error(
                "event-time-mismatch",
                "end",
                "start 和 end 要么都只写日期（全天活动），要么都写日期和时间，例如 start: 2027-03-20 15:00 和 end: 2027-03-20 17:00",
            )
        elif end < start:
            check.error(
                "event-end-before-start",
                "end",
                f"结束时间 {value['end']} 早于开始时间 {value['start']}：请检查 end",
            )
    if start and deadline and deadline > start:
        check.error(
            "register-deadline-after-start",
            "register_deadline",
            f"报名截止时间 {value['register_deadline']} 晚于活动开始时间 {value['start']}：请改早一些",
        )
    return start, end, deadline, all_day


def _place(
    check: FieldChecker, start: datetime | None, deadline: datetime | None
) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """``(venue, address, capacity, online, register)``: somewhere to be, no private contact in them."""
    venue, address, capacity = (
        _one_line(check, name, check.text(name)) for name in ("venue", "address", "capacity")
    )
    for name, text in (("venue", venue), ("address", address), ("capacity", capacity)):
        _private(check, name, text)
    online = _https(check, "online", "线上参加的网址")
    register = _https(check, "register", "报名网址")
    if deadline and not check.present("register"):
        check.error(
            "deadline-without-register",
            "register_deadline",
            "写了报名截止时间却没有报名网址：请补上 register: https://…",
        )
    if address and not venue:
        check.error(
            "address-without-venue", "address", "写了 address（地址）却没有 venue（场地名称）：请补上 venue"
        )
    if start and not (venue or online):
        check.error(
            "missing-event-place",
            "start",
            "活动缺少地点：请写 venue: 场地名称（线下），或 online: https://…（线上），或两者都写",
        )
    return venue, address, capacity, online, register


def _private(check: FieldChecker, name: str, text: str | None) -> None:
    if text and (private_contacts_in_text(text) or _EMAIL_IN_TEXT.search(fold(text))):
        check.error(
            "private-contact",
            name,
            f"{name} 中有手机号码或邮箱：为保护个人信息，活动信息里不写联系方式；报名请用 register 网址",
        )


def _when(check: FieldChecker, name: str) -> datetime | None:
    if not check.present(name):
        return None
    parsed = parse_date(check.raw[name])
    if parsed is None:
        check.error(
            "invalid-event-date",
            name,
            f"{name} 的时间“{check.raw[name]}”无法识别：请写成 2027-03-20 15:00（北京时间）或 2027-03-20（全天）",
        )
    elif not EVENT_YEARS[0] <= parsed.year <= EVENT_YEARS[1]:
        # 9999-12-31 parses, but the day after it (an all-day event's calendar end) does not exist.
        check.error(
            "event-date-out-of-range",
            name,
            f"{name} 的年份应在 {EVENT_YEARS[0]} 到 {EVENT_YEARS[1]} 之间：请检查是否多打或少打了数字",
        )
        return None
    return parsed


# Characters that break a one-line field: CR, LF, other controls and Unicode line separators.
_LINE_BREAK = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line(check: FieldChecker, name: str, text: str | None) -> str | None:
    """``text``, with an error if it spans lines (a venue pasted with its line break)."""
    if text and _LINE_BREAK.search(text):
        check.error(
            "event-line-break",
            name,
            f"{name} 只能写一行：请删除其中的换行（从 Word 或微信复制时常带有换行）",
        )
    return text


def _https(check: FieldChecker, name: str, label: str) -> str | None:
    text = check.text(name)
    if text is None:
        return None
    parsed = urlparse(text)
    if parsed.scheme != "https" or not parsed.hostname or any(c.isspace() for c in text):
        check.error(
            f"invalid-{name}-url",
            name,
            f"{label}“{text}”无效：必须是以 https:// 开头的完整网址（不接受 http://，读者的报名信息要加密传输）",
        )
        return None
    return text


def _organiser(check: FieldChecker, registries: Registries) -> str | None:
    value = check.raw.get("organiser")
    if value is None:
        return None
    if not isinstance(value, str) or not ID_RE.match(value):
        check.error(
            "invalid-organiser",
            "organiser",
            f"主办单位编号“{value}”应为小写英文、数字和连字符，例如 jinan 或 cs",
        )
        return None
    known = organisers(registries)
    if known is not None and value not in known:
        choices = "、".join(f"{k}（{v}）" for k, v in sorted(known.items())) or "（暂无）"
        check.error(
            "unknown-organiser",
            "organiser",
            f"未知主办单位编号“{value}”：请写校友会或学院的编号，可选：{choices}",
        )
        return None
    return value


def organisers(registries: Registries) -> dict[str, str] | None:
    """Association and college ids (associations win a clash); ``None`` while neither has data."""
    if registries.associations is None and registries.colleges is None:
        return None
    return {**(registries.colleges or {}), **(registries.associations or {})}


def _series(check: FieldChecker, registries: Registries) -> str | None:
    value = check.raw.get("series")
    if value is None:
        return None
    known = registries.event_series
    if not isinstance(value, str) or not ID_RE.match(value) or (known is not None and value not in known):
        choices = "、".join(f"{k}（{v}）" for k, v in (known or {}).items()) or "（暂无）"
        check.error("unknown-series", "series", f"未知活动系列“{value}”，可选：{choices}")
        return None
    return value


def _number(check: FieldChecker, series: str | None) -> int | None:
    value = check.raw.get("number")
    if value is None:
        if series:
            check.error("missing-event-number", "series", "系列活动要写第几讲：请在 event 下加 number: 4")
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_EVENT_NUMBER:
        # The value is not quoted: a long number may be anything (an ID number pasted by mistake).
        check.error(
            "invalid-event-number",
            "number",
            f"number 是第几讲，应为 1 到 {MAX_EVENT_NUMBER} 之间的整数，例如 number: 4",
        )
        return None
    if "series" not in check.raw:
        check.error(
            "number-without-series",
            "number",
            "写了 number（第几讲）却没有 series（系列）：请补上 series: lecture",
        )
        return None
    return value


def _speakers(check: FieldChecker, registries: Registries) -> tuple[Speaker, ...]:
    value = check.raw.get("speakers")
    if value is None:
        return ()
    example = "speakers: [{name: 李明, class_year: 2006, college: cs, achievement: ai-platform-founder}]"
    if not isinstance(value, LineList) or not value:
        check.error("invalid-speakers", "speakers", f"speakers 是主讲人列表，例如 {example}")
        return ()
    speakers = []
    for index, item in enumerate(value):
        line = value.line_of(index)
        if isinstance(item, str) and item.strip():
            speakers.append(Speaker(item.strip()))
            continue
        if not isinstance(item, LineDict):
            check.errors.append(
                ContentError(check.path, line, "invalid-speakers", f"主讲人应写成姓名，或 {example}")
            )
            continue
        sub = FieldChecker(item, check.path, SPEAKER_FIELDS, missing_line=line)
        sub.required("name", "主讲人缺少姓名：请写 name: 姓名", "missing-speaker-name")
        name, title = _one_line(sub, "name", sub.text("name")), _one_line(sub, "title", sub.text("title"))
        _private(sub, "title", title)
        year = item.get("class_year")
        if year is not None and (
            not isinstance(year, int) or isinstance(year, bool) or not EARLIEST_CLASS_YEAR <= year <= 2100
        ):
            sub.error(
                "invalid-speaker-year", "class_year", f"class_year 是毕业年份（届），例如 2006，不是“{year}”"
            )
            year = None
        college = sub.identifier("college", "学院", registries.colleges)
        achievement = item.get("achievement")
        if achievement is not None:
            known = registries.achievements
            if not isinstance(achievement, str) or not ID_RE.match(achievement):
                sub.error(
                    "invalid-speaker",
                    "achievement",
                    f"校友风采网址名“{achievement}”应为小写英文、数字和连字符",
                )
                achievement = None
            elif known is not None and achievement not in known:
                sub.error(
                    "unknown-speaker",
                    "achievement",
                    f"没有网址名为“{achievement}”的校友风采：请写 content/achievements/ 中已发布文章的 slug，"
                    f"可选：{'、'.join(sorted(known)) or '（暂无）'}",
                )
                achievement = None
        check.errors.extend(sub.errors)
        if name:
            speakers.append(Speaker(name, year, college, title, achievement))
    return tuple(speakers)


def _status(check: FieldChecker) -> str:
    value = check.raw.get("status", "scheduled")
    if not isinstance(value, str) or value not in STATUSES:  # a list or a mapping is no status either
        check.error(
            "invalid-event-status",
            "status",
            f"活动状态“{value}”无效：只能是 scheduled（按期举行）、postponed（延期）或 cancelled（取消）",
        )
        return "scheduled"
    return str(value)


def _report(check: FieldChecker, registries: Registries) -> str | None:
    value = check.raw.get("report")
    if value is None:
        return None
    text = str(value).strip().strip("/")
    if text.startswith("news/"):
        text = text[len("news/") :]
    known = registries.news
    if not text or (known is not None and text not in known):
        check.error(
            "unknown-report",
            "report",
            f"找不到活动报道“{value}”：请写已发布报道文章的网址名（slug），例如 report: 2023/xiao-you-da-jiang-tang，"
            "年份/网址名可避免重名",
        )
        return None
    return text


# ---- cross-file checks ------------------------------------------------------


def duplicate_number_errors(entries: Iterable[tuple[str, EventBlock]]) -> list[ContentError]:
    """``(path, block)`` pairs → one error per block whose series number another block also has."""
    owners: dict[tuple[str, int], list[tuple[str, EventBlock]]] = defaultdict(list)
    for path, block in entries:
        if block.series and block.number:
            owners[(block.series, block.number)].append((path, block))
    errors = []
    for (series, number), group in owners.items():
        if len(group) < 2:
            continue
        for path, block in group:
            others = "、".join(p for p, _ in group if p != path)
            errors.append(
                ContentError(
                    path,
                    block.number_line,
                    "duplicate-event-number",
                    f"系列 {series} 的第 {number} 讲已经在 {others} 中使用：每一讲的 number 不能重复",
                )
            )
    return errors


# ---- ordering and grouping (templates display; Python decides) -------------


def is_upcoming(block: EventBlock, today: date) -> bool:
    """Upcoming until its last day has passed: an event on ``today`` is still upcoming."""
    return block.last_day >= today


def split_upcoming(
    items: Sequence, today: date, event: Callable[[Any], EventBlock] = lambda i: i.event
) -> tuple[list, list]:
    """``(upcoming soonest first, cancelled ones last; past newest first)``."""
    upcoming = sorted(
        (i for i in items if is_upcoming(event(i), today)),
        key=lambda i: (event(i).status == "cancelled", event(i).start),
    )
    past = sorted(
        (i for i in items if not is_upcoming(event(i), today)), key=lambda i: event(i).start, reverse=True
    )
    return upcoming, past


def home_events(
    upcoming: Sequence, count: int, event: Callable[[Any], EventBlock] = lambda i: i.event
) -> list:
    """The first ``count`` upcoming events that still take place (cancelled ones are left out)."""
    return [i for i in upcoming if event(i).status != "cancelled"][:count]


def by_year(
    items: Sequence, event: Callable[[Any], EventBlock] = lambda i: i.event
) -> list[tuple[int, list]]:
    """``[(year, events in that year soonest first)]``, newest year first."""
    years: dict[int, list] = defaultdict(list)
    for item in items:
        years[event(item).start.year].append(item)
    return [(year, sorted(years[year], key=lambda i: event(i).start)) for year in sorted(years, reverse=True)]


def series_lectures(
    items: Sequence, series: str, event: Callable[[Any], EventBlock] = lambda i: i.event
) -> list:
    """The events of one series by number (第 1 讲 first)."""
    return sorted(
        (i for i in items if event(i).series == series), key=lambda i: (event(i).number or 0, event(i).start)
    )


def by_organiser(items: Sequence, event: Callable[[Any], EventBlock] = lambda i: i.event) -> dict[str, list]:
    """``organiser id -> events``, soonest first."""
    result: dict[str, list] = defaultdict(list)
    for item in sorted(items, key=lambda i: event(i).start):
        organiser = event(item).organiser
        if organiser:
            result[organiser].append(item)
    return dict(result)


def registration_open(block: EventBlock, today: date) -> bool:
    """Registration is shown while the event is on, not cancelled, and the deadline has not passed."""
    if not block.register or block.status == "cancelled" or not is_upcoming(block, today):
        return False
    return block.register_deadline is None or block.register_deadline.date() >= today


def format_when(block: EventBlock) -> str:
    """``2027年3月20日（星期六）15:00—17:00``; all-day and multi-day forms too."""
    start = block.start

    def day(d: date, with_year: bool = True) -> str:
        text = f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日"
        return f"{text}（星期{WEEKDAYS[d.weekday()]}）"

    if block.all_day:
        if block.end is None or block.end.date() == start.date():
            return day(start.date())
        return f"{day(start.date())}至{day(block.end.date(), block.end.year != start.year)}"
    text = f"{day(start.date())}{start:%H:%M}"
    if block.end is None:
        return text
    if block.end.date() == start.date():
        return f"{text}—{block.end:%H:%M}"
    return f"{text}至{day(block.end.date(), block.end.year != start.year)}{block.end:%H:%M}"


def format_deadline(block: EventBlock) -> str | None:
    if block.register_deadline is None:
        return None
    d = block.register_deadline
    time = "" if (d.hour, d.minute) == (0, 0) else f"{d:%H:%M}"
    return f"{d.year}年{d.month}月{d.day}日{time}"


def speaker_line(speaker: Speaker, colleges: Mapping[str, str] | None = None) -> str:
    """``李明（2006届 计算机工程学院校友，某公司技术总监）``."""
    about = []
    if speaker.class_year:
        about.append(f"{speaker.class_year}届")
    if speaker.college:
        about.append((colleges or {}).get(speaker.college, speaker.college) + "校友")
    parts = [" ".join(about)] if about else []
    if speaker.title:
        parts.append(speaker.title)
    return f"{speaker.name}（{'，'.join(parts)}）" if parts else speaker.name


def register_qr_svg(url: str) -> str:
    """An inline-SVG QR code of the registration URL, for readers on a desktop.

    The mask is fixed (any mask decodes alike; searching all eight is slow).
    """
    import segno  # here, not at the top: ``invoke check`` makes no QR code (segno pulls in urllib.request)

    return trusted(
        segno.make(url, error="m", mask=0).svg_inline(
            scale=3, border=2, dark="#1f2328", title=f"用手机扫码报名：{url}"
        )
    )


# ---- schema.org ---------------------------------------------------------------

_LD_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
}


def _iso(block: EventBlock, value: datetime) -> str:
    return value.date().isoformat() if block.all_day else value.isoformat()


def event_ld(
    block: EventBlock,
    *,
    name: str,
    url: str,
    description: str,
    organiser_name: str | None,
    organiser_url: str | None,
    speaker_urls: Mapping[str, str] | None = None,
) -> str:
    """schema.org ``Event`` JSON-LD (safe to embed in a ``<script>``)."""
    locations: list[dict] = []
    if block.venue:
        place: dict[str, Any] = {"@type": "Place", "name": block.venue}
        if block.address:
            place["address"] = block.address
        locations.append(place)
    if block.online:
        locations.append({"@type": "VirtualLocation", "url": block.online})
    mode = (
        "MixedEventAttendanceMode"
        if block.venue and block.online
        else "OnlineEventAttendanceMode"
        if block.online
        else "OfflineEventAttendanceMode"
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name,
        "url": url,
        "description": description,
        "startDate": _iso(block, block.start),
        "eventStatus": _LD_STATUS[block.status],
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": locations[0] if len(locations) == 1 else locations,
    }
    if block.end:
        data["endDate"] = _iso(block, block.end)
    if organiser_name:
        data["organizer"] = {"@type": "Organization", "name": organiser_name}
        if organiser_url:
            data["organizer"]["url"] = organiser_url
    if block.speakers:
        performers = []
        for speaker in block.speakers:
            person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
            if speaker.achievement and speaker_urls and speaker.achievement in speaker_urls:
                person["url"] = speaker_urls[speaker.achievement]
            performers.append(person)
        data["performer"] = performers
    return script_json(data)
