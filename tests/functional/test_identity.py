"""The site's identity in the built pages, and the publish guard through the real command line."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from tests.conftest import SAMPLE_CONTENT, assert_failed_cleanly, run_build, snapshot
from tests.site_errors import check_in_process


def soup(site, path="index.html") -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def reader_pages(site):
    return [
        p
        for p in site.rglob("*.html")
        if "wechat" not in p.parts
        and "admin" not in p.parts  # the web editor: tested in test_cms.py
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    ]


def test_header_shows_emblem_names_and_palette_from_settings(sample_site):
    doc = soup(sample_site)
    brand = doc.select_one(".site-header a.brand")
    assert brand["href"] == "/"
    assert brand.select_one("img.brand-emblem")["src"] == "/images/identity/emblem-placeholder.svg"
    assert brand.select_one(".site-name").get_text() == "潍坊学院校友会"
    assert brand.select_one(".site-english").get_text() == "Weifang University Alumni Association"
    style = doc.head.style.get_text()
    assert style.startswith(":root{--bg:") and "--brand:#0b4a82" in style
    assert doc.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"
    assert "prefers-color-scheme: dark" in style
    assert (sample_site / "images/identity/emblem-placeholder.svg").is_file()


def test_hero_photo_goes_through_the_photo_pipeline(sample_site):
    hero = soup(sample_site).select_one(".hero")  # below the news (issue 24): loaded lazily
    img = hero.select_one("img.hero-photo")
    assert img["loading"] == "lazy" and img["width"] and img["height"] and img["alt"].startswith("校园清晨")
    widths = re.findall(r" (\d+)w", img["srcset"])
    assert widths == ["640", "1024", "1600"]
    assert hero.select_one("source")["type"] == "image/webp"
    for url in re.findall(r"(/photos/\S+)", img["srcset"]):
        assert (sample_site / url.lstrip("/")).is_file()
    assert hero.select_one(".hero-motto").get_text() == "校训（示例）"


def test_footer_has_copyright_year_and_university_link(sample_site):
    legal = soup(sample_site).select_one(".site-footer .footer-legal")
    assert re.fullmatch(r"© 20\d\d 潍坊学院校友会 潍坊学院", legal.get_text(" ", strip=True))
    assert legal.find("a")["href"] == "https://www.wfu.edu.cn/"


def test_dev_build_is_not_marked_staging(sample_site):
    for page in reader_pages(sample_site)[:50]:
        text = page.read_text(encoding="utf-8")
        assert "staging-banner" not in text, page
        if "这篇文章已撤稿" not in text:  # a withdrawal notice is noindex in every build (test_withdraw.py)
            assert 'content="noindex' not in text, page


def test_staging_publish_marks_every_page_noindex_with_a_banner(published_site):
    pages = reader_pages(published_site)
    assert len(pages) > 50
    for page in pages:
        doc = soup(published_site, page.relative_to(published_site))
        assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow", page
        assert doc.select_one(".staging-banner").get_text().startswith("测试版"), page


def test_publish_refuses_sample_content_without_site_staging(tmp_path, prebuilt):
    before = snapshot(prebuilt)
    result = run_build(SAMPLE_CONTENT, prebuilt, "build", "--publish", env={"SITE_STAGING": ""})
    assert_failed_cleanly(result, prebuilt, before)
    lines = result.stderr.splitlines()
    for key in (
        "sample-marker",
        "sample-image",
        "placeholder-account",
        "placeholder-emblem",
        "missing-icp",
        "missing-police-filing",
        "placeholder-contact",
    ):
        assert any(line.endswith(f"[{key}]") for line in lines), key
    for line in lines:
        if line.endswith("]") and "[" in line:
            assert re.match(r"^(content/\S+:\d+|pelicanconf\.py:\d+): ", line), line


def test_check_publish_reports_the_guard_too(tmp_path):
    result = run_build(SAMPLE_CONTENT, tmp_path / "never", "check", "--publish", env={"SITE_STAGING": ""})
    assert result.returncode == 1 and "[placeholder-emblem]" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_site_staging_value_fails_instead_of_publishing(tmp_path):
    result = run_build(SAMPLE_CONTENT, tmp_path / "never", "check", "--publish", env={"SITE_STAGING": "yes"})
    assert result.returncode == 1
    assert (
        "SITE_STAGING: 环境变量 SITE_STAGING=“yes”无效" in result.stderr
        and "[invalid-site-staging]" in result.stderr
    )


def test_missing_identity_images_are_errors(content_copy, capsys):
    (content_copy / "images/identity/campus-sample.jpg").unlink()
    (content_copy / "images/identity/emblem-placeholder.svg").unlink()
    result = check_in_process(content_copy, capsys)
    assert result.returncode == 1
    found = [line for line in result.stderr.splitlines() if "[image-not-found]" in line]
    assert len(found) == 2 and all(
        re.match(r"pelicanconf\.py:\d+: SITE_IDENTITY\['(emblem|hero_image)'\]", x) for x in found
    )
