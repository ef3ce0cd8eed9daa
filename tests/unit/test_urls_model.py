"""URL list, lock and redirects (pure logic)."""

from __future__ import annotations

from plugins.urls.model import (
    merge_lock,
    missing_locked,
    nginx_map,
    parse_redirects,
    redirect_errors,
    site_urls,
)


def parse(text):
    return parse_redirects(text, "content/redirects.yml")


def test_chains_are_resolved():
    redirects, errors = parse("- from: /a/\n  to: /b/\n- from: /b/\n  to: /c/\n- from: /x.html\n  to: /c/\n")
    assert errors == []
    assert {s: r.target for s, r in redirects.items()} == {"/a/": "/c/", "/b/": "/c/", "/x.html": "/c/"}
    assert "    /a/ /c/;" in nginx_map(redirects)


def test_redirect_errors():
    cases = {
        "- from: /a/\n  to: /b/\n- from: /b/\n  to: /a/\n": [(1, "redirect-loop"), (3, "redirect-loop")],
        "- from: /a/\n  to: /a/\n": [(2, "redirect-loop")],
        "- from: a/\n  to: /b/\n": [(1, "invalid-redirect")],
        "- from: /a/\n": [(1, "invalid-redirect")],
        "- from: /a/\n  to: /b/\n- from: /a/\n  to: /c/\n": [(3, "duplicate-redirect")],
        "- from: /a/\n  to: /b/\n  why: x\n": [(3, "unknown-field")],
        "from: /a/\n": [(1, "not-a-list")],
    }
    for text, expected in cases.items():
        assert [(e.line, e.key) for e in parse(text)[1]] == expected, text


def test_targets_must_exist_and_sources_must_not():
    redirects, _ = parse(
        "- from: /old/\n  to: /new/\n- from: /page/\n  to: /new/\n- from: /x/\n  to: /gone/\n"
    )
    errors = redirect_errors(redirects, ["/new/", "/page/"], "content/redirects.yml")
    assert [(e.line, e.key) for e in errors] == [(3, "redirect-shadows-page"), (6, "redirect-target-missing")]


def test_site_urls_lists_public_pages_only(tmp_path):
    for name in ("index.html", "news/index.html", "news/page/2/index.html", "news/feed.atom.xml", "404.html",
                 "robots.txt", "theme/css/site.css", "theme/x.html", "wechat/index.html", "photos/a.jpg", "images/a.jpg"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert site_urls(str(tmp_path)) == ["/", "/404.html", "/news/", "/news/feed.atom.xml", "/robots.txt"]


def test_lock():
    assert missing_locked(["/a/", "/b/", "/c/"], ["/a/"], ["/b/"]) == ["/c/"]
    text = merge_lock(["/b/"], ["/a/", "/b/"])
    assert text.splitlines()[-2:] == ["/a/", "/b/"] and text.startswith("#")
