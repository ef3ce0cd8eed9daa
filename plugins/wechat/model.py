"""Landing-page metadata for the 公众号 (WeChat official account) exports.

The conversion of an article's HTML into the paste-ready fragment is in
:mod:`plugins.wechat.fragment`, apart from this module, because it needs
BeautifulSoup, Pygments and css-inline: ``invoke check`` imports this module
with every section, and the fragment only when it writes an export.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlparse

from plugins.common.cache import read_verified, write_verified
from plugins.common.safehtml import json_text, script_json, trusted

WECHAT_HOSTS = ("mp.weixin.qq.com",)
BODY_LIMIT = 20000
TITLE_LIMIT = 64
DIGEST_LIMIT = 120


@dataclass
class Fragment:
    html: str
    references: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # absolute URLs used
    notices: list[str] = field(default_factory=list)  # e.g. too long


def is_wechat(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in WECHAT_HOSTS)


def meta_json(title: str, digest: str, author: str, source_url: str, covers: dict) -> tuple[str, list[str]]:
    """``meta.json`` for the 公众号 editor's fields, and notices for what is over WeChat's limits."""
    notices = []
    if len(title) > TITLE_LIMIT:
        notices.append(f"标题 {len(title)} 字，超过公众号 {TITLE_LIMIT} 字的上限")
    digest = " ".join(digest.split())
    if len(digest) > DIGEST_LIMIT:
        digest = digest[: DIGEST_LIMIT - 1] + "…"
    data = {
        "title": title,
        "digest": digest,
        "author": author,
        "content_source_url": source_url,
        "covers": covers,
    }
    return json_text(data, indent=2), notices


def news_article_ld(
    *, headline: str, url: str, image: str, date_published: str, description: str, publisher: str, logo: str
) -> str:
    """schema.org NewsArticle JSON-LD (safe to embed in a ``<script>``)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "url": url,
        "mainEntityOfPage": url,
        "image": [image],
        "datePublished": date_published,
        "description": description,
        "author": {"@type": "Organization", "name": publisher},
        "publisher": {
            "@type": "Organization",
            "name": publisher,
            "logo": {"@type": "ImageObject", "url": logo},
        },
    }
    return script_json(data)


def qr_svg(url: str, cache_dir: str | None = None) -> str:
    """An inline-SVG QR code of ``url`` (segno), cached by the URL's hash.

    The data mask is fixed instead of searched: segno's search of all eight
    masks costs ~9 ms per code, which on 10,000 articles would add a minute
    to a build, while any mask is valid and decodes alike.
    """
    import segno  # here, not at the top: ``invoke check`` makes no QR code (segno pulls in urllib.request)

    key = hashlib.sha256(f"{url}|m0|v1|segno {segno.__version__}".encode()).hexdigest()[:20]
    path = os.path.join(cache_dir, "qr", f"{key}.svg") if cache_dir else None
    # Written atomically with its digest and read back verified: two builds sharing the cache
    # once met a half-written file, and a release went out without an article's QR code.
    stored = read_verified(path) if path else None
    if stored is not None:
        return trusted(stored.decode("utf-8"))
    svg = segno.make(url, error="m", mask=0).svg_inline(
        scale=3, border=2, dark="#1f2328", title=f"用手机扫码打开本文：{url}"
    )
    if path:
        try:
            write_verified(path, svg.encode("utf-8"))
        except OSError:  # a read-only or full cache only costs speed
            pass
    return trusted(svg)


def group_by_month(items: Iterable[Any], date_of: Callable[[Any], date]) -> list[tuple[str, str, list]]:
    """(anchor id, 「2026年4月」, items) per month, newest month first, order kept within a month.

    The editors' preview lists every article; a month is how an editor finds the
    one to paste (it was one 10,000 px list).
    """
    groups: dict[tuple[int, int], list] = {}
    for item in items:
        day = date_of(item)
        groups.setdefault((day.year, day.month), []).append(item)
    return [
        (f"m-{year}-{month:02d}", f"{year}年{month}月", groups[(year, month)])
        for year, month in sorted(groups, reverse=True)
    ]
