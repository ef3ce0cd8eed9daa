"""Content errors that editors can act on.

Every mistake in ``content/`` becomes one :class:`ContentError` that names the
file, the line, a Chinese message saying what to do, and a stable English key
(documented in ``docs/编辑指南.md``).  Errors are collected, never raised one by
one, so an editor sees every problem of a build at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file, at one line (1-based; 0 = whole file)."""

    path: str
    line: int
    key: str
    message: str

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} [{self.key}]"

    def __str__(self) -> str:
        return self.format()


class ContentErrors(Exception):
    """Raised with every :class:`ContentError` found; never for a single one."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors: list[ContentError] = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(e.format() for e in self.errors)


def raise_if_any(errors: Iterable[ContentError]) -> None:
    errors = list(errors)
    if errors:
        raise ContentErrors(errors)
