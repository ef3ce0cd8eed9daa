"""The preview's early page: one article's page, re-rendered by the last build within a second.

Why: in ``invoke serve`` a saved article used to appear only once the whole
one-edit build had been published (tens of seconds on a large site).  Only a
page made by the same code from the same inputs may be served early, and an
article page reads much that the build's first phase computes from every
section (neighbours, related articles, the college, the cover, the WeChat
landing …).  So the page comes from the process that holds the last published
build's context: after publishing, the build (``python -m wfu.build build
--preview-channel FD``) forks a *holder* that keeps its Pelican generators and
the content graph and answers the preview server's requests on a socket
(:func:`hold`).  The server (``wfu/serve.py``) asks only when the saved file is
the one change since that build started; it serves the page while the full
build runs and drops it when that build is published or fails.

:meth:`EarlyPages.render` refuses (returns a reason, serves nothing) unless the
save changed one published news article's body and nothing a list, feed or
another page shows of it:

* the file passes the same checks as in the build: the guard for that file
  (:func:`plugins.site.guard.guard_file`: limits, personal data, placeholders)
  and the news verdict (:func:`plugins.site.verdicts.news_verdict`, the ids the
  build checked the front matter against); any error: no early page, the full
  build reports it as today;
* the front matter is the same (:class:`NewsMeta`, body line) and so is the
  metadata the reader derives (summary included: the lists show it), and the
  body's image and ``{filename}``/``{static}`` references are the same (the
  images are published and the links were checked by the last build);
* the body is rendered by the build's own reader (same Markdown, sanitiser and
  cache) and the page by the build's own template, context and writer, with
  the article's content swapped; anything logged at WARNING (Pelican's fatal
  warnings: a removed unsafe construct, say) refuses the page;
* the page passes the output privacy scan (:func:`scan_output_tree`, fail closed).

Pages that show the article's body elsewhere (none today, see ``BodyReads``)
and everything else of the build (search index, feeds, WeChat export) catch up
with the full build.  The functional test compares the early page with the
full build's page byte for byte (``tests/functional/test_serve_early.py``).
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import socket

from plugins.common.errors import ContentErrors


class _Warnings(logging.Handler):
    """Anything logged at WARNING or above while the early page is made (the build would fail on it)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _references(body: str) -> list[str]:
    """The body's image sources and intrasite links, in order, without their lines."""
    from plugins.common.images import find_images
    from plugins.common.links import internal_links

    return [ref.src for ref in find_images(body, 1)] + [target for _, target in internal_links(body, 1)]


def _listed(metadata: dict) -> dict:
    from plugins.site.incremental import _listed_value

    return {name: _listed_value(value) for name, value in metadata.items()}


def _news_reader(reader, source_path: str):
    """The build's reader of ``source_path`` if it is the news reader (:class:`MarkdownByFolder` routes)."""
    from plugins.news.reader import NewsReader

    for prefix, candidate in getattr(reader, "routes", (("", reader),)):
        if source_path.startswith(prefix):
            return candidate if isinstance(candidate, NewsReader) else None
    return None


