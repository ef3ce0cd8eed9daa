"""Article bodies through an allowlist HTML sanitiser (nh3, the binding of Rust's ammonia).

Markdown lets editors write raw HTML, and content is pasted from Word, WeChat
and web pages: a ``<script>``, an ``onerror=`` attribute or a ``javascript:``
link would run in every reader's browser (stored XSS).  Escaping is not an
option for a body that *is* HTML, so the rendered body passes an allowlist:
only what our Markdown renderer produces survives (headings, paragraphs,
lists, tables, figures, images, links, code, footnotes, abbreviations …).

Detecting *what* was removed is done separately, by parsing the input with
BeautifulSoup and applying the same allowlist, because nh3 only returns the
clean HTML.  The caller turns each :class:`Stripped` item into a ``path:line``
warning (preview) or error (publish) with :func:`stripped_errors`.

Pure: no Pelican import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import ContentError
from .mdsource import prose_lines
from .settings import SettingsError, merge_settings
from .urlpolicy import URL_SCHEMES, attribute_problem, clean, url_is_safe

__all__ = ["URL_SCHEMES", "url_is_safe", "sanitize_html", "stripped_errors", "SanitizeConfig"]

if TYPE_CHECKING:  # BeautifulSoup is imported where a body is sanitised: `invoke check` never needs it
    from bs4 import Tag

# Declared once: the ``SANITIZE`` setting is merged over these.
SANITIZE_DEFAULTS: dict[str, Any] = {
    # Hosts whose https:// iframes may be embedded (e.g. "player.bilibili.com").
    # Empty: no iframe at all.  Every listed host is a third-party request, so
    # the default stays empty (the site loads nothing from other hosts).
    "video_hosts": (),
}


TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "div", "span"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col"),
        *("figure", "figcaption", "img", "picture", "source", "a"),
        *(
            "em",
            "strong",
            "b",
            "i",
            "u",
            "s",
            "del",
            "ins",
            "mark",
            "small",
            "sup",
            "sub",
            "abbr",
            "cite",
            "q",
        ),
        *("code", "pre", "kbd", "samp", "var", "time"),
    }
)

ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding", "class"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start", "type", "reversed"},
    "li": {"id", "value"},
    "sup": {"id"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "code": {"class"},
    "pre": {"class"},
    "div": {"class"},
    "span": {"class"},
    "figure": {"class"},
}
IFRAME_ATTRIBUTES = {"src", "width", "height", "title", "allowfullscreen", "loading", "referrerpolicy"}

# The classes our renderer (Python-Markdown extra, Pygments) writes; nothing else.
_CLASSES = {
    "a": re.compile(r"footnote-ref|footnote-backref"),
    "div": re.compile(r"footnote|highlight|codehilite"),
    "code": re.compile(r"language-[A-Za-z0-9_+#.-]{1,30}"),
    "pre": re.compile(r"highlight|codehilite"),
    "span": re.compile(r"[a-z]{1,3}[0-9]?|hll|lineno|linenos"),  # Pygments token classes
    "img": re.compile(r"[a-z][a-z0-9-]{0,30}"),
    "figure": re.compile(r"[a-z][a-z0-9-]{0,30}"),
}
# Footnote anchors only; other ids could clobber the page's own (DOM clobbering).
_ID = re.compile(r"fn(?:ref)?:[\w-]{1,40}(?::\d+)?")  # [^1], [^note], [^注一]
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(?:left|right|center|justify)", re.I)
_NUMBER = re.compile(r"\d{1,5}%?")
# Tags whose *content* is dropped too: their text is code or markup, never prose.
CLEAN_CONTENT_TAGS = frozenset(
    {
        *("script", "style", "template", "noscript", "textarea", "select", "math", "svg"),
        *("iframe", "object", "noembed", "noframes", "xmp", "plaintext", "title"),
    }
)


@dataclass(frozen=True)
class SanitizeConfig:
    video_hosts: frozenset[str] = frozenset()


def config_from_settings(value: Mapping[str, Any] | None) -> SanitizeConfig:
    """The sanitiser config for the ``SANITIZE`` setting; :class:`SettingsError` on a bad key."""
    merged = merge_settings("SANITIZE", SANITIZE_DEFAULTS, value)
    hosts = merged["video_hosts"]
    if isinstance(hosts, str) or not isinstance(hosts, Iterable):
        raise SettingsError("SANITIZE", "'video_hosts' 应为主机名的列表，例如 ('player.bilibili.com',)")
    cleaned = set()
    for host in hosts:
        if not isinstance(host, str) or not re.fullmatch(r"(?:[a-z0-9-]+\.)+[a-z]{2,63}", host):
            raise SettingsError("SANITIZE", f"'video_hosts' 中的 {host!r} 不是小写的主机名")
        cleaned.add(host)
    return SanitizeConfig(frozenset(cleaned))


@dataclass(frozen=True)
class Stripped:
    """One removed construct: ``what`` is shown to editors (``<script>``, ``onerror 属性``, ``javascript: 链接``).

    ``needle`` is a lower-case text to look for in the Markdown source to find its line.
    """

    what: str
    needle: str


@dataclass(frozen=True)
class SanitizedHtml:
    html: str
    stripped: tuple[Stripped, ...] = field(default=())


def _host(url: str) -> str | None:
    try:
        return urlsplit(clean(url)).hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None


def _iframe_allowed(src: str, config: SanitizeConfig) -> bool:
    return clean(src).lower().startswith("https://") and _host(src) in config.video_hosts


def _value_problem(tag: str, name: str, value: str, config: SanitizeConfig) -> Stripped | None:
    """Why an allowed attribute's value is refused, or ``None`` if it may stay."""
    if tag == "iframe" and name == "src":  # the one resource from another host, only from listed hosts
        if _iframe_allowed(value, config):
            return None
        return Stripped(f"来自 {_host(value) or value[:40]} 的嵌入框（iframe）", "<iframe")
    refused = attribute_problem(name, value)  # plugins.common.urlpolicy: schemes and third-party resources
    if refused:
        return Stripped(*refused)
    if name == "class":
        pattern = _CLASSES.get(tag)
        if pattern is None or not all(pattern.fullmatch(c) for c in value.split()):
            return Stripped(f"{tag} 的 class 属性", "class")
    if name == "style" and not all(_TEXT_ALIGN.fullmatch(d.strip()) for d in value.split(";") if d.strip()):
        return Stripped("style 属性", "style")
    if name == "id" and not _ID.fullmatch(value):
        return Stripped("id 属性", "id")
    if name in ("width", "height", "colspan", "rowspan", "span", "start", "value") and not _NUMBER.fullmatch(
        value.strip()
    ):
        return Stripped(f"{name} 属性", name)
    return None


