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

A save that changes one news article's body only is shown within a second
(:class:`EarlyPages`): the last published build's process renders that page
again (:mod:`wfu.early`) and the server answers from it until the full build
is published or fails.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable

from .build import ROOT

WATCHED = ("theme", "plugins", "pelicanconf.py")


class Rebuilder:
    """One build at a time, off the server's thread; saves during a build make one more build.

    With ``early`` (:class:`EarlyPages`), every build is given a socket for the
    holder of its context and told, when it ends, whether it published.
    """

    def __init__(self, command: list[str], on_success: Callable[[], None], early: EarlyPages | None = None):
        self.command, self.on_success, self.early = command, on_success, early
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

    def run_once(self) -> bool:
        """One build, now, on this thread; True when it published."""
        if self.early is None:
            return subprocess.run(self.command, cwd=ROOT, check=False).returncode == 0
        channel = self.early.build_starting()
        try:
            command = [*self.command, "--preview-channel", str(channel.child.fileno())]
            run = subprocess.run(command, cwd=ROOT, check=False, pass_fds=(channel.child.fileno(),))
        finally:
            channel.child.close()
        succeeded = run.returncode == 0
        self.early.build_ended(channel, succeeded)
        return succeeded

    def _work(self) -> None:
        while True:
            succeeded = self.run_once()
            with self._lock:
                again, self._again = self._again, False
                if not again:
                    self._running = False
            if succeeded and not again:
                self.on_success()
            if self.early is not None:
                self.early.show_latest_soon()  # the site just published may already be one body edit behind
            if not again:
                return


class _Channel:
    """One build's socket to the holder it may leave behind, and the change it started after."""

    def __init__(self, start: int) -> None:
        self.server, self.child = socket.socketpair()
        self.start = start
        self.stream = self.server.makefile("rwb")
        self.release = ""  # the release folder the holder's build published

    def ask(self, request: dict, timeout: float) -> dict | None:
        """Send one request and read its answer; None when the holder is gone or too slow."""
        try:
            self.server.settimeout(timeout)
            if request:
                self.stream.write(json.dumps(request).encode() + b"\n")
                self.stream.flush()
            line = self.stream.readline()
            answer = json.loads(line) if line else None
        except (OSError, ValueError):
            return None
        return answer if isinstance(answer, dict) else None

    def close(self) -> None:
        """The holder reads the end of its socket and exits."""
        for part in (self.stream, self.server, self.child):
            try:
                part.close()
            except OSError:
                pass


class EarlyPages:
    """The pages served before the full build: one saved article, rendered by the last build's holder.

    Safe by construction: an early page is asked for only when the saved file is
    the only change (content, theme, plugins or settings) since the build whose
    holder renders it started, never after a failed build until one publishes,
    served only while ``output`` is the release that build published,
    and the holder refuses anything but a body edit with no error and no
    personal data (:mod:`wfu.early`).  Every build's end drops the early page
    (published: the release has the page; failed: its errors are shown and the
    last good site is served, whole).
    """

    def __init__(self, content: str, output: str, reload: Callable[[], None], timeout: float = 60) -> None:
        self.content, self.output = os.path.abspath(content), os.path.abspath(output)
        self.reload, self.timeout = reload, timeout
        self._lock = threading.Lock()  # the state below
        self._asking = threading.Lock()  # one request to a holder at a time
        self._seq = 0  # changes seen
        self._changes: list[tuple[int, str]] = []
        self._holder: _Channel | None = None
        self._failed = False  # the last build failed: no early page until one publishes
        self._generation = 0  # builds ended
        self._pages: dict[str, bytes] = {}

    def changed(self, paths: Iterable[str]) -> None:
        """Files changed (the watcher's batch, before the rebuild is requested)."""
        with self._lock:
            for path in paths:
                self._seq += 1
                self._changes.append((self._seq, os.path.abspath(path)))

    def build_starting(self) -> _Channel:
        with self._lock:
            return _Channel(self._seq)

    def build_ended(self, channel: _Channel, published: bool) -> None:
        """Drop the early page; a published build's holder replaces the last one."""
        ready = channel.ask({}, self.timeout) if published else None
        with self._lock:
            self._generation += 1
            dropped, self._pages = bool(self._pages), {}
            old = None
            if published:
                channel.release = str((ready or {}).get("release") or "")
                old, self._holder = self._holder, channel if (ready or {}).get("ready") is True else None
                self._failed = False
                start = channel.start
                self._changes = [(seq, path) for seq, path in self._changes if seq > start]
            else:
                self._failed = True
        if old is not None:
            old.close()
        if not published or self._holder is not channel:
            channel.close()
        if dropped and not published:
            self.reload()  # browsers showing the early page go back to the last good site

    def show_latest_soon(self) -> None:
        """:meth:`show_latest` in a thread of its own: neither the watcher nor the next build waits for it."""
        threading.Thread(target=self.show_latest, name="early-page", daemon=True).start()

    def show_latest(self) -> bool:
        """Ask the holder for the page of the one file saved since its build began; True if served."""
        with self._lock:
            holder, generation, seq = self._holder, self._generation, self._seq
            saved = {path for number, path in self._changes if holder is not None and number > holder.start}
            if holder is None or self._failed or len(saved) != 1:
                return False
            (path,) = saved
        if not path.endswith(".md") or not path.startswith(self.content + os.sep):
            return False
        with self._asking:
            folder = tempfile.mkdtemp(prefix="wfu-early-")
            try:
                answer = holder.ask({"render": path, "folder": folder}, self.timeout)
                page = self._read(folder, answer)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        if answer is None:  # the holder died or hung: no more early pages from it
            with self._lock:
                if self._holder is holder:
                    self._holder = None
            holder.close()
            return False
        if page is None:
            if os.environ.get("WFU_EARLY_DEBUG"):
                print(f"early page refused: {answer}", flush=True)
            return False
        with self._lock:
            current = (self._holder, self._generation, self._seq, self._failed)
            if current != (holder, generation, seq, False) or not self._serves(holder):
                return False  # a build ended or another save came meanwhile, or another build published
            self._pages = {page[0]: page[1]}
        print(
            f"已先显示 {os.path.relpath(path, os.path.dirname(self.content))} 的新正文，其余页面随后更新。",
            flush=True,
        )
        self.reload()
        return True

    @staticmethod
    def _read(folder: str, answer: dict | None) -> tuple[str, bytes] | None:
        name = (answer or {}).get("page")
        if not isinstance(name, str) or os.path.isabs(name) or ".." in name.split("/"):
            return None
        try:
            with open(os.path.join(folder, name), "rb") as handle:
                return name.replace(os.sep, "/"), handle.read()
        except OSError:
            return None

    def page(self, path: str) -> bytes | None:
        """The early page at the requested path (``news/x/`` means ``news/x/index.html``), if any."""
        key = path.lstrip("/")
        if key == "" or key.endswith("/"):
            key += "index.html"
        with self._lock:
            page, holder = self._pages.get(key), self._holder
        return page if page is not None and holder is not None and self._serves(holder) else None

    def _serves(self, holder: _Channel) -> bool:
        """``output`` is the release the holder's build published (not one another build switched to)."""
        return bool(holder.release) and os.path.realpath(self.output) == holder.release

    def close(self) -> None:
        with self._lock:
            holder, self._holder = self._holder, None
        if holder is not None:
            holder.close()


