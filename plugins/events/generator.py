"""Pelican adapter for events: lists by date, year and series, and calendars.

Phase one takes the published articles that carry an ``event:`` block (the
news reader stored the validated :class:`~plugins.events.model.EventBlock`),
splits them at the build's "today" (``SITE_TODAY``), resolves organisers,
speakers and reports, and gives every event article what its page shows
(JSON-LD, registration QR code, calendar link).  Phase two writes
``/events/``, ``/events/<year>/``, ``/events/series/<id>/`` and the
``.ics`` files.  Every path comes from an ``EVENTS*_SAVE_AS``/``*_URL`` pair.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pelican.generators import Generator

from plugins.common.dates import site_today
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.files import display_path, markdown_files, read_text
from plugins.common.frontmatter import split_front_matter
from plugins.common.pelican_content import write_page
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.news.settings import news_config

from .calendar import CalendarEvent, calendar_ics, event_uid, fingerprint, next_lock, read_lock, render_lock
from .model import (
    EventBlock,
    by_organiser,
    by_year,
    duplicate_number_errors,
    event_ld,
    format_deadline,
    home_events,
    is_upcoming,
    parse_event,
    register_qr_svg,
    registration_open,
    series_lectures,
    speaker_line,
    split_upcoming,
)
from .settings import EventsConfig, events_config


def _config(settings: dict) -> EventsConfig:
    return events_config(settings.get("EVENTS"))


def registry(settings: dict) -> dict:
    """The configured series, so the news check can validate ``series:``."""
    return {"event_series": dict(_config(settings).series)}


def event_blocks(settings: dict, registries: Registries) -> list[tuple[str, dict, EventBlock]]:
    """``(path, front matter, block)`` of every published article with a valid ``event:``.

    Reads only the front matter; the news check reports every error of the
    files themselves, so invalid files are skipped here.
    """
    content_root = settings["PATH"]
    found = []
    for source_path in markdown_files(os.path.join(content_root, news_config(settings.get("NEWS")).folder)):
        path = display_path(source_path, content_root)
        try:
            raw = split_front_matter(read_text(source_path, path), path).meta
        except ContentErrors:
            continue
        if "event" not in raw or raw.get("status", "published") != "published":
            continue
        block, errors = parse_event(raw["event"], path, raw.line_of("event"), registries)
        if block is not None and not errors:
            found.append((path, raw, block))
    return found


def check(settings: dict, registries: Registries = NO_REGISTRIES) -> list[ContentError]:
    """Cross-file checks (a lecture number is used once per series) and ``SITE_TODAY``.

    Only the series is checked here, so a block with a wrong organiser or
    report (reported by the news check) still takes part in the number check.
    """
    only_series = Registries(event_series=registries.event_series)
    errors = duplicate_number_errors((path, block) for path, _, block in event_blocks(settings, only_series))
    try:
        site_today()
    except ValueError:
        errors.append(
            ContentError(
                "SITE_TODAY",
                0,
                "invalid-site-today",
                f"环境变量 SITE_TODAY=“{os.environ.get('SITE_TODAY')}”无效：请写成 2026-06-01（年-月-日），或不设置（使用北京时间的今天）",
            )
        )
    return errors


def lock_sequences(settings: dict, now: datetime | None = None) -> int:
    """Write the SEQUENCE lock after a publishing build; return how many entries changed.

    Called by ``python -m wfu.build lock-urls``: the same moment ``urls.lock``
    records what was published.
    """
    from plugins.associations.generator import registry as association_ids
    from plugins.colleges.generator import registry as college_ids
    from plugins.common.dates import parse_date
    from plugins.common.slugs import slugify

    config = _config(settings)
    path = sequence_lock_path(settings)
    if path is None:
        return 0
    names = {**(college_ids(settings)["colleges"] or {}), **association_ids(settings)["associations"]}
    base = _base(settings)
    current = {}
    for _, raw, block in event_blocks(settings, NO_REGISTRIES):
        date = parse_date(raw.get("date"))
        slug = str(raw["slug"]) if raw.get("slug") else slugify(str(raw.get("title") or ""))
        if date is None or not slug:
            continue
        url = settings["ARTICLE_URL"].format(date=date, slug=slug)
        event = CalendarEvent(f"{date:%Y}/{slug}", str(raw["title"]), f"{base}/{url}", block, date)
        current[event_uid(event.key, config.calendar_domain)] = fingerprint(
            event, names.get(block.organiser or "")
        )
    before = _read_lock(path)
    after = next_lock(before, current, now or datetime.now(UTC))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(render_lock(after))
    return sum(1 for uid, entry in after.items() if before.get(uid) != entry)


def sequence_lock_path(settings: dict) -> str | None:
    """``EVENTS['sequence_lock']``, a relative one beside ``URL_LOCK``; ``None`` when there is none."""
    name = _config(settings).sequence_lock
    if not name:
        return None
    if os.path.isabs(name):
        return name
    url_lock = settings.get("URL_LOCK")
    return os.path.join(os.path.dirname(os.path.abspath(url_lock)), name) if url_lock else None


def _read_lock(path: str | None) -> dict:
    if not path or not os.path.isfile(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        return read_lock(handle.read())


def _base(settings: dict) -> str:
    """Absolute site root: SITEURL when publishing, the preview server otherwise."""
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")


@dataclass(eq=False)
class EventView:
    """An event article with everything its list entries and page show."""

    article: object
    event: EventBlock
    ics_url: str
    upcoming: bool
    registration_open: bool
    organiser_name: str | None = None
    organiser_url: str | None = None
    report: object | None = None  # the report article
    speakers: list[tuple[str, str | None]] = field(default_factory=list)  # (text, profile URL)
    series_name: str | None = None
    series_url: str | None = None
    deadline: str | None = None

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def url(self) -> str:
        return self.article.url


@dataclass(frozen=True)
class SeriesView:
    id: str
    name: str
    url: str
    calendar_url: str
    events: list  # by number


class EventsGenerator(Generator):
    def generate_context(self):
        s = self.settings
        config = _config(s)
        today = site_today()
        base = _base(s)
        colleges = self.context.get("colleges_by_id", {})
        associations = self.context.get("associations_by_id", {})
        profiles = {p.slug: p for p in self.context.get("achievements", [])}
        by_key = {f"{a.date:%Y}/{a.slug}": a for a in self.context.get("articles", [])}
        by_slug: dict[str, list] = {}
        for article in by_key.values():
            by_slug.setdefault(article.slug, []).append(article)
        college_names = {cid: c.name for cid, c in colleges.items()}

        views = []
        for article in self.context.get("articles", []):
            block = getattr(article, "event", None)
            if block is None:
                continue
            slots = {"year": f"{article.date:%Y}", "slug": article.slug}
            view = EventView(
                article=article,
                event=block,
                ics_url=s["EVENT_CALENDAR_URL"].format(**slots),
                upcoming=is_upcoming(block, today),
                registration_open=registration_open(block, today),
                deadline=format_deadline(block),
            )
            organiser = associations.get(block.organiser) or colleges.get(block.organiser)
            if organiser is not None:
                view.organiser_name, view.organiser_url = organiser.name, organiser.url
            if block.report:
                matches = [by_key[block.report]] if block.report in by_key else by_slug.get(block.report, [])
                view.report = matches[0] if len(matches) == 1 else None
                if view.report is not None:  # the report links back to what it reports
                    view.report.reported_event = view
            for speaker in block.speakers:
                profile = profiles.get(speaker.achievement) if speaker.achievement else None
                view.speakers.append((speaker_line(speaker, college_names), profile.url if profile else None))
            if block.series:
                view.series_name = config.series_name(block.series)
                view.series_url = s["EVENTS_SERIES_URL"].format(id=block.series)
            article.event_view = view
            article.event_ld = event_ld(
                block,
                name=article.title,
                url=f"{base}/{article.url}",
                description=getattr(article, "summary_text", ""),
                organiser_name=view.organiser_name,
                organiser_url=f"{base}/{view.organiser_url}" if view.organiser_url else None,
                speaker_urls={slug: f"{base}/{p.url}" for slug, p in profiles.items()},
            )
            if view.registration_open:
                article.register_qr_svg = register_qr_svg(block.register)
            views.append(view)

        upcoming, past = split_upcoming(views, today)
        self.views = views
        self.years = by_year(views)
        self.series = [
            SeriesView(
                sid,
                name,
                s["EVENTS_SERIES_URL"].format(id=sid),
                s["EVENTS_SERIES_CALENDAR_URL"].format(id=sid),
                series_lectures(views, sid),
            )
            for sid, name in config.series
        ]
        self.context["events"] = {
            "today": today,
            "upcoming": upcoming,
            "past": past,
            "home": home_events(upcoming, config.home_count),
            "years": [(year, s["EVENTS_YEAR_URL"].format(year=year), items) for year, items in self.years],
            "series": self.series,
            "by_organiser": by_organiser(views),
            "urls": {"index": s["EVENTS_URL"], "calendar": s["EVENTS_CALENDAR_URL"]},
            "calendar_name": config.calendar_name,
        }
        self.config = config
        self.base = base
        self.organiser_names = {
            **college_names,
            **{aid: a.name for aid, a in associations.items()},
        }

    def _calendar_events(self, views) -> list[CalendarEvent]:
        return [
            CalendarEvent(
                f"{v.article.date:%Y}/{v.article.slug}",
                v.article.title,
                f"{self.base}/{v.article.url}",
                v.event,
                v.article.date,
            )
            for v in views
        ]

    def _write_ics(self, save_as: str, views, name: str) -> None:
        data = calendar_ics(
            self._calendar_events(views),
            name=name,
            domain=self.config.calendar_domain,
            lock=_read_lock(sequence_lock_path(self.settings)),
            organisers=self.organiser_names,
        )
        target = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)

    def generate_output(self, writer):
        s = self.settings
        events = self.context["events"]
        write_page(self, writer, "EVENTS", "events/index")
        for year, _, items in events["years"]:
            write_page(
                self, writer, "EVENTS_YEAR", "events/year", {"year": year}, year=year, year_events=items
            )
        for series in self.series:
            write_page(self, writer, "EVENTS_SERIES", "events/series", {"id": series.id}, series=series)
            self._write_ics(
                s["EVENTS_SERIES_CALENDAR_SAVE_AS"].format(id=series.id),
                series.events,
                f"{self.config.calendar_name}：{series.name}",
            )
        self._write_ics(s["EVENTS_CALENDAR_SAVE_AS"], self.views, self.config.calendar_name)
        for view in self.views:
            slots = {"year": f"{view.article.date:%Y}", "slug": view.article.slug}
            self._write_ics(s["EVENT_CALENDAR_SAVE_AS"].format(**slots), [view], view.article.title)


def get_generators(pelican):
    return EventsGenerator
