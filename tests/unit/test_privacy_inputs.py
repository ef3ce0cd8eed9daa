"""Every place an editor can type personal data goes through the one normaliser and detector.

Fields, bodies, YAML keys, alt text, file names and URLs, in hostile spellings;
each error names the file, the line and the field, never the value.
"""

import pytest

from plugins.common.limits import DEFAULT_LIMITS
from plugins.common.privacy import PrivacyPolicy
from plugins.site.guard import guard_content
from tests.unit.test_privacy import ID, TODAY

ZWSP = "\u200b"
G = [ID[i : i + 4] for i in range(0, 18, 4)]
GIFT = """\
- donor: 高明（示例）
  donor_type: alumnus
  project: cs-lab
  kind: in_kind
  item: 微型计算机一台
  date: 2025-03-12
  location_on_campus: {value}
"""
NEWS = """\
---
title: 校友返校日
date: 2025-03-12
{front}
---

第一段。

{body}
"""

CASES = [
    # (relative path, text, line, field named in the message, the value that must not be printed)
    ("donors/gifts/2025.yml", GIFT.format(value="阳光小区C栋1202室"), 7, "location_on_campus", "1202"),
    ("donors/gifts/2025.yml", GIFT.format(value="金融大厦D座1801室"), 7, "location_on_campus", "1801"),
    ("donors/gifts/2025.yml", GIFT.format(value="家属院5-1-302"), 7, "location_on_campus", "5-1-302"),
    ("news/a.md", NEWS.format(front="summary: 联系 wx13812345678", body=""), 4, "summary", "13812345678"),
    ("news/a.md", NEWS.format(front="", body=f"电话 138{ZWSP}1234{ZWSP}5678"), 9, "正文", "5678"),
    ("news/a.md", NEWS.format(front="", body="邮箱 zhang(at)163.com"), 9, "正文", "zhang"),
    ("news/a.md", NEWS.format(front="", body="QQ：12345678"), 9, "正文", "12345678"),
    ("news/a.md", NEWS.format(front="", body=" ".join(G)), 9, "正文", G[1]),
    ("news/a.md", NEWS.format(front="", body="![合影 1381 2345 678](a.jpg)"), 9, "正文", "2345"),
    ("news/a.md", NEWS.format(front="", body="[报名](tel:+86%20138%201234%205678)"), 9, "正文", "5678"),
    ("news/a.md", NEWS.format(front="cover_alt: 张三 Tel13812345678", body=""), 4, "cover_alt", "5678"),
    (
        "news/a.md",
        NEWS.format(front="link: https://example.edu.cn/?q=13812345678", body=""),
        4,
        "link",
        "5678",
    ),
    ("data/x.yml", "people:\n  - 13812345678: 张三\n", 2, "people[1]", "5678"),
    ("data/x.yml", "people:\n  - name: 张三\n    phone: ١٣٨١٢٣٤٥٦٧٨\n", 3, "people[1].phone", "٥٦٧٨"),
    ("news/13812345678.md", NEWS.format(front="", body=""), 0, "文件名", "5678"),
]


@pytest.mark.parametrize(("relative", "text", "line", "field", "value"), CASES)
def test_every_input_is_checked_by_the_one_detector(tmp_path, relative, text, line, field, value):
    target = tmp_path / "content" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    errors = guard_content(str(tmp_path / "content"), DEFAULT_LIMITS, PrivacyPolicy(), TODAY).errors
    assert [(e.path, e.line, e.key) for e in errors] == [(f"content/{relative}", line, "personal-data")]
    assert f"{field}”" in errors[0].message
    assert value not in errors[0].format()
