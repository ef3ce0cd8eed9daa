"""Fingerprinted theme assets: ``css/site.css`` -> ``css/site.3f2a9c81d0.css``.

WeChat's in-app browser caches aggressively; a new page that loads an old
stylesheet looks broken.  Every theme static file is published a second
time under a name that contains the hash of its content, and templates link
to that name, so a changed file is a new URL and can be cached forever.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field


def published_bytes(relative: str, data: bytes) -> bytes:
    """What is served under the fingerprinted name: stylesheets minified (rcssmin), the rest as is.

    Readers on slow phone connections download the stylesheet before the first
    paint; comments and indentation are for the people editing the theme.
    """
    if relative.endswith(".css"):
        import rcssmin

        return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
    return data


def fingerprinted(relative: str, data: bytes, length: int = 10) -> str:
    stem, ext = os.path.splitext(relative)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:length]}{ext}"


@dataclass
class AssetManifest:
    """Source-relative name -> fingerprinted name, for the files of one theme ``static`` folder."""

    static_dir: str
    names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for root, _, files in os.walk(self.static_dir):
            for name in files:
                path = os.path.join(root, name)
                relative = os.path.relpath(path, self.static_dir).replace(os.sep, "/")
                with open(path, "rb") as handle:
                    self.names[relative] = fingerprinted(relative, published_bytes(relative, handle.read()))

    def __call__(self, relative: str) -> str:
        """The fingerprinted name; an unknown asset is a theme bug, so it fails loudly."""
        try:
            return self.names[relative]
        except KeyError:
            raise KeyError(f"theme asset not found: {relative}") from None
