"""Standing pages (校友会简介、章程 … in ``content/pages/``) and the ``/about/`` index, as a registered section.

Pelican's own PagesGenerator read these files once more after the graph had
checked them, through a reader that had to claim the folder before the news
reader did.  Here the graph's result is the page: each published page is a
``PAGE`` route (``PAGE_URL``/``PAGE_SAVE_AS``, ``about/{slug}/`` in
pelicanconf.py), its body rendered like every body (sanitised, images
measured, the 章程 numbered) and its ``{filename}`` links resolved in the
output phase.  The footer and the about index read ``views.standing_pages.pages``
in their order (``order``, then ``slug``, as Pelican's ``PAGE_ORDER_BY`` did).
Pure: no Pelican import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.common.errors import ContentError, SettingsError
from plugins.common.images import check_image_file
from plugins.common.safehtml import trusted
from plugins.common.section import (
    Body,
    ImageRef,
    LoadContext,
    Loaded,
    PageSpec,
    RenderContext,
    Route,
    Routes,
    Section,
)

from .model import StandingPage, load_pages, number_charter
from .settings import StandingPagesConfig, standing_pages_config

# What the sitemap plugin (pelican.plugins.sitemap) says of a page when its ``SITEMAP``
# setting names none: the values it gives Pelican's pages, which these were.
SITEMAP_PAGE_DEFAULTS = {"changefreq": "monthly", "priority": 0.5}


@dataclass(frozen=True)
class StandingPages:
    """The section's content: the published pages in footer order."""

    pages: tuple[StandingPage, ...]


@dataclass
class PageView:
    """One page as the templates read it (``page.title``, ``page.content`` … as they read Pelican's Page).

    ``changefreq`` and ``priority`` are read by the sitemap plugin from the page
    object, as from a Pelican page's metadata.
    """

    title: str
    slug: str
    url: str
    layout: str
    summary_text: str | None
    html: str
    source_path: str
    changefreq: str
    priority: float
    status: str = "published"
    content: str = ""  # ``html`` with links resolved, set in the output phase


@dataclass
class StandingPagesView:
    """``views.standing_pages``: the pages (footer, about index), their settings and the form's QR code."""

    pages: tuple[PageView, ...]
    config: StandingPagesConfig
    register_form_qr: str
    items: Mapping[str, PageView] = field(default_factory=dict)  # slug -> page


def qr_svg(url: str, title: str) -> str:
    """An inline SVG QR code: nothing is loaded from another host."""
    import segno  # here, not at the top: ``invoke check`` makes no QR code (segno pulls in urllib.request)

    return trusted(
        segno.make(url, error="m", mask=0).svg_inline(scale=4, border=2, dark="#1f2328", title=title)
    )


def configure(user: Mapping[str, Any] | None, page_paths: Any = None) -> StandingPagesConfig:
    """``STANDING_PAGES`` merged over its defaults; ``PAGE_PATHS`` must be empty.

    Pelican's PagesGenerator would otherwise read the pages folder again, with
    the news reader (the folder's ``.md`` files are no news) or twice over.
    """
    if page_paths:
        raise SettingsError(
            "PAGE_PATHS",
            f"应为 []（现在是 {page_paths!r}）：固定页面由 plugins.standing_pages 读取（STANDING_PAGES['folder']），"
            "Pelican 自己的页面生成器不读取任何文件",
        )
    return standing_pages_config(user)


def load(context: LoadContext) -> Loaded:
    """Every page (drafts are no page, but a link to one is ``[link-to-draft]``) and the 公众号 QR image."""
    config: StandingPagesConfig = context.config
    root = context.root
    pages, errors = load_pages(root, config.folder, context.sizes)
    if config.wechat_qr:
        for error in check_image_file(
            "/" + config.wechat_qr, 0, "pelicanconf.py", os.path.join(root, "x"), root, context.sizes
        ):
            errors.append(
                ContentError(
                    "pelicanconf.py",
                    0,
                    error.key,
                    f"STANDING_PAGES['contact']['wechat_qr']：{error.message}",
                    "STANDING_PAGES",
                )
            )
    published = sorted((p for p in pages if p.status == "published"), key=lambda p: (p.order, p.slug))
    return Loaded(
        StandingPages(tuple(published)),
        tuple(errors),
        bodies=tuple(Body.of(p.path, p.source_path, p.body, p.body_line) for p in published),
        images=(ImageRef(config.wechat_qr, "pelicanconf.py", 0),) if config.wechat_qr else (),
        drafts={p.source_path: p.path for p in pages if p.status != "published"},
    )


def pages(content: StandingPages, routes: Routes) -> Iterable[PageSpec]:
    """The about index (always: it also leads to 会长致辞, 刊物, 影像) and one page per published page."""
    yield routes.page("ABOUT", "pages/index")
    for page in content.pages:
        yield routes.page(
            "PAGE",
            f"pages/{page.layout}",
            item=page.slug,
            as_name="page",
            source=page.source_path,
            slug=page.slug,
        )


def views(content: StandingPages, render: RenderContext) -> StandingPagesView:
    config: StandingPagesConfig = render.config("standing_pages")
    sitemap: Mapping[str, Any] = render.settings.get("SITEMAP") or {}
    changefreq = (sitemap.get("changefreqs") or {}).get("pages", SITEMAP_PAGE_DEFAULTS["changefreq"])
    priority = (sitemap.get("priorities") or {}).get("pages", SITEMAP_PAGE_DEFAULTS["priority"])
    shown = []
    for page in content.pages:
        body = number_charter(page.body) if page.layout == "charter" else page.body
        html = render.body(body, page.source_path, page.path, page.body_line)
        url = render.routes.url("PAGE", slug=page.slug)
        shown.append(
            PageView(
                page.title,
                page.slug,
                url,
                page.layout,
                page.summary,
                html,
                page.source_path,
                changefreq,
                priority,
            )
        )
    form = config.register_form
    qr = qr_svg(form.url, f"用手机扫码打开{form.label}：{form.url}") if form else ""
    return StandingPagesView(tuple(shown), config, qr, {p.slug: p for p in shown})


def publish(view: StandingPagesView, render: RenderContext) -> None:
    for page in view.pages:
        page.content = render.linked(page.html, page.title, "PAGE", page.source_path, slug=page.slug)


SECTION = Section(
    name="standing_pages",
    setting="STANDING_PAGES",
    configure=configure,
    load=load,
    routes=(
        Route("ABOUT", "about/", "about/index.html"),
        Route("PAGE", "about/{slug}/", "about/{slug}/index.html"),
    ),
    pages=pages,
    views=views,
    publish=publish,
    reads=("PAGE_PATHS",),
)
