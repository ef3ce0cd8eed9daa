"""LinkChecker finds no broken internal link on the built fixture site.

The site is served over http on 127.0.0.1 (as readers get it), and LinkChecker
follows every internal link, image, stylesheet and feed link from the home
page.  The server sends a ``LinkChecker`` header, LinkChecker's documented way
to lift its politeness delay for a host one owns.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import SAMPLE_CONTENT, QuietHandler, served
from wfu.build import build, load_settings


class _Handler(QuietHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


@pytest.fixture(scope="module")
def site_with_local_feeds(tmp_path_factory):
    """The fixture site with feed links on the same host, so LinkChecker follows them too."""
    output = tmp_path_factory.mktemp("links") / "output"
    return build(load_settings(PATH=str(SAMPLE_CONTENT), FEED_DOMAIN=""), str(output))


@pytest.fixture
def site_url(site_with_local_feeds):
    with served(site_with_local_feeds, _Handler) as url:
        yield url + "/"


def test_no_broken_internal_links(site_url, tmp_path):
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\nthreads=4\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "linkcheck", "-f", str(config), "--no-status", "--no-warnings",
         "--ignore-url=^mailto:", "-o", "text", site_url],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    summary = [line for line in result.stdout.splitlines() if "links in" in line]
    assert summary and " 0 errors found" in summary[0], result.stdout[-3000:]
    checked = int(summary[0].split("links in")[0].split()[-1])
    assert checked > 200  # it really crawled the site, not just the home page
    assert result.returncode == 0
