"""URL list, lock and redirects (pure logic)."""

from __future__ import annotations

import re

import pytest

from plugins.urls.model import (
    locked_url_errors,
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


# ---------------------------------------------------------------- 撤稿 and the lock's advice

ARTICLE_URL = "news/{date:%Y}/{slug}/"
DERIVED = {"数据接口文档": "api/v1/news/{year}/{slug}.json", "活动日历": "events/{year}/{slug}.ics"}


def test_the_gone_map_covers_both_spellings_and_is_volatile():
    text = nginx_map({}, ["/news/2024/a/"])
    gone = text[text.index("map $uri $wfu_gone {") :]
    assert "    volatile;\n    default 0;\n    /news/2024/a/ 1;\n    /news/2024/a/index.html 1;\n}\n" in gone
    assert 'map $uri $wfu_redirect {\n    default "";\n}' in nginx_map({})  # both maps, always


@pytest.mark.parametrize(
    ("missing", "advice", "folded"),
    [
        # a deleted article: one message, its API document and calendar folded into it
        (
            ["/news/2024/a/", "/api/v1/news/2024/a.json", "/events/2024/a.ics"],
            {"/news/2024/a/"},
            {"/api/v1/news/2024/a.json", "/events/2024/a.ics"},
        ),
        # an API document alone (its page was never locked): the redirect goes on the page
        (["/api/v1/news/2024/gone.json"], {"/news/2024/gone/"}, set()),
        (["/events/2024/x.ics"], {"/news/2024/x/"}, set()),
        # pages, feeds, tag pages: a redirect of their own
        (["/news/tag/a/", "/news/category/x/feed.atom.xml", "/about/old.html"], None, set()),
    ],
)
def test_every_lock_message_advises_a_redirect_the_redirect_file_accepts(missing, advice, folded):
    errors = locked_url_errors(missing, ARTICLE_URL, DERIVED)
    advised = set()
    for error in errors:
        assert error.key == "locked-url-missing" and error.path == "urls.lock"
        source = re.search(r"（from: (\S+)，to: 新网址）", error.message)[1]
        redirects, problems = parse(f"- from: {source}\n  to: /news/\n")
        assert problems == [] and source in redirects, error.message
        advised.add(source)
    assert advised == (advice if advice is not None else set(missing))
    assert not any(f" {url} 在新网站中不存在" in e.message for e in errors for url in folded)
    assert len(errors) == len(missing) - len(folded)


def test_a_file_that_cannot_be_redirected_is_told_to_come_back():
    [error] = locked_url_errors(
        ["/events/series/lecture/calendar.ics", "/api/v1/jobs.json"][:1], ARTICLE_URL, DERIVED
    )
    assert "这类文件不能设跳转：请恢复产生它的内容或设置" in error.message and "from:" not in error.message
    [error] = locked_url_errors(["/api/v1/jobs.json"], ARTICLE_URL, DERIVED)
    assert "from:" not in error.message


def test_a_deleted_article_s_message_names_withdrawal():
    [error] = locked_url_errors(["/news/2024/a/"], ARTICLE_URL, DERIVED)
    assert "status: withdrawn（撤稿）" in error.message
    [error] = locked_url_errors(["/news/tag/a/"], ARTICLE_URL, DERIVED)
    assert "withdrawn" not in error.message
