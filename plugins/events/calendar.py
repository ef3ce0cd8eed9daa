"""iCalendar files for events (RFC 5545, written with the ``icalendar`` library).

Pure: no Pelican import.  Two things must stay correct across builds, because
calendar apps keep what they once imported:

* **UID** — derived from the article's stable news key ``YYYY/slug`` (the
  URL, which ``urls.lock`` forbids changing once published), never from the
  build.  The same event has the same UID in every build, on every machine.
* **SEQUENCE** — must grow whenever a published event changes, so that a
  subscribed calendar replaces its copy.  Nothing in the content alone can
  yield a number that only ever grows, so the last published state is kept
  in a committed file, ``events.lock`` (one line per UID: sequence,
  fingerprint of what the calendar shows, DTSTAMP).  A publishing build
  reads it; ``python -m wfu.build lock-urls --publish`` (run by ``invoke
  build --publish``) writes the new state, to be committed with
  ``urls.lock``.  A changed fingerprint gives ``sequence + 1``; gaps are
  allowed by RFC 5545, so a build that was never published does no harm.
  Without a lock file (previews, tests) every SEQUENCE is 0 and DTSTAMP is
  the article's date, so builds stay reproducible.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from plugins.common.dates import SITE_TIMEZONE

from .model import EventBlock, format_deadline

if TYPE_CHECKING:  # imported where a calendar is written: `invoke check` writes none
    import icalendar

PRODID = "-//潍坊学院校友会//wfu-alumni-site//ZH"
_ICAL_STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class CalendarEvent:
    """What one VEVENT shows: the block plus the article's title, key and URL."""

    key: str  # "YYYY/slug": the stable news key
    title: str
    url: str  # absolute URL of the event page
    block: EventBlock
    published: datetime  # the article's date: DTSTAMP without a lock


@dataclass(frozen=True)
class LockEntry:
    sequence: int
    fingerprint: str
    stamp: datetime  # UTC


def event_uid(key: str, domain: str) -> str:
    """``event-2027-slug@domain``: from the article's stable key, the same in every build."""
    return f"event-{key.replace('/', '-')}@{domain}"


def location(block: EventBlock) -> str | None:
    parts = [p for p in (block.venue, block.address) if p]
    if block.online:
        parts.append(f"线上：{block.online}")
    return "，".join(parts) or None


def description(event: CalendarEvent, organiser: str | None = None) -> str:
    """The text calendar apps show under the title: organiser, speakers, registration, link.

    Only front-matter facts, so that :func:`fingerprint` can be computed
    from the content alone when the lock is written.
    """
    block = event.block
    lines = []
    if block.status == "cancelled":
        lines.append("【活动已取消】")
    elif block.status == "postponed":
        lines.append("【活动延期举行，时间待定】")
    if organiser:
        lines.append(f"主办：{organiser}")
    if block.speakers:
        lines.append("主讲：" + "、".join(s.name for s in block.speakers))
    if block.register and block.status != "cancelled":
        deadline = f"（{format_deadline(block)}截止）" if block.register_deadline else ""
        lines.append(f"报名：{block.register}{deadline}")
    if block.online:
        lines.append(f"线上参加：{block.online}")
    if block.capacity:
        lines.append(f"名额：{block.capacity}")
    lines.append(f"详情：{event.url}")
    return "\n".join(lines)


def fingerprint(event: CalendarEvent, organiser: str | None = None) -> str:
    """A hash of everything a VEVENT shows, apart from SEQUENCE and DTSTAMP."""
    block = event.block
    shown = {
        "title": event.title,
        "url": event.url,
        "start": block.start.isoformat(),
        "end": block.end.isoformat() if block.end else None,
        "all_day": block.all_day,
        "location": location(block),
        "status": block.status,
        "description": description(event, organiser),
    }
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def read_lock(text: str) -> dict[str, LockEntry]:
    """Parse ``events.lock``: ``uid sequence fingerprint stamp`` per line, ``#`` comments."""
    entries = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        try:
            uid, sequence, print_, stamp = parts
            entries[uid] = LockEntry(
                int(sequence), print_, datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            )
        except ValueError:
            raise ValueError(
                f"events.lock:{number}: expected 'uid sequence fingerprint YYYYMMDDTHHMMSSZ'"
            ) from None
    return entries


