"""One figure, one source: every count a page shows about another page is the count that page shows.

Reads the shared build of the fixture site: each figure of the home page and
each 「名称（N）」 link of a section index is followed to its target page, where
the same number is counted from what that page lists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ITEMS = ".profile-card, .enterprise-card, .job-item, .memory-card, .project-card"
SECTION_INDEXES = ["achievements", "enterprises", "jobs", "alumni-home", "associations", "donate", "colleges"]


def page(site: Path, url: str) -> BeautifulSoup:
    path = url.split("#", 1)[0].strip("/")
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def count_on_target(site: Path, url: str) -> str:
    """The figure the page at ``url`` itself shows for what a link to it counts."""
    doc = page(site, url)
    path, _, anchor = url.partition("#")
    if path == "/associations/":
        return re.search(r"共 (\d+) 个校友会", doc.select_one(".lead").get_text()).group(1)
    if path == "/associations/map/":
        cities, covered = re.search(
            r"(\d+) 个地级市已覆盖 (\d+) 个", doc.select_one(".coverage-figure").get_text()
        ).groups()
        return f"{covered}/{cities}"
    if path == "/donate/":
        listed = doc.find(id="projects-heading").find_parent("section").select(".project-list > *")
        return str(len(listed))
    if path == "/donate/wall/":
        return str(len(doc.find(id=anchor).select("ul.wall-names > li")))
    return str(len(doc.select_one("main").select(ITEMS)))


def test_home_figures_are_the_counts_of_the_pages_they_link_to(sample_site):
    home = page(sample_site, "/")
    figures = home.select(".home-figure-list li")
    assert len(figures) >= 3
    for figure in figures:
        link = figure.find("a")
        assert link is not None, figure  # every figure leads to the page that lists what it counts
        value = figure.select_one(".home-figure-value").get_text(strip=True)
        assert value == count_on_target(sample_site, link["href"]), (
            figure.get_text(" ", strip=True),
            link["href"],
        )


def test_donors_of_the_year_agree_with_the_statistics(sample_site):
    home = page(sample_site, "/")
    wall = [f for f in home.select(".home-figure-list a") if f["href"].startswith("/donate/wall/")]
    if not wall:  # no gift this year: nothing is claimed
        return
    year = wall[0]["href"].rsplit("#y", 1)[1]
    stats = page(sample_site, "/donate/stats/")
    row = next(r for r in stats.find(id="year-heading").find_parent("section").select("tbody tr")
               if r.th.get_text(strip=True) == f"{year}年")  # fmt: skip
    assert row.select("td")[-1].get_text(strip=True) == wall[0].select_one(".home-figure-value").get_text(
        strip=True
    )


def test_home_teasers_repeat_their_target_pages(sample_site):
    home = page(sample_site, "/")
    covered, cities = re.search(
        r"覆盖山东省 (\d+) 个地市（共 (\d+) 个）", home.select_one(".home-map").get_text()
    ).groups()
    assert f"{covered}/{cities}" == count_on_target(sample_site, "/associations/map/")
    donate = page(sample_site, "/donate/")
    open_titles = [
        c.select_one("h3, h2").get_text(strip=True)
        for c in donate.find(id="projects-heading").find_parent("section").select(".project-list > *")
    ]
    shown = [
        c.select_one("h3, h2").get_text(strip=True) for c in home.select(".home-projects .project-list > *")
    ]
    assert shown and shown == open_titles[: len(shown)]  # 进行中 on the home page is /donate/'s list


@pytest.mark.parametrize("section", SECTION_INDEXES)
def test_section_index_counts_are_the_counts_of_their_pages(sample_site, section):
    doc = page(sample_site, f"/{section}/")
    checked = 0
    for link in doc.select("main a"):
        found = re.search(r"（(\d+)）$", link.get_text(strip=True))
        if not found or not link["href"].startswith("/"):
            continue
        assert found.group(1) == count_on_target(sample_site, link["href"]), (link.get_text(), link["href"])
        checked += 1
    if section in ("achievements", "enterprises", "jobs", "alumni-home"):
        assert checked >= 5, section  # the group links are there and were compared
