"""Live preview: rebuild on every change and reload the browser.

Each rebuild runs in a fresh process (so edited plugins are reloaded too) and
goes through the safe build: a content error is printed and the preview keeps
showing the last good site.

Rebuilds run beside the server, not in it: livereload calls watchers on its
only thread, so a build there stopped every page from loading until it ended
(tens of seconds on a large site).  :class:`Rebuilder` runs one build at a
time in a worker thread; changes saved during a build are collected into one
more build after it; browsers reload only after a build that succeeded.
Changes are reported by the kernel (inotify, through watchfiles), not found by
polling every file (:func:`_build_watcher`).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable

from .build import ROOT

WATCHED = ("theme", "plugins", "pelicanconf.py")


class Rebuilder:
    """One build at a time, off the server's thread; saves during a build make one more build."""

    def __init__(self, command: list[str], on_success: Callable[[], None]):
        self.command, self.on_success = command, on_success
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def request(self) -> None:
        """A file changed: build now, or once more after the build that is running."""
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._work, name="rebuild", daemon=True).start()

    @property
    def busy(self) -> bool:
        """A build is running or about to."""
        with self._lock:
            return self._running

    def _work(self) -> None:
        while True:
            succeeded = subprocess.run(self.command, cwd=ROOT, check=False).returncode == 0
            with self._lock:
                again, self._again = self._again, False
                if not again:
                    self._running = False
            if succeeded and not again:
                self.on_success()
            if not again:
                return


# livereload's INFO lines an editor may want, in Chinese; every other INFO line is dropped.
_TRANSLATED = {
    "Browser Connected": lambda args: f"浏览器已连接：{args[0] if args else ''}".rstrip("："),
    "Reload": lambda args: "内容已更新，浏览器已自动刷新。",
    "Shutting down": lambda args: "预览已停止。",
}


class ChineseLog(logging.Filter):
    """livereload's and tornado's log lines as an editor should read them: Chinese, or not at all.

    livereload logs "Serving on …", "Start watching changes", "Reload 1 waiters: …"
    at INFO in English; the preview prints its own Chinese address line, so most
    are dropped.  Warnings and errors are kept (with a Chinese lead) because they
    explain a preview that stopped working.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "tornado.access" and record.levelno < logging.ERROR:
            return False  # "404 GET /favicon.ico": a page the site does not have, not a preview problem
        if record.levelno >= logging.WARNING:
            record.msg, record.args = f"预览服务器报告：{record.getMessage()}", ()
            return True
        message = str(record.msg)
        for start, say in _TRANSLATED.items():
            if message.startswith(start):
                args = record.args if isinstance(record.args, tuple) else ()
                if start == "Browser Connected":  # logged pre-formatted: "Browser Connected: <url>"
                    args = (message.split(":", 1)[1].strip(),) if ":" in message else ()
                record.msg, record.args = say(args), ()
                return True
        return False


def _chinese_server(watcher):
    """livereload's Server, logging through :class:`ChineseLog` instead of its English handler."""
    from livereload import Server

    class ChineseServer(Server):
        def _setup_logging(self):
            channel = logging.StreamHandler(sys.stdout)
            channel.setFormatter(logging.Formatter("%(message)s"))
            channel.addFilter(ChineseLog())
            live = logging.getLogger("livereload")
            live.setLevel(logging.INFO)
            live.propagate = False
            live.addHandler(channel)
            # tornado needs a handler of its own (else it installs an English one); its
            # access lines ("200 GET /") stay below the WARNING level.
            tornado = logging.getLogger("tornado")
            tornado.addHandler(channel)
            logging.getLogger("tornado.access").setLevel(logging.WARNING)

    return ChineseServer(watcher=watcher)


def _build_watcher():
    """A watcher told of changes by the kernel (inotify, through watchfiles), never by polling.

    livereload's own watcher globbed every watched file and read its modification time
    every 800 ms on the server's only thread: at 5,000 articles each round took 35 ms of
    CPU and up to 0.4 s during which no page was served, and a save waited 0.4 s on
    average before the rebuild started.  This one runs :func:`watchfiles.watch` (Pelican's
    own dependency) in a thread and calls each watched path's function once per batch of
    changes (watchfiles' default filter skips ``__pycache__``, ``.git``, editor swap
    files).  ``start`` returns True, so livereload never polls; it never makes the server
    reload browsers either: the rebuilder does, after a successful build.
    """
    from livereload.watcher import Watcher

    class BuildWatcher(Watcher):
        def __init__(self):
            super().__init__()
            self.targets: list[tuple[str, Callable[[], None]]] = []
            self.stop = threading.Event()

        def watch(self, path, func=None, delay=None, ignore=None):
            if func is not None:
                self.targets.append((os.path.abspath(path), func))

        def examine(self):
            return None, None

        def start(self, callback):
            threading.Thread(target=self._run, name="watch", daemon=True).start()
            return True

        def _run(self) -> None:
            import watchfiles

            roots = [path for path, _ in self.targets if os.path.exists(path)]
            for changes in watchfiles.watch(*roots, stop_event=self.stop, raise_interrupt=False):
                called = set()
                for root, func in self.targets:
                    inside = any(path == root or path.startswith(root + os.sep) for _, path in changes)
                    if inside and func not in called:
                        called.add(func)
                        func()

    return BuildWatcher()


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    content: str | None = None,
    output: str | None = None,
    cache: str | None = None,
) -> None:
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    content = os.path.abspath(content or os.path.join(ROOT, "content"))
    output = os.path.abspath(output or os.path.join(ROOT, "output"))
    command = [sys.executable, "-m", "wfu.build", "build", "--content", content, "--output", output]
    if cache:  # the benchmark's own cache folder (default: PHOTO_CACHE_PATH of the settings)
        command += ["--cache", os.path.abspath(cache)]
    loop: list[IOLoop] = []  # the server's loop, known once it runs

    def reload_browsers() -> None:  # called from the rebuild thread
        if loop:
            loop[0].add_callback(LiveReloadHandler.reload_waiters)

    rebuilder = Rebuilder(command, reload_browsers)
    if os.path.exists(output):  # a site from last time: serve it at once, build beside it
        rebuilder.request()
    else:
        subprocess.run(command, cwd=ROOT, check=False)
        os.makedirs(output, exist_ok=True)  # a failed first build: serve an empty folder
    server = _chinese_server(_build_watcher())
    for path in (content, *(os.path.join(ROOT, name) for name in WATCHED)):
        server.watch(path, rebuilder.request)
    IOLoop.current().add_callback(lambda: loop.append(IOLoop.current()))
    print(f"预览地址：http://{host}:{port}/ （修改内容后自动刷新，按 Ctrl+C 退出）", flush=True)
    server.serve(host=host, port=port, root=output, open_url_delay=None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m wfu.serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--content")
    parser.add_argument("--output")
    parser.add_argument("--cache", help="cache folder (default: PHOTO_CACHE_PATH); used by the benchmark")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.content, args.output, args.cache)


if __name__ == "__main__":
    main()
