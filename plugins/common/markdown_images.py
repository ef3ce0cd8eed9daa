"""Python-Markdown extension: every content image gets size and lazy loading.

Readers are on phones: ``width``/``height`` stop the text from jumping while
images load and ``loading="lazy"`` keeps below-the-fold images off the
network until needed.  Doing this in a treeprocessor costs nothing extra,
where re-parsing the finished HTML would.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .images import ImageSizes, is_external, resolve_content_path


class ImageAttributes(Treeprocessor):
    def __init__(self, md, extension: ImageExtension):
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
                size = ext.sizes.size(resolve_content_path(src, ext.source_path, ext.content_root))
                if size:
                    img.set("width", str(size[0]))
                    img.set("height", str(size[1]))


class ImageExtension(Extension):
    """Set :attr:`source_path` before each ``convert()`` so paths resolve."""

    def __init__(self, content_root: str, sizes: ImageSizes | None = None, **kwargs):
        super().__init__(**kwargs)
        self.content_root = content_root
        self.sizes = sizes or ImageSizes()
        self.source_path = ""

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(ImageAttributes(md, self), "wfu_image_attributes", 5)


class BodyRenderer:
    """One reusable ``Markdown`` instance with our image extension.

    Creating a ``Markdown`` object per file (as Pelican's reader does) costs
    more than converting a short article; a reader or generator keeps one
    renderer and resets it between files.
    """

    def __init__(self, content_root: str, markdown_settings: dict, sizes: ImageSizes | None = None):
        settings = dict(markdown_settings)
        configs = settings.get("extension_configs", {})
        names = list(dict.fromkeys([*configs, *settings.pop("extensions", [])]))
        self.images = ImageExtension(content_root, sizes)
        self._markdown = Markdown(
            extensions=[n for n in names if n != "markdown.extensions.meta"] + [self.images], **settings
        )

    def render(self, body: str, source_path: str) -> str:
        self.images.source_path = source_path
        self._markdown.reset()
        return self._markdown.convert(body)
