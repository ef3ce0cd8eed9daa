"""The one error type of the site: problems editors (and developers) can act on.

Every mistake, in ``content/`` or in the settings, becomes one
:class:`ContentError` that names the file, the line, the field, a Chinese
message saying what to do, and a stable English key (documented in
``docs/编辑指南.md``).  Errors are collected, never raised one by one, so an
editor sees every problem of a build at once; :class:`ContentErrors` is the
only exception that carries them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file, at one line (1-based; 0 = whole file), in one field."""

    path: str
    line: int
    key: str
    message: str
    field: str = ""

    def format(self) -> str:
        """``path:line: message [key]``, with anything that looks like personal data masked.

        Messages never quote a value, but a path may be made of one (a file named
        after a phone number) and a message may echo a name; build and CI logs are
        less protected than the content, so this is the last chokepoint.
        """
        from .privacy import mask_personal_data  # privacy imports this module

        where = f"{self.path}:{self.line}" if self.line else self.path
        return mask_personal_data(f"{where}: {self.message} [{self.key}]")

    def __str__(self) -> str:
        return self.format()


class ContentErrors(Exception):
    """Raised with every :class:`ContentError` found (one or many)."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors: list[ContentError] = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(e.format() for e in self.errors)


def raise_if_any(errors: Iterable[ContentError]) -> None:
    errors = list(errors)
    if errors:
        raise ContentErrors(errors)


SETTINGS_FILE = "pelicanconf.py"


def setting_line(name: str, settings_file: str | None = None) -> int:
    """The line where ``NAME = …`` is assigned in the settings file (0 if not found)."""
    if settings_file is None:
        settings_file = os.path.join(
            os.path.dirname(os.path.dirname(os.path.dirname(__file__))), SETTINGS_FILE
        )
    try:
        with open(settings_file, encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if re.match(rf"{re.escape(name)}\s*=", text):
                    return number
    except OSError:
        pass
    return 0


class SettingsError(ContentErrors):
    """A developer's mistake in a setting: reported like content errors, at its line."""

    def __init__(self, name: str, message: str, key: str = "invalid-setting"):
        self.setting = name
        super().__init__(
            [ContentError(SETTINGS_FILE, setting_line(name), key, f"设置 {name} 有误：{message}", name)]
        )
