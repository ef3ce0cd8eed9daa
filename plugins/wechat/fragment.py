"""Articles ready for the 公众号 editor.

The 公众号 editor strips ``<style>``, classes, ids and scripts, and links to
other sites are not clickable in an article body.  :func:`wechat_fragment`
therefore turns an article's HTML into a ``<section>`` whose styles are all
inline (css-inline), whose external links become numbered references listed
under 引用链接, whose lists are plain blocks with literal markers and whose
code is highlighted with inline styles (Pygments ``noclasses``).  Pure:
images are mapped through a callback supplied by the adapter.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

import css_inline
from bs4 import BeautifulSoup, NavigableString, Tag
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from .model import BODY_LIMIT, Fragment, is_wechat

FORBIDDEN_TAGS = (
    "html",
    "head",
    "body",
    "style",
    "link",
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "noscript",
)

# Plain CSS for css-inline: no var(), no pseudo-elements, no @media, no web fonts.
WECHAT_CSS = """
section.wx { font-size: 16px; line-height: 1.8; color: #1f2328; letter-spacing: 0.5px; }
p { margin: 0 0 16px 0; text-align: justify; }
h2 { font-size: 18px; font-weight: bold; color: #0b4a82; margin: 24px 0 12px 0; padding-left: 10px; border-left: 4px solid #a61d24; }
h3 { font-size: 17px; font-weight: bold; color: #1f2328; margin: 20px 0 10px 0; }
h4, h5, h6 { font-size: 16px; font-weight: bold; margin: 16px 0 8px 0; }
strong, b { font-weight: bold; color: #0b4a82; }
em { font-style: italic; }
blockquote { margin: 16px 0; padding: 10px 14px; border-left: 4px solid #dde3ea; background: #f3f6f9; color: #555d66; }
img { max-width: 100%; height: auto; display: block; margin: 12px auto; border-radius: 4px; }
section.wx-list { margin: 0 0 16px 0; }
p.wx-item { margin: 0 0 6px 0; padding-left: 1.2em; text-indent: -1.2em; }
p.wx-item-nested { margin: 0 0 6px 0; padding-left: 2.4em; text-indent: -1.2em; }
section.wx-table { overflow-x: auto; margin: 0 0 16px 0; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #dde3ea; padding: 6px 10px; text-align: left; }
th { background: #f3f6f9; font-weight: bold; }
pre { margin: 0 0 16px 0; padding: 12px; background: #f6f8fa; border-radius: 4px; font-size: 13px; line-height: 1.6; overflow-x: auto; white-space: pre; }
code { font-family: Menlo, Consolas, monospace; font-size: 14px; background: #f3f6f9; padding: 1px 4px; border-radius: 3px; }
sup.wx-ref { font-size: 12px; color: #0b4a82; }
section.wx-refs { margin-top: 32px; padding-top: 12px; border-top: 1px solid #dde3ea; font-size: 13px; color: #555d66; }
p.wx-refs-title { font-weight: bold; margin: 0 0 8px 0; font-size: 14px; color: #1f2328; }
p.wx-ref-item { margin: 0 0 6px 0; word-break: break-all; }
hr { border: 0; border-top: 1px solid #dde3ea; margin: 24px 0; }
"""
_INLINER = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
_FORMATTER = HtmlFormatter(noclasses=True, nowrap=True, style="friendly")


def wechat_fragment(
    content_html: str,
    base_url: str,
    image_url: Callable[[str], str | None],
) -> Fragment:
    """The paste-ready ``<section>`` for one article's HTML.

    ``base_url`` makes relative links absolute; ``image_url`` maps an image
    ``src`` to the absolute URL of a JPEG/PNG derivative (``None`` drops it).
    """
    soup = BeautifulSoup(f'<section class="wx">{content_html}</section>', "html.parser")
    root = soup.section
    assert root is not None  # the <section> wrapped around the content just above
    for name in FORBIDDEN_TAGS:
        for tag in root.find_all(name):
            tag.decompose()
    first = next((c for c in root.children if isinstance(c, Tag)), None)
    if first is not None and first.name == "h1":
        first.decompose()
    fragment = Fragment("")
    _links(soup, root, base_url, fragment)
    _images(root, image_url, fragment)
    _lists(soup, root)
    _tables(soup, root)
    _code(soup, root)
    if fragment.references:
        refs = soup.new_tag("section", attrs={"class": "wx-refs"})
        title = soup.new_tag("p", attrs={"class": "wx-refs-title"})
        title.string = "引用链接"
        refs.append(title)
        for number, url in enumerate(fragment.references, start=1):
            item = soup.new_tag("p", attrs={"class": "wx-ref-item"})
            item.string = f"[{number}] {url}"
            refs.append(item)
        root.append(refs)
    html = _INLINER.inline_fragment(str(root), WECHAT_CSS)
    clean = BeautifulSoup(html, "html.parser")
    for tag in clean.find_all(True):
        for attr in list(tag.attrs):
            if attr in ("class", "id") or attr.startswith("data-"):
                del tag[attr]
    fragment.html = str(clean)
    if len(fragment.html) > BODY_LIMIT:
        fragment.notices.append(
            f"正文 {len(fragment.html)} 字符，超过公众号 {BODY_LIMIT} 字符的上限，请分篇或精简"
        )
    return fragment


def _attr(tag: Tag, name: str, default: str = "") -> str:
    """A single-valued attribute (href, src, alt, start): bs4 types every attribute as maybe a list."""
    value = tag.get(name)
    return value if isinstance(value, str) else default


def _classes(tag: Tag) -> list[str]:
    """The ``class`` names of ``tag`` (html.parser gives them as a list)."""
    value = tag.get("class")
    return list(value) if isinstance(value, list) else []


def _links(soup: BeautifulSoup, root: Tag, base_url: str, fragment: Fragment) -> None:
    for link in root.find_all("a"):
        href = _attr(link, "href").strip()
        text = link.get_text()
        absolute = urljoin(base_url, href) if href else ""
        if absolute and is_wechat(absolute):
            link.attrs = {"href": absolute}
            continue
        if not absolute or href.startswith(("mailto:", "tel:", "#")) or text.strip() == href:
            link.replace_with(NavigableString(text))  # a bare URL or address stays as plain text
            continue
        if absolute not in fragment.references:
            fragment.references.append(absolute)
        number = fragment.references.index(absolute) + 1
        sup = soup.new_tag("sup", attrs={"class": "wx-ref"})
        sup.string = f"[{number}]"
        link.replace_with(NavigableString(text), sup)


def _images(root: Tag, image_url: Callable[[str], str | None], fragment: Fragment) -> None:
    for img in root.find_all("img"):
        url = image_url(_attr(img, "src"))
        if url is None:
            img.decompose()
            continue
        img.attrs = {"src": url, "alt": _attr(img, "alt")}
        fragment.images.append(url)


def _lists(soup: BeautifulSoup, root: Tag) -> None:
    """Lists as blocks with literal markers, nested items flattened one level in."""
    for top in [lst for lst in root.find_all(["ul", "ol"]) if not lst.find_parent(["ul", "ol"])]:
        block = soup.new_tag("section", attrs={"class": "wx-list"})
        _flatten(soup, top, block, depth=0)
        top.replace_with(block)


def _flatten(soup: BeautifulSoup, lst: Tag, block: Tag, depth: int) -> None:
    ordered = lst.name == "ol"
    start = int(_attr(lst, "start", "1")) if ordered else 1
    for index, item in enumerate(lst.find_all("li", recursive=False)):
        nested = [child.extract() for child in item.find_all(["ul", "ol"], recursive=False)]
        marker = f"{start + index}. " if ordered else ("• " if depth == 0 else "◦ ")
        para = soup.new_tag("p", attrs={"class": "wx-item" if depth == 0 else "wx-item-nested"})
        para.append(NavigableString(marker))
        for child in list(item.children):
            if isinstance(child, Tag) and child.name == "p":
                child.unwrap()
        for child in list(item.contents):
            para.append(child.extract())
        block.append(para)
        for sub in nested:
            _flatten(soup, sub, block, depth + 1)


def _tables(soup: BeautifulSoup, root: Tag) -> None:
    for table in root.find_all("table"):
        wrapper = soup.new_tag("section", attrs={"class": "wx-table"})
        table.wrap(wrapper)


def _code(soup: BeautifulSoup, root: Tag) -> None:
    for pre in root.find_all("pre"):
        code = pre.find("code")
        source = (code or pre).get_text()
        language = next(
            (
                c.removeprefix("language-")
                for c in (_classes(code) if code else [])
                if c.startswith("language-")
            ),
            "",
        )
        try:
            lexer = get_lexer_by_name(language) if language else TextLexer()
        except ClassNotFound:
            lexer = TextLexer()
        highlighted = BeautifulSoup(highlight(source, lexer, _FORMATTER), "html.parser")
        new_pre = soup.new_tag("pre")
        new_pre.append(highlighted)
        pre.replace_with(new_pre)
