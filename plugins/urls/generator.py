"""Pelican adapter: after everything is written, add redirect pages and list URLs.

Runs on ``finalized`` (after pelican-sitemap, so redirects never enter the
sitemap): checks that every redirect target exists in the built site, writes
one small page per old URL, ``redirects.nginx.conf`` beside ``urls.txt``, and
``urls.txt`` itself (every public URL, sorted).
"""

from __future__ import annotations

import os

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.files import display_path
from plugins.common.safenames import encode_url_path
from plugins.site.adapter import build_of

from .model import (
    REDIRECTS_FILE,
    nginx_map,
    public_url,
    redirect_errors,
    redirect_file,
    redirect_page,
    site_urls,
    withdrawn_file,
)


def finalize_last(generators) -> None:
    """Connect :func:`finalize` to ``finalized`` now, behind every receiver connected at registration.

    ``urls.txt`` lists what the output folder holds, so it must be written
    after everything else, whatever the order of ``PLUGINS``: pelican-sitemap
    writes ``sitemap.xml`` on ``finalized``.  Every plugin connects its
    receivers when it registers, before any generator runs, so one connected
    here comes last (connecting again is a no-op, so ``invoke serve``'s
    rebuilds keep the same order).
    """
    from pelican import signals

    signals.finalized.connect(finalize)


def finalize(pelican) -> None:
    settings = pelican.settings
    output = pelican.output_path
    site = build_of(pelican).site
    redirects = site.redirects  # validated with the rest of the content
    path = display_path(os.path.join(settings["PATH"], REDIRECTS_FILE), settings["PATH"])
    gone = write_withdrawn_notices(site, settings, output)  # before the check: a redirect may not shadow one
    pages = site_urls(output)
    problems = redirect_errors(redirects, pages, path)
    if problems:
        raise ContentErrors(problems)
    siteurl = settings.get("SITEURL", "")
    listed = set(pages)
    for redirect in redirects.values():
        target_file = redirect_file(output, redirect.source)  # parse_redirects refused any escape
        if os.path.exists(target_file) or os.path.isfile(os.path.dirname(target_file)):
            raise ContentErrors([ContentError(path, redirect.line, "redirect-shadows-page",
                                 f"{redirect.source} 处已有文件（页面或图片），不能再设为跳转")])  # fmt: skip
        os.makedirs(os.path.dirname(target_file), exist_ok=True)
        with open(target_file, "w", encoding="utf-8") as handle:
            handle.write(redirect_page(siteurl + encode_url_path(redirect.target), settings["SITENAME"]))
        url = public_url(os.path.relpath(target_file, output).replace(os.sep, "/"))
        if url is not None:
            listed.add(url)
    with open(os.path.join(output, "redirects.nginx.conf"), "w", encoding="utf-8") as handle:
        handle.write(nginx_map(redirects, gone))
    listed.add(public_url("urls.txt"))  # the list lists itself
    with open(os.path.join(output, "urls.txt"), "w", encoding="utf-8") as handle:
        handle.write("".join(f"{url}\n" for url in sorted(listed)))  # the site's pages and the redirects


def write_withdrawn_notices(site, settings, output: str) -> list[str]:
    """The 撤稿 notice (``WITHDRAWN_SAVE_AS``, rendered by Pelican) at each withdrawn article's URL.

    The article itself was skipped by the reader, so it is in no list, feed,
    sitemap, search index or export; its URL, locked in ``urls.lock``, keeps
    this page (object storage serves it as is; nginx answers 410 Gone through
    the ``$wfu_gone`` map).  Returns the URLs, ``/``-rooted.
    """
    withdrawn = site.withdrawn_news
    if not withdrawn:
        return []
    with open(os.path.join(output, settings["WITHDRAWN_SAVE_AS"]), "rb") as handle:
        notice = handle.read()
    urls = []
    for article in withdrawn:
        save_as = settings["ARTICLE_SAVE_AS"].format(date=article.meta.date, slug=article.meta.slug)
        target = withdrawn_file(output, save_as)  # the slug was validated: never outside
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(notice)
        urls.append("/" + article.url)
    return urls
