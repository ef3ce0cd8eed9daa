"""News front-matter validation: YAML in, NewsMeta or errors out."""

from datetime import datetime, timedelta

import pytest
from PIL import Image

from pelicanconf import NEWS
from plugins.common.errors import ContentErrors
from plugins.news.model import (
    NewsSource,
    Registries,
    RelatedEntry,
    duplicate_url_errors,
    parse_news,
    related_map,
)
from plugins.news.settings import SettingsError, news_config

CONFIG = news_config(NEWS)
GOOD = """---
title: 校友大讲堂第一讲
date: 2024-05-12 14:30
category: 校友大讲堂
tags: [人工智能, 计算机工程学院]
author: 合作发展处
---

正文第一段。
"""


def parse(text: str, tmp_path, registries: Registries | None = None) -> NewsSource:
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (90, 60), "red").save(root / "images/cover.jpg")
    return parse_news(
        text, "content/news/a.md", str(root / "news/a.md"), str(root), CONFIG, registries or Registries()
    )


def errors_of(text: str, tmp_path, **kwargs) -> list[tuple[int, str]]:
    with pytest.raises(ContentErrors) as info:
        parse(text, tmp_path, **kwargs)
    return [(e.line, e.key) for e in info.value.errors]


def test_valid_article(tmp_path):
    source = parse(GOOD, tmp_path)
    meta = source.meta
    assert meta.title == "校友大讲堂第一讲"
    assert meta.date == datetime.fromisoformat("2024-05-12T14:30:00+08:00")
    assert (meta.category, meta.category_slug) == ("校友大讲堂", "lectures")
    assert meta.tags == ("人工智能", "计算机工程学院")
    assert meta.slug == "xiao-you-da-jiang-tang-di-yi-jiang"
    assert meta.slug == "xiao-you-da-jiang-tang-di-yi-jiang"
    assert meta.status == "published" and meta.featured is False
    assert source.body_line == 8 and source.url_line == 2


def test_explicit_slug_wins_and_sets_url_line(tmp_path):
    source = parse(GOOD.replace("author:", "slug: lecture-1\nauthor:"), tmp_path)
    assert source.meta.slug == "lecture-1" and source.url_line == 6


def test_cover_is_checked_and_normalised(tmp_path):
    source = parse(GOOD.replace("author:", "cover: '{static}/images/cover.jpg'\nauthor:"), tmp_path)
    assert source.meta.cover == "images/cover.jpg"