def next_lock(
    lock: Mapping[str, LockEntry], current: Mapping[str, str], now: datetime
) -> dict[str, LockEntry]:
    """The lock after publishing ``current`` (uid -> fingerprint) at ``now``.

    Unchanged events keep their entry; changed ones get ``sequence + 1`` and
    ``now`` as DTSTAMP; new ones start at 0.  Entries of events that
    disappeared are kept, so an event that comes back never reuses a number.
    """
    stamp = now.astimezone(UTC).replace(microsecond=0)
    result = dict(lock)
    for uid, print_ in current.items():
        old = lock.get(uid)
        if old is None:
            result[uid] = LockEntry(0, print_, stamp)
        elif old.fingerprint != print_:
            result[uid] = LockEntry(old.sequence + 1, print_, stamp)
    return result


def render_lock(lock: Mapping[str, LockEntry]) -> str:
    header = (
        "# SEQUENCE of every published event's calendar entry (see plugins/events/calendar.py).\n"
        "# Written by `invoke build --publish`; commit it with urls.lock. Do not edit by hand.\n"
    )
    return header + "".join(
        f"{uid} {e.sequence} {e.fingerprint} {e.stamp:%Y%m%dT%H%M%SZ}\n" for uid, e in sorted(lock.items())
    )


def _vevent(
    event: CalendarEvent, uid: str, sequence: int, stamp: datetime, organiser: str | None
) -> icalendar.Event:
    import icalendar

    block = event.block
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp.astimezone(UTC))
    vevent.add("sequence", sequence)
    vevent.add("summary", event.title)
    if block.all_day:
        vevent.add("dtstart", block.start.date())
        # DTEND of an all-day event is exclusive: the day after the last day
        vevent.add("dtend", (block.end or block.start).date() + timedelta(days=1))
    else:
        zone = ZoneInfo(SITE_TIMEZONE)
        vevent.add("dtstart", block.start.astimezone(zone))
        if block.end:
            vevent.add("dtend", block.end.astimezone(zone))
    place = location(block)
    if place:
        vevent.add("location", place)
    vevent.add("url", event.url)
    vevent.add("description", description(event, organiser))
    vevent.add("status", _ICAL_STATUS[block.status])
    return vevent


def calendar_ics(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    domain: str,
    lock: Mapping[str, LockEntry] | None = None,
    organisers: Mapping[str, str] | None = None,
) -> bytes:
    """One VCALENDAR with a VEVENT per event and the Asia/Shanghai VTIMEZONE."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", SITE_TIMEZONE)
    for event in sorted(events, key=lambda e: (e.block.start, e.key)):
        uid = event_uid(event.key, domain)
        organiser = (organisers or {}).get(event.block.organiser or "")
        entry = (lock or {}).get(uid)
        if entry is not None and entry.fingerprint == fingerprint(event, organiser):
            sequence, stamp = entry.sequence, entry.stamp
        elif entry is not None:  # changed since the last publication: the next publication locks it
            sequence, stamp = entry.sequence + 1, event.published
        else:
            sequence, stamp = 0, event.published
        calendar.add_component(_vevent(event, uid, sequence, stamp, organiser))
    # As ``calendar.add_missing_timezones()`` does (each zone the events name, before them), with
    # each zone's component made once per process: icalendar derives it from the zone's
    # transitions, 70 ms for Asia/Shanghai, and a build writes a calendar per list and per event.
    for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        calendar.subcomponents.insert(position, icalendar.Timezone.from_ical(_vtimezone(tzid)))
    return calendar.to_ical()


@functools.lru_cache(maxsize=8)
def _vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE of ``tzid`` as ``icalendar.Timezone.from_tzid`` makes it (its default date range)."""
    import icalendar

    return icalendar.Timezone.from_tzid(tzid).to_ical()
