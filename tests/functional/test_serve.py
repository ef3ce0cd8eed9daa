"""`invoke serve`: the preview rebuilds on a change and survives a broken file."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT


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


@pytest.mark.timeout(120)
def test_preview_rebuilds_on_change_and_keeps_last_good_site(content_copy, tmp_path):
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
        page = _wait_for(home, "学校走访北京校友会")
        assert "livereload.js" in page  # the browser reloads itself after a rebuild
        article = content_copy / "news/2026/visit-beijing.md"
        text = article.read_text(encoding="utf-8")
        article.write_text(
            text.replace("title: 学校走访北京校友会", "title: 学校走访北京校友会并座谈"), encoding="utf-8"
        )
        _wait_for(home, "学校走访北京校友会并座谈")
        article.write_text(text.replace("category: 走访交流", "category: 走访"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "[unknown-category]" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "output/ 保持上一次成功构建的内容未变" in log_path.read_text()
        assert "学校走访北京校友会并座谈" in _get(home)  # the last good site stays up
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log_file.close()
    log = log_path.read_text()
    assert "[unknown-category]" in log and "Traceback" not in log


@pytest.mark.timeout(120)
def test_stopping_invoke_serve_stops_the_server(content_copy, tmp_path):
    """`invoke serve` becomes the server process: stopping it frees the port (no orphan)."""
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
        _wait_for(f"http://127.0.0.1:{port}/", "学校走访北京校友会")
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
