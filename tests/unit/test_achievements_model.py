"""Achievement profiles: YAML in, Achievement or errors out; grouping."""

from __future__ import annotations

from datetime import datetime

import pytest
from PIL import Image

from pelicanconf import ACHIEVEMENTS
from plugins.achievements.model import (
    Achievement,
    group_profiles,
    load_achievements,
    parse_achievement,
    sort_profiles,
)
from plugins.achievements.settings import SettingsError, achievements_config
from plugins.common.errors import ContentErrors
from plugins.common.registries import Registries

CONFIG = achievements_config(ACHIEVEMENTS)
COLLEGES = Registries(colleges={"cs": "计算机工程学院", "teacher": "教师教育学院"})
GOOD = """---
title: 扎根乡村三十年的特级教师
alumnus: 赵明远（示例人物）
class_year: 1995
college: teacher
field: 教育
honours: [山东省特级教师, 全国优秀乡村教师]
photo: images/alumni/zhao.jpg
photo_alt: 赵明远在课堂上
date: 2025-11-08
distinguished: true
---

赵明远毕业后回到家乡任教。
"""


def parse(text: str, tmp_path, registries: Registries = COLLEGES, name: str = "a") -> Achievement:
    root = tmp_path / "content"
    (root / "images" / "alumni").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (80, 100), "gray").save(root / "images/alumni/zhao.jpg")
    source = root / "achievements" / f"{name}.md"
    return parse_achievement(
        text, f"content/achievements/{name}.md", str(source), str(root), CONFIG, registries, this_year=2026
    )


def errors_of(text: str, tmp_path, **kwargs) -> list[tuple[int, str]]:
    with pytest.raises(ContentErrors) as info:
        parse(text, tmp_path, **kwargs)
    return [(e.line, e.key) for e in info.value.errors]


def test_valid_profile(tmp_path):
    profile = parse(GOOD, tmp_path)
    assert profile.slug == "zha-gen-xiang-cun-san-shi-nian-de-te-ji-jiao-shi"
    assert (profile.class_year, profile.decade, profile.college) == (1995, 1990, "teacher")
    assert (profile.field, profile.field_slug) == ("教育", "education")
    assert profile.honours == ("山东省特级教师", "全国优秀乡村教师")
    assert profile.photo == "images/alumni/zhao.jpg" and profile.photo_line == 8
    assert profile.distinguished and profile.status == "published"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("college: teacher", "college: math", [(5, "unknown-college")]),
        ("college: teacher", "college: 教师教育学院", [(5, "invalid-college")]),
        ("college: teacher", "college:", [(5, "missing-college")]),
        ("field: 教育", "field: 教育学", [(6, "unknown-achievement-field")]),
        ("field: 教育", "field:", [(6, "missing-field")]),
        ("class_year: 1995", "class_year: 95", [(4, "invalid-class-year")]),
        ("class_year: 1995", "class_year: 2031", [(4, "invalid-class-year")]),
        ("class_year: 1995", "class_year: 1995届", [(4, "invalid-class-year")]),
        ("class_year: 1995", "class_year:", [(4, "missing-class-year")]),
        ("alumnus: 赵明远（示例人物）", "alumnus:", [(3, "missing-alumnus")]),
        ("title: 扎根乡村三十年的特级教师", "title:", [(2, "missing-title")]),
        ("photo: images/alumni/zhao.jpg", "photo: images/alumni/none.jpg", [(8, "image-not-found")]),
        ("photo_alt: 赵明远在课堂上", "photo_alt:", [(8, "missing-photo-alt")]),
        ("honours: [山东省特级教师, 全国优秀乡村教师]", "honours: 山东省特级教师", [(7, "invalid-honours")]),
        ("date: 2025-11-08", "date: 2025年", [(10, "invalid-date")]),
        ("distinguished: true", "distinguished: 是", [(11, "invalid-distinguished")]),
        ("distinguished: true", "slug: field", [(11, "invalid-slug")]),
        ("distinguished: true", "status: hidden", [(11, "invalid-status")]),
        ("distinguished: true", "phone: 13900000000", [(11, "unknown-field")]),
    ],
)
def test_field_errors(tmp_path, old, new, expected):
    assert old in GOOD
    assert errors_of(GOOD.replace(old, new), tmp_path) == expected


def test_college_ids_are_only_checked_once_colleges_exist(tmp_path):
    assert (
        parse(GOOD.replace("college: teacher", "college: math"), tmp_path, registries=Registries()).college
        == "math"
    )


def test_load_reports_duplicate_urls_but_not_for_drafts(tmp_path):
    root = tmp_path / "content"
    (root / "achievements").mkdir(parents=True)
    (root / "images" / "alumni").mkdir(parents=True)
    Image.new("RGB", (80, 100), "gray").save(root / "images/alumni/zhao.jpg")
    (root / "achievements" / "a.md").write_text(GOOD)
    (root / "achievements" / "b.md").write_text(GOOD)
    (root / "achievements" / "c.md").write_text(GOOD.replace("distinguished: true", "status: draft"))
    profiles, errors = load_achievements(str(root), CONFIG, COLLEGES, this_year=2026)
    assert len(profiles) == 3
    assert [(e.path, e.line, e.key) for e in errors] == [
        ("content/achievements/a.md", 2, "duplicate-url"),
        ("content/achievements/b.md", 2, "duplicate-url"),
    ]


def test_grouping_and_order(tmp_path):
    base = parse(GOOD, tmp_path)
    other = base.__class__(
        **{
            **base.__dict__,
            "slug": "b",
            "college": "cs",
            "class_year": 2006,
            "field": "科技",
            "field_slug": "technology",
            "distinguished": False,
            "date": datetime(2026, 1, 1).astimezone(),
        }
    )
    stray = base.__class__(
        **{
            **base.__dict__,
            "slug": "c",
            "college": "gone",
            "class_year": 2008,
            "distinguished": False,
            "date": None,
        }
    )
    assert [p.slug for p in sort_profiles([stray, other, base])] == [base.slug, "b", "c"]
    groups = group_profiles([base, other, stray], CONFIG, {"cs": "计算机工程学院", "teacher": "教师教育学院"})
    assert [(g.slug, g.name, len(g.profiles)) for g in groups["field"]] == [
        ("education", "教育", 2),
        ("technology", "科技", 1),
    ]
    assert [g.slug for g in groups["college"]] == ["cs", "teacher", "gone"]
    assert [(g.slug, g.name) for g in groups["decade"]] == [("2000", "2000—2009届"), ("1990", "1990—1999届")]


def test_settings():
    assert achievements_config(ACHIEVEMENTS).field_names[0] == "教育"
    with pytest.raises(SettingsError):
        achievements_config(None)
    with pytest.raises(SettingsError):
        achievements_config({**ACHIEVEMENTS, "photo_widths": (10,)})
    with pytest.raises(SettingsError):
        achievements_config({**ACHIEVEMENTS, "colour": "red"})
