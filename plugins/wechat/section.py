"""WeChat as a registered section: article landing data and the 公众号 export.

Loading checks the share image and the 公众号 QR image (``WECHAT``) and says
they are published as they are.  The views give every published article its
canonical URL, Open Graph image (the 1:1 cover crop, or the site default),
JSON-LD and QR code (segno, inline SVG): ``views.wechat.landings``, which the
article template and the API read.  They are built in phase one (the generic
generator's ``generate_context``, after Pelican's articles are read and
before any article page is written), because every article page shows its landing.

``publish`` (phase two, when links in article bodies resolve) copies the
cover crops and writes, for every article, ``wechat/<year>/<slug>/content.html``
+ ``meta.json`` (+ JPEG images) through ``render.write_bytes``, so every
export file is in the output folder the privacy scan reads; then the
editors' preview page ``wechat/index.html`` (noindex, not in the sitemap,
feeds or URL lock) is written from the page list like every other page.
Transformed fragments are cached by the hash of the article HTML, so an
unchanged article is not transformed again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlparse

from plugins.common.cache import cache_key, code_hash, read_verified, write_verified
from plugins.common.errors import ContentError
from plugins.common.images import check_image_file, resolve_content_path
from plugins.common.photos import Crop, PhotoError, crop_cover, fit_jpeg, verified_file
from plugins.common.section import (
    ImageRef,
    LoadContext,
    Loaded,
    PageSpec,
    RenderContext,
    Route,
    Routes,
    Section,
)
from plugins.common.settings import public_base

from .model import Fragment, group_by_month, meta_json, news_article_ld, qr_svg
from .settings import WechatConfig, wechat_config

SQUARE, HEADLINE = (500, 500), (900, 383)
IMAGES = ("default_og_image", "qr_image")


@dataclass(frozen=True)
class Export:
    article: Any  # Pelican's article
    folder: str  # wechat/<year>/<slug>/
    meta: dict
    notices: tuple[str, ...]
    length: int
    thumb: str = ""  # the 1:1 cover crop under COVERS_URL, for the preview's list


@dataclass(frozen=True)
class Landing:
    """What an article's page tells WeChat and other apps: canonical URL, share image, JSON-LD, QR."""

    canonical_url: str
    og_image: tuple | None  # (absolute URL, width, height)
    covers: dict  # absolute URLs of the 900×383 and 500×500 crops
    json_ld: str
    qr_cache: str | None = None  # the folder QR codes are kept in

    @cached_property
    def qr_svg(self) -> str:
        """The page's QR code, made when its page is rendered.

        Incremental output copies most article pages instead of rendering them;
        reading (or drawing) thousands of SVGs up front cost time and ~5 KB of
        memory per article for nothing.
        """
        return qr_svg(self.canonical_url, self.qr_cache)


@dataclass
class WechatView:
    """``views.wechat``: the config, every article's landing and (after ``publish``) the exports."""

    config: WechatConfig
    landings: Mapping[str, Landing]  # article URL -> Landing
    crops: list[Crop]
    cache: str  # PHOTO_CACHE_PATH/wechat: crops, fitted JPEGs, fragments, QR codes
    exports: list[Export] = field(default_factory=list)
    export_groups: list[tuple[str, str, list]] = field(default_factory=list)  # by month, for the preview


def configure(value: Mapping[str, Any] | None, sitename: Any = None) -> WechatConfig:
    return wechat_config(value, str(sitename or ""))


def load(context: LoadContext) -> Loaded:
    """The share image and the 公众号 QR image must exist and be readable images."""
    config: WechatConfig = context.config
    root = context.root
    errors: list[ContentError] = []
    images: list[ImageRef] = []
    for key in IMAGES:
        image = getattr(config, key)
        if not image:
            continue
        images.append(ImageRef(image, "pelicanconf.py", 0))
        found = check_image_file(
            "/" + image, 0, "pelicanconf.py", os.path.join(root, "x"), root, context.sizes
        )
        for error in found:
            errors.append(
                ContentError("pelicanconf.py", 0, error.key, f"WECHAT['{key}']：{error.message}", "WECHAT")
            )
    return Loaded(config, tuple(errors), images=tuple(images))


def pages(config: WechatConfig, routes: Routes) -> Iterable[PageSpec]:
    yield routes.page("WECHAT", "wechat/index")


