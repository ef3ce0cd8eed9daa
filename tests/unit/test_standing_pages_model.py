"""Standing pages: schema, numbered charter, settings."""

from __future__ import annotations

import pytest

from pelicanconf import STANDING_PAGES
from plugins.common.errors import ContentErrors
from plugins.common.settings import SettingsError
from plugins.standing_pages.model import chinese_number, load_pages, number_charter, parse_page
from plugins.standing_pages.settings import standing_pages_config

GOOD = """---
title: 校友会简介
slug: introduction
summary: 宗旨与任务。
order: 1
layout: page
---

正文。
"""


def parse(text: str, tmp_path):
    source = tmp_path / "content" / "pages" / "a.md"
    return parse_page(text, "content/pages/a.md", str(source), str(tmp_path / "content"))


def errors_of(text: str, tmp_path) -> list[tuple[int, str]]:
    with pytest.raises(ContentErrors) as info:
        parse(text, tmp_path)
    return [(e.line, e.key) for e in info.value.errors]


def test_valid_page(tmp_path):
    page = parse(GOOD, tmp_path)
    assert (page.title, page.slug, page.summary, page.order, page.layout, page.status) == (
        "校友会简介", "introduction", "宗旨与任务。", 1, "page", "published"
    )  # fmt: skip
    assert page.body.strip() == "正文。" and page.body_line == 8


def test_defaults(tmp_path):
    page = parse("---\ntitle: 联系我们\nslug: contact\n---\n", tmp_path)
    assert (page.order, page.layout, page.summary) == (100, "page", None)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: 校友会简介", "title:", [(2, "missing-title")]),
        ("slug: introduction", "slug:", [(3, "missing-slug")]),
        ("slug: introduction", "slug: 简介", [(3, "invalid-slug")]),
        ("slug: introduction", "slug: About", [(3, "invalid-slug")]),
        ("order: 1", "order: 第一", [(5, "invalid-order")]),
        ("order: 1", "order: -1", [(5, "invalid-order")]),
        ("layout: page", "layout: form", [(6, "unknown-layout")]),
        ("layout: page", "layout: page\nstatus: hidden", [(7, "invalid-status")]),
        ("layout: page", "layout: page\ndate: 2026-01-01", [(7, "unknown-field")]),
        ("正文。", "![校园](/images/none.jpg)", [(9, "image-not-found")]),
        ("正文。", "第一行\n联系 139 1234 5678", [(10, "private-contact")]),
        ("summary: 宗旨与任务。", "summary: 秘书 a@qq.com", [(4, "private-contact")]),
    ],
)
def test_field_errors(tmp_path, old, new, expected):
    assert old in GOOD
    assert [key for _, key in errors_of(GOOD.replace(old, new), tmp_path)] == [key for _, key in expected]
    assert errors_of(GOOD.replace(old, new), tmp_path)[0][0] == expected[0][0]


def test_two_pages_with_one_slug(tmp_path):
    folder = tmp_path / "content" / "pages"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(GOOD)
    (folder / "b.md").write_text(GOOD)
    (folder / "c.md").write_text(GOOD.replace("layout: page", "layout: x"))
    pages, errors = load_pages(str(tmp_path / "content"), "pages")
    assert [p.path for p in pages] == ["content/pages/a.md", "content/pages/b.md"]
    assert [(e.path, e.key) for e in errors] == [
        ("content/pages/c.md", "unknown-layout"),
        ("content/pages/b.md", "duplicate-url"),
    ]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九")],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_chinese_numbers_out_of_range():
    for n in (0, 100):
        with pytest.raises(ValueError):
            chinese_number(n)


def test_charter_numbers_chapters_and_articles_continuously():
    body = "前言。\n\n## 总则\n\n1. 名称。\n2. 性质。\n\n## 会员\n\n1. 资格。\n3、权利。\n\n```\n1. 代码\n## 代码\n```\n"
    assert number_charter(body) == (
        "前言。\n\n## 第一章 总则\n\n\n**第一条**　名称。\n\n\n**第二条**　性质。\n\n\n## 第二章 会员\n\n"
        "\n**第三条**　资格。\n\n\n**第四条**　权利。\n\n\n```\n1. 代码\n## 代码\n```\n"
    )


def test_charter_keeps_chapters_the_editor_numbered():
    assert number_charter("## 第一章 总则\n") == "## 第一章 总则\n"


def test_settings_of_the_site_and_errors():
    config = standing_pages_config(STANDING_PAGES)
    assert config.register_form.url.startswith("https://") and len(config.programmes) == 3
    assert config.wechat_qr == "images/wechat/official-account-sample.png"
    assert standing_pages_config(None).register_form is None
    for bad in (
        {"register_form": {"url": "http://example.com/form"}},
        {"programmes": ({"name": "x", "url": "ftp://x"},)},
        {"programmes": ({"url": "https://x.cn/"},)},
        {"contact": {"phone": "0536"}},
        {"contact": {"map_url": "javascript:alert(1)"}},
        {"forms": ()},
    ):
        with pytest.raises(SettingsError):
            standing_pages_config(bad)
