"""The result of a deploy, shared by both targets and printed by the command line."""

from __future__ import annotations

from dataclasses import dataclass, field


class DeployFailed(Exception):
    """The deploy stopped; the previous site is still the one served.  ``str()`` is for editors."""


@dataclass
class DeployReport:
    target: str
    build_id: str
    dry_run: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept_locked: list[str] = field(default_factory=list)
    new_urls: list[str] = field(default_factory=list)  # public URLs not in the previously deployed site
    notes: list[str] = field(default_factory=list)