def field(text: str, name: str, value: str) -> str:
    """GOOD with one field replaced (or added before author when absent)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"{name}:"):
            if value is None:
                del lines[i]
            else:
                lines[i] = f"{name}: {value}"
            return "\n".join(lines)
    i = lines.index("author: 合作发展处")
    lines.insert(i, f"{name}: {value}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("title", None, [(1, "missing-title")]),
        ("title", "''", [(2, "missing-title")]),
        ("title", "[a, b]", [(2, "wrong-type")]),
        ("date", None, [(1, "missing-date")]),
        ("date", "2024-5-12", [(3, "invalid-date")]),
        ("date", "2024-02-30", [(3, "invalid-date")]),
        ("category", None, [(1, "missing-category")]),
        ("category", "校友动态", [(4, "unknown-category")]),
        ("tags", "校友", [(5, "invalid-tags")]),
        ("tags", "[a, '']", [(5, "invalid-tags")]),
        ("slug", "Bad_Slug", [(6, "invalid-slug")]),
        ("slug", "page", [(6, "invalid-slug")]),
        ("cover", "images/none.jpg", [(6, "image-not-found")]),
        ("college", "计算机学院", [(6, "invalid-college")]),
        ("association", "Jinan!", [(6, "invalid-association")]),
        ("featured", "'yes please'", [(6, "invalid-featured")]),
        ("status", "hidden", [(6, "invalid-status")]),
        ("catagory", "x", [(6, "unknown-field")]),
    ],
)
def test_field_errors(tmp_path, name, value, expected):
    assert errors_of(field(GOOD, name, value), tmp_path) == expected


def test_messages_are_chinese_with_choices(tmp_path):
    with pytest.raises(ContentErrors) as info:
        parse(field(GOOD, "category", "校友动态"), tmp_path)
    [error] = info.value.errors
    assert error.format().startswith("content/news/a.md:4: 未知栏目“校友动态”，是不是“校友会动态”？可选：")
    assert error.format().endswith("[unknown-category]")


def test_every_error_is_reported_at_once(tmp_path):
    text = GOOD.replace("2024-05-12 14:30", "昨天").replace("校友大讲堂\n", "讲座\n") + "\n![](x.jpg)\n"
    keys = [key for _, key in errors_of(text, tmp_path)]
    assert keys == ["invalid-date", "unknown-category", "image-missing-alt", "image-not-found"]


def test_unknown_ids_once_registries_exist(tmp_path):
    registries = Registries(colleges={"cs": "计算机工程学院"}, associations={"jinan": "济南校友会"})
    assert parse(field(GOOD, "college", "cs"), tmp_path, registries).meta.college == "cs"
    text = field(field(GOOD, "college", "math"), "association", "qingdao")
    assert errors_of(text, tmp_path, registries=registries) == [
        (6, "unknown-college"),
        (7, "unknown-association"),
    ]


def test_yaml_errors_come_from_the_file(tmp_path):
    assert (
        errors_of(GOOD.replace("tags: [人工智能, 计算机工程学院]", "tags: [人工智能"), tmp_path)[0][1]
        == "yaml-syntax"
    )


def test_duplicate_urls_name_both_files():
    errors = duplicate_url_errors(
        [("a.md", "news/2024/x/", 2), ("b.md", "news/2024/x/", 6), ("c.md", "news/2024/y/", 2)]
    )
    assert [(e.path, e.line, e.key) for e in errors] == [
        ("a.md", 2, "duplicate-url"),
        ("b.md", 6, "duplicate-url"),
    ]
    assert "b.md" in errors[0].message and "a.md" in errors[1].message


def test_related_prefers_shared_tags_then_category_then_nearby_dates():
    day = datetime(2024, 1, 1)
    entries = [
        RelatedEntry("me", ("ai", "cs"), "lectures", day),
        RelatedEntry("two-tags", ("ai", "cs"), "events", day - timedelta(days=300)),
        RelatedEntry("tag+cat", ("ai",), "lectures", day - timedelta(days=200)),
        RelatedEntry("one-tag", ("cs",), "events", day - timedelta(days=1)),
        RelatedEntry("cat-near", (), "lectures", day + timedelta(days=1)),
        RelatedEntry("cat-far", (), "lectures", day + timedelta(days=90)),
        RelatedEntry("nothing", ("x",), "notices", day),
    ]
    result = related_map(entries, count=5)
    assert result["me"] == ["two-tags", "tag+cat", "one-tag", "cat-near", "cat-far"]
    assert result["nothing"] == []


def test_related_is_linear_with_a_window():
    day = datetime(2024, 1, 1)
    entries = [RelatedEntry(i, ("popular",), "events", day + timedelta(hours=i)) for i in range(2000)]
    result = related_map(entries, count=3, window=5)
    assert result[1000] == [1001, 999, 1002]  # nearest first, newer wins a tie
    assert all(len(v) == 3 for v in result.values())


def test_news_settings_merge_and_reject_unknown_keys():
    assert news_config(dict(NEWS, related_count=2)).related_count == 2
    assert news_config(NEWS).categories[2] == ("校友大讲堂", "lectures")
    assert news_config(NEWS).latest_count == 8  # a default
    with pytest.raises(SettingsError, match="未知的键"):
        news_config({"categorys": []})
    with pytest.raises(SettingsError, match="对的列表"):
        news_config(None)
    with pytest.raises(SettingsError, match="不能重复"):
        news_config({"categories": [("a", "x"), ("b", "x")]})


@pytest.mark.parametrize(
    "header",
    [
        "",
        "title:",
        "title: null\ndate: null\ncategory: null",
        "1: x\n2: y",
        "title: [a]\ndate: [2024]\ncategory: [校庆]\ntags: [[a]]\nslug: [x]",
        "title: {a: b}\ndate: {x: 1}\ncategory: {c: d}\ncover: {e: f}\nstatus: [x]\nfeatured: [true]",
        "title: 2024\ndate: 2024\ncategory: 2024\ntags: 2024\nslug: 2024\ncollege: 7\nassociation: true",
        "title: x\ndate: 2024-01-01\ncategory: 校庆\ncover: ''\nsummary: ''\ntags: []",
        "? [a, b]\n: c",
        "title: &a x\nsummary: *a\ndate: 2024-01-01\ncategory: 校庆",
    ],
)
def test_odd_front_matter_never_crashes(tmp_path, header):
    """Whatever an editor types, the outcome is NewsSource or ContentErrors."""
    try:
        parse(f"---\n{header}\n---\n正文\n", tmp_path)
    except ContentErrors as exc:
        assert exc.errors and all(e.path == "content/news/a.md" and e.line >= 1 for e in exc.errors)


def test_withdrawn_is_a_news_status_and_the_message_lists_it(tmp_path):
    assert parse(field(GOOD, "status", "withdrawn"), tmp_path).meta.status == "withdrawn"
    with pytest.raises(ContentErrors) as info:
        parse(field(GOOD, "status", "hidden"), tmp_path)
    [error] = info.value.errors
    assert "只能是 published（发布）、draft（草稿）或 withdrawn（撤稿）" in error.message
