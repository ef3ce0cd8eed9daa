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
from datetime import datetime

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.safenames import encode_url_path, normalise_url_path
from plugins.common.yamlio import LineDict, LineList, load_yaml

PUBLIC_SUFFIXES = (".html", ".xml", ".txt", ".ics", ".pdf")  # .pdf: 校友刊物 issues, shared in WeChat
# The mini-program's data API is versioned (/api/v1/): its documents are locked like pages,
# so v1 keeps working once published; other JSON (build-info.json, search index) is not public.
PUBLIC_JSON_PREFIXES = ("api/",)
PRIVATE_PREFIXES = ("theme/", "wechat/", "photos/", "images/", "admin/", ".")  # assets and editor tools


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
            if not value:
                continue
            decoded, problem = normalise_url_path(value)
            if problem:
                key, reason = problem
                check.error(
                    "invalid-redirect" if key == "url-path" else key,
                    field,
                    f"网址“{_shown(value)}”{reason}：请只写站内路径，例如 /news/2024/slug/",
                )
            elif field == "from":
                source = decoded
            else:
                target = decoded
        if source and not check.errors and not _page_like(source):
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


def _shown(value: str) -> str:
    """An editor's value for a message: control characters visible, never a second line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)[:200]


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


def _slots_regex(pattern: str) -> re.Pattern[str]:
    """A ``*_URL`` pattern (``{year}``/``{date:%Y}``, ``{slug}``) as a regex with those groups."""
    parts, position = [], 0
    for match in re.finditer(r"\{([^}]*)\}", pattern):
        parts.append(re.escape(pattern[position : match.start()]))
        name = match.group(1)
        if name in ("year", "date:%Y") and "(?P<year>" not in "".join(parts):
            parts.append(r"(?P<year>\d{4})")
        elif name == "slug" and "(?P<slug>" not in "".join(parts):
            parts.append(r"(?P<slug>[^/]+)")
        else:
            parts.append(r"[^/]+")
        position = match.end()
    parts.append(re.escape(pattern[position:]))
    return re.compile("/" + "".join(parts).lstrip("/"))


def _article_key(regex: re.Pattern[str], url: str) -> tuple[str, str] | None:
    match = regex.fullmatch(url)
    if match is None or "year" not in regex.groupindex or "slug" not in regex.groupindex:
        return None
    return match["year"], match["slug"]


def locked_url_errors(
    missing: Iterable[str], article_url: str, derived: Mapping[str, str], lock_path: str = "urls.lock"
) -> list[ContentError]:
    """One error per missing locked URL, each with advice the build then accepts.

    ``derived``: what an article's URL carries along (``{"数据接口文档":
    API_NEWS_ARTICLE_URL, "活动日历": EVENT_CALENDAR_URL}``).  A redirect from an
    article page also keeps those (a tombstone or an empty calendar), and a
    redirect may only start from a page, so a derived file is never told to get a
    redirect of its own: it is folded into its article's message, or, when the
    article page is not missing, pointed at that page.  Other files that cannot
    be redirected are told to come back.
    """
    missing = sorted(set(missing))
    article = _slots_regex(article_url)
    kinds = {name: _slots_regex(pattern) for name, pattern in derived.items()}
    pages = {key: url for url in missing if (key := _article_key(article, url))}
    errors = []
    for url in missing:
        prefix = f"已发布的网址 {url} 在新网站中不存在："
        found = next(
            ((name, key) for name, regex in kinds.items() if (key := _article_key(regex, url))), None
        )
        if found is not None:
            name, key = found
            if key in pages:
                continue  # the article page's message covers it
            page = "/" + article_url.format(date=_year_date(key[0]), slug=key[1]).lstrip("/")
            message = (
                f"已发布的{name} {url} 在新网站中不存在：它属于文章 {page}：请恢复该文章"
                f"（要撤下文章请保留文件，改写 status: withdrawn），或在 content/redirects.yml 中为文章网页加一条跳转"
                f"（from: {page}，to: 新网址），跳转会一并保留这个{name}"
            )
        elif _page_like(url):
            message = (
                prefix + f"请恢复该页面，或在 content/redirects.yml 中加一条跳转（from: {url}，to: 新网址）"
            )
            if url in pages.values():
                message += "；如果是要撤下这篇文章，请恢复文件并改写 status: withdrawn（撤稿）"
        else:
            message = prefix + "这类文件不能设跳转：请恢复产生它的内容或设置"
        errors.append(ContentError(lock_path, 0, "locked-url-missing", message))
    return errors


def _year_date(year: str) -> datetime:
    from datetime import datetime

    return datetime(int(year), 1, 1)


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


def nginx_map(redirects: Mapping[str, Redirect], gone: Iterable[str] = ()) -> str:
    """nginx ``map``s for servers that can answer with a real 301, and 410 for withdrawn pages.

    Keys are matched against ``$uri`` (decoded by nginx), so they are the
    decoded paths; values go into a ``Location`` header, so they are
    percent-encoded ASCII.  Both come from :func:`normalise_url_path` (letters,
    digits, ``/._~-`` only) and are quoted: no editor text can end a directive.
    nginx refuses a map whose longest key does not fit a hash bucket (64 bytes
    by default: one Chinese slug), so the bucket size is set here, for the
    keys this map has.  ``gone``: the URLs of withdrawn articles
    (``/news/2024/slug/``); each is mapped with its ``index.html`` too, so
    neither spelling escapes the 410.
    """
    gone_keys = []
    for url in sorted(set(gone)):
        gone_keys.append(url)
        if url.endswith("/"):
            gone_keys.append(f"{url}index.html")
    longest = max((len(key.encode("utf-8")) for key in [*redirects, *gone_keys]), default=0)
    bucket = 128
    while bucket < longest + 32:  # a bucket holds the key, its length and a pointer
        bucket *= 2
    lines = [
        "# Generated by the site build: include in the http {} block, then in the server {} block:",
        "#   if ($wfu_redirect) { return 301 $wfu_redirect; }",
        "#   if ($wfu_gone) { return 410; }   (with error_page 410 /410.html;)",
        "# It sets map_hash_bucket_size: do not set it elsewhere in http {}.",
        f"map_hash_bucket_size {bucket};",
        "map $uri $wfu_redirect {",
        '    default "";',
    ]
    for source in sorted(redirects):
        lines.append(f'    "{source}" "{encode_url_path(redirects[source].target)}";')
    # volatile: evaluated again after error_page's internal redirect to /410.html (else the
    # cached 1 answers that one with 410 too, and nginx falls back to its own error page)
    lines += ["}", "map $uri $wfu_gone {", "    volatile;", "    default 0;"]
    for key in gone_keys:
        lines.append(f'    "{key}" 1;')
    lines.append("}")
    return "\n".join(lines) + "\n"


def withdrawn_file(output: str, save_as: str) -> str:
    """Where a withdrawn article's notice goes (its page's own file); :class:`ValueError` if outside."""
    target = os.path.join(output, save_as)
    root = os.path.realpath(output)
    if os.path.commonpath([root, os.path.realpath(target)]) != root:
        raise ValueError(save_as)
    return target
