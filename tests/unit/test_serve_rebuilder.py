"""The preview's rebuilder (wfu/serve.py): one build at a time, saves during a build coalesced."""

from __future__ import annotations

import sys
import threading

from wfu.serve import Rebuilder


def script(log, gate, code: int) -> list[str]:
    """A stand-in build: notes its start, waits for the test to open ``gate``, exits with ``code``."""
    return [
        sys.executable,
        "-c",
        "import os, sys, time\n"
        f"open({str(log)!r}, 'a').write('build\\n')\n"
        f"while not os.path.exists({str(gate)!r}): time.sleep(0.02)\n"
        f"sys.exit({code})\n",
    ]


def wait_for_builds(log, count: int) -> None:
    for _ in range(1500):
        if log.exists() and log.read_text().count("build") >= count:
            return
        threading.Event().wait(0.02)
    raise AssertionError(f"{count} builds did not start")


def wait_until_idle(rebuilder: Rebuilder) -> None:
    for _ in range(1500):
        if not rebuilder.busy:
            return
        threading.Event().wait(0.02)
    raise AssertionError("the rebuilder stayed busy")


def test_saves_during_a_build_make_one_more_build_then_one_reload(tmp_path):
    log, gate, done = tmp_path / "log", tmp_path / "gate", threading.Event()
    reloads = []
    rebuilder = Rebuilder(script(log, gate, 0), lambda: (reloads.append(1), done.set()))
    rebuilder.request()
    wait_for_builds(log, 1)
    for _ in range(3):  # three saves while the first build runs
        rebuilder.request()
    assert reloads == []  # nothing reloads while a build runs
    gate.touch()
    assert done.wait(60)
    assert log.read_text().count("build") == 2  # the three saves became one more build
    assert reloads == [1]  # browsers reload once, after the last build


def test_a_failed_build_does_not_reload_browsers_and_the_next_save_builds_again(tmp_path):
    log, gate = tmp_path / "log", tmp_path / "gate"
    gate.touch()
    reloads = []
    rebuilder = Rebuilder(script(log, gate, 1), lambda: reloads.append(1))
    rebuilder.request()
    wait_for_builds(log, 1)
    wait_until_idle(rebuilder)
    rebuilder.request()
    wait_for_builds(log, 2)
    wait_until_idle(rebuilder)
    assert reloads == []


def test_the_watcher_calls_each_function_once_per_batch_of_changes_and_skips_bytecode(tmp_path):
    """Changes come from the kernel (watchfiles), not from livereload's 800 ms polling."""
    from wfu.serve import _build_watcher

    content, theme = tmp_path / "content", tmp_path / "theme"
    (content / "news").mkdir(parents=True)
    (theme / "__pycache__").mkdir(parents=True)
    calls: list[str] = []
    called = threading.Event()

    def request() -> None:
        calls.append("build")
        called.set()

    watcher = _build_watcher()
    watcher.watch(str(content), request)
    watcher.watch(str(content / "news"), request)  # a change here is under both watched paths
    watcher.watch(str(theme), request)
    assert watcher.start(lambda: None) is True  # livereload does not poll
    assert watcher.examine() == (None, None)  # nor reload browsers by itself
    try:
        threading.Event().wait(0.5)  # the watch is set up
        (theme / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"x")
        threading.Event().wait(1)
        assert calls == []
        (content / "news" / "a.md").write_text("a", encoding="utf-8")
        assert called.wait(10)
        threading.Event().wait(1)
        assert calls == ["build"]  # one build, though the file is under two watched paths
        called.clear()
        (theme / "base.html").write_text("b", encoding="utf-8")
        assert called.wait(10)
    finally:
        watcher.stop.set()
