"""Precompressed ``.gz`` and ``.br`` files beside every text file of a built site.

nginx's ``gzip_static`` (and ``brotli_static`` with the ngx_brotli module)
serves ``page.html.gz`` instead of compressing ``page.html`` on every
request; object storage gets the gzip bodies as ``Content-Encoding: gzip``
(see ``wfu/deploy/s3.py``).  The files are deterministic (no name and mtime
0 in the gzip header), so an unchanged page gives byte-identical files and
a deploy sees nothing to upload.  Tiny files are skipped: compressing them
saves nothing.  Pure Python, no Pelican import.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Mapping
from dataclasses import dataclass

TEXT_SUFFIXES = (".html", ".css", ".js", ".xml", ".json", ".txt", ".svg", ".ics", ".vtt")

DEFAULTS = {
    "enabled": False,  # publishconf.py turns it on; the live preview does not need it
    "min_size": 512,  # bytes; smaller files fit in one packet anyway
    "formats": ("gz", "br"),
}
FORMATS = ("gz", "br")


class PrecompressSettingsError(ValueError):
    """``PRECOMPRESS`` in the settings has an unknown key or a bad value."""


@dataclass(frozen=True)
class PrecompressConfig:
    enabled: bool
    min_size: int
    formats: tuple[str, ...]


def config_from(settings: Mapping) -> PrecompressConfig:
    """``PRECOMPRESS`` merged over ``DEFAULTS``, every key checked."""
    user = settings.get("PRECOMPRESS") or {}
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise PrecompressSettingsError(
            f"PRECOMPRESS: 未知的键 {', '.join(unknown)}（可用：{', '.join(DEFAULTS)}）"
        )
    merged = dict(DEFAULTS, **user)
    if not isinstance(merged["enabled"], bool):
        raise PrecompressSettingsError("PRECOMPRESS['enabled'] 应为 True 或 False")
    if (
        not isinstance(merged["min_size"], int)
        or isinstance(merged["min_size"], bool)
        or merged["min_size"] < 0
    ):
        raise PrecompressSettingsError("PRECOMPRESS['min_size'] 应为不小于 0 的整数（字节）")
    formats = tuple(merged["formats"])
    if not formats or any(f not in FORMATS for f in formats):
        raise PrecompressSettingsError(f"PRECOMPRESS['formats'] 只能包含 {', '.join(FORMATS)}")
    return PrecompressConfig(merged["enabled"], merged["min_size"], formats)


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with no file name and mtime 0: the same input always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)


COMPRESSORS = {"gz": gzip_bytes, "br": brotli_bytes}


def is_text(name: str) -> bool:
    return name.endswith(TEXT_SUFFIXES)


def precompress_tree(folder: str, config: PrecompressConfig) -> int:
    """Write ``name.gz``/``name.br`` beside each text file of ``folder``; return how many were written.

    A variant that would not be smaller than the original is not written:
    nginx then serves the original, which is what the client would get anyway.
    """
    written = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if not is_text(name):
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                data = handle.read()
            if len(data) < config.min_size:
                continue
            for fmt in config.formats:
                packed = COMPRESSORS[fmt](data)
                if len(packed) >= len(data):
                    continue
                with open(f"{path}.{fmt}", "wb") as handle:
                    handle.write(packed)
                written += 1
    return written


def precompress_site(folder: str, settings: Mapping) -> int:
    """The build's hook: precompress ``folder`` when ``PRECOMPRESS['enabled']``.

    A wrong setting fails the build like any other problem (a message, no traceback).
    """
    try:
        config = config_from(settings)
    except PrecompressSettingsError as exc:
        from plugins.common.errors import ContentError, ContentErrors, setting_line

        line = setting_line(
            "PRECOMPRESS",
            os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "publishconf.py"),
        )
        raise ContentErrors(
            [
                ContentError(
                    "publishconf.py",
                    line,
                    "precompress-setting-invalid",
                    f"设置 PRECOMPRESS 有误：{exc}",
                    "PRECOMPRESS",
                )
            ]
        ) from None
    return precompress_tree(folder, config) if config.enabled else 0
