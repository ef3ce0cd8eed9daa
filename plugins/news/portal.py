"""What the home page shows beyond the news lists: a portal onto every section.

The home page is the site's front door and alumni come for the news, so the
first screen is news (issue 24): a 要闻 slideshow of stories with photos
beside 通知公告 and 最新动态; below them the 校友服务 entries, upcoming events
(the events section's own list), one 校友风采 profile that changes with the
build date, a band of figures, donation projects in progress, the association
map teaser and the news by category.  Everything is chosen and counted here, in Python;
the template only displays, and drops a block that has nothing to show.
Pure: no Pelican import (articles are any objects with ``category`` and
``featured``; the graph is :class:`plugins.site.graph.Site`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the graph imports this module: no import at run time
    from plugins.site.graph import Site

SPOTLIGHT_POOL = 12  # profiles the spotlight rotates through (distinguished ones first)


@dataclass(frozen=True)
class Figure:
    """One number of the figures band: 「校友会 12 个」."""

    label: str
    value: str
    unit: str
    url: str = ""


@dataclass(frozen=True)
class CategoryBlock:
    name: str
    url: str
    articles: tuple


@dataclass(frozen=True)
class Portal:
    hero: object | None  # the latest headline (the newest featured article, else the newest)
    featured: tuple  # 要闻 besides the hero
    spotlight: str  # slug of the 校友风采 profile of the day, "" if none
    figures: tuple[Figure, ...]
    project_ids: tuple[str, ...]  # donation projects in progress
    covered_cities: int
    home_cities: int
    by_category: tuple[CategoryBlock, ...]
    slides: tuple = ()  # 要闻 slideshow: featured stories with a photo, topped up with the newest ones with a photo
    notices: tuple = ()  # 通知公告: the newest articles of the notices category
    latest: tuple = ()  # 最新动态: the newest other articles not already in the slideshow


def spotlight_slug(slugs_distinguished_first: Sequence[str], today: date) -> str:
    """One profile per day, the same for everybody all day: rotates with the build date."""
    pool = list(slugs_distinguished_first)[:SPOTLIGHT_POOL]
    if not pool:
        return ""
    return pool[today.toordinal() % len(pool)]


def short_province(name: str) -> str:
    """山东省 → 山东 (for 「覆盖山东 9/16 市」)."""
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class FirstScreen:
    """How many stories the first screen shows (``NEWS`` settings)."""

    slides: int = 5
    notices_category: str = "通知公告"
    notices: int = 5
    latest: int = 5


def first_screen(articles: Sequence, featured: Sequence, counts: FirstScreen) -> tuple[tuple, tuple, tuple]:
    """(slides, notices, latest): the news-first top of the home page.

    The slideshow shows photos, so only stories with a cover qualify: the
    featured ones first, then the newest others, so that one featured story
    never leaves it empty and a site without featured stories still has one.
    Notices are their own column; 最新动态 leaves out the notices and the
    slides, so no story appears twice on the first screen.
    """
    with_cover = [a for a in featured if getattr(a, "cover", None)]
    chosen = {id(a) for a in with_cover}
    with_cover += [a for a in articles if getattr(a, "cover", None) and id(a) not in chosen]
    slides = tuple(with_cover[: counts.slides])
    in_slides = {id(a) for a in slides}
    notices = tuple(
        a for a in articles if a.category.name == counts.notices_category and id(a) not in in_slides
    )[: counts.notices]
    latest = tuple(
        a for a in articles if a.category.name != counts.notices_category and id(a) not in in_slides
    )[: counts.latest]
    return slides, notices, latest


def build_portal(
    articles: Sequence,
    featured: Sequence,
    categories: Sequence,
    site: Site,
    today: date,
    urls: dict[str, str],
    per_category: int = 3,
    counts: FirstScreen = FirstScreen(),
) -> Portal:
    """The home page's blocks, from the published articles (newest first) and the graph."""
    hero = featured[0] if featured else (articles[0] if articles else None)
    rest = tuple(a for a in featured if a is not hero)
    slides, notices, latest = first_screen(articles, featured, counts)
    # The category blocks further down repeat nothing of the first screen.
    shown = {id(a) for a in (*slides, *notices, *latest)}
    by_category = []
    for entry in categories:
        items = tuple(a for a in articles if a.category.name == entry.name and id(a) not in shown)[
            :per_category
        ]
        if items:
            by_category.append(CategoryBlock(entry.name, entry.url, items))

    profiles = list(site.achievements.values())
    ordered = [p.slug for p in profiles if p.distinguished] + [
        p.slug for p in profiles if not p.distinguished
    ]
    # Each figure counts exactly what the page it links to lists (plugins.site.figures).
    figures_of = site.figures
    home = figures_of.home_coverage
    open_projects = figures_of.open_projects
    donors = figures_of.donors_in(today.year)
    figures = []
    if site.associations:
        figures.append(
            Figure("校友会", str(figures_of.associations["total"]), "个", urls.get("associations", ""))
        )
    if home.cities:
        figures.append(
            Figure(
                f"覆盖{short_province(home.province)}",
                f"{len(home.covered)}/{len(home.cities)}",
                "市",
                urls.get("map", ""),
            )
        )
    if open_projects:
        figures.append(Figure("进行中的捐赠项目", str(len(open_projects)), "个", urls.get("donate", "")))
    if donors:
        wall = urls.get("wall", "")
        figures.append(Figure("本年度捐赠", str(donors), "人", f"{wall}#y{today.year}" if wall else ""))
    return Portal(
        hero=hero,
        featured=rest,
        slides=slides,
        notices=notices,
        latest=latest,
        spotlight=spotlight_slug(ordered, today),
        figures=tuple(figures),
        project_ids=open_projects[:3],
        covered_cities=len(home.covered),
        home_cities=len(home.cities),
        by_category=tuple(by_category),
    )
