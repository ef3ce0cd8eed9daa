"""Shared fixtures: build a content tree into a temporary output folder."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent
# Functional tests build this fixture site, never the editors' content/: adding,
# editing or removing sample content must not break them (see test_content.py).
SAMPLE_CONTENT = ROOT / "tests" / "fixtures" / "content"
FIXTURE_LOCK = ROOT / "tests" / "fixtures" / "urls.lock"  # the fixture site's published URLs
STAGING_SITEURL = (
    "https://xiaoyou.wfu.edu.cn"  # SITEURL of the tests' staging publishes (given, not defaulted)
)
sys.path.insert(0, str(ROOT))


# The day every test build takes as "today" unless the test gives its own SITE_TODAY: the day
# the fixture site is written for (its jobs expire and its events fall after it), the golden
# output's day.  With the real clock, the shared builds would change as the calendar moves (a job
# expires, an event passes) and a build made before midnight in Beijing would differ from one
# made after it: CI would fail for reasons that are no bug.
FIXTURE_DAY = "2026-11-20"

# Tests never assert wall-clock times: Hypothesis's default 200 ms deadline per example is one (a
# loaded machine failed a privacy property test with "DeadlineExceeded", 323 ms, and no bug).
hypothesis_settings.register_profile("wfu", deadline=None)
hypothesis_settings.load_profile("wfu")


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path


def run_build(
    content: Path, output: Path, *args: str, env: dict[str, str] | None = None, project: Path = ROOT
) -> BuildResult:
    """Run the real command line (``python -m wfu.build``) as an editor would.

    ``project`` is the checkout it runs from (a :func:`project_copy` whose code or
    theme a test changed); by default this one.

    Publish builds check a private copy of the fixture's URL lock (beside the
    output folder) unless the test passes its own ``--lock``.  The fixture and
    the repository's content/ are sample content, which the publish guard
    refuses: publish builds are staging publishes (``SITE_STAGING=1``) unless
    the test passes its own ``env`` (the guard's tests do).  A staging copy needs
    its own address (publishconf.py refuses to default to the real one): the
    tests give it the real address explicitly, so their absolute URLs compare
    with what editors know.
    """
    if "--publish" in args and "--lock" not in args:
        lock = output.parent / "urls.lock"
        if not lock.exists():
            output.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(FIXTURE_LOCK, lock)
        args = (*args, "--lock", str(lock))
    proc = subprocess.run(
        [sys.executable, "-m", "wfu.build", *args, "--content", str(content), "--output", str(output)],
        cwd=project,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONDONTWRITEBYTECODE": "1",
            "SITE_STAGING": "1",
            "SITEURL": STAGING_SITEURL,
            "PYTHONPATH": str(project),
            "SITE_TODAY": os.environ.get("SITE_TODAY") or FIXTURE_DAY,
            **(env or {}),
        },
    )
    return BuildResult(proc.returncode, proc.stdout, proc.stderr, output)


# What a checkout needs to build (tests/ and tools/ are not part of a build).
PROJECT_FILES = ("plugins", "theme", "wfu", "pelicanconf.py", "publishconf.py", "urls.lock", "events.lock")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's code, theme and settings that a test may change, as a maintainer would."""
    target = tmp_path / "project"
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.exists():
            shutil.copyfile(source, target / name)
    # Tools (the web editor's installed npm package among them) are used as they are, not changed.
    (target / "tools").symlink_to(ROOT / "tools")
    seed_pure_caches(target / ".cache" / "photos")  # its PHOTO_CACHE_PATH: no page memo
    return target


# What a build's cache root holds that is a pure function of bytes no test changes: the image and
# video derivatives, each keyed by its source's bytes and the code that made it
# (plugins/common/photos.py: ``<digest>/``, ``crops``, ``fit`` below ``wechat``; imagesafety.py:
# ``stripped``; videosafety.py: ``videos``), and the privacy scan's verdicts on built files
# (plugins/common/privacy.py: ``privacy/``, keyed by the file's bytes, the policy, the day and the
# scanning code) and on content images (plugins/site/media.py: ``inspected-images/``, keyed by the
# image's bytes, its reference, the limits and the code).  The derivatives cost about half of a cold build of the fixture site; the scan of
# the web editor's 5 MB script about 2 s of CPU.  Pages, bodies, templates, the graph's verdicts and
# the search index are the shortcuts the incremental build takes: never seeded.
PURE_CACHE_FOLDERS = ("stripped", "videos", "wechat/crops", "wechat/fit", "privacy", "inspected-images")
SHARED_CACHE = ROOT / ".cache" / "photos"  # PHOTO_CACHE_PATH of the shared builds (pelicanconf.py)


def seed_pure_caches(target: Path, source: Path = SHARED_CACHE) -> Path:
    """Copy the pure caches (:data:`PURE_CACHE_FOLDERS`) of the cache ``source`` into the cache folder ``target``.

    A test that builds "from nothing" to compare with a shortcut (a clean build beside an
    incremental one, a checkout of its own) starts with them: they are pure functions of
    bytes the test does not change, made fresh by the first shared build on a CI machine and
    compared byte for byte there (tests/functional/test_golden.py; corrupt and stale entries:
    test_caches.py, tests/unit/test_photos.py), so making them again proves nothing and costs
    seconds per build.  A scan verdict decides only whether a build may publish, never a byte
    it writes, and a file a test changes has new bytes, so it is scanned (the scan's own tests
    run without a cache: tests/functional/test_privacy_output.py, tests/unit/test_privacy.py).
    A build may be writing ``source`` meanwhile: its writes are atomic, a file gone before it
    is copied is skipped, and a half-copied entry fails its digest check and is made anew.
    """
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return target
    names = [p.name for p in source.iterdir() if p.is_dir() and re.fullmatch("[0-9a-f]{16}", p.name)]
    for name in [*names, *PURE_CACHE_FOLDERS]:
        for folder, _, files in os.walk(source / name):
            relative = Path(folder).relative_to(source)
            (target / relative).mkdir(parents=True, exist_ok=True)
            for file in files:
                with contextlib.suppress(FileNotFoundError):
                    shutil.copyfile(Path(folder) / file, target / relative / file)
    return target


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the sample content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], Any]) -> Any:
    """``make(folder)`` once per test run, shared by every pytest-xdist worker.

    A session fixture runs once per worker; the expensive ones (builds of the
    fixture site) go through this instead, so that the workers of one run build
    each thing once.  The first worker to arrive builds under a file lock in
    the run's shared temporary folder; the others wait and reuse the result.
    ``make`` returns something JSON can store (``Path`` values come back as
    strings).  A failing ``make`` stores nothing: the next worker tries again
    and fails the same way, so the failure is reported wherever it is used.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # pytest-N/, shared by this run's popen-gw* folders (and by no other run)
    folder = root / f"shared-{name}"
    done = folder / ".done.json"
    with open(root / f"shared-{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, even by a crashed worker
        if done.is_file():
            return json.loads(done.read_text(encoding="utf-8"))
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        value = make(folder)
        done.write_text(json.dumps(value, default=str), encoding="utf-8")
        return json.loads(done.read_text(encoding="utf-8"))


def shared_build(tmp_path_factory, name: str, *args: str, env: dict[str, str] | None = None) -> Path:
    """The fixture site built once per run with ``args`` (the build must succeed)."""

    def make(folder: Path) -> str:
        result = run_build(SAMPLE_CONTENT, folder / "output", *args, env=env)
        assert result.returncode == 0, result.stderr
        return str(result.output)

    return Path(once_per_run(tmp_path_factory, name, make))


def site_on(tmp_path_factory, day: str, *args: str) -> Path:
    """The fixture site built once per run as if today were ``day`` (``SITE_TODAY``), with ``args``."""
    kind = "publish" if "--publish" in args else "dev"
    return shared_build(tmp_path_factory, f"{kind}-{day}", "build", *args, env={"SITE_TODAY": day})


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content built with the development settings (the same build as ``site_on(FIXTURE_DAY)``)."""
    return site_on(tmp_path_factory, FIXTURE_DAY)


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The sample content built with publishconf.py (absolute URLs): the golden output's build."""
    return site_on(tmp_path_factory, FIXTURE_DAY, "--publish")


def child_pids(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux ``/proc``): of every one of its threads.

    A thread may end between listing the tasks and reading its ``children`` (the preview
    server's watcher and request threads come and go): it has no children then.
    """
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(child) for child in handle.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that logs nothing."""

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser or crawler closing a connection early is not a test failure worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def served(folder, handler_class: type = QuietHandler):
    """``folder`` served on 127.0.0.1 at a free port; yields the base URL (no trailing slash)."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def prebuilt(tmp_path, sample_site) -> Path:
    """An output/ from an earlier good build, which a failed build must not touch."""
    output = tmp_path / "output"
    shutil.copytree(sample_site, output)
    return output


def assert_failed_cleanly(result, output: Path, before: dict[str, str]) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "output/ 保持上一次成功构建的内容未变" in result.stderr
    assert snapshot(output) == before
    assert not list(output.parent.glob(".building-*"))
    assert not list(output.parent.glob(".releases/.staging-*"))  # wfu.releases removes a failed build
