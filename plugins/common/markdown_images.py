"""Python-Markdown extension: every content image gets size and lazy loading.

Readers are on phones: ``width``/``height`` stop the text from jumping while
images load and ``loading="lazy"`` keeps below-the-fold images off the
network until needed.  Doing this in a treeprocessor costs nothing extra,
where re-parsing the finished HTML would.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from typing import Any, Protocol

import markdown
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .cache import cache_key, code_hash, read_verified, stable_repr, write_verified
from .errors import ContentError
from .images import ImageSizes, is_external, resolve_content_path
from .sanitize import SanitizeConfig, sanitize_html, stripped_errors
from .versions import library_version

logger = logging.getLogger(__name__)


class ImageAttributes(Treeprocessor):
    def __init__(self, md: Markdown, extension: ImageExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        ext = self.extension
        for index, img in enumerate(root.iter("img")):
            src = img.get("src", "")
            # The first image is usually above the fold: load it eagerly.
            img.set("loading", "lazy" if index else "eager")
            img.set("decoding", "async")
            if ext.source_path and not is_external(src) and "width" not in img.attrib:
                image = resolve_content_path(src, ext.source_path, ext.content_root)
                size = ext.sizes.size(image)
                ext.used.append((image, list(size) if size else None))
                if size:
                    img.set("width", str(size[0]))
                    img.set("height", str(size[1]))


class ImageExtension(Extension):
    """Set :attr:`source_path` before each ``convert()`` so paths resolve."""

    def __init__(self, content_root: str, sizes: ImageSizes | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.content_root = content_root
        self.sizes = sizes or ImageSizes()
        self.source_path = ""
        self.used: list[tuple[str, list[int] | None]] = []  # (image, size) of the last convert()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(ImageAttributes(md, self), "wfu_image_attributes", 5)


class BodyConfig(Protocol):
    """What a renderer takes from the content graph's validated configuration (``Site.config``)."""

    @property
    def sanitize(self) -> SanitizeConfig: ...

    @property
    def publish(self) -> bool: ...


