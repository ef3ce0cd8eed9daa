"""The disclosure rule: every donation figure the site publishes comes from here.

Rule (docs/编辑指南.md, "捐赠统计的公开规则"): **an amount that is not public
(``show_amount`` false) never enters a published sum.**  A published figure is
the sum of public amounts plus the *number* of gifts whose amount is not public
("另有 3 笔捐赠金额未公开").  Every published number is then a function of
public amounts and counts only, so no combination of the figures of one
release, nor the difference between two releases, can yield a hidden amount:
adding a hidden gift changes a count, never a sum.  (The rule it replaces
withheld a sum with one or two hidden amounts and showed it with three or
more; the grand total minus the shown rows then gave a withheld row back, and
two consecutive releases gave the newest hidden gift exactly.)

Views, the JSON API, charts and feeds receive :class:`Figure` values (and the
:class:`Progress` built from them); none of them gets a raw sum, because no
function here returns one.  Pure: no Pelican import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

ZERO = Decimal("0")


class _Gift(Protocol):
    # Read-only members, so that frozen dataclasses (Gift) match.
    @property
    def kind(self) -> str: ...

    @property
    def show_amount(self) -> bool: ...

    @property
    def value(self) -> Decimal: ...


def amount_is_public(gift: _Gift) -> bool:
    """Whether the gift's amount (money or valuation) may be shown and summed."""
    return gift.show_amount


def is_hidden(gift: _Gift) -> bool:
    """A gift with an amount that the public may not see: counted, never summed."""
    return bool(gift.value) and not amount_is_public(gift)


@dataclass(frozen=True)
class Figure:
    """A published sum: the public amounts, and how many amounts are not public."""

    shown: Decimal
    hidden: int = 0


def figure(gifts: Iterable[_Gift], kinds: tuple[str, ...] | None = None) -> Figure:
    """The published figure of ``gifts`` (only those of ``kinds``, if given)."""
    shown, hidden = ZERO, 0
    for gift in gifts:
        if kinds is not None and gift.kind not in kinds:
            continue
        if is_hidden(gift):
            hidden += 1
        elif amount_is_public(gift):
            shown += gift.value
    return Figure(shown, hidden)


def public_amount(gift: _Gift) -> Decimal | None:
    """The gift's amount as a gift list may show it, or ``None``."""
    return gift.value if amount_is_public(gift) and gift.value else None
