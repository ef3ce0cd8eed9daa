"""`invoke serve`'s early page (wfu/early.py): a saved body is shown before the full build is over.

The byte-for-byte comparison uses the fixture site (an article with neighbours, related
articles, an event block and speakers linked to profiles: what the early page takes from
the last build's context); the refusals use the small site (tests/small_site.py), whose
builds are short.  The full build
that follows a save is paused (SIGSTOP) while the test asks for the page, so
what answers is the early page and not a build that happened to be fast; the
early page carries ``Cache-Control: no-store``, the release's files do not.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_CONTENT, child_pids, seed_pure_caches
from tests.small_site import ARTICLE, make_small_content
from wfu.serve import WATCHING

SMALL_PAGE = "news/2024/bai-ming-xiao-you-fan-xiao-gong-zhi-xiao-you-lin/"  # the small site's article
RICH_ARTICLE = "news/2026/lecture-4-notice.md"  # the fixture site's: event block, speakers, neighbours
RICH_PAGE = "news/2026/da-jiang-tang-di-si-jiang-yu-gao/"
EARLY_LINE = "已先显示"  # the server's line when it serves an early page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[bytes, str]:
    """The page's bytes and its Cache-Control header ("" when the server does not answer)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read(), response.headers.get("Cache-Control") or ""
    except OSError:
        return b"", ""


def _wait(condition, seconds: float, what: str, step: float = 0.02):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    pytest.fail(f"{what} did not happen within {seconds}s")


class Preview:
    """``python -m wfu.serve`` on a free port over a copy of the small site (or the fixture site).

    Either cache starts with the shared builds' pure caches (``seed_pure_caches``: image
    derivatives and scan verdicts, most of a small build's cost): the early page and the builds
    it waits for are about the page, never about those.
    """

    def __init__(self, tmp_path: Path, rich: bool = False) -> None:
        if rich:
            self.content = tmp_path / "content"
            shutil.copytree(SAMPLE_CONTENT, self.content)
            seed_pure_caches(tmp_path / "cache")  # the fixture's images: made by the shared builds
        else:
            self.content = make_small_content(tmp_path / "content")
            seed_pure_caches(tmp_path / "cache")  # its images' derivatives: most of a small build
        self.article = self.content / (RICH_ARTICLE if rich else ARTICLE)
        self.page = RICH_PAGE if rich else SMALL_PAGE
        self.log = tmp_path / "serve.log"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/{self.page}"
        command = [sys.executable, "-m", "wfu.serve", "--port", str(self.port), "--content", str(self.content),
                   "--output", str(tmp_path / "output"), "--cache", str(tmp_path / "cache")]  # fmt: skip
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        _wait(lambda: _get(self.url)[0], 120, "the first build", 0.2)
        _wait(lambda: WATCHING in self.text(), 60, "the watcher", 0.05)  # a save before it is not seen
        self.idle()

    def idle(self) -> None:
        """No build is running (a published build's holder is no child of the server)."""
        _wait(lambda: not child_pids(self.proc.pid), 120, "the end of the build", 0.1)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def builds(self) -> int:
        """Builds that ended with a message (published or failed; a killed one prints nothing)."""
        return self.text().count("构建完成") + self.text().count("构建失败")

    def save(self, old: str, new: str) -> None:
        text = self.article.read_text(encoding="utf-8")
        assert old in text
        self.article.write_text(text.replace(old, new, 1), encoding="utf-8")

    def save_and_build(self, old: str, new: str) -> None:
        """Save, then wait for the full build it starts to end."""
        ended = self.builds()
        self.save(old, new)
        _wait(lambda: self.builds() > ended, 120, "the build after the save", 0.1)
        self.idle()

    @contextmanager
    def build_paused(self, ended: int | None = None):
        """The full build that the save started, stopped until the block ends; yields its pid.

        With ``ended`` (the count of :meth:`builds` before the save), a build that has
        already ended is accepted and ``None`` is yielded: a build that fails at its
        first check (personal data) can end before a loaded machine polls for it, and
        there is nothing left to pause.  A save that started no build still fails.
        """

        def started():
            return child_pids(self.proc.pid) or (ended is not None and self.builds() > ended and [None])

        (build,) = _wait(started, 60, "the build after the save", 0.005)
        if build is not None:
            try:
                os.kill(build, signal.SIGSTOP)
            except ProcessLookupError:  # it ended between the poll and the signal
                if ended is None:
                    raise
                build = None
        try:
            yield build
        finally:
            if build is not None:
                try:
                    os.kill(build, signal.SIGCONT)
                except ProcessLookupError:
                    pass

    def stop(self) -> str:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        return self.text()


