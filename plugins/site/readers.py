"""One ``.md`` reader for every section: the file's folder chooses the section's reader.

Why: Pelican keeps one reader class per file extension.  When each section put
its own class into the ``.md`` slot and handed other files to the class it
found there, the order of ``PLUGINS`` decided who read what (reversed, the news
reader took ``content/pages/*.md`` and the build failed).  Here each section
*declares* a route — its folder, or ``None`` for every other ``.md`` file — on
the build's own ``Readers`` object, and one dispatcher picks the most specific
route, so registration order cannot matter.  A section's reader class is made
as ``reader_class(settings, build)``: the build context brings the graph.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable

from pelican.readers import MarkdownReader

from .buildcontext import BuildContext

ROUTES = "wfu_markdown_routes"  # attribute of the build's pelican.readers.Readers
FolderOf = Callable[[dict], str]  # settings -> a folder below PATH


def route_markdown(readers, reader_class: type, folder: FolderOf | None) -> None:
    """Let ``reader_class`` read the ``.md`` files under ``folder(settings)`` (``None``: all others).

    Called from a section's ``readers_init`` receiver; the routes live on the
    ``Readers`` object of this build, never in module state.
    """
    routes = getattr(readers, ROUTES, None)
    if routes is None:
        routes = {}
        setattr(readers, ROUTES, routes)
    routes[folder] = reader_class
    readers.reader_classes["md"] = functools.partial(MarkdownByFolder, routes=routes)


class MarkdownByFolder(MarkdownReader):
    """Reads each ``.md`` file with the reader of the deepest folder route that holds it.

    The section readers are made by :meth:`bind`, with the build's context
    (:class:`plugins.site.buildcontext.BuildContext`): Pelican makes this
    reader before that context is shared, and a reader never looks for it in
    the settings.
    """

    file_extensions = ["md"]

    def __init__(self, settings, routes: dict[FolderOf | None, type]):
        super().__init__(settings)
        self.route_classes = routes
        self.build: BuildContext | None = None
        self.routes: list[tuple[str, MarkdownReader]] = []

    def bind(self, build: BuildContext) -> None:
        """Make each route's reader for ``build`` (once per build: called before every file)."""
        if self.build is build:
            return
        root = os.path.abspath(self.settings["PATH"])
        chosen = []
        for folder, reader_class in self.route_classes.items():
            prefix = os.path.join(root, folder(self.settings)) + os.sep if folder is not None else ""
            chosen.append((prefix, reader_class(self.settings, build)))
        # Deepest folder first; the catch-all (empty prefix) last.
        self.routes = sorted(chosen, key=lambda route: len(route[0]), reverse=True)
        self.build = build

    def read(self, source_path):
        if self.build is None:
            raise LookupError(
                f"{source_path}: the .md reader was not bound to a build (plugins.site.adapter)"
            )
        path = os.path.abspath(source_path)
        for prefix, reader in self.routes:
            if path.startswith(prefix):
                return reader.read(source_path)
        return super().read(source_path)  # no section claims it: Pelican's own Markdown reader
