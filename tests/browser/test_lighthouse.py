"""Lighthouse 12.2.3 (mobile) on the pages the issue names, against the built sample site.

Accessibility, best practices and SEO are deterministic and must score >= 98.
Performance depends on how busy the machine is (Lighthouse simulates a slow
phone from measured CPU time), so it is measured and reported
(``invoke screenshots`` and docs/开发说明.md) rather than asserted here.

CI installs Lighthouse with ``npm install --prefix .cache/lighthouse -E lighthouse@12.2.3``
(.ci/run); elsewhere a missing Lighthouse skips, under CI=true it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"
PAGES = [
    "/",
    "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/",
    "/donate/wall/",
    "/associations/map/",
    "/services/",  # issue 24's new pages
    "/donate/projects/scholarship/",
    "/about/message/",
    "/about/milestones/",
    "/albums/homecoming-2026/",
    "/magazine/2026-1/",
]


@pytest.fixture(scope="module")
def lighthouse():
    path = os.environ.get("LIGHTHOUSE_PATH") or (str(LIGHTHOUSE) if LIGHTHOUSE.exists() else None)
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path or not chromium or not shutil.which("node"):
        reason = "Lighthouse is needed: npm install --prefix .cache/lighthouse -E lighthouse@12.2.3 (and Debian chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    return path, chromium


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_categories(lighthouse, site_url, path, tmp_path):
    binary, chromium = lighthouse
    report = tmp_path / "report.json"
    categories = "--only-categories=accessibility,best-practices,seo"
    result = subprocess.run(
        [
            binary,
            site_url + path,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={FLAGS}",
            categories,
        ],
        env={**os.environ, "CHROME_PATH": chromium},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(category["score"] * 100) for name, category in data["categories"].items()}
    failing = [
        audit_id
        for audit_id, audit in data["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    assert min(scores.values()) >= 98, (scores, failing)
