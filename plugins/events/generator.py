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

from plugins.common.pelican_content import articles_by_source, write_page
from plugins.common.settings import public_base
from plugins.site.buildcontext import BuildContext

from .calendar import CalendarEvent, calendar_ics, event_uid, fingerprint, next_lock, read_lock, render_lock
from .model import (
    EventBlock,
    by_organiser,
    by_year,
    event_ld,
    format_deadline,
    home_events,
    is_upcoming,
    past_title,
    register_qr_svg,
    registration_open,
    series_lectures,
    speaker_line,
    split_upcoming,
)
from .settings import EventsConfig, events_config


def _config(settings: dict) -> EventsConfig:
    return events_config(settings.get("EVENTS"))


def lock_sequences(settings: dict, now: datetime | None = None) -> int:
    """Write the SEQUENCE lock after a publishing build; return how many entries changed.

    Called by ``python -m wfu.build lock-urls``: the same moment ``urls.lock``
    records what was published.
    """
    from plugins.site.loader import load_site

    config = _config(settings)
    path = sequence_lock_path(settings)
    site = load_site(settings)[0]
    if path is None or site is None:
        return 0
    names = organiser_names(site)
    base = _base(settings)
    current = {}
    for article in site.events:
        meta = article.meta
        event = CalendarEvent(
            f"{meta.date:%Y}/{meta.slug}", meta.title, f"{base}/{article.url}", meta.event, meta.date
        )
        current[event_uid(event.key, config.calendar_domain)] = fingerprint(
            event, names.get(meta.event.organiser or "")
        )
    before = _read_lock(path)
    after = next_lock(before, current, now or datetime.now(UTC))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(render_lock(after))
    return sum(1 for uid, entry in after.items() if before.get(uid) != entry)


def organiser_names(site) -> dict[str, str]:
    """Organiser id -> name: colleges and associations of the graph."""
    return {
        **{cid: c.name for cid, c in site.colleges.items()},
        **{aid: a.association.name for aid, a in site.associations.items()},
    }


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
    """Event JSON-LD and calendar entries name the page the article's JSON-LD names: the public address."""
    return public_base(settings)


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
        """The article's title; once the event is over, without its 预告 (the list reads as a record)."""
        return self.article.title if self.upcoming else past_title(self.article.title)

    @property
    def url(self) -> str:
        return self.article.url


@dataclass
class EventPage:
    """What an article's page shows of events: its own event, or the event it reports."""

    view: EventView | None = None
    ld: str = ""  # schema.org Event JSON-LD
    register_qr_svg: str = ""
    reported: EventView | None = None


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
        today = BuildContext.of(self.context).today
        base = _base(s)
        site = self.context["site"]
        articles = articles_by_source(self.context)
        organisers = {cid: (c.name, c.url) for cid, c in site.colleges.items()}
        organisers.update({aid: (a.association.name, a.url) for aid, a in site.associations.items()})
        profile_urls = {slug: site.config.routes.url("ACHIEVEMENT", slug=slug) for slug in site.achievements}
        college_names = {cid: c.name for cid, c in site.colleges.items()}
        self.pages = {}  # article URL -> EventPage: what an article's page shows of an event

        views = []
        for node in site.events:
            article = articles.get(node.source_path)
            block = node.meta.event
            if article is None:
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
            if block.organiser in organisers:
                view.organiser_name, view.organiser_url = organisers[block.organiser]
            if block.report:
                reported = site.news_by_key(block.report)
                view.report = articles.get(reported.source_path) if reported else None
                if view.report is not None:  # the report links back to what it reports
                    self.pages.setdefault(view.report.url, EventPage()).reported = view
            for speaker in block.speakers:
                url = profile_urls.get(speaker.achievement) if speaker.achievement else None
                view.speakers.append((speaker_line(speaker, college_names), url))
            if block.series:
                view.series_name = config.series_name(block.series)
                view.series_url = s["EVENTS_SERIES_URL"].format(id=block.series)
            page = self.pages.setdefault(article.url, EventPage())
            page.view = view
            page.ld = event_ld(
                block,
                name=article.title,
                url=f"{base}/{article.url}",
                description=getattr(article, "summary_text", ""),
                organiser_name=view.organiser_name,
                organiser_url=f"{base}/{view.organiser_url}" if view.organiser_url else None,
                speaker_urls={slug: f"{base}/{url}" for slug, url in profile_urls.items()},
            )
            if view.registration_open:
                page.register_qr_svg = register_qr_svg(block.register)
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
        self.organiser_names = organiser_names(site)
        self.context["event_pages"] = self.pages

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
        for year, slug in sorted(self._gone_calendars()):  # an empty calendar: subscribers drop the event
            self._write_ics(s["EVENT_CALENDAR_SAVE_AS"].format(year=year, slug=slug), [], "活动已撤下")

    def _gone_calendars(self) -> set[tuple[str, str]]:
        """Calendars of withdrawn events, and locked ones of removed events whose page redirects.

        Their URLs are in ``urls.lock``: an empty calendar keeps each one answering
        (and removes the event from a subscriber's calendar) without the event.
        """
        from plugins.api.model import redirected_articles
        from plugins.urls.model import read_lock

        site, s = self.context["site"], self.settings
        gone = {(f"{a.meta.date:%Y}", a.meta.slug) for a in site.withdrawn_news if a.meta.event}
        current = {(f"{v.article.date:%Y}", v.article.slug) for v in self.views}
        locked = set(read_lock(s["URL_LOCK"])) if s.get("URL_LOCK") else set()
        redirects = [(r.source, r.target) for r in site.redirects.values()]
        for year, slug, _, _ in redirected_articles(redirects, s["ARTICLE_URL"]):
            if "/" + s["EVENT_CALENDAR_URL"].format(year=year, slug=slug) in locked:
                gone.add((year, slug))
        return gone - current


def get_generators(pelican):
    return EventsGenerator
