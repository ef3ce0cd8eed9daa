"""Lighthouse 12.2.3 (mobile) on the pages the issue names, served as readers get them.

The built sample site is precompressed (wfu/precompress.py, as a publishing
build does) and served by a real nginx with the shipped deploy/nginx/site.conf
(gzip_static, cache headers), so Lighthouse sees what a phone downloads.

Accessibility, best practices and SEO are deterministic and must score 100.
The performance score depends on how busy the machine is (Lighthouse simulates
a slow phone from measured CPU time), so it is not asserted; the performance
audits that depend only on what the page sends (image sizes and formats, text
compression, render-blocking files, sizes of images, lazy loading of the
largest image, DOM size, byte weight) must all pass.

The pages are audited one after another by one Node process with one Chromium
(lighthouse_runner.mjs): each run is what ``lighthouse URL`` does, without starting
Node and Chromium again for every page.

CI installs Lighthouse with ``npm install --prefix .cache/lighthouse -E lighthouse@12.2.3``
(.ci/run); elsewhere a missing Lighthouse skips, under CI=true it fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.deploy.conftest import free_port, nginx_binary, nginx_config, stop, wait_for_port

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"
PAGES = [
    "/",
    "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/",
    "/donate/wall/",
    "/associations/map/",
    # issue 24's new pages: one of each kind (the archives share their templates' parts with these)
    "/services/",
    "/donate/projects/scholarship/",
    "/about/message/",
    "/albums/homecoming-2026/",
    "/magazine/2026-1/",
]


RUNNER = Path(__file__).with_name("lighthouse_runner.mjs")
CATEGORIES = "performance,accessibility,best-practices,seo"
TIMEOUT = 240  # seconds for one page, as the single command was given


def lighthouse_package() -> Path | None:
    """The installed lighthouse package folder (from LIGHTHOUSE_PATH, its command, if given)."""
    command = os.environ.get("LIGHTHOUSE_PATH") or (str(LIGHTHOUSE) if LIGHTHOUSE.exists() else None)
    if not command:
        return None
    package = Path(command).resolve().parent.parent  # …/node_modules/lighthouse/cli/index.js
    return package if (package / "package.json").is_file() else None


class Lighthouse:
    """One Node process and one Chromium auditing URL after URL (tests/browser/lighthouse_runner.mjs).

    What a ``lighthouse URL`` command does per page, without starting Node, loading
    Lighthouse and launching Chromium again for each: the same ``lighthouse()`` call the
    command makes, given the running browser's port (a fresh tab, the origin's cache and
    storage cleared before each run).
    """

    def __init__(self, package: Path, chromium: str, log: Path):
        self.command = ["node", str(RUNNER), str(package), FLAGS, CATEGORIES]
        self.env = {**os.environ, "CHROME_PATH": chromium}
        self.log = log
        self.proc: subprocess.Popen | None = None

    def report(self, url: str, out: Path) -> dict:
        """Audit ``url``; the JSON report (what ``--output=json`` writes), or fail with Lighthouse's error.

        A failed, hung or crashed run stops the runner: the next page starts a fresh one, as the
        next ``lighthouse`` command would, so one page's failure never becomes another's.
        """
        if self.proc is None:
            self.stderr = self.log.open("a")
            self.proc = subprocess.Popen(self.command, env=self.env, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self.stderr, text=True)  # fmt: skip
        try:
            self.proc.stdin.write(json.dumps({"url": url, "out": str(out)}) + "\n")
            self.proc.stdin.flush()
            ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
            assert ready, f"Lighthouse gave no answer for {url} in {TIMEOUT} s"
            line = self.proc.stdout.readline()
            assert line, self.log.read_text(errors="replace")[-2000:]  # the runner died
            answer = json.loads(line)
            assert answer["ok"], answer["error"][-2000:]
        except BaseException:
            self.close()
            raise
        return json.loads(out.read_text(encoding="utf-8"))

    def close(self) -> None:
        """Stop the runner: end of input, then (a hung run) SIGINT, which chrome-launcher answers
        by stopping Chromium before the process exits."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        with contextlib.suppress(OSError):
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a runner that ignores SIGINT
                proc.kill()
                proc.wait()
        self.stderr.close()


@pytest.fixture(scope="module")
def lighthouse(tmp_path_factory):
    package = lighthouse_package()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not package or not chromium or not shutil.which("node"):
        reason = "Lighthouse is needed: npm install --prefix .cache/lighthouse -E lighthouse@12.2.3 (and Debian chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    runner = Lighthouse(package, chromium, tmp_path_factory.mktemp("lighthouse") / "stderr.log")
    yield runner
    runner.close()


# Performance audits decided by the page's bytes, not by the machine's speed.
BYTE_AUDITS = (
    "uses-responsive-images",
    "modern-image-formats",
    "uses-optimized-images",
    "offscreen-images",
    "uses-text-compression",
    "render-blocking-resources",
    "unsized-images",
    "lcp-lazy-loaded",
    "prioritize-lcp-image",
    "total-byte-weight",
    "dom-size",
    "unminified-css",
    "unminified-javascript",
    "unused-javascript",
    "legacy-javascript",
    "duplicated-javascript",
    "efficient-animated-content",
    "font-display",
    "third-party-summary",
)
# Not here: uses-long-cache-ttl.  Editors' images (/images/…) keep their names when replaced, so
# deploy/nginx/site.conf caches them for an hour on purpose; content-hashed files are immutable.


@pytest.fixture(scope="module")
def nginx_url(sample_site, tmp_path_factory):
    """The sample site, precompressed, behind a private nginx with the shipped site.conf."""
    from wfu.precompress import config_from, precompress_tree

    binary = nginx_binary()
    folder = tmp_path_factory.mktemp("lighthouse-nginx")
    root = folder / "site"
    # Without the web editor (/admin/, 6.6 of the site's 17 MB, most of the compression time): no
    # audited page loads it, and a request for it would fail the page's best-practices audits.
    shutil.copytree(
        sample_site, root, ignore=lambda folder, names: ["admin"] if folder == str(sample_site) else []
    )
    precompress_tree(str(root), config_from({"PRECOMPRESS": {"enabled": True}}))
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(folder, port, root))
    log = folder / "error.log"
    proc = subprocess.Popen([binary, "-c", str(config), "-e", str(log), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_for_port(port, proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_categories(lighthouse, nginx_url, path, tmp_path):
    data = lighthouse.report(nginx_url + path, tmp_path / "report.json")
    scores = {name: round(category["score"] * 100) for name, category in data["categories"].items()}
    failing = [
        audit_id
        for audit_id, audit in data["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    measured = scores.pop("performance")
    print(f"Lighthouse performance {path}: {measured}")  # reported (pytest -rP), not asserted
    assert scores == {"accessibility": 100, "best-practices": 100, "seo": 100}, (scores, failing)
    heavy = {
        audit_id: data["audits"][audit_id].get("displayValue", "")
        for audit_id in BYTE_AUDITS
        if audit_id in data["audits"] and (data["audits"][audit_id].get("score") or 1) < 1
    }
    assert heavy == {}, (measured, heavy)
