"""校友活动 and 校友大讲堂 as a registered section: event lists, series, calendars.

An event is a published news article with an ``event:`` block (validated by
the news section: organiser, series, speakers, reports), so the section loads
after news.  Its views split the events at the build's day (the one clock),
resolve organisers, speakers and reports, and give every event article what
its page shows (JSON-LD, registration QR code, calendar link) as
``views.events.pages``, read by the news templates and by the incremental
output's page keys.  ``publish`` writes the ``.ics`` files into the output
tree, which the output privacy scan reads like every other file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from plugins.common.dates import clock_today
from plugins.common.section import LoadContext, Loaded, PageSpec, RenderContext, Route, Routes, Section
from plugins.common.settings import public_base

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


@dataclass(frozen=True)
class Events:
    """The section's content: the published event articles (newest article first) and the build's day."""

    config: EventsConfig
    articles: tuple[Any, ...]  # plugins.site.graph.NewsArticle with an ``event:`` block
    today: date


@dataclass(eq=False)
class EventView:
    """An event article with everything its list entries and page show."""

    article: Any  # Pelican's article
    event: EventBlock
    ics_url: str
    upcoming: bool
    registration_open: bool
    organiser_name: str | None = None
    organiser_url: str | None = None
    report: Any | None = None  # the report article
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


@dataclass(frozen=True)
class YearView:
    """One year's page: its events, soonest first."""

    year: int
    url: str
    events: list


@dataclass
class EventsView:
    """``views.events``: the lists every events page, the home page and the API show."""

    today: date
    upcoming: list[EventView]
    past: list[EventView]
    home: list[EventView]
    years: list[tuple[int, str, list[EventView]]]  # (year, URL, events)
    series: list[SeriesView]
    by_organiser: Mapping[str, list[EventView]]
    calendar_name: str
    events: list[EventView]  # every event, newest article first
    pages: Mapping[str, EventPage]  # article URL -> what its page shows of an event
    items: Mapping[str, Any] = field(default_factory=dict)


def load(context: LoadContext) -> Loaded:
    """The published articles with an ``event:`` block (the news section validated every block)."""
    news = context.uses("news").items.published
    articles = tuple(a for a in news if a.meta.event is not None)
    return Loaded(Events(context.config, articles, context.today or clock_today()))


def pages(content: Events, routes: Routes) -> Iterable[PageSpec]:
    yield routes.page("EVENTS", "events/index")
    for year in sorted({a.meta.event.start.year for a in content.articles}, reverse=True):
        yield routes.page(
            "EVENTS_YEAR", "events/year", item=f"year:{year}", as_name="year_page", year=str(year)
        )
    for sid, _ in content.config.series:
        yield routes.page("EVENTS_SERIES", "events/series", item=f"series:{sid}", as_name="series", id=sid)


def views(content: Events, render: RenderContext) -> EventsView:
    config, site, routes, today = content.config, render.site, render.routes, content.today
    base = public_base(render.settings)  # JSON-LD names the page the article's JSON-LD names
    organisers = {cid: (c.name, c.url) for cid, c in site.colleges.items()}
    organisers.update({aid: (a.association.name, a.url) for aid, a in site.associations.items()})
    profile_urls = {slug: routes.url("ACHIEVEMENT", slug=slug) for slug in site.achievements}
    college_names = {cid: c.name for cid, c in site.colleges.items()}
    event_pages: dict[str, EventPage] = {}

    found = []
    for node in content.articles:
        article = render.article(node.source_path)
        block = node.meta.event
        if article is None:
            continue
        view = EventView(
            article=article,
            event=block,
            ics_url=routes.url("EVENT_CALENDAR", year=f"{article.date:%Y}", slug=article.slug),
            upcoming=is_upcoming(block, today),
            registration_open=registration_open(block, today),
            deadline=format_deadline(block),
        )
        if block.organiser in organisers:
            view.organiser_name, view.organiser_url = organisers[block.organiser]
        if block.report:
            reported = site.news_by_key(block.report)
            view.report = render.article(reported.source_path) if reported else None
            if view.report is not None:  # the report links back to what it reports
                event_pages.setdefault(view.report.url, EventPage()).reported = view
        for speaker in block.speakers:
            url = profile_urls.get(speaker.achievement) if speaker.achievement else None
            view.speakers.append((speaker_line(speaker, college_names), url))
        if block.series:
            view.series_name = config.series_name(block.series)
            view.series_url = routes.url("EVENTS_SERIES", id=block.series)
        page = event_pages.setdefault(article.url, EventPage())
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
        found.append(view)

    upcoming, past = split_upcoming(found, today)
    years = [(year, routes.url("EVENTS_YEAR", year=str(year)), items) for year, items in by_year(found)]
    series = [
        SeriesView(
            sid,
            name,
            routes.url("EVENTS_SERIES", id=sid),
            routes.url("EVENTS_SERIES_CALENDAR", id=sid),
            series_lectures(found, sid),
        )
        for sid, name in config.series
    ]
    items: dict[str, Any] = {f"year:{year}": YearView(year, url, events) for year, url, events in years}
    items.update({f"series:{s.id}": s for s in series})
    return EventsView(
        today=today,
        upcoming=upcoming,
        past=past,
        home=home_events(upcoming, config.home_count),
        years=years,
        series=series,
        by_organiser=by_organiser(found),
        calendar_name=config.calendar_name,
        events=found,
        pages=event_pages,
        items=items,
    )


