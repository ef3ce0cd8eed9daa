"""Bodies rendered by a second process while Pelican reads (plugins/site/prerender.py): same site.

The real command line in a fresh process, on the fixture site with an empty body cache.  The
fixture has 31 articles, fewer than the threshold, so the driver lowers it; and it waits for the
other process to finish before Pelican reads the first article, so that every body is the other
process's: Pelican's reader must then render none (the keys agree), and the site must be the one
the normal build writes, byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from plugins.common.markdown_images import BodyRenderer
from plugins.common.sanitize import SanitizeConfig
from plugins.site import prerender
from tests.conftest import FIXTURE_DAY, ROOT, SAMPLE_CONTENT, seed_pure_caches
from tools.diff_output import compare

DRIVER = """
import json, sys
import wfu.build as b
import plugins.site.prerender as p
from plugins.common.markdown_images import BodyRenderer
p.MIN_MISSING = {minimum!r}
seen = {{"rendered_here": 0, "process": None}}
render = BodyRenderer._render
def counted(self, body, source_path, *args, **kwargs):
    if "/news/" in source_path:  # the articles Pelican reads (other sections render their own bodies)
        seen["rendered_here"] += 1
    return render(self, body, source_path, *args, **kwargs)
BodyRenderer._render = counted
start = p.start_prerender
def start_and_wait(generator):
    first = getattr(generator, p._HANDLE, None) is None
    start(generator)
    handle = getattr(generator, p._HANDLE, None)
    if first and handle:
        handle[0].join()  # every body is the other process's before Pelican reads one
        seen["process"] = handle[0].exitcode
    elif first:
        seen["process"] = "none"
p.start_prerender = start_and_wait
code = b.main(["build", "--content", {content!r}, "--output", {output!r}, "--cache", {cache!r}])
print("PRERENDER " + json.dumps(seen))
sys.exit(code)
"""


def build(tmp_path: Path, name: str, minimum: int, cache: Path) -> dict:
    script = DRIVER.format(
        minimum=minimum, content=str(SAMPLE_CONTENT), output=str(tmp_path / name), cache=str(cache)
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SITE_TODAY": FIXTURE_DAY},
    )
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("PRERENDER ")]
    return json.loads(line.removeprefix("PRERENDER "))


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: no second process")
def test_bodies_of_the_other_process_make_the_same_site_and_a_warm_build_starts_none(tmp_path, sample_site):
    cache = seed_pure_caches(tmp_path / "cache")  # image derivatives: not what this compares
    assert not (cache / "bodies").exists()
    seen = build(tmp_path, "site", 0, cache)
    assert seen["process"] == 0  # started, finished cleanly
    assert seen["rendered_here"] == 0  # Pelican's reader found every body in the cache
    assert compare(sample_site, tmp_path / "site") == []
    # Nothing missing now: no process, whatever the threshold (the rebuild renders nothing either).
    again = build(tmp_path, "again", 1, cache)
    assert again == {"rendered_here": 0, "process": "none"}


def _renderer(root: Path, cache: Path | None, hosts=()) -> BodyRenderer:
    import pelicanconf

    return BodyRenderer(
        str(root),
        pelicanconf.MARKDOWN,
        sanitize=SanitizeConfig(hosts),
        cache_folder=str(cache) if cache else None,
    )


def test_the_other_process_renders_what_the_reader_then_reads_and_stops_when_told(tmp_path):
    cache = tmp_path / "bodies"
    reader = _renderer(tmp_path, cache)
    bodies = [
        (f"第 {n} 篇\n\n<script>x</script>正文。", str(tmp_path / f"{n}.md"), f"news/{n}.md", 5)
        for n in range(4)
    ]
    job = prerender.BodyJob(str(tmp_path), dict(__import__("pelicanconf").MARKDOWN), reader.sanitize, reader.publish,
                            reader.cache_folder, reader.shape, tuple(bodies))  # fmt: skip
    stop = threading.Event()
    assert prerender.render_bodies(job, stop) == 4
    assert prerender.render_bodies(job, stop) == 0  # cached: nothing to do
    fresh = _renderer(tmp_path, None)
    for body, source, path, line in bodies:
        entry = reader.entry_path(body, source, path, line)
        assert entry and os.path.exists(entry)
        assert reader.render(body, source, path, line) == fresh.render(body, source, path, line)
    # Stopped: nothing more; another shape (settings or code): nothing at all.
    more = [(f"另 {n}", str(tmp_path / f"x{n}.md"), f"news/x{n}.md", 3) for n in range(3)]
    stop.set()
    assert prerender.render_bodies(prerender.BodyJob(**{**job.__dict__, "bodies": tuple(more)}), stop) == 0
    other = prerender.BodyJob(**{**job.__dict__, "bodies": tuple(more), "shape": "another"})
    assert prerender.render_bodies(other, threading.Event()) == 0
    assert not any(os.path.exists(reader.entry_path(*item)) for item in more)
