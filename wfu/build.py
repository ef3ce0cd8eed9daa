"""Build the site safely: check everything first, build aside, then switch atomically.

An editor's mistake must never leave a half-written or empty ``output/``: the
site is first validated (every error at once), then built by Pelican into a
staging release; only a build with no error, no Pelican warning and no
personal data in any generated file is published, by pointing the ``output``
symlink at it (:func:`wfu.releases.publish_tree`: build lock, atomic switch,
previous releases kept for rollback).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
import traceback
from dataclasses import replace

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.pinyin import save_cache as save_pinyin
from wfu.buildinfo import BuildInfoError, write_build_info

from .releases import ReleaseError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV_SETTINGS = os.path.join(ROOT, "pelicanconf.py")
PUBLISH_SETTINGS = os.path.join(ROOT, "publishconf.py")


def load_settings(settings_file: str = DEV_SETTINGS, light: bool = False, **overrides) -> dict:
    """Pelican settings with paths made absolute (relative to the settings file).

    ``light`` is for a process that will not run Pelican (``invoke check``): see
    :func:`_settings_without_pelican`.
    """
    if light and "pelican" not in sys.modules:
        read_settings = _settings_without_pelican()
    else:
        from pelican.settings import read_settings

    return read_settings(settings_file, override=overrides or None)


def _settings_without_pelican():
    """Pelican's own ``read_settings``, loaded without running ``pelican/__init__.py``.

    That file imports every generator and reader (Markdown, docutils, feeds): a
    fifth of ``invoke check`` at 5,000 articles, for a command that needs only the
    settings.  ``pelican.settings`` is imported under a bare ``pelican`` package
    (same folder, empty ``__init__``), which is then taken out of
    ``sys.modules``.  Only for processes that never import Pelican afterwards:
    a later ``import pelican.settings`` would not set the attribute on the real
    package.
    """
    import importlib
    import importlib.util
    import types

    spec = importlib.util.find_spec("pelican")
    bare = types.ModuleType("pelican")
    bare.__path__ = list(spec.submodule_search_locations or [])
    sys.modules["pelican"] = bare
    try:
        return importlib.import_module("pelican.settings").read_settings
    finally:
        del sys.modules["pelican"]


def check_site(settings: dict) -> list[ContentError]:
    """Every error in the site's content and settings: exactly what the build checks."""
    from plugins.site.loader import load_site

    return load_site(settings, bodies=False)[1]