def _early_handler(early: EarlyPages):
    """livereload's static file handler, answering with the early page where there is one."""
    from livereload.handlers import StaticFileHandler

    class EarlyPageHandler(StaticFileHandler):
        serving_early = False

        async def get(self, path, include_body=True):
            page = early.page(path)
            if page is None:
                return await super().get(path, include_body)
            self.serving_early = True
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            if include_body:
                self.write(page)

        def compute_etag(self):
            return None if self.serving_early else super().compute_etag()

    return EarlyPageHandler


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


# Printed once the watcher sees saves (see _build_watcher).
WATCHING = "开始监视内容的改动：保存文件后自动重新构建。"


def _build_watcher(changed: Callable[[set[str]], None] | None = None):
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
            self.after: list[Callable[[], None]] = []
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
            # The kernel's watches exist once watchfiles first comes back (a change or the short
            # timeout): only from then on is a save seen.  Said once, for the editor and for
            # anything that saves right after start-up (the preview tests wait for it).
            ready = False
            for changes in watchfiles.watch(
                *roots, stop_event=self.stop, raise_interrupt=False, yield_on_timeout=True, rust_timeout=200
            ):
                if not ready:
                    ready = True
                    print(WATCHING, flush=True)
                if not changes:  # the timeout: nothing changed
                    continue
                if changed is not None:
                    changed({path for _, path in changes})
                called = set()
                for root, func in self.targets:
                    inside = any(path == root or path.startswith(root + os.sep) for _, path in changes)
                    if inside and func not in called:
                        called.add(func)
                        func()
                for func in self.after:
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

    # Early pages need a forked holder and a socket passed to the build (POSIX); elsewhere every
    # save waits for its build, as before.
    early = EarlyPages(content, output, reload_browsers) if hasattr(os, "fork") else None
    rebuilder = Rebuilder(command, reload_browsers, early)
    if os.path.exists(output):  # a site from last time: serve it at once, build beside it
        rebuilder.request()
    else:
        rebuilder.run_once()
        os.makedirs(output, exist_ok=True)  # a failed first build: serve an empty folder
    watcher = _build_watcher(early.changed if early else None)
    server = _chinese_server(watcher)
    if early is not None:
        # After the full build is requested: the early page comes first, the build catches up.
        watcher.after.append(early.show_latest_soon)
        server.SFH = _early_handler(early)
    for path in (content, *(os.path.join(ROOT, name) for name in WATCHED)):
        server.watch(path, rebuilder.request)
    IOLoop.current().add_callback(lambda: loop.append(IOLoop.current()))
    print(f"预览地址：http://{host}:{port}/ （修改内容后自动刷新，按 Ctrl+C 退出）", flush=True)
    try:
        server.serve(host=host, port=port, root=output, open_url_delay=None)
    finally:
        if early is not None:
            early.close()


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