BODY = "每棵树都挂上了以届别命名的纪念牌。"  # a sentence of the small site's article


def _without_livereload(page: bytes) -> bytes:
    """A served page less the script livereload adds to every HTML page (the release file's bytes)."""
    return re.sub(rb"<script[^>]*>[^<]*livereload\.js[^<]*</script>", b"", page, count=1)


@pytest.mark.timeout(300)
def test_the_early_page_is_byte_for_byte_the_full_builds_page_and_a_failed_build_drops_it(
    tmp_path, sample_site
):
    preview = Preview(tmp_path, rich=True)  # sample_site has made the images its cache starts with
    try:
        before, _ = _get(preview.url)
        ended = preview.builds()
        preview.save("同时线上直播。", "同时线上直播，并提供回放。")
        with preview.build_paused():
            early, cache = _wait(
                lambda: "并提供回放".encode() in (page := _get(preview.url))[0] and page, 60, "the early page"
            )
            assert cache == "no-store"  # the early page, not a release's file
        _wait(lambda: preview.builds() > ended, 180, "the full build", 0.1)
        preview.idle()
        full, cache = _get(preview.url)
        assert cache == ""  # the release's file: the early page was dropped when the build published
        assert early == full and early != before  # the same bytes, nothing masked
        release = Path(os.path.realpath(tmp_path / "output")) / preview.page / "index.html"
        assert _without_livereload(early) == release.read_bytes() != early

        # A build that fails (here: killed) drops the early page: the last good site is served whole.
        preview.save("并提供回放", "并提供回放和字幕")
        with preview.build_paused() as build:
            _wait(lambda: "回放和字幕".encode() in _get(preview.url)[0], 60, "the second early page")
            os.kill(build, signal.SIGKILL)
        preview.idle()
        page, _ = _wait(lambda: (got := _get(preview.url))[1] == "" and got, 30, "the early page dropped")
        assert page == full  # the last published page again
    finally:
        log = preview.stop()
    assert log.count(EARLY_LINE) == 2
    assert "Traceback" not in log


@pytest.mark.timeout(300)
def test_no_early_page_for_personal_data_or_a_front_matter_edit(tmp_path):
    preview = Preview(tmp_path)
    try:
        served: list[bytes] = []
        # A personal mobile number in the body: no early page, the full build fails as today.
        ended = preview.builds()
        preview.save(BODY, BODY + "联系人电话 13812345678。")
        with preview.build_paused(ended):  # this build fails at its first check: it may be over already
            time.sleep(1)  # an early page would come from the holder meanwhile
            served.append(_get(preview.url)[0])
        _wait(lambda: preview.builds() > ended, 120, "the full build", 0.1)
        preview.idle()
        served.append(_get(preview.url)[0])
        assert "[personal-data]" in preview.text()
        assert "output/ 保持上一次成功构建的内容未变" in preview.text()
        preview.save_and_build("联系人电话 13812345678。", "")  # fixed: the build publishes again

        # A front-matter edit (the byline): no early page, the full build shows it.
        ended = preview.builds()
        preview.save("author: 校友会秘书处", "author: 校友会秘书处（更新）")
        with preview.build_paused():
            time.sleep(1)
            served.append(_get(preview.url)[0])
        _wait(lambda: preview.builds() > ended, 120, "the full build", 0.1)
        preview.idle()
        assert "（更新）".encode() in _get(preview.url)[0]
    finally:
        log = preview.stop()
    assert all(page and b"13812345678" not in page for page in served)
    assert "（更新）".encode() not in served[-1]  # while the build was paused: the last release
    assert EARLY_LINE not in log
    assert "Traceback" not in log
