"""`invoke serve`: the preview rebuilds on a change and survives a broken file."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, child_pids
from tests.small_site import ARTICLE, make_small_content
from wfu.serve import WATCHING


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if needle in page:
            return page
        time.sleep(0.3)
    pytest.fail(f"{needle!r} did not appear at {url} within {seconds}s")


def _wait_for_log(log: Path, line: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while line not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"{line!r} not in the preview's log within {seconds}s"
        time.sleep(0.05)


@pytest.fixture
def small_copy(tmp_path) -> Path:
    """The small content tree (:mod:`tests.small_site`): one article, the images the settings name."""
    return make_small_content(tmp_path / "content")


SMALL_TITLE = "百名校友返校共植“校友林”"  # its article's title, shown on the home page


@pytest.mark.timeout(240)
def test_preview_rebuilds_on_change_and_keeps_last_good_site(small_copy, tmp_path):
    """Rebuild, refusal, draft reminder and Chinese terminal on the small content tree.

    What is shown does not depend on how much content there is: one article to edit and a
    draft beside it prove it, at a fraction of the fixture site's start-up build.
    """
    content_copy = small_copy
    # An unfinished draft (as invoke new leaves it, with a YAML slip) never stops the preview.
    (content_copy / "news/2026").mkdir(exist_ok=True)
    (content_copy / "news/2026/unfinished.md").write_text(
        "---\ntitle: 还没写完\ndate： 2026-11-20\nstatus: draft\n---\n在这里写正文。段落之间空一行。\n",
        encoding="utf-8",
    )
    port = _free_port()
    output = tmp_path / "output"
    log_path = tmp_path / "serve.log"
    log_file = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wfu.serve",
            "--port",
            str(port),
            "--content",
            str(content_copy),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        home = f"http://127.0.0.1:{port}/"
        # On a loaded machine (CI's two cores shared by the other xdist worker) a start-up
        # build has taken over 30 s.
        page = _wait_for(home, SMALL_TITLE, seconds=120)
        assert "livereload.js" in page  # the browser reloads itself after a rebuild
        _wait_for_log(log_path, WATCHING)  # a save before the watcher is ready is not seen
        article = content_copy / ARTICLE
        text = article.read_text(encoding="utf-8")
        assert f"title: {SMALL_TITLE}\n" in text
        article.write_text(
            text.replace(f"title: {SMALL_TITLE}", f"title: {SMALL_TITLE}并座谈"), encoding="utf-8"
        )
        _wait_for(home, f"{SMALL_TITLE}并座谈")
        assert "category: 校友活动\n" in text
        article.write_text(text.replace("category: 校友活动", "category: 走访"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "[unknown-category]" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "output/ 保持上一次成功构建的内容未变" in log_path.read_text()
        assert f"{SMALL_TITLE}并座谈" in _get(home)  # the last good site stays up
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log_file.close()
    log = log_path.read_text()
    assert "[unknown-category]" in log and "Traceback" not in log
    # What the editor reads in the terminal is Chinese: no Pelican or livereload English lines.
    assert "预览地址" in log and "构建完成" in log
    assert "提醒：草稿 content/news/2026/unfinished.md 还有 1 处没写完" in log
    for english in ("Done: Processed", "Serving on", "Start watching", "waiters", "error(s)", "Build failed"):
        assert english not in log, english


def _build_running(server_pid: int) -> bool:
    """Whether the preview server has a child process (the rebuild) right now."""
    return bool(child_pids(server_pid))


@pytest.mark.timeout(180)
def test_the_preview_answers_while_it_rebuilds_and_reloads_browsers_after(content_copy, tmp_path):
    """A rebuild runs beside the server: pages keep loading meanwhile; the reload message comes after it."""
    from tornado.ioloop import IOLoop
    from tornado.websocket import websocket_connect

    port = _free_port()
    output = tmp_path / "output"
    log_path = tmp_path / "serve.log"
    command = [sys.executable, "-m", "wfu.serve", "--port", str(port), "--content", str(content_copy),
               "--output", str(output)]  # fmt: skip
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        home = f"http://127.0.0.1:{port}/"
        _wait_for(home, "学校走访北京校友会", seconds=120)  # the start-up build: see the test above
        _wait_for_log(log_path, WATCHING)  # a save before the watcher is ready is not seen
        while _build_running(proc.pid):  # the first build is over before the test edits
            time.sleep(0.2)
        article = content_copy / "news/2026/visit-beijing.md"
        text = article.read_text(encoding="utf-8")

        async def edit_and_listen() -> list[tuple[str, bool, str]]:
            """Connect as a browser, edit, then note what the server says and does, in order."""
            socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
            await socket_.write_message(json.dumps({"command": "hello", "protocols": []}))
            await socket_.read_message()  # livereload's hello
            await socket_.write_message(json.dumps({"command": "info", "url": home}))  # now a waiter
            article.write_text(
                text.replace("学校走访北京校友会", "学校走访北京校友会（更新）"), encoding="utf-8"
            )
            events: list[tuple[str, bool, str]] = []
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                building = _build_running(proc.pid)
                page = await IOLoop.current().run_in_executor(None, _get, home)
                events.append(("page", building and _build_running(proc.pid), page))
                try:
                    message = await asyncio.wait_for(socket_.read_message(), timeout=0.3)
                except TimeoutError:
                    continue
                if message and json.loads(message).get("command") == "reload":
                    events.append(("reload", _build_running(proc.pid), _get(home)))
                    break
            socket_.close()
            return events

        # a thread of its own: the worker may already run an event loop (Playwright's, from browser tests)
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            events = pool.submit(asyncio.run, edit_and_listen()).result()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    answered_during_build = [page for kind, building, page in events if kind == "page" and building]
    assert answered_during_build, "no page was requested while the rebuild ran"
    assert all("学校走访北京校友会" in page for page in answered_during_build)  # the last site, served
    kind, building, page = events[-1]
    assert kind == "reload" and not building  # browsers reload once the build is over
    assert "学校走访北京校友会（更新）" in page  # ... onto the new site
    assert "Traceback" not in log_path.read_text()


@pytest.mark.timeout(120)
def test_stopping_invoke_serve_stops_the_server(small_copy, tmp_path):
    """`invoke serve` becomes the server process: stopping it frees the port (no orphan).

    Over the small content tree: what is stopped is the server, whatever it serves.
    """
    content_copy = small_copy
    import signal

    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "invoke",
            "serve",
            "--port",
            str(port),
            "--content",
            str(content_copy),
            "--output",
            str(tmp_path / "output"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", SMALL_TITLE)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.2)
    pytest.fail(f"port {port} still serving after invoke serve was stopped")
