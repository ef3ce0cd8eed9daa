"""A cold build with a MARKDOWN setting that does not pickle (a lambda in the settings file).

The second process cannot start: the build goes on without it (a review found it failed the
build: the PicklingError escaped into Pelican's read of the first article, which it dropped).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_DAY, ROOT, SAMPLE_CONTENT, seed_pure_caches

DRIVER = """
import sys
import wfu.build as b
import plugins.site.prerender as p
p.MIN_MISSING = {minimum!r}
SLUGIFY = lambda value, separator: value  # as a settings file would define it
real = b.load_settings
def load(*args, **kwargs):
    settings = real(*args, **kwargs)
    markdown = dict(settings["MARKDOWN"])
    configs = dict(markdown.get("extension_configs", {{}}))
    configs["markdown.extensions.toc"] = {{"slugify": SLUGIFY}}
    markdown["extension_configs"] = configs
    settings["MARKDOWN"] = markdown
    return settings
b.load_settings = load
sys.exit(b.main(["build", "--content", {content!r}, "--output", {output!r}, "--cache", {cache!r}]))
"""


def build(tmp_path: Path, name: str, minimum: int) -> subprocess.CompletedProcess:
    cache = seed_pure_caches(tmp_path / f"cache-{name}")
    script = DRIVER.format(
        minimum=minimum, content=str(SAMPLE_CONTENT), output=str(tmp_path / name), cache=str(cache)
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SITE_TODAY": FIXTURE_DAY},
    )


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: no second process")
def test_a_setting_that_does_not_pickle_only_costs_the_second_process(tmp_path):
    result = build(tmp_path, "two-cores", 0)  # every body missing: the process would start
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Could not process" not in result.stderr  # no article dropped by Pelican's reader
