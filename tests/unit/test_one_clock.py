"""One clock: every model's "this year" is the build's day (``SITE_TODAY``), never the system clock."""

from __future__ import annotations

import ast
from pathlib import Path

from plugins.site.loader import load_site
from tests.conftest import ROOT, SAMPLE_CONTENT
from wfu.build import load_settings

# Where reading the system clock is the point, and why.
CLOCK_READERS = {
    "plugins/common/dates.py": "the one clock itself (site_today, clock_today)",
    "plugins/events/section.py": "the time stamp written into events.lock, not a date the site shows",
}


def _clock_calls(path: Path) -> list[int]:
    """Lines calling ``date.today()``, ``datetime.now()``, ``datetime.today()`` or ``time.time()``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, owner = node.func.attr, node.func.value
            owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (owner_name, name) in {
                ("date", "today"),
                ("datetime", "now"),
                ("datetime", "today"),
                ("time", "time"),
            }:
                lines.append(node.lineno)
    return lines


def test_no_model_reads_the_system_clock_on_its_own():
    found = {}
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative not in CLOCK_READERS and (calls := _clock_calls(path)):
            found[relative] = calls
    assert found == {}, "use plugins.common.dates.clock_today() or the loader's today/this_year"


def test_the_allow_list_names_only_files_that_read_the_clock():
    assert all(_clock_calls(ROOT / name) for name in CLOCK_READERS)


def test_the_builds_day_bounds_class_years(monkeypatch):
    """A profile of the class of 2006 is an error on a site built as if it were 2005."""
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    _, errors = load_site(settings)
    assert not [e for e in errors if e.key == "invalid-class-year"]
    monkeypatch.setenv("SITE_TODAY", "2005-06-01")
    _, errors = load_site(settings)
    late = {e.path for e in errors if e.key == "invalid-class-year"}
    assert "content/achievements/ai-platform-founder.md" in late
