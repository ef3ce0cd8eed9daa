"""Hostile content in a real browser (375 px and 1280 px): nothing runs, the payload is shown as text.

The site is the fixture with ``"><svg onload=alert(1)>`` in titles, names,
alt texts, tags, honours, donor names and a college website, and script,
iframe, form, ``on*`` and ``javascript:`` in bodies (see
``tests/functional/test_escaping.py``).  Chromium records every dialog and
every request to another host; hovering the hostile link must do nothing.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.conftest import served
from tests.functional.test_escaping import hostile_build  # noqa: F401 - the module-scoped fixture

pytestmark = pytest.mark.browser

ARTICLE = "/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/"
PAGES = [ARTICLE, "/news/tag/", "/achievements/ai-platform-founder/", "/colleges/cs/", "/associations/wfu/",
         "/donate/wall/", "/honours/", "/"]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_url(hostile_build):  # noqa: F811
    assert hostile_build.returncode == 0, hostile_build.stderr
    with served(hostile_build.output) as url:
        yield url


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_no_script_from_content_runs(contexts, hostile_url, path, width):
    """A fresh page in the worker's shared context: a script that ran and stored anything
    (cookies, storage, a service worker) gets the context closed (tests/browser/conftest.py)."""
    context = contexts.get(width)
    try:
        page = context.new_page()
        dialogs, foreign = [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda r: urlparse(r.url).hostname != "127.0.0.1" and foreign.append(r.url))
        page.goto(hostile_url + path, wait_until="load")
        for link in page.locator("a[href^='https://x']").all():
            link.hover()
        page.wait_for_timeout(100)
        assert dialogs == [] and foreign == []
        assert page.locator("svg[onload]").count() == 0
        assert (
            page.evaluate(
                "document.querySelectorAll('iframe, form[action*=evil], [onerror], [onmouseover]').length"
            )
            == 0
        )
    finally:
        contexts.release(context)


def test_the_payload_reads_as_text(contexts, hostile_url):
    context = contexts.get(375)
    try:
        page = context.new_page()
        page.goto(hostile_url + ARTICLE, wait_until="load")
        assert page.locator("h1").inner_text().strip() == '"><svg onload=alert(1)>'
        assert '"><svg onload=alert(1)>' in page.title()
    finally:
        contexts.release(context)