def views(config: WechatConfig, render: RenderContext) -> WechatView:
    s = render.settings
    cache = os.path.join(s["PHOTO_CACHE_PATH"], "wechat")
    base = public_base(s)  # exports are pasted into the 公众号 editor, QR codes scanned by phones
    default_image = config.default_og_image
    default_size = render.image_size(default_image) if default_image else None
    crops: list[Crop] = []
    landings: dict[str, Landing] = {}
    # One crop per (image, size, focus) in this build: most articles share the default
    # image, and each crop_cover call reads, hashes and verifies the image and its crop.
    made: dict[tuple[str, tuple[int, int], tuple[float, float]], Crop] = {}

    def crop(source: str, size: tuple[int, int], focus: tuple[float, float]) -> Crop:
        key = (source, size, focus)
        if key not in made:
            made[key] = crop_cover(source, cache, size, focus)
        return made[key]

    for article in render.articles():
        canonical = f"{base}/{article.url}"
        square = headline = None
        cover = getattr(article, "cover", None)
        source = (
            os.path.join(render.content_root, cover or default_image) if (cover or default_image) else None
        )
        x, y = getattr(article, "cover_focus", (0.5, 0.5))
        focus = (x, y)
        if source:
            square = crop(source, SQUARE, focus)
            headline = crop(source, HEADLINE, focus)
            crops += [square, headline]
        og_image: tuple | None
        if cover and square:
            og_image = (f"{base}/{s['COVERS_URL']}/{square.name}", *SQUARE)
        elif default_image and default_size:
            og_image = (f"{base}/{default_image}", *default_size)
        else:
            og_image = None
        landings[article.url] = Landing(
            canonical_url=canonical,
            og_image=og_image,
            covers={
                "headline_900x383": f"{base}/{s['COVERS_URL']}/{headline.name}" if headline else None,
                "square_500x500": f"{base}/{s['COVERS_URL']}/{square.name}" if square else None,
            },
            json_ld=news_article_ld(
                headline=article.title,
                url=canonical,
                image=og_image[0] if og_image else "",
                date_published=article.date.isoformat(),
                description=getattr(article, "summary_text", ""),
                publisher=s["SITENAME"],
                logo=f"{base}/{default_image}" if default_image else "",
            ),
            qr_cache=cache,
        )
    return WechatView(config, landings, crops, cache)


def publish(view: WechatView, render: RenderContext) -> None:
    """Cover crops and every article's export files; the preview page's groups (written next)."""
    covers = render.settings["COVERS_URL"]
    # Articles without a cover share the default image's crops: copy each file once.
    for crop in {crop.name: crop for crop in view.crops}.values():
        render.write_bytes(f"{covers}/{crop.name}", _read(os.path.join(view.cache, "crops", crop.name)))
    view.exports = [_export(view, article, render) for article in render.articles()]
    for export in view.exports:
        for notice in export.notices:
            print(f"提示（公众号导出）：{export.article.source_path}：{notice}")
    view.export_groups = group_by_month(view.exports, lambda export: export.article.date)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _fitted_ok(cache: str, url: str) -> bool:
    return verified_file(os.path.join(cache, "fit", os.path.basename(urlparse(url).path)))


def _export(view: WechatView, article: Any, render: RenderContext) -> Export:
    s, config, cache = render.settings, view.config, view.cache
    base = public_base(s)
    folder = f"{render.routes.url('WECHAT')}{article.date:%Y}/{article.slug}/"
    html = article.content
    # Everything that shapes the fragment: the HTML, the site's address, the image
    # limits, and the code of this module with what it imports (the transform with its
    # stylesheet, the image pipeline).
    key = cache_key(
        html,
        base,
        article.url,
        f"{config.article_image_width}x{config.article_image_bytes}",
        code_hash(__name__),
    )
    cached = os.path.join(cache, "fragments", f"{key}.json")
    stored = read_verified(cached)
    fragment = Fragment(**json.loads(stored)) if stored is not None else None
    # A cached JPEG the fragment names is missing or damaged: make the fragment (and the JPEGs) anew.
    if fragment and not all(_fitted_ok(cache, url) for url in fragment.images):
        fragment = None
    if fragment is None:
        from .fragment import wechat_fragment  # BeautifulSoup and Pygments: only when an export is written

        fragment = wechat_fragment(
            html, f"{base}/{article.url}", lambda src: _image(src, article, base, view, render)
        )
        write_verified(cached, json.dumps(fragment.__dict__, ensure_ascii=False).encode())
    for url in fragment.images:  # make sure the JPEGs exist in this output folder too
        name = os.path.basename(urlparse(url).path)
        source = os.path.join(cache, "fit", name)
        save_as = f"{s['WECHAT_IMAGES_URL']}/{name}"
        if os.path.isfile(source) and not os.path.isfile(os.path.join(render.output_path, save_as)):
            render.write_bytes(save_as, _read(source))
    render.write_bytes(f"{folder}content.html", fragment.html.encode("utf-8"))
    landing = view.landings[article.url]
    text, notices = meta_json(
        article.title,
        getattr(article, "summary_text", "") or "",
        getattr(article, "byline", None) or config.account_name,
        landing.canonical_url,
        landing.covers,
    )
    render.write_bytes(f"{folder}meta.json", text.encode("utf-8"))
    square = landing.covers.get("square_500x500")
    thumb = f"{s['COVERS_URL']}/{os.path.basename(urlparse(square).path)}" if square else ""
    return Export(
        article, folder, json.loads(text), tuple(notices + fragment.notices), len(fragment.html), thumb
    )


def _image(src: str, article: Any, base: str, view: WechatView, render: RenderContext) -> str | None:
    """A JPEG (≤1080 px, <1 MB) of a content image, on the site's own domain."""
    path = urlparse(src).path
    site_path = urlparse(base).path
    if site_path and path.startswith(site_path):
        path = path[len(site_path) :]
    source = resolve_content_path("/" + path.lstrip("/"), article.source_path, render.content_root)
    if not os.path.isfile(source):
        return None
    config = view.config
    try:
        fitted = fit_jpeg(source, view.cache, config.article_image_width, config.article_image_bytes)
    except PhotoError:
        return None
    return f"{base}/{render.settings['WECHAT_IMAGES_URL']}/{fitted.name}"


SECTION = Section(
    name="wechat",
    setting="WECHAT",
    configure=configure,
    load=load,
    routes=(Route("WECHAT", "wechat/", "wechat/index.html"),),
    pages=pages,
    depends=("news",),
    views=views,
    publish=publish,
    reads=("SITENAME",),
)
