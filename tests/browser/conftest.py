"""Headless Debian Chromium driven by Playwright, against the built sample site.

Outside CI a missing browser skips these tests with a reason; under CI=true
it fails them, because CI must never pass without looking at the pages.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from urllib.parse import urlparse

import pytest

from tests.conftest import served

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    """Debian's headless shell first: the same Chromium (Blink, V8) without the full browser
    around it, which Playwright also uses by default for headless runs.  A page load and an axe
    run took about half the CPU of the full ``chromium`` (measured 2026-12-06, 1.5 s against 3.0 s
    per page); the full browser is the fallback."""
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        sync_playwright = None
    if not path or sync_playwright is None:
        reason = "Debian chromium and the playwright package are needed (apt-get install -y chromium-headless-shell)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site_url(sample_site):
    """The sample site served on 127.0.0.1 at a free port."""
    with served(sample_site) as url:
        yield url


def new_context(browser, width: int, javascript: bool = True, scheme: str = "light"):
    """A browser context as a reader's phone or desktop has it: ``width`` px wide, 800 high."""
    return browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=javascript, color_scheme=scheme
    )


# What a page can store for later pages of its origin (works with JavaScript disabled too).
LEFT_BEHIND = """async () => [localStorage.length, sessionStorage.length, (await indexedDB.databases()).length,
  (await caches.keys()).length, navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0]"""


class ContextPool:
    """One browser context per (width, javascript, scheme), shared by the tests of one worker.

    A new context and its first page cost about 0.65 s of CPU, a new page in an open context
    0.28 s, and a page load there half as much as in a fresh one (measured 2026-12-06): most
    tests only look at pages, so they take fresh pages in a shared context.  After each test
    the context is checked for anything a page can leave behind (cookies, local and session
    storage, IndexedDB, cache storage, service workers) and its pages are closed; a context
    with any of it is closed, so the next test starts clean.  Permissions are cleared.
    (``context.storage_state()`` would look too, but opens a page per origin: 1.3 s of CPU.)
    A test that grants permissions, routes requests or emulates reduced motion makes its own
    context.
    """

    def __init__(self, browser):
        self.browser = browser
        self.contexts: dict[tuple, object] = {}

    def get(self, width: int, javascript: bool = True, scheme: str = "light"):
        key = (width, javascript, scheme)
        if key not in self.contexts:
            self.contexts[key] = new_context(self.browser, width, javascript, scheme)
        return self.contexts[key]

    def release(self, context) -> None:
        """Close ``context``'s pages; keep it for the next test only if they left nothing behind."""
        left, origins = bool(context.cookies() or context.service_workers), set()
        for page in context.pages:
            origin = urlparse(page.url)._replace(path="", query="", fragment="").geturl()
            if not left and origin.startswith("http") and origin not in origins:
                origins.add(origin)  # storage is per origin: one look at each origin the test used
                try:
                    left = any(page.evaluate(LEFT_BEHIND))
                except Exception:  # a crashed or navigating page: nothing known, start afresh
                    left = True
            page.close()
        if left:
            self.contexts = {k: c for k, c in self.contexts.items() if c is not context}
            context.close()
        else:
            context.clear_permissions()

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()
        self.contexts = {}


@pytest.fixture(scope="session")
def contexts(browser):
    """This worker's shared browser contexts (see ``ContextPool``)."""
    pool = ContextPool(browser)
    yield pool
    pool.close()


@contextlib.contextmanager
def page_opener(browser, base_url: str, pool: ContextPool | None = None):
    """A function opening pages of ``base_url`` at a width (and colour scheme); records foreign requests.

    With ``pool`` each page is a fresh page in the pool's context for its width, script and scheme;
    without, each page has a context of its own (a test that changes the context's state).
    """
    own, used = [], []

    def open_page(path: str, width: int, javascript: bool = True, scheme: str = "light"):
        if pool is None:
            context = new_context(browser, width, javascript, scheme)
            own.append(context)
        else:
            context = pool.get(width, javascript, scheme)
            if context not in used:
                used.append(context)
        page = context.new_page()
        page.foreign_requests = []
        page.on(
            "request",
            lambda request: (
                urlparse(request.url).hostname not in ("127.0.0.1", None)
                and page.foreign_requests.append(request.url)
            ),
        )
        page.goto(base_url + path, wait_until="load")
        return page

    try:
        yield open_page
    finally:
        for context in own:
            context.close()
        for context in used:
            pool.release(context)


@pytest.fixture
def page_at(browser, site_url, contexts):
    """Open a page of the sample site at a width (and colour scheme); records foreign requests."""
    with page_opener(browser, site_url, contexts) as open_page:
        yield open_page


AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")


def axe_violations(page, tags=AXE_TAGS) -> list[str]:
    """axe-core's findings on ``page`` for ``tags`` (rule, element, summary); empty when clean."""
    from axe_playwright_python.sync_playwright import Axe

    # Only violations come back in full: passes, incomplete and inapplicable results are cut to one
    # node each (axe's resultTypes), so the page does not serialise half a megabyte per run.
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    result = Axe().run(page, options=options)
    return [
        f"{v['id']}: {node['target']} {node['failureSummary']}"
        for v in result.response["violations"]
        for node in v["nodes"]
    ]


def assert_fits_and_stays_local(page, path: str, width: int) -> None:
    """No sideways scrolling, no element past the right edge, no request to another host."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"
    wide = page.evaluate(
        """() => {
          // Content scrolled inside a box that itself fits (the 要闻 slides) is clipped by
          // that box, not past the page's edge.
          const clipped = e => {
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              if (getComputedStyle(a).overflowX !== 'visible')
                return a.getBoundingClientRect().right <= window.innerWidth + 1;
            }
            return false;
          };
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e))
            .map(e => e.tagName + '.' + e.className);
        }"""
    )
    assert wide == []
    assert page.foreign_requests == []