class EarlyPages:
    """The last build's generators and graph, rendering one saved article's page on request."""

    def __init__(self, generators: list) -> None:
        from pelican.generators import ArticlesGenerator

        from plugins.site.buildcontext import BuildContext

        self.articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
        self.build = BuildContext.of(self.articles.context)
        self.site = self.build.site
        self.markdown = self.articles.readers.readers["md"]

    def render(self, source_path: str, folder: str) -> tuple[str | None, str]:
        """Write the page of ``source_path`` into ``folder``: ``(save_as, "")``, or ``(None, reason)``."""
        warnings = _Warnings()
        root = logging.getLogger()
        root.addHandler(warnings)
        try:
            save_as, reason = self._render(os.path.normpath(os.path.abspath(source_path)), folder)
        except ContentErrors:
            save_as, reason = None, "the file has errors"
        except Exception as exc:  # noqa: BLE001 - fail closed: no early page, the full build reports
            save_as, reason = None, f"{type(exc).__name__}: {exc}"
        finally:
            root.removeHandler(warnings)
        if save_as is not None and warnings.count:
            save_as, reason = None, "the page logged a warning"
        if save_as is not None:
            save_as, reason = self._scanned(folder, save_as)
        return save_as, reason

    def _render(self, source_path: str, folder: str) -> tuple[str | None, str]:
        from pelican.writers import Writer

        from plugins.common.files import display_path
        from plugins.common.images import ImageSizes
        from plugins.site.guard import guard_file
        from plugins.site.loader import _today
        from plugins.site.sources import SourceFiles
        from plugins.site.verdicts import Verdicts, news_verdict

        reader = _news_reader(self.markdown, source_path)
        if reader is None:
            return None, "not read by the news reader"
        graph = self.site.article(source_path)
        old = next((a for a in self.articles.articles if a.source_path == source_path), None)
        if graph is None or old is None or not graph.published:
            return None, "not a published news article of the last build"
        config = self.site.config
        root = config.content_root
        path = display_path(source_path, root)
        sources = SourceFiles()
        publish = config.publish and not config.staging
        errors, draft = guard_file(
            source_path, path, config.limits, config.privacy, _today(), sources, publish
        )
        if errors or draft:
            return None, "the guard found errors"
        sizes = ImageSizes(limits=config.limits)
        registries = self.site.news_registries
        if registries is None:
            return None, "the last build kept no registries"
        if config.news is None:
            return None, "the site has no news section"
        verdict = news_verdict(Verdicts(), source_path, path, root, config.news, registries, sizes, sources)
        new = verdict.source
        if verdict.errors or new is None:
            return None, "the file has errors"
        before = graph.source
        if new.meta != before.meta or new.body_line != before.body_line or new.url_line != before.url_line:
            return None, "the front matter changed"
        if _references(new.body) != _references(before.body):
            return None, "the body's images or links changed"
        content = reader.renderer.render(new.body, source_path, new.path, new.body_line)
        if _listed(reader.metadata(new, content)) != _listed(reader.metadata(before, old._content)):
            return None, "what other pages show of the article changed"
        article = copy.copy(old)  # same neighbours, related articles, cover, category: only the body differs
        article._content = content
        settings = self.articles.settings
        writer = Writer(folder, settings=settings)
        writer.write_file(
            article.save_as,
            self.articles.get_template(article.template),
            self.articles.context,
            relative_urls=settings["RELATIVE_URLS"],
            article=article,
            category=getattr(article, "category", None),
            override_output=hasattr(article, "override_save_as"),
            url=article.url,
            blog=True,
        )
        return article.save_as, ""

    def _scanned(self, folder: str, save_as: str) -> tuple[str | None, str]:
        """The output privacy scan over everything written (fail closed)."""
        from plugins.common.privacy import scan_output_tree
        from plugins.site.loader import _today

        problems = scan_output_tree(folder, self.site.config.privacy, _today())
        if problems:
            shutil.rmtree(folder, ignore_errors=True)
            return None, "the output privacy scan refused the page"
        return save_as, ""


def hold(channel: int, generators: list, release: str) -> None:
    """Answer the preview server on the socket ``channel`` until it closes it (then exit).

    Requests and answers are JSON lines: ``{"render": source_path, "folder": dir}``
    → ``{"page": save_as}`` or ``{"refused": reason}``.  ``{"ready": true, "release": …}``
    (the release folder this build published) is sent first.  Runs in the forked holder only.
    """
    pages = EarlyPages(generators)
    with socket.socket(fileno=channel) as sock, sock.makefile("rwb") as stream:
        stream.write(json.dumps({"ready": True, "release": release}).encode() + b"\n")
        stream.flush()
        for line in stream:
            try:
                request = json.loads(line)
                folder = request["folder"]
                save_as, reason = pages.render(request["render"], folder)
            except (ValueError, KeyError, TypeError):
                save_as, reason = None, "bad request"
            answer = {"page": save_as} if save_as is not None else {"refused": reason}
            stream.write(json.dumps(answer).encode() + b"\n")
            stream.flush()