def _filter(config: SanitizeConfig) -> Callable[[str, str, str], str | None]:
    def keep(tag: str, name: str, value: str) -> str | None:
        return None if _value_problem(tag, name, value, config) else value

    return keep


def _find_stripped(fragment: str, config: SanitizeConfig) -> tuple[list[Stripped], list[Tag]]:
    """What the allowlist removes from ``fragment``, and the refused iframes to drop."""
    from bs4 import BeautifulSoup, Comment, Tag

    soup = BeautifulSoup(fragment, "html.parser")
    found: list[Stripped] = []
    refused_iframes: list[Tag] = []
    tags = set(TAGS) | ({"iframe"} if config.video_hosts else set())
    # An explicit stack, not recursion: pasted HTML can nest thousands of levels deep.
    # Pre-order (document order), so problems are reported as the editor reads them.
    stack: list = list(reversed(list(soup.children)))
    while stack:
        node = stack.pop()
        if isinstance(node, Comment):
            if "<" in node or "[if" in node:
                found.append(Stripped("HTML 注释中的代码", "<!--"))
        elif isinstance(node, Tag) and _check_tag(node, tags, config, found, refused_iframes):
            stack.extend(reversed(list(node.children)))
    return list(dict.fromkeys(found)), refused_iframes


def _check_tag(node: Tag, tags: set[str], config: SanitizeConfig, found: list, refused_iframes: list) -> bool:
    """Record what the allowlist removes from ``node`` itself; True if its children need a look."""
    name = node.name.lower()
    if name not in tags:
        found.append(Stripped(f"<{name}>", f"<{name}"))
        return name not in CLEAN_CONTENT_TAGS  # a dropped element's content: nothing inside to report
    allowed = IFRAME_ATTRIBUTES if name == "iframe" else ATTRIBUTES.get(name, set())
    for attr, value in node.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        attr = attr.lower()
        if attr not in allowed:
            found.append(
                Stripped(f"on… 事件属性（{attr}）" if attr.startswith("on") else f"{attr} 属性", attr)
            )
            continue
        problem = _value_problem(name, attr, text, config)
        if problem:
            found.append(problem)
            if name == "iframe" and attr == "src":
                refused_iframes.append(node)
    if name == "iframe" and "src" not in node.attrs:
        found.append(Stripped("没有来源的嵌入框（iframe）", "<iframe"))
        refused_iframes.append(node)
    return True


def sanitize_html(fragment: str, config: SanitizeConfig | None = None) -> SanitizedHtml:
    """The body with only allowlisted HTML, plus what was removed (each construct once)."""
    config = config or SanitizeConfig()
    stripped, refused = _find_stripped(fragment, config)
    if refused:  # nh3 can drop attributes, not elements: remove refused iframes first
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(fragment, "html.parser")
        for node in soup.find_all("iframe"):
            if not _iframe_allowed(str(node.get("src", "")), config):
                node.decompose()
        fragment = str(soup)
    import nh3  # here, not at the top: ``invoke check`` renders no body (they are cached)

    tags = set(TAGS) | ({"iframe"} if config.video_hosts else set())
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    if config.video_hosts:
        attributes["iframe"] = set(IFRAME_ATTRIBUTES)
    cleaned = nh3.clean(
        fragment,
        tags=tags,
        clean_content_tags=set(CLEAN_CONTENT_TAGS) - tags,
        attributes=attributes,
        attribute_filter=_filter(config),
        strip_comments=True,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
    )
    return SanitizedHtml(cleaned, tuple(stripped))


def locate(needle: str, markdown: str, first_line: int) -> int:
    """The first Markdown line (outside fenced code) that mentions ``needle``; ``first_line`` if none."""
    needle = needle.lower()
    for line, text in prose_lines(markdown, first_line):
        if needle in html.unescape(text).lower():
            return line
    return first_line


def stripped_errors(
    result: SanitizedHtml, path: str, markdown: str, first_line: int, field_name: str = "正文"
) -> list[ContentError]:
    """One ``[unsafe-html]`` problem per removed construct, at the editor's line.

    The caller logs them as warnings when previewing and fails the build with
    them when publishing.
    """
    return [
        ContentError(
            path,
            locate(item.needle, markdown, first_line),
            "unsafe-html",
            f"{field_name}中的 {item.what} 不安全，已被删除：网站不允许脚本、样式、表单、嵌入框、事件属性和"
            "javascript:/data: 等链接，请改用普通的 Markdown 写法",
        )
        for item in result.stripped
    ]
