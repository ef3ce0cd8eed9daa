"""No hidden amount can be recovered from the published figures, by linear algebra.

Random gift sets are drawn; every number the site publishes about them (the
statistics page, each project's progress, the JSON API with its gift lists) is
computed by the real code.  The published numbers are linear in the gift
amounts, so their coefficients for each hidden amount are found by changing
that amount alone.  A hidden amount is recoverable exactly when its unit vector
lies in the row space of that coefficient matrix (solve the system for it).
This is checked for one release, and for two consecutive releases that differ
by one hidden gift (the difference of the releases is in the row space too).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.api.model import donation_projects_document
from plugins.donations.disclosure import is_hidden
from plugins.donations.model import (
    Gift,
    GraduateCount,
    Project,
    ProjectView,
    progress,
    public,
    statistics,
)

PROJECTS = [
    Project(pid, pid, "school", None, Decimal("100000"), date(2020, 1, 1), None, "open", None, None, None, "", 1,
            f"{pid}.md", f"{pid}.md")
    for pid in ("fund", "lab")
]  # fmt: skip
GRADUATES = [GraduateCount(2006, "cs", 300), GraduateCount(2010, "econ", 200)]
_MONEY = re.compile(r"^\d+\.\d{2}$")


def _gift(index, project, kind, cents, show, anonymous, year, class_year, college):
    amount = Decimal(cents) / 100
    return Gift(
        donor=f"捐赠人{index}", donor_type="alumnus", class_year=class_year, college=college,
        project=project, kind=kind, amount=amount if kind == "money" else None,
        valuation=amount if kind != "money" else None, item=None if kind == "money" else "物品",
        date=date(year, 3, 1), anonymous=anonymous, show_amount=show, story=None, note=None,
        path="g.yml", line=index + 1,
    )  # fmt: skip


GIFTS = st.lists(
    st.tuples(
        st.sampled_from(["fund", "lab"]),
        st.sampled_from(["money", "money", "in_kind"]),
        st.integers(1, 10**8),
        st.booleans(),
        st.booleans(),
        st.sampled_from([2023, 2024]),
        st.sampled_from([2006, 2010]),
        st.sampled_from(["cs", "econ"]),
    ),
    min_size=1,
    max_size=10,
).map(lambda rows: [_gift(i, *row) for i, row in enumerate(rows)])


def _numbers(value, out: list[Fraction]) -> None:
    """Every number in a published structure, in a fixed order (money strings included)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _numbers(getattr(value, item.name), out)
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            _numbers(value[key], out)
    elif isinstance(value, list | tuple):
        for item in value:
            _numbers(item, out)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | Decimal):
        out.append(Fraction(value))
    elif isinstance(value, str) and _MONEY.match(value):
        out.append(Fraction(Decimal(value)))


def published(gifts: list[Gift]) -> list[Fraction]:
    """Every number one release publishes about ``gifts``."""
    out: list[Fraction] = []
    stats = statistics(gifts, PROJECTS, GRADUATES, ["cs", "econ"])
    _numbers(stats, out)
    views = []
    for project in PROJECTS:
        own = [g for g in gifts if g.project == project.id]
        made = progress(own)
        _numbers([made.total, made.raised, made.in_kind_value, made.hidden, made.gifts, made.donors], out)
        views.append(ProjectView(project, f"donate/{project.id}/", made, made.percent(project.target),
                                 [public(g) for g in own]))  # fmt: skip
    _numbers(donation_projects_document(views, "https://example.edu.cn", "1"), out)
    return out


def _with_value(gift: Gift, delta: Decimal) -> Gift:
    if gift.kind == "money":
        return dataclasses.replace(gift, amount=gift.amount + delta)
    return dataclasses.replace(gift, valuation=gift.valuation + delta)


def coefficients(releases: list[list[Gift]], unknowns: list[tuple[str, int]]) -> list[list[Fraction]]:
    """Rows: every published number of every release; columns: the hidden amounts (by path, line)."""
    base = [n for gifts in releases for n in published(gifts)]
    columns = []
    for key in unknowns:
        changed = [
            [_with_value(g, Decimal(1)) if (g.path, g.line) == key else g for g in gifts]
            for gifts in releases
        ]
        after = [n for gifts in changed for n in published(gifts)]
        assert len(after) == len(base)
        columns.append([b - a for a, b in zip(base, after, strict=True)])
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


def rank(rows: list[list[Fraction]]) -> int:
    """Exact rank by Gaussian elimination over the rationals."""
    rows = [row[:] for row in rows if any(row)]
    found = 0
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((r for r in range(found, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for r in range(len(rows)):
            if r != found and rows[r][col]:
                factor = rows[r][col] / rows[found][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[found], strict=True)]
        found += 1
    return found


def recoverable(matrix: list[list[Fraction]], width: int) -> list[int]:
    """The unknowns whose value follows from the published numbers (unit vector in the row space)."""
    base = rank(matrix)
    unit = [[Fraction(int(i == j)) for j in range(width)] for i in range(width)]
    return [i for i in range(width) if rank([*matrix, unit[i]]) == base]


def _hidden(gifts: list[Gift]) -> list[tuple[str, int]]:
    return [(g.path, g.line) for g in gifts if is_hidden(g)]


@given(GIFTS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_hidden_amount_follows_from_one_release(gifts):
    unknowns = _hidden(gifts)
    assert recoverable(coefficients([gifts], unknowns), len(unknowns)) == []


@given(GIFTS, st.integers(1, 10**8), st.booleans(), st.sampled_from(["fund", "lab"]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_hidden_amount_follows_from_two_consecutive_releases(gifts, cents, anonymous, project):
    """The next release adds one hidden gift: neither it nor any other hidden amount can be solved for."""
    new = _gift(len(gifts), project, "money", cents, False, anonymous, 2024, 2006, "cs")
    releases = [gifts, [*gifts, new]]
    unknowns = _hidden(releases[1])
    assert (new.path, new.line) in unknowns
    assert recoverable(coefficients(releases, unknowns), len(unknowns)) == []


def test_the_solver_finds_a_leak_when_there_is_one(monkeypatch):
    """Not vacuous: had a raw sum been published, the solver recovers the hidden amount from it."""
    gifts = [
        _gift(0, "fund", "money", 100000, True, False, 2024, 2006, "cs"),
        _gift(1, "fund", "money", 777777, False, True, 2024, 2006, "cs"),
    ]
    unknowns = _hidden(gifts)
    assert unknowns == [("g.yml", 2)]
    leaky = published

    def with_raw_total(found):
        return [*leaky(found), Fraction(sum(g.value for g in found))]

    monkeypatch.setitem(globals(), "published", with_raw_total)
    assert recoverable(coefficients([gifts], unknowns), 1) == [0]
    # Two releases whose raw totals differ by one hidden gift: the difference gives it away.
    assert recoverable(coefficients([gifts[:1], gifts], unknowns), 1) == [0]