class BodyRenderer:
    """One reusable ``Markdown`` instance with our image extension and the sanitiser.

    Creating a ``Markdown`` object per file (as Pelican's reader does) costs
    more than converting a short article; a reader or generator keeps one
    renderer and resets it between files.

    Every body passes :func:`~plugins.common.sanitize.sanitize_html` here, so
    every section (and the WeChat export, made from the rendered news body)
    gets the same allowlist.  What was removed is reported at the editor's
    line: printed as a warning while previewing (the build goes on, without
    the unsafe part), an error when publishing (``PUBLISH``).  Warnings are
    printed, not logged: the build treats every logged warning as fatal.
    """

    def __init__(
        self,
        content_root: str,
        markdown_settings: dict,
        sizes: ImageSizes | None = None,
        sanitize: SanitizeConfig | None = None,
        publish: bool = False,
        cache_folder: str | None = None,
    ):
        settings = dict(markdown_settings)
        configs = settings.get("extension_configs", {})
        names = list(dict.fromkeys([*configs, *settings.pop("extensions", [])]))
        self.images = ImageExtension(content_root, sizes)
        self._markdown = Markdown(
            extensions=[n for n in names if n != "markdown.extensions.meta"] + [self.images], **settings
        )
        self.sanitize = sanitize or SanitizeConfig()
        self.publish = publish
        self.cache_folder = cache_folder
        # Everything but the body that shapes the HTML: settings, code and library versions.
        self.shape = cache_key(
            stable_repr(settings),
            repr(names),
            content_root,
            stable_repr(self.sanitize),
            code_hash(__name__),  # with every project module it imports (the sanitiser, image checks)
            markdown.__version__,
            library_version("nh3"),
        )

    @classmethod
    def for_site(
        cls,
        settings: Mapping[str, Any],
        content_root: str,
        config: BodyConfig | None,
        sizes: ImageSizes | None = None,
    ) -> BodyRenderer:
        """A renderer with the ``SANITIZE`` and ``PUBLISH`` settings the content graph validated (``config``)."""
        cache = settings.get("PHOTO_CACHE_PATH")
        cache_folder = os.path.join(cache, "bodies") if cache else None
        if config is None:  # no graph (a tool or test without one): the defaults, strictly
            return cls(
                content_root,
                settings["MARKDOWN"],
                sizes,
                SanitizeConfig(),
                bool(settings.get("PUBLISH")),
                cache_folder,
            )
        return cls(content_root, settings["MARKDOWN"], sizes, config.sanitize, config.publish, cache_folder)

    def render(self, body: str, source_path: str, path: str = "", first_line: int = 1) -> str:
        """Safe HTML for ``body``; ``path``/``first_line`` place any removed construct for the editor.

        Rendered bodies are cached by the body, where it lives, the settings and
        the code (about a tenth of a warm build is Markdown and sanitising).  An
        entry also records the size of every image it measured, and is used only
        while those images still measure the same.
        """
        entry_path = self.entry_path(body, source_path, path, first_line)
        cached = self._cached(entry_path)
        if cached is not None:
            html, problems = cached
        else:
            html, problems = self._render(body, source_path, path, first_line)
        if problems:
            report_unsafe(problems, self.publish)
        return html

    def prepare(self, body: str, source_path: str, path: str, first_line: int) -> None:
        """Render ``body`` into the cache without reporting anything (another process fills the
        cache the reader reads: :mod:`plugins.site.prerender`; the reader reports what it records)."""
        self._render(body, source_path, path, first_line)

    def _render(
        self, body: str, source_path: str, path: str, first_line: int
    ) -> tuple[str, list[ContentError]]:
        self.images.source_path = source_path
        self.images.used = []
        self._markdown.reset()
        result = sanitize_html(self._markdown.convert(body), self.sanitize)
        problems = stripped_errors(result, path or source_path, body, first_line) if result.stripped else []
        entry_path = self.entry_path(body, source_path, path, first_line)  # None without a cache
        if entry_path is not None:
            entry = {
                "html": result.html,
                "problems": [dataclasses.astuple(p) for p in problems],
                "images": self.images.used,
            }
            try:
                write_verified(entry_path, json.dumps(entry, ensure_ascii=False).encode())
            except OSError:  # a read-only or full cache only costs speed
                pass
        return result.html, problems

    def entry_path(self, body: str, source_path: str, path: str, first_line: int) -> str | None:
        """Where the cache entry of this body is (``None`` without a cache folder)."""
        if not self.cache_folder:
            return None
        key = cache_key(self.shape, body, source_path, path, str(first_line))
        return os.path.join(self.cache_folder, key[:2], f"{key}.json")

    def _cached(self, entry_path: str | None) -> tuple[str, list[ContentError]] | None:
        """``(html, problems)`` of a valid entry whose images are unchanged, else ``None``."""
        if entry_path is None:
            return None
        try:
            data = read_verified(entry_path)
        except OSError:  # an unreadable cache only costs speed
            return None
        if data is None:
            return None
        try:
            entry = json.loads(data)
            for image, size in entry["images"]:
                now = self.images.sizes.size(image)
                if (list(now) if now else None) != size:
                    return None
            return entry["html"], [ContentError(*fields) for fields in entry["problems"]]
        except (ValueError, TypeError, KeyError):
            return None


def report_unsafe(problems: list[ContentError], publish: bool) -> None:
    """Publishing: each problem is logged with its error, so the build collects them all and fails.

    Previewing: printed to stderr as a warning, and the build succeeds without the unsafe part.
    """
    for problem in problems:
        if publish:
            logger.error(problem.format(), extra={"content_error": problem})
        else:
            print(f"警告：{problem.format()}", file=sys.stderr)
