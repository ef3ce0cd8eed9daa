"""Pelican's output phase on two cores: the article pages in a forked process.

Reading and validation end with every generator's context complete; from then
on each generator's ``generate_output`` only renders that context into files.
Pelican runs them one after another on one core.  Here the articles generator
(article pages, category/tag/year lists, feeds: the largest share of the
pages) runs in a forked child while the parent writes every other section;
the parent waits for the child after the last generator, before Pelican's
``finalized`` signal, so everything that reads the finished output (URL list,
redirects, images, fingerprinted assets) sees the whole site.

Not when incremental output copies most article pages (an editor's one-edit
build, issue 25): the child's share is then copying files (≈ 1.5 s at 5,000
articles), and the fork would hold a second copy of the parent's resident
pages for it — the two resident sets counted 410 MiB at 5,000 against 340
without the fork, and at 20,000 articles the parent alone holds ≈ 750 MiB.
Everything is written in one process then, as Pelican does.

The output is the same file for file: each generator runs exactly once, in
one of the two processes, on the same (copied-on-write) context.  What the
child logs (warnings fail the build) and any error it raises are sent to the
parent and re-raised or re-logged there, so the build reports them as
before; when the parent fails first, the child is killed and reaped at once.
(Pelican's warning about two generators writing one file cannot see
across the two processes; the graph already refuses two items with one URL.)
When forking is not safe (one CPU, other threads running, no
``fork``), most pages are copied or ``PARALLEL_OUTPUT`` is false, nothing changes.

Setting (declared here, once): ``PARALLEL_OUTPUT`` = ``True``.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import sys
import threading
import traceback

from plugins.common.errors import ContentErrors, SettingsError

from .buildcontext import KEY as BUILD

SETTING = "PARALLEL_OUTPUT"
DEFAULT = True


def parallel_output_setting(settings) -> bool:
    """``PARALLEL_OUTPUT`` as set (validated with the other settings by the content graph)."""
    value = settings.get(SETTING, DEFAULT)
    if not isinstance(value, bool):
        raise SettingsError(SETTING, f"应为 True 或 False，现在是 {value!r}")
    return value


def parallel_output_enabled(settings) -> bool:
    """``PARALLEL_OUTPUT``, and False where a fork could not help or would not be safe."""
    return (
        parallel_output_setting(settings)
        and hasattr(os, "fork")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1  # a fork copies locks held by other threads
    )


class ChildFailed(RuntimeError):
    """The forked output process crashed; its traceback is the message."""


class _Records(logging.Handler):
    """What the child logs at WARNING and above, made picklable for the parent."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info))
            record.exc_info = None
        self.records.append(record)


def split_output(generators: list) -> None:
    """Run the articles generator's output in a child process (``all_generators_finalized``).

    The child's ``content_written`` signals are replayed in the parent after it
    ends, with the same article or page objects (looked up by source path).
    """
    from pelican import signals
    from pelican.generators import ArticlesGenerator

    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    writers = [g for g in generators if hasattr(g, "generate_output")]
    if articles is None or len(writers) < 2 or not parallel_output_enabled(articles.settings):
        return
    after = writers[writers.index(articles) + 1 :]
    if not after:
        return
    last = after[-1]
    child: dict = {}
    write_articles = articles.generate_output
    generated = articles.context.get("generated_content", {})
    build = articles.context.get(BUILD)
    memo = build.memo if build is not None else None  # which files the child rendered for each list
    state = memo.child_state if memo is not None else dict

    def fork_articles(writer) -> None:
        # Decided when the output starts: the page keys are planned on the same signal as this split.
        if memo is not None and memo.mostly_unchanged():  # copying, mostly: not worth a second process
            write_articles(writer)
            return
        try:
            child.update(_fork(lambda: write_articles(writer), state))
        except OSError:  # no process to spare (limits, memory): write them here, as Pelican would
            write_articles(writer)

    def guarded(generator, last: bool):
        write = generator.generate_output

        def generate_output(writer) -> None:
            try:
                write(writer)
            except BaseException:
                if child:  # this build has failed: the child's work is lost with the staging folder
                    _abort(**child)
                    child.clear()
                raise
            if last and child:
                written, learnt = _join(**child)
                child.clear()
                if memo is not None:
                    memo.merge_child_state(learnt)
                for path, role, source in written:
                    item = generated.get(source) if source else None
                    signals.content_written.send(path, context={role: item} if role else {})

        return generate_output

    articles.generate_output = fork_articles
    for generator in after:
        generator.generate_output = guarded(generator, generator is last)


def _fork(work, state) -> dict:
    """Start ``work`` in a child; return what :func:`_join` needs.

    ``state()`` is called in the child after ``work`` and its value (picklable)
    handed back to the parent by :func:`_join`.
    """
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return {"pid": pid, "read_end": read_end}
    # The child: never returns into the parent's code, never runs its exit handlers.
    os.close(read_end)
    status = 0
    try:
        from pelican import signals

        handler = _Records()
        logging.getLogger().handlers = [handler]  # the parent prints and collects them, once
        written: list[tuple[str, str | None, str | None]] = []

        def note_written(path, context=None, **_) -> None:
            for role in ("article", "page"):
                item = (context or {}).get(role)
                if item is not None:
                    written.append((path, role, getattr(item, "relative_source_path", None)))
                    return
            written.append((path, None, None))

        signals.content_written.connect(note_written, weak=False)
        try:
            work()
            outcome = ("done", None)
        except ContentErrors as failed:
            outcome = ("errors", failed.errors)
        except BaseException as exc:  # noqa: BLE001 - reported by the parent as a crash
            outcome = ("crash", "".join(traceback.format_exception(exc)))
        payload = pickle.dumps((outcome, handler.records, written, state()))
        with os.fdopen(write_end, "wb") as stream:
            stream.write(payload)
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not return
        status = 70
    finally:
        os._exit(status)


def _abort(pid: int, read_end: int) -> None:
    """Stop and reap the child of a build that failed in the parent."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(read_end)


def _join(pid: int, read_end: int) -> tuple[list[tuple[str, str | None, str | None]], object]:
    """Wait for the child; re-log its records and re-raise its errors in this process.

    Returns the files the child wrote, as ``(path, "article"/"page"/None, source)``,
    for the ``content_written`` signal (the sitemap plugin lists pages from it),
    and the child's ``state()``.
    """
    with os.fdopen(read_end, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    try:
        (kind, detail), records, written, learnt = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - killed, or died before reporting
        raise ChildFailed(f"article output process ended without a report (wait status {status})") from None
    for record in records:
        logging.getLogger(record.name).handle(record)
    if kind == "errors":
        raise ContentErrors(detail)
    if kind == "crash":
        raise ChildFailed(detail)
    return written, learnt
