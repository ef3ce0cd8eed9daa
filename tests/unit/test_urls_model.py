"""URL list, lock and redirects (pure logic)."""

from __future__ import annotations

import re
import subprocess

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
    assert '    "/a/" "/c/";' in nginx_map(redirects)


def test_redirect_errors():
    cases = {
        "- from: /a/\n  to: /b/\n- from: /b/\n  to: /a/\n": [(1, "redirect-loop"), (3, "redirect-loop")],
        "- from: /a/\n  to: /a/\n": [(2, "redirect-loop")],
        "- from: a/\n  to: /b/\n": [(1, "invalid-redirect")],
        "- from: /a/\n": [(1, "invalid-redirect")],
        "- from: /a/\n  to: /b/\n- from: /a/\n  to: /c/\n": [(3, "duplicate-redirect")],
        "- from: /a/\n  to: /b/\n  why: x\n": [(3, "unknown-field")],
        "from: /a/\n": [(1, "not-a-list")],
        # nginx metacharacters, spaces, escapes that decode to them, control characters, ../ (issue 20)
        "- from: /a;return 200 x;/\n  to: /b/\n": [(1, "invalid-redirect")],
        "- from: /a/\n  to: /b/${host}/\n": [(2, "invalid-redirect")],
        "- from: /a%3B/\n  to: /b/\n": [(1, "invalid-redirect")],
        '- from: /a/\n  to: "/b\\n/"\n': [(2, "invalid-redirect")],
        "- from: /a b/\n  to: /b/\n": [(1, "invalid-redirect")],
        "- from: /a/\n  to: /b/?x=1\n": [(2, "invalid-redirect")],
        "- from: '/{a}/'\n  to: /b/\n": [(1, "invalid-redirect")],
        "- from: /a%FF/\n  to: /b/\n": [(1, "invalid-redirect")],
        '- from: "/a\\u200b/"\n  to: /b/\n': [(1, "invalid-redirect")],
        "- from: /../etc/\n  to: /b/\n": [(1, "path-outside-content")],
        "- from: /a//b/\n  to: /b/\n": [(1, "path-outside-content")],
        "- from: /a/\n  to: /b/\n- from: /%61/\n  to: /c/\n": [(3, "duplicate-redirect")],
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


def test_redirect_paths_are_normalised_and_messages_stay_on_one_line():
    redirects, errors = parse(
        "- from: /news/%E6%A0%A1%E5%8F%8B/\n  to: /news/校友会/\n- from: /老~网址.html\n  to: /b/\n"
    )
    assert errors == []
    assert redirects["/news/校友/"].target == "/news/校友会/"
    text = nginx_map(redirects)
    assert '    "/news/校友/" "/news/%E6%A0%A1%E5%8F%8B%E4%BC%9A/";' in text
    assert '    "/老~网址.html" "/b/";' in text
    _, errors = parse('- from: "/a\\nb/"\n  to: /b/\n')
    assert errors and "\n" not in errors[0].message and "[invalid-redirect]" in str(errors[0])


def test_generated_redirect_map_passes_nginx_t(tmp_path):
    """The map every build writes, with every character the loader lets through, loads in a real nginx."""
    from tests.deploy.conftest import nginx_binary, nginx_config

    binary = nginx_binary()
    redirects, errors = parse(
        "- from: /news/2020/旧-文章_1.2~x/\n  to: /news/2021/新文章/\n"
        "- from: /a%E6%A0%A1/\n  to: /b.html\n- from: /old.xml\n  to: /news/\n"
        + "".join(f"- from: /news/2024/{'很长的中文网址' * 12}-{i}/\n  to: /news/\n" for i in range(50))
    )
    assert errors == [] and len(redirects) == 53
    root = tmp_path / "site"
    root.mkdir()
    (root / "redirects.nginx.conf").write_text(nginx_map(redirects), encoding="utf-8")
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config(tmp_path, 1, root), encoding="utf-8")
    check = subprocess.run([binary, "-t", "-c", str(config), "-e", str(tmp_path / "error.log")],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stderr
    # The same check fails on a map an older loader let through (a ';' from an editor).
    (root / "redirects.nginx.conf").write_text("map $uri $wfu_redirect {\n    /a;b/ /c/;\n}\n")
    check = subprocess.run([binary, "-t", "-c", str(config), "-e", str(tmp_path / "error.log")],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode != 0


# ---------------------------------------------------------------- 撤稿 and the lock's advice

ARTICLE_URL = "news/{date:%Y}/{slug}/"
DERIVED = {"数据接口文档": "api/v1/news/{year}/{slug}.json", "活动日历": "events/{year}/{slug}.ics"}


def test_the_gone_map_covers_both_spellings_and_is_volatile():
    text = nginx_map({}, ["/news/2024/a/"])
    gone = text[text.index("map $uri $wfu_gone {") :]
    assert (
        '    volatile;\n    default 0;\n    "/news/2024/a/" 1;\n    "/news/2024/a/index.html" 1;\n}\n' in gone
    )
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
