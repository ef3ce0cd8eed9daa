"""Headless Debian Chromium driven by Playwright, against the built sample site.

Outside CI a missing browser skips these tests with a reason; under CI=true
it fails them, because CI must never pass without looking at the pages.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from urllib.parse import urlparse

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        sync_playwright = None
    if not path or sync_playwright is None:
        reason = "Debian chromium and the playwright package are needed (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(sample_site):
    """The sample site served on 127.0.0.1 at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page_at(browser, site_url):
    """Open a page of the sample site at a width (and colour scheme); records foreign requests."""
    contexts = []

    def open_page(path: str, width: int, javascript: bool = True, scheme: str = "light"):
        context = browser.new_context(
            viewport={"width": width, "height": 800}, java_script_enabled=javascript, color_scheme=scheme
        )
        contexts.append(context)
        page = context.new_page()
        page.foreign_requests = []
        page.on(
            "request",
            lambda request: (
                urlparse(request.url).hostname not in ("127.0.0.1", None)
                and page.foreign_requests.append(request.url)
            ),
        )
        page.goto(site_url + path, wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()