def publish(view: EventsView, render: RenderContext) -> None:
    """The ``.ics`` files: every series, the whole calendar, each event, and empty ones of gone events."""
    config: EventsConfig = render.config("events")
    routes, settings = render.routes, render.settings
    base = public_base(settings)
    lock = _read_lock(sequence_lock_path(settings))
    names = organiser_names(render.site)

    def write(save_as: str, events: Iterable[EventView], name: str) -> None:
        entries = [
            CalendarEvent(
                f"{v.article.date:%Y}/{v.article.slug}",
                v.article.title,
                f"{base}/{v.article.url}",
                v.event,
                v.article.date,
            )
            for v in events
        ]
        data = calendar_ics(entries, name=name, domain=config.calendar_domain, lock=lock, organisers=names)
        render.write_bytes(save_as, data)

    for series in view.series:
        write(routes.save_as("EVENTS_SERIES_CALENDAR", id=series.id), series.events,
              f"{config.calendar_name}：{series.name}")  # fmt: skip
    write(routes.save_as("EVENTS_CALENDAR"), view.events, config.calendar_name)
    for event in view.events:
        slots = {"year": f"{event.article.date:%Y}", "slug": event.article.slug}
        write(routes.save_as("EVENT_CALENDAR", **slots), [event], event.article.title)
    for year, slug in sorted(_gone_calendars(view, render)):  # an empty calendar: subscribers drop the event
        write(routes.save_as("EVENT_CALENDAR", year=year, slug=slug), [], "活动已撤下")


def _gone_calendars(view: EventsView, render: RenderContext) -> set[tuple[str, str]]:
    """Calendars of withdrawn events, and locked ones of removed events whose page redirects.

    Their URLs are in ``urls.lock``: an empty calendar keeps each one answering
    (and removes the event from a subscriber's calendar) without the event.
    """
    from plugins.api.model import redirected_articles
    from plugins.urls.model import read_lock as read_url_lock

    site, s = render.site, render.settings
    gone = {(f"{a.meta.date:%Y}", a.meta.slug) for a in site.withdrawn_news if a.meta.event}
    current = {(f"{v.article.date:%Y}", v.article.slug) for v in view.events}
    locked = set(read_url_lock(s["URL_LOCK"])) if s.get("URL_LOCK") else set()
    redirects = [(r.source, r.target) for r in site.redirects.values()]
    for year, slug, _, _ in redirected_articles(redirects, s["ARTICLE_URL"]):
        if "/" + render.routes.url("EVENT_CALENDAR", year=year, slug=slug) in locked:
            gone.add((year, slug))
    return gone - current


def lock_sequences(settings: Mapping[str, Any], now: datetime | None = None) -> int:
    """Write the SEQUENCE lock after a publishing build; return how many entries changed.

    Called by ``python -m wfu.build lock-urls``: the same moment ``urls.lock``
    records what was published.
    """
    from plugins.site.loader import load_site

    path = sequence_lock_path(settings)
    site = load_site(settings)[0]
    if path is None or site is None or "events" not in site.sections:
        return 0
    config: EventsConfig = site.config.sections["events"]
    names = organiser_names(site)
    base = public_base(settings)
    current = {}
    for article in site.sections["events"].items.articles:
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


def organiser_names(site: Any) -> dict[str, str]:
    """Organiser id -> name: colleges and associations of the graph."""
    return {
        **{cid: c.name for cid, c in site.colleges.items()},
        **{aid: a.association.name for aid, a in site.associations.items()},
    }


def sequence_lock_path(settings: Mapping[str, Any]) -> str | None:
    """``EVENTS['sequence_lock']``, a relative one beside ``URL_LOCK``; ``None`` when there is none."""
    name = events_config(settings.get("EVENTS")).sequence_lock
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


SECTION = Section(
    name="events",
    setting="EVENTS",
    configure=events_config,
    load=load,
    routes=(
        Route("EVENTS", "events/", "events/index.html"),
        Route("EVENTS_YEAR", "events/{year}/", "events/{year}/index.html"),
        Route("EVENTS_SERIES", "events/series/{id}/", "events/series/{id}/index.html"),
        Route("EVENTS_CALENDAR", "events/calendar.ics", "events/calendar.ics"),
        Route("EVENTS_SERIES_CALENDAR", "events/series/{id}/calendar.ics", "events/series/{id}/calendar.ics"),
        Route("EVENT_CALENDAR", "events/{year}/{slug}.ics", "events/{year}/{slug}.ics"),
    ),
    pages=pages,
    depends=("colleges", "news"),
    views=views,
    publish=publish,
)
