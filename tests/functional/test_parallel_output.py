"""The output phase on two processes (plugins/site/parallel.py): same site, same errors.

The site is the fixture's (built once, both ways); the failures in the child or the
parent are raised by a test plugin whatever the content, so those builds use the small
content tree (:mod:`tests.small_site`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_CONTENT, once_per_run, seed_pure_caches, snapshot
from tests.small_site import make_small_content
from tools.diff_output import compare

SCRIPT = """
import sys, wfu.build as b
b.CRASH_LOG = {log!r}
settings_loader = b.load_settings
def load_settings(*args, **kwargs):
    settings = settings_loader(*args, **kwargs)
    settings["PARALLEL_OUTPUT"] = {parallel!r}
    settings["PLUGINS"] = [*settings["PLUGINS"], "tests.fixtures.output_child_plugin"]
    return settings
b.load_settings = load_settings
sys.exit(b.main(["build", "--content", {content!r}, "--output", {output!r}, "--cache", {cache!r}]))
"""


def build(
    tmp_path: Path, name: str, parallel: bool, action: str = "", content: Path = SAMPLE_CONTENT
) -> subprocess.CompletedProcess:
    """The build with its own cache folder, which starts with the shared builds' pure caches.

    The image derivatives and the scan's verdicts (``seed_pure_caches``) cost most of a
    small build from nothing; what these tests compare and fail is the output phase.
    """
    seed_pure_caches(tmp_path / f"{name}-cache")
    script = SCRIPT.format(
        log=str(tmp_path / f"{name}.log"),
        parallel=parallel,
        content=str(content),
        output=str(tmp_path / name),
        cache=str(tmp_path / f"{name}-cache"),
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "WFU_TEST_OUTPUT_CHILD": action, "PYTHONDONTWRITEBYTECODE": "1"},
    )


@pytest.fixture(scope="module")
def both(tmp_path_factory, sample_site) -> tuple[Path, Path, Path]:
    """The site built in one process and on two, once per run whatever the pytest-xdist workers.

    Both builds start with the image derivatives of the shared build (``sample_site``): what is
    compared is the output phase, which renders every page either way.
    """
    return tuple(Path(p) for p in once_per_run(tmp_path_factory, "parallel-output", _build_both))


def _build_both(folder: Path) -> list[str]:
    pids = folder / "pids"
    one = build(folder, "one", False, f"pid:{pids}")
    two = build(folder, "two", True, f"pid:{pids}")
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    return [str(folder / "one"), str(folder / "two"), str(pids)]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: the output phase is never split")
def test_two_processes_write_the_same_site_byte_for_byte(both):
    one, two, pids = both
    assert compare(one, two) == []
    # the articles were written by a child in the parallel build, in-process otherwise
    assert len(set(pids.read_text().split())) == 2


def test_the_sitemap_lists_the_pages_the_child_wrote(both):
    _, two, _ = both
    sitemap = (two / "sitemap.xml").read_text(encoding="utf-8")
    # redirect stubs of moved articles (页面已移动) are not listed
    article_pages = [
        p
        for p in two.glob("news/20*/*/index.html")
        if "页面已移动" not in p.read_text() and "已撤稿" not in p.read_text()
    ]
    assert len(article_pages) > 10
    for page in article_pages:
        url = page.parent.relative_to(two).as_posix() + "/"
        assert url in sitemap


def test_a_warning_in_the_child_fails_the_build_and_keeps_output(tmp_path, prebuilt):
    """``prebuilt`` (tmp_path/output, a copy of the shared build) is the output it must keep."""
    before = snapshot(prebuilt)
    small = make_small_content(tmp_path / "content")
    failed = build(tmp_path, prebuilt.name, True, "warn", small)
    assert failed.returncode == 1
    assert "fixture warning while writing articles" in failed.stderr and "[pelican-warning]" in failed.stderr
    # reported by the parent only, exactly as a one-process build reports it
    alone = build(tmp_path, "alone", False, "warn", small)
    message = "fixture warning while writing articles"
    assert failed.stderr.count(message) == alone.stderr.count(message) == 1  # once, in the Chinese report
    assert "WARNING " not in alone.stderr and "WARNING " not in failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(prebuilt) == before


def test_a_content_error_in_the_child_is_reported_at_its_line(tmp_path):
    failed = build(tmp_path, "site", True, "error", make_small_content(tmp_path / "content"))
    assert failed.returncode == 1
    assert "content/news/x.md:7: 写文章页时发现的问题 [fixture-error]" in failed.stderr
    assert not (tmp_path / "site").exists()


def test_a_failure_in_the_parent_stops_and_reaps_the_child(tmp_path):
    pid_file = tmp_path / "writer.pid"
    failed = build(
        tmp_path, "site", True, f"parent-error:{pid_file}", make_small_content(tmp_path / "content")
    )
    assert failed.returncode == 1
    assert "content/pages/y.md:3: 写其他页面时发现的问题 [fixture-error]" in failed.stderr
    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped before the build returned
        os.kill(child, 0)
    assert not (tmp_path / "site").exists()


def test_a_crash_in_the_child_is_an_unexpected_error_with_its_traceback_logged(tmp_path):
    failed = build(tmp_path, "site", True, "crash", make_small_content(tmp_path / "content"))
    assert failed.returncode == 2
    assert "[unexpected-error]" in failed.stderr and "Traceback" not in failed.stderr
    log = (tmp_path / "site.log").read_text(encoding="utf-8")
    assert "simulated bug while writing articles" in log and "Traceback" in log
    assert not (tmp_path / "site").exists()


def test_a_setting_that_is_not_a_boolean_is_refused_by_check():
    from plugins.site.loader import load_site
    from plugins.site.parallel import parallel_output_enabled
    from wfu.build import load_settings

    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    site, errors = load_site(dict(settings, PARALLEL_OUTPUT="yes"))
    assert site is None
    assert [(e.path, e.key) for e in errors] == [("pelicanconf.py", "invalid-setting")]
    assert "PARALLEL_OUTPUT" in errors[0].message and "True 或 False" in errors[0].message
    assert parallel_output_enabled(dict(settings, PARALLEL_OUTPUT=False)) is False
