"""URLs given to WeChat never break: urls.txt, the lock and redirects, through the real CLI."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from tests.conftest import FIXTURE_LOCK, assert_failed_cleanly, run_build, snapshot

POLICY = "/news/2022/xiao-you-gong-zuo-shi-shi-yi-jian/"


def test_urls_txt_lists_every_public_url_sorted(published_site):
    urls = (published_site / "urls.txt").read_text().splitlines()
    assert urls == sorted(urls) and len(urls) > 100
    assert (
        POLICY in urls and "/news/feed.atom.xml" in urls and "/news/2022/policy/" in urls
    )  # a redirect keeps its URL
    assert not any(u.startswith(("/theme/", "/wechat/")) or "/page/" in u for u in urls)
    lock = FIXTURE_LOCK.read_text().splitlines()
    assert set(urls) <= set(lock), "run `invoke lock-urls` after adding content"


def test_sample_redirect_page_and_nginx_map(published_site):
    page = BeautifulSoup((published_site / "news/2022/policy/index.html").read_text(), "html.parser")
    target = "https://xiaoyou.wfu.edu.cn" + POLICY
    assert page.find("link", rel="canonical")["href"] == target
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert page.find("a")["href"] == target
    assert "/news/2022/policy/" not in (published_site / "sitemap.xml").read_text()
    assert f'    "/news/2022/policy/" "{POLICY}";' in (published_site / "redirects.nginx.conf").read_text()


def test_removing_a_published_article_fails_the_publish_build(content_copy, prebuilt, tmp_path):
    lock = tmp_path / "urls.lock"
    shutil.copy(FIXTURE_LOCK, lock)
    (content_copy / "news/2024/call-for-stories.md").unlink()
    before = snapshot(prebuilt)
    result = run_build(content_copy, prebuilt, "build", "--publish", "--lock", str(lock))
    assert (
        "已发布的网址 /news/2024/guan-yu-zheng-ji-xiao-you-feng-cai-cai-liao-de-tong-zhi/ 在新网站中不存在"
        in result.stderr
    )
    assert "[locked-url-missing]" in result.stderr
    assert_failed_cleanly(result, prebuilt, before)
    # the development build has no lock: editors can still preview
    assert run_build(content_copy, tmp_path / "dev", "build").returncode == 0


def test_renaming_with_a_redirect_passes_and_the_old_url_redirects(content_copy, tmp_path):
    lock = tmp_path / "urls.lock"
    shutil.copy(FIXTURE_LOCK, lock)
    article = content_copy / "news/2024/call-for-stories.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("author:", "slug: call-for-stories\nauthor:"),
        encoding="utf-8",
    )
    old = "/news/2024/guan-yu-zheng-ji-xiao-you-feng-cai-cai-liao-de-tong-zhi/"
    redirects = content_copy / "redirects.yml"
    redirects.write_text(
        redirects.read_text(encoding="utf-8") + f"- from: {old}\n  to: /news/2024/call-for-stories/\n",
        encoding="utf-8",
    )
    output = tmp_path / "out"
    result = run_build(content_copy, output, "build", "--publish", "--lock", str(lock))
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((output / old.strip("/") / "index.html").read_text(), "html.parser")
    assert page.find("a")["href"] == "https://xiaoyou.wfu.edu.cn/news/2024/call-for-stories/"


def test_redirect_to_a_missing_page_is_an_error(content_copy, prebuilt):
    redirects = content_copy / "redirects.yml"
    redirects.write_text(
        redirects.read_text(encoding="utf-8") + "- from: /old/\n  to: /news/2099/nothing/\n", encoding="utf-8"
    )
    before = snapshot(prebuilt)
    result = run_build(content_copy, prebuilt, "build")
    assert "content/redirects.yml:7: 跳转目标 /news/2099/nothing/ 在网站中不存在" in result.stderr
    assert_failed_cleanly(result, prebuilt, before)
