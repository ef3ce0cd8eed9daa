"""校友之家: memories, the gallery of in-kind gifts and the new gift fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from plugins.alumni_home.model import (
    gallery_gifts,
    gift_photo_errors,
    group_memories,
    load_memories,
    parse_memory,
)
from plugins.alumni_home.settings import alumni_home_config
from plugins.common.errors import ContentErrors
from plugins.common.settings import SettingsError
from plugins.common.yamlio import load_yaml
from plugins.donations.model import Project, parse_gift

CONFIG = alumni_home_config(None)
COLLEGES = {"lit": "文学与新闻传播学院", "cs": "计算机工程学院"}
MEMORY = """---
title: 八十年代的图书馆
decade: 1980
college: lit
author: 韩秀兰
class_year: 1987
consent: true
photos:
  - src: images/memories/library.jpg
    alt: 老图书馆外景
    year: 1985
---

正文。
"""


def root_with_photo(tmp_path):
    root = tmp_path / "content"
    (root / "images" / "memories").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (200, 120), "sienna").save(root / "images/memories/library.jpg")
    return root


def memory(text: str, tmp_path, colleges=COLLEGES):
    root = root_with_photo(tmp_path)
    source = root / "memories" / "a.md"
    return parse_memory(
        text, "content/memories/a.md", str(source), str(root), CONFIG, colleges, this_year=2026
    )


def errors_of(text: str, tmp_path) -> list[tuple[int, str]]:
    with pytest.raises(ContentErrors) as info:
        memory(text, tmp_path)
    return [(e.line, e.key) for e in info.value.errors]


def test_valid_memory(tmp_path):
    m = memory(MEMORY, tmp_path)
    assert (m.title, m.decade, m.decade_label, m.college, m.author, m.class_year) == (
        "八十年代的图书馆", 1980, "1980年代", "lit", "韩秀兰", 1987
    )  # fmt: skip
    assert m.slug == "ba-shi-nian-dai-de-tu-shu-guan"
    assert [(p.src, p.alt, p.year, p.line) for p in m.photos] == [
        ("images/memories/library.jpg", "老图书馆外景", 1985, 9)
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: 八十年代的图书馆", "title:", [(2, "missing-title")]),
        ("decade: 1980", "decade:", [(3, "missing-decade")]),
        ("decade: 1980", "decade: 1985", [(3, "invalid-decade")]),
        ("decade: 1980", "decade: 八十年代", [(3, "invalid-decade")]),
        ("decade: 1980", "decade: 1940", [(3, "invalid-decade")]),
        ("decade: 1980", "decade: 2030", [(3, "invalid-decade")]),
        ("college: lit", "college: history", [(4, "unknown-college")]),
        ("author: 韩秀兰", "author:", [(5, "missing-author")]),
        ("consent: true", "consent: false", [(7, "missing-consent")]),
        ("consent: true\n", "", [(5, "missing-consent")]),
        ("class_year: 1987", "class_year: 87届", [(6, "invalid-class-year")]),
        ("    alt: 老图书馆外景", "    alt:", [(10, "missing-photo-alt")]),
        ("  - src: images/memories/library.jpg", "  - src:", [(9, "missing-photo-src")]),
        ("images/memories/library.jpg", "images/memories/none.jpg", [(9, "image-not-found")]),
        ("    year: 1985", "    year: 八五年", [(11, "invalid-photo-year")]),
        ("    year: 1985", "    year: 1985\n    place: 图书馆", [(12, "unknown-field")]),
        ("consent: true", "consent: true\nphone: 13912345678", [(8, "unknown-field")]),
        ("consent: true", "consent: true\nslug: decade", [(8, "invalid-slug")]),
        ("正文。", "宿舍电话 13912345678", [(14, "private-contact")]),
        ("consent: true", "consent: true\nsummary: 联系 wang@163.com", [(8, "private-contact")]),
    ],
)
def test_memory_field_errors(tmp_path, old, new, expected):
    assert old in MEMORY
    assert errors_of(MEMORY.replace(old, new), tmp_path) == expected


def test_photos_must_be_a_list_of_records(tmp_path):
    text = MEMORY.split("photos:")[0] + "photos: [images/memories/library.jpg]\n---\n"
    assert errors_of(text, tmp_path) == [(8, "invalid-photos")]


def test_college_is_optional_and_unchecked_before_colleges_exist(tmp_path):
    assert memory(MEMORY.replace("college: lit\n", ""), tmp_path).college is None
    assert (
        memory(MEMORY.replace("college: lit", "college: history"), tmp_path, colleges=None).college
        == "history"
    )


def test_load_reports_shared_urls(tmp_path):
    root = root_with_photo(tmp_path)
    (root / "memories").mkdir()
    (root / "memories" / "a.md").write_text(MEMORY)
    (root / "memories" / "b.md").write_text(MEMORY)
    found, errors = load_memories(str(root), CONFIG, COLLEGES, this_year=2026)
    assert len(found) == 2 and [(e.path, e.key) for e in errors] == [
        ("content/memories/a.md", "duplicate-url"),
        ("content/memories/b.md", "duplicate-url"),
    ]


def test_grouping_oldest_decade_first_and_colleges_in_order(tmp_path):
    a = memory(MEMORY, tmp_path)
    b = a.__class__(**{**a.__dict__, "slug": "b", "decade": 1960, "college": None})
    c = a.__class__(**{**a.__dict__, "slug": "c", "decade": 1980, "college": "cs"})
    groups = group_memories([a, b, c], COLLEGES)
    assert [(g.slug, g.name, [m.slug for m in g.items]) for g in groups["decade"]] == [
        ("1960", "1960年代", ["b"]),
        ("1980", "1980年代", [a.slug, "c"]),
    ]
    assert [(g.slug, len(g.items)) for g in groups["college"]] == [("lit", 1), ("cs", 1)]


PROJECTS = {
    "fund": Project(
        "fund",
        "基金",
        "school",
        None,
        None,
        date(2020, 1, 1),
        None,
        "open",
        None,
        None,
        None,
        "",
        1,
        "p.md",
        "p.md",
    )
}
GIFT = """
- donor: 林晓
  donor_type: alumnus
  project: fund
  kind: in_kind
  item: 地球仪一座
  date: 2025-05-20
  photo: images/gifts/globe.jpg
  photo_alt: 地球仪
  location_on_campus: 实训中心
  certificate: WFU-1
