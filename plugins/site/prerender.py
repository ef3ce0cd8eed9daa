"""Article bodies rendered on the second core while Pelican reads (a build without the body cache).

Pelican reads every article on one core, and when the body cache is empty (a
cold build: CI, a fresh clone) most of that time is Markdown and the sanitiser
(≈ 20 s of ≈ 30 s at 5,000 articles) while the other core waits.  A rendered
body is cached as a pure function of its inputs
(:meth:`plugins.common.markdown_images.BodyRenderer.render`: the body, where it
lives, the settings, the code and the sizes of the images it shows), so another
process can fill that cache: a spawned process renders the articles whose entry
is missing in the reverse of the order Pelican reads them, and Pelican's reader
finds an entry for each article the other process reached first.  They meet in
the middle.  No page can differ: an entry is the same bytes whoever writes it,
written atomically and verified when read; the other process reports nothing
(the reader reports what an entry records, as for any cached body).

Started at the first ``article_generator_preread`` (when Pelican has listed the
articles, so their order is known: :meth:`Generator.get_files` gives the same
set in the same process), only when at least :data:`MIN_MISSING` bodies are not
cached (a one-edit build finds all but one), and stopped at
``article_generator_finalized``.  ``PARALLEL_OUTPUT = False`` (one core) turns it
off with the forked output.  Any failure of the other process only costs speed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .buildcontext import BuildContext
from .parallel import parallel_output_setting

# Bodies not cached below which no process is started (its start costs about a second of CPU).
MIN_MISSING = 200
_HANDLE = "wfu_prerender"  # attribute of the articles generator while the other process runs


@dataclass(frozen=True)
class BodyJob:
    """What the other process renders: the renderer's inputs besides the bodies, and the bodies."""

    content_root: str
    markdown: dict
    sanitize: Any
    publish: bool
    cache_folder: str
    shape: str  # the parent's renderer key of all but the body: the child renders only if equal
    bodies: tuple[tuple[str, str, str, int], ...]  # (body, source path, display path, first line)


def start_prerender(generator: Any) -> None:
    """At the first file Pelican reads: start the other process if many bodies are not cached."""
    if getattr(generator, _HANDLE, None) is not None or not _enabled(generator.settings):
        return
    setattr(generator, _HANDLE, ())  # once per build, whether or not a process starts
    try:  # in Pelican's read of the first article: an exception here would drop that article
        job = body_job(generator)
        if job is None:
            return
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # a fork would copy the graph: this needs none of it
        stop = context.Event()
        process = context.Process(target=render_bodies, args=(job, stop), name="body-prerender", daemon=True)
        process.start()
    except Exception:  # e.g. MARKDOWN settings that do not pickle: only speed is lost
        return
    setattr(generator, _HANDLE, (process, stop))


def stop_prerender(generator: Any) -> None:
    """When Pelican has read every article: stop the other process (what it wrote stays cached)."""
    handle = getattr(generator, _HANDLE, None)
    if handle:
        process, stop = handle
        stop.set()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()
    if handle is not None:
        setattr(generator, _HANDLE, None)


def body_job(generator: Any) -> BodyJob | None:
    """The bodies of the articles Pelican is about to read whose entry is missing, in reverse order.

    ``None`` without a body cache or with fewer than :data:`MIN_MISSING` missing: counted over the
    graph's articles first, so a warm build never lists the content folder again.
    """
    from plugins.common.images import ImageSizes
    from plugins.common.markdown_images import BodyRenderer

    build = BuildContext.of(generator.context)
    settings = generator.settings
    renderer = BodyRenderer.for_site(settings, settings["PATH"], build.site.config, ImageSizes())
    if renderer.cache_folder is None:
        return None
    missing = {}
    for article in build.site.news:
        if article.withdrawn:
            continue
        source = article.source
        entry = renderer.entry_path(source.body, article.source_path, source.path, source.body_line)
        if entry is not None and not os.path.exists(entry):
            missing[article.source_path] = (source.body, article.source_path, source.path, source.body_line)
    if len(missing) < MIN_MISSING:
        return None
    # Pelican's order: the set get_files returns, made again the same way in this process.
    bodies = []
    for name in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]):
        source_path = os.path.abspath(os.path.join(generator.path, name))  # as Pelican's read_file makes it
        item = missing.get(os.path.normpath(source_path))
        if item is not None:
            bodies.append((item[0], source_path, item[2], item[3]))
    bodies.reverse()  # Pelican starts from the first: this process from the last
    return BodyJob(
        settings["PATH"],
        dict(settings["MARKDOWN"]),
        renderer.sanitize,
        renderer.publish,
        renderer.cache_folder,
        renderer.shape,
        tuple(bodies),
    )


def render_bodies(job: BodyJob, stop: Any) -> int:
    """In the other process: render and cache each body until done or stopped; the count rendered."""
    from plugins.common.images import ImageSizes
    from plugins.common.markdown_images import BodyRenderer

    rendered = 0
    try:  # nothing to report, ever: an entry not written is rendered by the reader
        renderer = BodyRenderer(
            job.content_root, job.markdown, ImageSizes(), job.sanitize, job.publish, job.cache_folder
        )
        if renderer.shape != job.shape:  # another code or setting than the reader's: entries would go unused
            return 0
        for body, source_path, path, first_line in job.bodies:
            if stop.is_set():
                break
            entry = renderer.entry_path(body, source_path, path, first_line)
            if entry is None or os.path.exists(entry):  # Pelican's reader got there first
                continue
            renderer.prepare(body, source_path, path, first_line)
            rendered += 1
    except BaseException:  # stopped (Ctrl-C) or failed: quietly, without a traceback on the build's stderr
        pass
    return rendered


def _enabled(settings: Any) -> bool:
    try:
        return parallel_output_setting(settings) and (os.cpu_count() or 1) >= 2
    except Exception:  # an invalid setting is the content graph's error to report, not this one's
        return False