class _Collector(logging.Handler):
    """Keeps every warning or error logged during a Pelican run."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[ContentError] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = getattr(record, "content_error", None)  # our own error, logged to be collected
        if isinstance(error, ContentError):
            self.records.append(error)
            return
        active = sys.exc_info()[1]  # Pelican logs reader failures without exc_info
        if isinstance(active, ContentErrors):
            self.records.extend(active.errors)
            return
        message = record.getMessage()
        if active is not None and record.levelno >= logging.ERROR:
            message = f"{message}: {type(active).__name__}: {active}"
        self.records.append(ContentError("pelican", 0, "pelican-warning", f"Pelican 报告：{message}"))


def build(settings: dict, output: str | None = None, say=None, keep: list | None = None) -> str:
    """Check, build into a staging release and switch ``output`` to it; return the output path.

    ``output`` becomes a symlink to ``.releases/<id>/`` beside it, switched atomically
    under an exclusive build lock (:mod:`wfu.releases`): readers always see a whole
    site, a failed or killed build leaves the served one as it was.  ``keep``
    (a list) receives Pelican's generators, for the preview's early page (:mod:`wfu.early`).
    """
    from plugins.common.dates import clock_today
    from plugins.site.buildcontext import BuildContext
    from plugins.site.incremental import OutputMemo
    from plugins.site.loader import load_site
    from wfu.precompress import precompress_site  # here: ``invoke check`` needs neither

    from .releases import publish_tree

    output = os.path.abspath(output or settings["OUTPUT_PATH"])
    site, errors = load_site(settings)
    report_warnings(site.warnings if site is not None else ())
    if errors:
        raise ContentErrors(errors)

    # Pages unchanged since the last build into this output (one memo per output folder).
    memo = OutputMemo.open(settings.get("PHOTO_CACHE_PATH"), output)
    # What Pelican's run shares besides its (plain) settings: one frozen object for this build.
    # The graph's only reference is handed to that run, so it can be freed before Pagefind.
    config = site.config
    pending = [BuildContext(site, clock_today(), memo)]
    del site
    reusable = ""

    def make(staging: str) -> None:
        nonlocal reusable
        run_pelican(dict(settings, OUTPUT_PATH=staging, DELETE_OUTPUT_DIRECTORY=False), pending.pop(), keep)
        reusable = memo.summary()  # before the switch: the last release is still the one copied from
        memo.writing = None  # the writer's plan holds the articles generator's environment
        save_pinyin()  # texts first seen while writing (tags, the donor wall's names)
        check_url_lock(settings, staging)
        if keep is None:  # the preview's holder keeps the generators: nothing to give back then
            release_memory()
        scan = output_scan(config, settings.get("PHOTO_CACHE_PATH"))
        index_while_scanning(settings, staging, memo, scan)  # search index (Pagefind) of the staged site
        # Before precompressing, so it gets its .gz too.
        write_build_info(staging, settings, staging=config.staging)
        precompress_site(staging, settings)  # the search index and build info are compressed too
        # Last: every file the release will hold, the search index and the compressed copies included.
        check_output_privacy(config, staging, settings.get("PHOTO_CACHE_PATH"), scan)

    publish_tree(output, make)
    memo.save(os.path.realpath(output))  # only a published release is copied from
    if say and reusable:
        say(reusable)
    return output


def release_memory() -> None:
    """Give the memory of Pelican's run back to the system before Pagefind starts.

    The whole build's peak is this process plus one Pagefind run (issue 25): the
    graph, Pelican's articles and the rendered pages are garbage once the output is
    written, but Python keeps freed memory in its heap unless it is collected and
    trimmed (``malloc_trim``, glibc only; elsewhere only the collection).  Pelican's
    ``memoized`` methods (``get_content``, ``get_summary``) keep every article and
    page alive in a class-level cache keyed by the object, and with them the graph
    (``article._context["build"]``): that cache is emptied first.
    """
    import ctypes

    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(cache, dict):
            cache.clear()
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


def output_scan(config, cache_root: str | None = None):
    """The build's second privacy pass (:class:`plugins.common.privacy.OutputScan`), before it scans.

    ``config``: the graph's ``SiteConfig`` (its privacy policy).  Under ``cache_root`` (the build's
    cache folder) files whose bytes were scanned by an earlier build are not scanned again.
    """
    from plugins.common.privacy import OutputScan

    return OutputScan(config.privacy, _today(), os.path.join(cache_root, "privacy") if cache_root else None)


def index_while_scanning(settings: dict, staging: str, memo, scan) -> None:
    """Pagefind indexes the staged site while the privacy pass scans every other file.

    Pagefind is another process: this one only waits for it, one shard after the
    other.  Meanwhile ``scan`` reads the pages, feeds, JSON and WeChat files, most
    of the second pass's work (a cold build at 5,000 articles: ≈ 20 s of Pagefind
    beside ≈ 45 s of scanning, on two cores; what is left when Pagefind ends is
    scanned on both).  The folder Pagefind writes is left out here; the last scan
    (:func:`check_output_privacy`) reads every file again and scans only the bytes
    not scanned here.  Python's part of the indexing (finding the pages, planning
    and mirroring the shards: :func:`wfu.search.plan_index`) is done first, here:
    in the indexing thread each step waited for the scanning thread to give up the
    interpreter, and Pagefind's phase took twice as long.  Only when Pagefind indexes
    two shards or more (a cold or render build); an edit re-indexes one.  An indexing
    error is raised as :func:`wfu.search.index_site` raises it (a planning error before the scan).
    """
    from wfu.search import plan_index

    plan = plan_index(settings, staging, memo)
    if len(plan.mirrors) < 2:
        # One shard (an edit) or none: the scan waits.  Its memory beside Pagefind's made the
        # one-edit build's peak (367 MiB against 330 at 5,000 articles) for a second or two saved.
        plan.complete()
        return
    failed: list[BaseException] = []

    def index() -> None:
        try:
            plan.run()
        except BaseException as exc:  # raised in the build's thread below
            failed.append(exc)

    indexing = threading.Thread(target=index, name="search-index")
    indexing.start()
    try:
        # Its findings are found again by the last scan.  While Pagefind runs, this process scans
        # alone: a second scanning process beside Pagefind would add its memory to the build's peak.
        # A failed index stops it: the build fails with the index's error at once, as before.
        scan.scan(staging, skip=(plan.config.bundle_dir,), busy=indexing.is_alive, stop=lambda: bool(failed))
    except BaseException as crashed:
        indexing.join()
        plan.discard()
        if failed:  # both failed: the index's error is the build's, the scan's crash its cause
            raise failed[0] from crashed
        raise
    indexing.join()
    plan.discard()
    if failed:
        raise failed[0]
    plan.finish()


def check_output_privacy(config, built: str, cache_root: str | None = None, scan=None) -> None:
    """The second pass: personal data in any built file, or a file it cannot read, fails the build.

    The first pass checked every field and body; this one catches what templates,
    feeds, JSON, the WeChat export, the search index or generated configuration
    put together (``config``: the graph's ``SiteConfig``).  The error names the file and the kind,
    never the value.  ``scan``: the :func:`output_scan` that already scanned part of ``built``
    (every file is read again, the bytes it scanned are not scanned again).
    """
    from plugins.common.privacyerrors import output_errors

    scan = scan or output_scan(config, cache_root)
    problems = scan.scan(built)
    scan.save()
    if problems:
        raise ContentErrors(output_errors(problems))


def _today():
    from plugins.common.dates import site_today

    try:
        return site_today()
    except ValueError:
        return None


def check_url_lock(settings: dict, built: str) -> None:
    """Publishing must not break a URL ever published (``URL_LOCK`` is set by publishconf.py)."""
    from plugins.common.section import section_routes
    from plugins.site.sections import registered_sections
    from plugins.urls.model import locked_url_errors, missing_locked, read_lock, site_urls

    lock = settings.get("URL_LOCK")
    if not lock:
        return
    missing = missing_locked(read_lock(lock), site_urls(built), ())
    if missing:
        derived = {
            "数据接口文档": settings["API_NEWS_ARTICLE_URL"],
        }
        calendar = section_routes(registered_sections(settings), settings)[0].patterns.get("EVENT_CALENDAR")
        if calendar is not None:  # the events section's per-event calendar
            derived["活动日历"] = calendar[0]
        raise ContentErrors(locked_url_errors(missing, settings["ARTICLE_URL"], derived))


def staging_build(output: str, settings: dict) -> bool:
    """A staging build (its ``build-info.json``, or ``SITE_STAGING=1`` now) never writes a lock.

    Both are asked: the environment of ``invoke build --publish`` says what was just
    built, the output's build info what is actually there.  An unreadable build
    info raises :class:`~wfu.buildinfo.BuildInfoError` (nothing is locked).
    """
    from plugins.identity.guard import staging_requested
    from wfu.buildinfo import read_build_info

    try:
        if staging_requested():
            return True
    except ValueError:
        return True  # not a real publication either; the build itself reported the value
    return read_build_info(output, settings.get("BUILD_INFO_SAVE_AS", "build-info.json"))["staging"]


def lock_urls(output: str, lock: str) -> int:
    """Add the URLs of a built site to the lock; return how many were new."""
    from plugins.urls.model import merge_lock, read_lock, site_urls

    before = read_lock(lock)
    urls = site_urls(output)
    with open(lock, "w", encoding="utf-8") as handle:
        handle.write(merge_lock(before, urls))
    return len(set(urls) - set(before))


def _drop_all(record: logging.LogRecord) -> bool:
    return False


def _freeze_context(_generators) -> None:
    """Leave the finished context out of the collector's walks while Pelican writes.

    Once every generator's context is complete (``all_generators_finalized``), the
    graph and Pelican's articles live until the output is written; each full
    collection while pages are rendered walked all of them again (≈ 1 s of an
    edit build at 5,000 articles).  ``gc.freeze`` moves them to the permanent
    generation; objects made while writing are collected as before, and
    :func:`run_pelican` unfreezes when Pelican's run ends.  In the forked renderer
    the collector then writes no bookkeeping into the parent's pages either, so
    fewer are copied (the reason ``gc.freeze`` exists).
    """
    gc.freeze()


def run_pelican(settings: dict, context=None, keep: list | None = None) -> None:
    """Run Pelican; any warning or error it logs fails the build.

    ``context`` (a :class:`plugins.site.buildcontext.BuildContext`) is the
    graph and memo this build already loaded; without it the run loads its own.
    Pelican's own English summary ("Done: Processed 29 articles, …") is silenced:
    the editor reads our Chinese "构建完成" line instead.  ``keep`` receives the
    generators once their context is complete (``all_generators_finalized``).
    """
    from pelican import Pelican, signals
    from pelican.log import console

    from plugins.site.adapter import hand_over

    def kept(generators) -> None:
        keep.extend(generators)

    if keep is not None:
        signals.all_generators_finalized.connect(kept, weak=False)
    signals.all_generators_finalized.connect(_freeze_context, weak=False)

    collector = _Collector()
    root = logging.getLogger()
    # Every warning of the run is collected and reported once, in Chinese, by _report:
    # the console handler would print it a second time as "WARNING pelican.utils: …".
    others = [handler for handler in root.handlers if handler is not collector]
    for handler in others:
        handler.addFilter(_drop_all)
    root.addHandler(collector)
    previous_level = root.level
    root.setLevel(min(previous_level or logging.WARNING, logging.WARNING))
    was_quiet, console.quiet = console.quiet, True
    try:
        pelican = Pelican(settings)
        if context is not None:
            hand_over(pelican, context)
        pelican.run()
    except ContentErrors as exc:
        collector.records.extend(exc.errors)
    finally:
        signals.all_generators_finalized.disconnect(_freeze_context)
        gc.unfreeze()  # what Pelican's run left is collected as before (release_memory)
        if keep is not None:
            signals.all_generators_finalized.disconnect(kept)
        console.quiet = was_quiet
        for handler in others:
            handler.removeFilter(_drop_all)
        root.removeHandler(collector)
        root.setLevel(previous_level)
    if collector.records:
        raise ContentErrors(collector.records)


def main(argv: list[str] | None = None) -> int:
    """``python -m wfu.build [check|build|lock-urls] [--publish] [--output DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m wfu.build")
    parser.add_argument("action", choices=["build", "check", "lock-urls"], nargs="?", default="build")
    parser.add_argument("--publish", action="store_true", help="use publishconf.py")
    parser.add_argument("--output", help="output folder (default: OUTPUT_PATH)")
    parser.add_argument("--content", help="content folder (default: PATH); used by tests")
    parser.add_argument("--lock", help="URL lock file (default: URL_LOCK of the settings); used by tests")
    parser.add_argument("--cache", help="cache folder (default: PHOTO_CACHE_PATH); used by the benchmark")
    parser.add_argument("--preview-channel", type=int, help="socket of invoke serve (wfu/early.py)")
    args = parser.parse_args(argv)
    collecting = gc.isenabled()
    if args.action == "check":
        # One short process that keeps what it builds until it exits: the cyclic collector
        # would only walk the unpickled verdicts (5,000 articles' worth) again and again,
        # a tenth of the command's time.  Reference counting still frees everything else.
        # Switched back on at the end, for a caller that runs this in its own process (tests).
        gc.disable()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # our own errors are printed once, by _report
        handler.addFilter(lambda record: not hasattr(record, "content_error"))
    overrides = {"PATH": os.path.abspath(args.content)} if args.content else {}
    if args.lock:
        overrides["URL_LOCK"] = os.path.abspath(args.lock)
    if args.cache:
        overrides["PHOTO_CACHE_PATH"] = os.path.abspath(args.cache)
    content_root = overrides.get("PATH", os.path.join(ROOT, "content"))
    try:
        settings = load_settings(
            PUBLISH_SETTINGS if args.publish else DEV_SETTINGS, light=args.action == "check", **overrides
        )
        return _run(args, settings)
    except ContentErrors as failed:
        return _report(failed.errors, args.action)
    except ReleaseError as failed:  # lock held, disk full, read-only output: nothing was switched
        return _report([failed.error], args.action)
    except BuildInfoError as failed:  # lock-urls: no finished build to take the URLs from
        print(f"{failed}\n没有改动 urls.lock 和 events.lock。", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the editor gets a message, the developer the log
        return _report_crash(exc, content_root)
    finally:
        if collecting:
            gc.enable()


def _run(args, settings: dict) -> int:
    started = time.perf_counter()
    if args.action == "lock-urls":
        output = os.path.abspath(args.output or settings["OUTPUT_PATH"])
        if staging_build(output, settings):
            print(
                "测试版构建（SITE_STAGING=1）：urls.lock 和 events.lock 保持不变（测试文章的网址不会被永久保留）。"
            )
            return 0
        lock = settings.get("URL_LOCK") or os.path.join(ROOT, "urls.lock")
        added = lock_urls(output, lock)
        print(f"urls.lock：新增 {added} 个网址（来自 {os.path.relpath(output)}）。请提交 urls.lock。")
        from plugins.events.section import lock_sequences  # calendar SEQUENCE numbers (events.lock)

        if lock_sequences(settings):
            print("events.lock：活动日历的版本号已更新。请一并提交 events.lock。")
        return 0
    if args.action == "check":
        from plugins.site.loader import load_site

        site, errors = load_site(settings, bodies=False)
        report_warnings(site.warnings if site is not None else ())
        if errors:
            return _report(errors, "check")
        print(f"检查通过：已发布的内容没有发现问题（{time.perf_counter() - started:.2f} 秒）。")
        return 0
    keep: list | None = [] if args.preview_channel is not None else None
    output = build(settings, args.output, say=print, keep=keep)
    print(f"构建完成：{os.path.relpath(output)}（{time.perf_counter() - started:.2f} 秒）")
    if keep:
        hold_in_background(args.preview_channel, keep, os.path.realpath(output))
    return 0


def hold_in_background(channel: int, generators: list, release: str) -> None:
    """Fork the holder of this build's context (:func:`wfu.early.hold`); this process then exits.

    The holder is no child of the preview server (the server counts a running
    build by its children) and ends when the server closes the socket.  No
    holder without ``fork`` or when threads run (a fork copies locks they hold): no early pages then.
    """
    import threading

    if not hasattr(os, "fork") or threading.active_count() != 1:
        os.close(channel)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    if os.fork() == 0:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server; the socket then closes
        try:
            from .early import hold

            hold(channel, generators, release)
        finally:
            os._exit(0)
    os.close(channel)


def report_warnings(warnings, stream=None) -> None:
    """What is left to do in drafts: listed like errors, then one line per draft; never fatal.

    A draft (``status: draft``) is not published, so its missing fields and the
    scaffold's placeholder texts must not stop everyone else's preview; the
    editor still sees, at each line, what to finish before publishing it.
    """
    warnings = list(warnings)
    if not warnings:
        return
    stream = stream or sys.stderr
    for warning in warnings:
        print(replace(warning, message=f"草稿待补：{warning.message}").format(), file=stream)
    per_file: dict[str, int] = {}
    for warning in warnings:
        per_file[warning.path] = per_file.get(warning.path, 0) + 1
    for path, count in per_file.items():
        print(
            f"提醒：草稿 {path} 还有 {count} 处没写完。草稿不会发布，也不影响其他内容的预览和构建；"
            "改为 status: published 之前请按上面的提示补全。",
            file=stream,
        )


def _report(errors: list[ContentError], action: str) -> int:
    for error in errors:
        print(error.format(), file=sys.stderr)
    if action == "check":
        print(f"\n发现 {len(errors)} 个问题，请按提示修改后再试。", file=sys.stderr)
    else:
        print(
            f"\n构建失败：发现 {len(errors)} 个问题，output/ 保持上一次成功构建的内容未变。",
            file=sys.stderr,
        )
    return 1


CRASH_LOG = os.path.join(ROOT, ".cache", "build-error.log")


def _report_crash(exc: BaseException, content_root: str) -> int:
    """An unexpected failure: a Chinese message for the editor, the traceback in a log file."""
    where = _file_in_process(exc.__traceback__, content_root)
    log = CRASH_LOG
    try:
        os.makedirs(os.path.dirname(log), exist_ok=True)
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {where or ''}\n")
            handle.write("".join(traceback.format_exception(exc)))
    except OSError:
        log = "（日志文件无法写入）"
    shown = f"处理 {where} 时" if where else ""
    print(
        f"构建时{shown}发生了意外错误（{type(exc).__name__}），output/ 保持上一次成功构建的内容未变。\n"
        f"如果刚修改过这个文件，请检查后再试；问题仍在时请把日志 {os.path.relpath(log, ROOT) if os.path.isabs(log) else log} "
        f"发给网站维护人员。 [unexpected-error]",
        file=sys.stderr,
    )
    return 2


def _file_in_process(tb, content_root: str) -> str | None:
    """The content file the innermost frame was working on, if any local names one."""
    root = os.path.abspath(content_root)
    found = None
    while tb is not None:
        for name in ("source_path", "filename", "path", "source"):
            value = tb.tb_frame.f_locals.get(name)
            if isinstance(value, str) and os.path.abspath(value).startswith(root + os.sep):
                found = display_path_of(value, root)
                break
        tb = tb.tb_next
    return found


def display_path_of(source_path: str, content_root: str) -> str:
    from plugins.common.files import display_path

    return display_path(os.path.abspath(source_path), content_root)


def exit_at_once(code: int) -> None:
    """End the process now, its output flushed, without freeing its objects one by one.

    For ``check``, whose report is printed and which leaves nothing to write: at 5,000
    articles the interpreter's teardown (every unpickled verdict freed) took about a
    tenth of the command, and the operating system takes the memory back at once.  As
    mypy ends its runs (``mypy.util.hard_exit``).  Never called by :func:`main`, which
    tests run in their own process.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    status = main()
    if sys.argv[1:2] == ["check"]:
        exit_at_once(status)
    sys.exit(status)