"""


def gift(text: str):
    records = load_yaml(text, "content/donors/gifts/2025.yml")
    return parse_gift(
        records[0], "content/donors/gifts/2025.yml", records.line_of(0), PROJECTS, this_year=2026
    )


def test_in_kind_gift_fields():
    found, errors = gift(GIFT)
    assert errors == []
    assert (found.photo, found.photo_alt, found.location_on_campus, found.certificate, found.photo_line) == (
        "images/gifts/globe.jpg", "地球仪", "实训中心", "WFU-1", 8
    )  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "line", "key"),
    [
        ("  photo_alt: 地球仪\n", "", 8, "missing-photo-alt"),
        ("kind: in_kind\n  item: 地球仪一座", "kind: money\n  amount: 100", 8, "invalid-kind"),
        ("kind: in_kind\n  item: 地球仪一座", "kind: service\n  item: 讲座", 8, "invalid-kind"),
    ],
)
def test_in_kind_gift_field_errors(old, new, line, key):
    assert old in GIFT
    found, errors = gift(GIFT.replace(old, new))
    assert found is None and (errors[0].line, errors[0].key) == (line, key)


def test_gallery_shows_in_kind_gifts_with_photos_newest_first(tmp_path):
    with_photo, _ = gift(GIFT)
    older, _ = gift(GIFT.replace("2025-05-20", "2021-01-01"))
    no_photo, _ = gift(GIFT.replace("  photo: images/gifts/globe.jpg\n  photo_alt: 地球仪\n", ""))
    money, _ = gift(
        GIFT.replace("kind: in_kind\n  item: 地球仪一座", "kind: money\n  amount: 100").split("  photo:")[0]
    )
    assert money.amount == Decimal("100")
    assert gallery_gifts([older, money, no_photo, with_photo]) == [with_photo, older]
    root = tmp_path / "content"
    (root / "images" / "gifts").mkdir(parents=True)
    errors = gift_photo_errors([with_photo], str(root))
    assert [(e.path, e.line, e.key) for e in errors] == [
        ("content/donors/gifts/2025.yml", 8, "image-not-found")
    ]
    Image.new("RGB", (60, 40)).save(root / "images/gifts/globe.jpg")
    assert gift_photo_errors([with_photo], str(root)) == []


def test_settings_errors():
    for bad in ({"photo_widths": (10,)}, {"earliest_decade": 1955}, {"folder": "m", "extra": 1}):
        with pytest.raises(SettingsError):
            alumni_home_config(bad)
