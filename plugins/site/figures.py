"""The figures several pages show, computed once from the graph.

The home page said 校友会 21 个 (active ones, counted by the portal) while
/associations/ said 共 23 (counted by its generator), and 捐赠项目 4 个 (every
project) above a 进行中 list of 3.  Each count a page shows about another page
now comes from here, and so does the count on the page it links to: the
associations index reads :attr:`SectionFigures.associations`, the donation pages
:attr:`SectionFigures.open_projects` and :attr:`SectionFigures.stats`, the map
page and the home teaser :attr:`SectionFigures.home_coverage`.  Pure: no Pelican
import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plugins.associations.divisions import Divisions
from plugins.associations.model import Association, Coverage, coverage, summary
from plugins.donations.model import Gift, GraduateCount, Project, Stats, statistics


@dataclass(frozen=True)
class SectionFigures:
    associations: Mapping[str, object]  # /associations/: total, filed, preparing, by type
    home_coverage: Coverage  # the map page: the home province's cities with an association
    open_projects: tuple[str, ...]  # /donate/: ids of the projects in progress, in display order
    stats: Stats  # /donate/stats/ and the donor wall: donors per year, totals

    def donors_in(self, year: int) -> int:
        """Donors of ``year`` as the donor wall lists them and the statistics count them."""
        return next((donors for y, _, donors in self.stats.by_year if y == year), 0)


def section_figures(
    associations: Sequence[Association],
    home_province: str,
    divisions: Divisions,
    projects: Sequence[Project],
    gifts: Sequence[Gift],
    graduates: Sequence[GraduateCount],
    college_order: Sequence[str],
) -> SectionFigures:
    """The figures of the graph's sections (:attr:`plugins.site.graph.Site.figures`).

    Given the sections' items, not the graph: the graph computes its figures
    here, and this module never needs the graph's type (no import circle).
    """
    return SectionFigures(
        associations=summary(associations),
        home_coverage=coverage(associations, home_province, divisions),
        open_projects=tuple(p.id for p in projects if p.status == "open"),
        stats=statistics(gifts, projects, graduates, college_order),
    )
