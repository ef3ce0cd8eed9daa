"""Pelican adapter for WeChat: landing-page metadata and the 公众号 export.

Phase one gives every article its canonical URL, Open Graph image (the 1:1
cover crop, or the site default), JSON-LD and a QR code of its URL (segno,
inline SVG).  Phase two copies the cover crops, and for every article writes
``wechat/<year>/<slug>/content.html`` + ``meta.json`` (+ JPEG images), and
the editors' preview page ``wechat/index.html`` (noindex, not in the
sitemap, feeds or URL lock).  Transformed fragments are cached by the hash
of the article HTML, so an unchanged article is not transformed again.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlparse

from pelican.generators import Generator

from plugins.common.cache import cache_key, code_hash, read_verified, write_verified
from plugins.common.images import ImageSizes, resolve_content_path
from plugins.common.pelican_content import write_page
from plugins.common.photos import PhotoError, crop_cover, fit_jpeg, verified_file
from plugins.common.settings import public_base

from .model import Fragment, group_by_month, meta_json, news_article_ld, qr_svg, wechat_fragment

SQUARE, HEADLINE = (500, 500), (900, 383)


def _base(settings: dict) -> str:
    """Exports are pasted into the 公众号 editor and QR codes scanned by phones: the public address."""
    return public_base(settings)


@dataclass(frozen=True)
class Export:
    article: object
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


class WechatGenerator(Generator):
    # Writes two files per article from the finished context, reads nothing another
    # generator writes: it may run in the forked output process (plugins.site.parallel).
    write_in_child = True

    def generate_context(self):
        s = self.settings
        self.config = self.context["site"].config.wechat
        self.cache = os.path.join(s["PHOTO_CACHE_PATH"], "wechat")
        base = _base(s)
        default_image = self.config.default_og_image
        default_size = ImageSizes().size(os.path.join(self.path, default_image)) if default_image else None
        self.crops = []
        self.landings = {}
        for article in self.context.get("articles", []):
            canonical = f"{base}/{article.url}"
            square = headline = None
            cover = getattr(article, "cover", None)
            source = os.path.join(self.path, cover or default_image) if (cover or default_image) else None
            focus = tuple(getattr(article, "cover_focus", (0.5, 0.5)))
            if source:
                square = crop_cover(source, self.cache, SQUARE, focus)
                headline = crop_cover(source, self.cache, HEADLINE, focus)
                self.crops += [square, headline]
            if cover and square:
                og_image = (f"{base}/{s['COVERS_URL']}/{square.name}", *SQUARE)
            elif default_image and default_size:
                og_image = (f"{base}/{default_image}", *default_size)
            else:
                og_image = None
            self.landings[article.url] = Landing(
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
                qr_cache=self.cache,
            )
        self.context["wechat_landing"] = self.landings  # article URL -> Landing
        self.context["wechat"] = self.config

    def generate_output(self, writer):
        s = self.settings
        out = self.output_path
        covers = os.path.join(out, s["COVERS_URL"])
        os.makedirs(covers, exist_ok=True)
        # Articles without a cover share the default image's crops: copy each file once.
        for crop in {crop.name: crop for crop in self.crops}.values():
            shutil.copyfile(os.path.join(self.cache, "crops", crop.name), os.path.join(covers, crop.name))
        self.exports = [self._export(article) for article in self.context.get("articles", [])]
        for export in self.exports:
            for notice in export.notices:
                print(f"提示（公众号导出）：{export.article.source_path}：{notice}")
        groups = group_by_month(self.exports, lambda export: export.article.date)
        write_page(self, writer, "WECHAT", "wechat/index", exports=self.exports, export_groups=groups)

    def _fitted_ok(self, url: str) -> bool:
        return verified_file(os.path.join(self.cache, "fit", os.path.basename(urlparse(url).path)))

    def _export(self, article) -> Export:
        s = self.settings
        base = _base(s)
        folder = f"{s['WECHAT_URL']}{article.date:%Y}/{article.slug}/"
        target = os.path.join(self.output_path, folder)
        os.makedirs(target, exist_ok=True)
        html = article.content
        # Everything that shapes the fragment: the HTML, the site's address, the image
        # limits, and the code (with its stylesheet) of the transform and the image pipeline.
        key = cache_key(
            html,
            base,
            article.url,
            f"{self.config.article_image_width}x{self.config.article_image_bytes}",
            code_hash("plugins.wechat.model", "plugins.common.photos"),
        )
        cached = os.path.join(self.cache, "fragments", f"{key}.json")
        stored = read_verified(cached)
        fragment = Fragment(**json.loads(stored)) if stored is not None else None
        # A cached JPEG the fragment names is missing or damaged: make the fragment (and the JPEGs) anew.
        if fragment and not all(self._fitted_ok(url) for url in fragment.images):
            fragment = None
        if fragment is None:
            fragment = wechat_fragment(
                html, f"{base}/{article.url}", lambda src: self._image(src, article, base)
            )
            write_verified(cached, json.dumps(fragment.__dict__, ensure_ascii=False).encode())
        for url in fragment.images:  # make sure the JPEGs exist in this output folder too
            name = os.path.basename(urlparse(url).path)
            source = os.path.join(self.cache, "fit", name)
            destination = os.path.join(self.output_path, s["WECHAT_IMAGES_URL"], name)
            if os.path.isfile(source) and not os.path.isfile(destination):
                os.makedirs(os.path.dirname(destination), exist_ok=True)
                shutil.copyfile(source, destination)
        with open(os.path.join(target, "content.html"), "w", encoding="utf-8") as handle:
            handle.write(fragment.html)
        landing = self.landings[article.url]
        text, notices = meta_json(
            article.title,
            getattr(article, "summary_text", "") or "",
            getattr(article, "byline", None) or self.config.account_name,
            landing.canonical_url,
            landing.covers,
        )
        with open(os.path.join(target, "meta.json"), "w", encoding="utf-8") as handle:
            handle.write(text)
        square = landing.covers.get("square_500x500")
        thumb = f"{s['COVERS_URL']}/{os.path.basename(urlparse(square).path)}" if square else ""
        return Export(
            article, folder, json.loads(text), tuple(notices + fragment.notices), len(fragment.html), thumb
        )

    def _image(self, src: str, article, base: str) -> str | None:
        """A JPEG (≤1080 px, <1 MB) of a content image, on the site's own domain."""
        path = urlparse(src).path
        site_path = urlparse(base).path
        if site_path and path.startswith(site_path):
            path = path[len(site_path) :]
        source = resolve_content_path("/" + path.lstrip("/"), article.source_path, self.path)
        if not os.path.isfile(source):
            return None
        try:
            fitted = fit_jpeg(
                source, self.cache, self.config.article_image_width, self.config.article_image_bytes
            )
        except PhotoError:
            return None
        return f"{base}/{self.settings['WECHAT_IMAGES_URL']}/{fitted.name}"


def get_generators(pelican):
    return WechatGenerator
