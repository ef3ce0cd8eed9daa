"""URLs that never break: the list of public URLs, the lock, redirects.

A published 公众号 article can no longer be edited, so a URL given to it must
work forever.  Every build lists its public URLs (``urls.txt``); ``urls.lock``
(committed) remembers every URL ever published; a publishing build fails if
a locked URL would disappear and no redirect covers it.  Redirects come from
``content/redirects.yml`` and are resolved through chains.  Pure Python.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.yamlio import LineDict, LineList, load_yaml

_PATH = re.compile(r"^/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*$")
PUBLIC_SUFFIXES = (".html", ".xml", ".txt", ".ics", ".pdf")  # .pdf: 校友刊物 issues, shared in WeChat
# The mini-program's data API is versioned (/api/v1/): its documents are locked like pages,
# so v1 keeps working once published; other JSON (build-info.json, search index) is not public.
PUBLIC_JSON_PREFIXES = ("api/",)
PRIVATE_PREFIXES = ("theme/", "wechat/", "photos/", "images/", ".")  # assets and editor tools


REDIRECTS_FILE = "redirects.yml"  # under PATH: old URL -> new URL


@dataclass(frozen=True)
class Redirect:
    source: str  # /old/path/
    target: str  # /new/path/ (after resolving chains)
    line: int  # of "from"
    to_line: int


def site_urls(output: str) -> list[str]:
    """Every public URL of a built site: pages as ``/dir/``, feeds and the like as files."""
    urls = []
    output = os.path.normpath(output)
    for root, dirs, files in os.walk(output):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        folder = "" if root == output else root[len(output) + 1 :].replace(os.sep, "/") + "/"
        for name in files:
            url = public_url(folder + name)
            if url is not None:
                urls.append(url)
    return sorted(urls)


def public_url(relative: str) -> str | None:
    """The public URL of one output file (``/``-separated path), or None if it has none."""
    name = relative.rsplit("/", 1)[-1]
    if relative.startswith(PRIVATE_PREFIXES):
        return None
    if not name.endswith(PUBLIC_SUFFIXES) and not (
        name.endswith(".json") and relative.startswith(PUBLIC_JSON_PREFIXES)
    ):
        return None
    if "/page/" in f"/{relative}":  # pagination shifts as news is added: not a stable URL
        return None
    if name == "index.html":
        relative = relative[: -len("index.html")]
    return "/" + relative


def parse_redirects(text: str, path: str) -> tuple[dict[str, Redirect], list[ContentError]]:
    """``from -> Redirect`` with chains resolved; every error with its line."""
    try:
        records = load_yaml(text, path)
    except ContentErrors as exc:
        return {}, exc.errors
    if records is None:
        return {}, []
    if not isinstance(records, LineList):
        return {}, [
            ContentError(
                path, 1, "not-a-list", "跳转文件应当是列表：每条写“- from: /旧网址/”和“  to: /新网址/”"
            )
        ]
    raw: dict[str, tuple[str, int, int]] = {}
    errors: list[ContentError] = []
    for index, record in enumerate(records):
        line = records.line_of(index)
        if not isinstance(record, LineDict):
            errors.append(
                ContentError(path, line, "not-a-list", "每条跳转写“- from: /旧网址/”和“  to: /新网址/”两行")
            )
            continue
        check = FieldChecker(record, path, ("from", "to", "note"), missing_line=line)
        check.required(
            "from", "缺少 from：请写原来的网址，例如 from: /news/2024/old-slug/", key="invalid-redirect"
        )
        check.required("to", "缺少 to：请写新的网址，例如 to: /news/2024/new-slug/", key="invalid-redirect")
        source, target = check.text("from"), check.text("to")
        for field, value in (("from", source), ("to", target)):
            if value and not _PATH.match(value):
                check.error(
                    "invalid-redirect",
                    field,
                    f"网址“{value}”应以 / 开头，只写站内路径，例如 /news/2024/slug/",
                )
            elif value and _escapes(value):
                check.error(
                    "path-outside-content",
                    field,
                    f"网址“{value}”含有 .、.. 或连续的 /，会指向网站以外的位置：请只写站内网址，例如 /news/2024/slug/",
                )
        if source and _PATH.match(source) and not _escapes(source) and not _page_like(source):
            check.error(
                "invalid-redirect",
                "from",
                f"旧网址“{source}”不是网页：跳转只能从网页（以 / 或 .html 结尾）出发，不能覆盖图片等文件",
            )
        if source and source in raw:
            check.error("duplicate-redirect", "from", f"网址 {source} 已在第 {raw[source][1]} 行设置过跳转")
        if source and target and source == target:
            check.error("redirect-loop", "to", "网址不能跳转到自己")
        errors += check.errors
        if not check.errors and source and target:
            raw[source] = (target, check.line("from"), check.line("to"))
    redirects = {}
    for source, (target, line, to_line) in raw.items():
        seen = [source]
        while target in raw and target not in seen:
            seen.append(target)
            target = raw[target][0]
        if target in seen:
            errors.append(
                ContentError(path, line, "redirect-loop", f"跳转形成循环：{' → '.join(seen + [target])}")
            )
            continue
        redirects[source] = Redirect(source, target, line, to_line)
    return redirects, errors


def _escapes(url: str) -> bool:
    """``.``/``..`` segments or an empty segment: the file written for it could land outside ``output/``."""
    segments = url.split("?", 1)[0].split("#", 1)[0].strip("/").split("/")
    return "//" in url or any(s in (".", "..") for s in segments)


def _page_like(url: str) -> bool:
    """A redirect page is ``<url>/index.html`` or the ``.html``/``.xml`` file itself."""
    last = url.rstrip("/").rsplit("/", 1)[-1]
    return url.endswith("/") or last.endswith((".html", ".xml")) or "." not in last


def redirect_file(output: str, source: str) -> str:
    """Where the redirect page for ``source`` is written; :class:`ValueError` if outside ``output``."""
    folder = os.path.join(output, source.strip("/"))
    target = folder if source.endswith((".html", ".xml")) else os.path.join(folder, "index.html")
    root = os.path.realpath(output)
    if os.path.commonpath([root, os.path.realpath(target)]) != root:
        raise ValueError(source)
    return target


def redirect_errors(redirects: Mapping[str, Redirect], urls: Iterable[str], path: str) -> list[ContentError]:
    """Targets must exist; an old URL must not also be a real page."""
    existing = set(urls)
    errors = []
    for redirect in redirects.values():
        if redirect.target not in existing:
            errors.append(ContentError(path, redirect.to_line, "redirect-target-missing",
                                       f"跳转目标 {redirect.target} 在网站中不存在：请检查新网址"))  # fmt: skip
        if redirect.source in existing:
            errors.append(ContentError(path, redirect.line, "redirect-shadows-page",
                                       f"{redirect.source} 是现有页面，不能再设为跳转：请删除这条跳转或改用其他网址"))  # fmt: skip
    return errors


def missing_locked(locked: Iterable[str], urls: Iterable[str], redirects: Iterable[str]) -> list[str]:
    """Locked URLs that the new site would break (not served and not redirected)."""
    available = set(urls) | set(redirects)
    return sorted(u for u in locked if u not in available)


def read_lock(path: str) -> list[str]:
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


LOCK_HEADER = (
    "# Every URL this site has ever published (one per line, sorted).\n"
    "# `invoke build --publish` fails if one of them would disappear without a redirect in\n"
    "# content/redirects.yml; `invoke lock-urls` adds the URLs of the last publishing build.\n"
)


def merge_lock(locked: Iterable[str], urls: Iterable[str]) -> str:
    return LOCK_HEADER + "".join(f"{u}\n" for u in sorted(set(locked) | set(urls)))


def redirect_page(target_url: str, site_name: str) -> str:
    """A static redirect: meta refresh, canonical and a visible link (works without JavaScript)."""
    from html import escape

    url = escape(target_url, quote=True)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>页面已移动 - {escape(site_name)}</title>\n'
        f'<link rel="canonical" href="{url}">\n<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n<body>\n'
        f'<p>页面已移动到 <a href="{url}">{url}</a>。</p>\n</body>\n</html>\n'
    )


def nginx_map(redirects: Mapping[str, Redirect]) -> str:
    """An nginx ``map`` for servers that can answer with a real 301."""
    lines = [
        "# Generated by the site build: include in the http {} block, then in the server {} block:",
        "#   if ($wfu_redirect) { return 301 $wfu_redirect; }",
        "map $uri $wfu_redirect {",
        '    default "";',
    ]
    for source in sorted(redirects):
        lines.append(f"    {source} {redirects[source].target};")
    lines.append("}")
    return "\n".join(lines) + "\n"
