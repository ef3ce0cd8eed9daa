"""One URL policy (plugins/common/urlpolicy.py): the sanitiser, the image check and the page scan agree."""

from __future__ import annotations

import pytest

from plugins.common.images import check_body_images
from plugins.common.sanitize import sanitize_html
from plugins.common.urlpolicy import (
    attribute_problem,
    css_urls,
    is_external,
    page_external_resources,
    srcset_urls,
    url_is_safe,
)

# (url, external, safe scheme)
URLS = [
    ("/images/a.jpg", False, True),
    ("a.jpg", False, True),
    ("#top", False, True),
    ("https://example.com/a.jpg", True, True),
    ("HTTP://example.com/", True, True),
    ("//example.com/a.jpg", True, True),  # protocol-relative: another host
    ("/\\example.com/a.jpg", True, True),  # browsers read \ as /
    ("\\\\example.com/a.jpg", True, True),
    ("  //example.com/a.jpg", True, True),
    ("/&#x2F;example.com/a.jpg", True, True),  # entity-encoded second slash
    ("/\t/example.com/a.jpg", True, True),  # tabs and newlines vanish inside URLs
    ("mailto:office@wfu.edu.cn", True, True),
    ("javascript:alert(1)", True, False),
    ("jav&#x09;ascript:alert(1)", True, False),
    ("java\x01script:alert(1)", True, False),
    ("data:image/png;base64,AAAA", True, False),
    ("vbscript:x", True, False),
]


@pytest.mark.parametrize(("url", "external", "safe"), URLS)
def test_urls(url, external, safe):
    assert (is_external(url), url_is_safe(url)) == (external, safe)


@pytest.mark.parametrize(
    ("value", "urls"),
    [
        ("a.jpg", ["a.jpg"]),
        ("a.jpg 1x, b.jpg 2x", ["a.jpg", "b.jpg"]),
        ("a.jpg 480w,b.jpg 800w", ["a.jpg", "b.jpg"]),
        ("https://x/a,b.jpg 1x, //y/c.jpg 2x", ["https://x/a,b.jpg", "//y/c.jpg"]),
        ("a.jpg,//evil/b.jpg", ["a.jpg,//evil/b.jpg"]),  # as browsers split it: one same-site URL
        (" , a.jpg (x, y) 1x, b.jpg", ["a.jpg", "b.jpg"]),
    ],
)
def test_srcset_candidates(value, urls):
    assert srcset_urls(value) == urls


def test_css_urls_with_escapes_and_imports():
    assert css_urls("background:url( '//a/x.png' ); b: URL(/y.png)") == ["//a/x.png", "/y.png"]
    assert css_urls('x: u\\72l(https://t/z.png); @import "//c/s.css"') == ["https://t/z.png", "//c/s.css"]


# (attribute, value, refused?) — resources must stay on the site, links may leave it, no scheme may run code
ATTRIBUTES = [
    ("src", "/images/a.jpg", False),
    ("src", "https://cdn.example/a.jpg", True),
    ("src", "//cdn.example/a.jpg", True),
    ("srcset", "/a.jpg 1x, https://cdn.example/b.jpg 2x", True),
    ("srcset", "/a.jpg 1x, /b.jpg 2x", False),
    ("poster", "//cdn.example/p.jpg", True),
    ("style", "background: url(//t.example/p.gif)", True),
    ("style", "text-align: center", False),
    ("href", "https://www.wfu.edu.cn/", False),
    ("href", "//www.wfu.edu.cn/", False),  # a link may leave the site
    ("href", "javascript:alert(1)", True),
    ("action", "javascript:alert(1)", True),
    ("action", "https://evil.example/login", False),  # a link-like target; <form> itself is not allowed
    ("cite", "data:text/html,x", True),
    ("title", "javascript:alert(1)", False),  # not a URL attribute
]


@pytest.mark.parametrize(("name", "value", "refused"), ATTRIBUTES)
def test_attribute_rule(name, value, refused):
    assert (attribute_problem(name, value) is not None) == refused


@pytest.mark.parametrize(
    "fragment",
    [
        '<img alt="x" src="/a.jpg" srcset="/a.jpg 1x, https://tracker.example/p.gif 2x">',
        '<picture><source srcset="//tracker.example/p.webp"><img alt="x" src="/a.jpg"></picture>',
        '<img alt="x" src="//tracker.example/p.gif">',
        '<img alt="x" src="/\\tracker.example/p.gif">',
    ],
)
def test_sanitiser_removes_third_party_resources_from_every_attribute(fragment):
    result = sanitize_html(fragment)
    assert "tracker.example" not in result.html
    assert any("外部网站" in item.what for item in result.stripped), result.stripped
    assert page_external_resources(fragment) and not page_external_resources(result.html)


def test_sanitiser_keeps_links_to_other_sites_and_local_srcset():
    fragment = '<p><a href="https://www.wfu.edu.cn/">学校</a><img alt="x" src="/a.jpg" srcset="/a.jpg 1x, /b.jpg 2x"></p>'
    result = sanitize_html(fragment)
    assert result.stripped == () and 'srcset="/a.jpg 1x, /b.jpg 2x"' in result.html


def test_page_scan_reads_every_resource_attribute_and_style():
    page = (
        '<html><head><link rel="stylesheet" href="//cdn/x.css"><link rel="canonical" href="https://site/">'
        "<style>body{background:url(https://t/b.png)}</style></head><body>"
        '<a href="https://elsewhere/">x</a><video poster="https://p/v.jpg"></video>'
        '<img srcset="/a 1x, //e/b 2x"><div style="background:url(//q/x)"></div></body></html>'
    )
    assert page_external_resources(page) == [
        ("link", "href", "//cdn/x.css"),
        ("style", "css", "https://t/b.png"),
        ("video", "poster", "https://p/v.jpg"),
        ("img", "srcset", "//e/b"),
        ("div", "style", "//q/x"),
    ]


def test_markdown_image_check_uses_the_same_rule(tmp_path):
    body = "![校园](//cdn.example/a.jpg)\n\n![校园](/\\cdn.example/b.jpg)\n"
    errors = check_body_images(body, 1, "news/a.md", str(tmp_path / "news/a.md"), str(tmp_path))
    assert [(e.line, e.key) for e in errors] == [(1, "external-image"), (3, "external-image")]
