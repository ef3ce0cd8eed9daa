"""One URL policy for HTML: which URLs may appear, and which count as a third-party request.

Two rules protect readers: no URL may run code (``javascript:``, ``data:``
…), and nothing a page *loads* may come from another host (privacy in
WeChat's browser, speed, no tracking).  Both were checked in several places,
each reading a different set of attributes, so ``srcset`` and
protocol-relative ``//host/…`` slipped through.  Now the sanitiser
(:mod:`plugins.common.sanitize`), the Markdown image check
(:mod:`plugins.common.images`), field checks (a charter link) and the test
that scans the built pages all ask this module.

A URL is read the way a browser reads it: entities decoded, ASCII tabs and
newlines removed anywhere, leading and trailing control characters and
spaces dropped, ``\\`` taken as ``/`` (``/\\host`` is ``//host``).

Pure: no Pelican import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Attributes whose URL the browser fetches while showing the page (a third-party host is a request).
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "imagesrcset"})
# Attributes whose URL is followed only when the reader acts (a link to another site is fine).
NAVIGATION_ATTRIBUTES = frozenset({"href", "action", "formaction", "cite", "xlink:href"})
URL_ATTRIBUTES = RESOURCE_ATTRIBUTES | NAVIGATION_ATTRIBUTES

_STRIPPED_ANYWHERE = re.compile(r"[\t\n\r]")  # the URL standard removes these before parsing
_EDGE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")  # removed before reading a scheme: refuse jav\x01ascript: too
_CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I
)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def clean(value: str) -> str:
    """The URL as a browser parses it (see the module docstring)."""
    text = _EDGE.sub("", _STRIPPED_ANYWHERE.sub("", html.unescape(value)))
    return text.replace("\\", "/")


def scheme(value: str) -> str:
    """The lower-case scheme of ``value`` (``""`` for a relative URL), control characters ignored."""
    text = _CONTROL.sub("", clean(value))
    head = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" not in head:
        return ""
    try:
        return urlsplit(text).scheme.lower()
    except ValueError:  # an invalid IPv6 literal and the like: not a URL we can vouch for
        return "invalid"


def url_is_safe(value: str) -> bool:
    """Relative URLs, fragments and ``http``/``https``/``mailto``/``tel`` only."""
    found = scheme(value)
    return not found or found in URL_SCHEMES


def is_external(value: str) -> bool:
    """True if following or loading ``value`` leaves the site: any scheme, or ``//host`` (protocol-relative)."""
    text = _CONTROL.sub("", clean(value))
    return bool(scheme(value)) or text.startswith("//")


def is_site_path(value: str) -> bool:
    """A path on this site: ``/news/…`` (not ``//host``), or relative without a scheme."""
    return not is_external(value)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (``a.jpg 1x, b.jpg 2x``), split as the HTML standard's parser does."""
    urls, position, text = [], 0, value
    while position < len(text):
        while position < len(text) and (text[position].isspace() or text[position] == ","):
            position += 1
        start = position
        while position < len(text) and not text[position].isspace():
            position += 1
        url = text[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # descriptors up to the next comma outside parentheses
            depth = 0
            while position < len(text) and (text[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(text[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls


def css_urls(value: str) -> list[str]:
    """Every ``url(…)`` and ``@import "…"`` target in CSS text, CSS escapes undone (``\\75 rl(``)."""
    text = _CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], value)
    return [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text)]


def attribute_urls(name: str, value: str) -> list[str]:
    """The URLs an attribute holds: one for ``src``/``href``…, several for ``srcset``, CSS for ``style``."""
    name = name.lower()
    if name in ("srcset", "imagesrcset"):
        return srcset_urls(value)
    if name == "style":
        return css_urls(value)
    if name in URL_ATTRIBUTES:
        return [value]
    return []


def attribute_problem(name: str, value: str) -> tuple[str, str] | None:
    """``(what, needle)`` when an attribute's URL is refused, else ``None``.

    Unsafe schemes are refused everywhere; an external URL is refused where
    the browser would fetch it (resource attributes and CSS); a link
    (``href``) to another site is allowed.
    """
    name = name.lower()
    for url in attribute_urls(name, value):
        if not url_is_safe(url):
            found = scheme(url)
            return (f"{found}: 链接" if name in ("href", "src") else f"{name} 中的 {found}: 链接"), found
        if (name in RESOURCE_ATTRIBUTES or name == "style") and is_external(url):
            return f"来自外部网站的资源（{name}：{_short(url)}）", _needle(url)
    return None


def external_resources(
    tags: Iterable[tuple[str, Iterable[tuple[str, str]]]],
) -> Iterator[tuple[str, str, str]]:
    """``(tag, attribute, url)`` for every third-party resource among ``(tag, attributes)`` pairs.

    ``<link rel=stylesheet|preload|icon…>`` loads its ``href``; ``<a href>`` does not.
    """
    for tag, attributes in tags:
        attrs = [(k.lower(), v) for k, v in attributes]
        rel = " ".join(v for k, v in attrs if k == "rel").lower().split()
        loads_href = tag == "link" and not set(rel) <= {"canonical", "alternate", "author", "license", "me",
                                                       "next", "prev", "search", "help", "bookmark"}  # fmt: skip
        for name, value in attrs:
            if name in RESOURCE_ATTRIBUTES or name == "style" or (name == "href" and loads_href):
                for url in attribute_urls("src" if name == "href" else name, value):
                    if is_external(url):
                        yield tag, name, url


def page_external_resources(page: str) -> list[tuple[str, str, str]]:
    """Every third-party resource of a whole HTML page: attributes and ``<style>`` blocks."""
    from html.parser import HTMLParser

    found: list[tuple[str, str, str]] = []

    class Scan(HTMLParser):
        in_style = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(external_resources([(tag, [(k, v or "") for k, v in attrs])]))
            self.in_style = tag == "style"

        def handle_endtag(self, tag: str) -> None:
            self.in_style = False

        def handle_data(self, data: str) -> None:
            if self.in_style:
                found.extend(("style", "css", url) for url in css_urls(data) if is_external(url))

    scanner = Scan(convert_charrefs=True)
    scanner.feed(page)
    scanner.close()
    return found


def _short(url: str) -> str:
    text = clean(url)
    return text if len(text) <= 60 else text[:57] + "…"


def _needle(url: str) -> str:
    """Lower-case text to find the editor's line: the host if there is one."""
    try:
        host = urlsplit(clean(url) if not clean(url).startswith("//") else "http:" + clean(url)).hostname
    except ValueError:
        host = None
    return (host or clean(url)[:30]).lower()
