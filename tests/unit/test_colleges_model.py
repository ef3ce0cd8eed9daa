"""College files: YAML in, College or errors out; public contacts only."""

from __future__ import annotations

import pytest

from plugins.colleges.model import College, duplicate_errors, load_colleges, parse_college
from plugins.colleges.settings import SettingsError, colleges_config
from plugins.common.contacts import email_problem, phone_problem
from plugins.common.errors import ContentErrors
from plugins.common.registries import Registries

GOOD = """---
name: 计算机工程学院
short_name: 计算机学院
id: cs
order: 1
liaison:
  title: 计算机工程学院办公室
  phone: 0536-8785101
  email: cs-xiaoyou@example.edu.cn
website: https://jsj.example.edu.cn/
---

学院简介。
"""


def parse(text: str, tmp_path, name: str = "cs", registries: Registries | None = None) -> College:
    root = tmp_path / "content"
    (root / "colleges").mkdir(parents=True, exist_ok=True)
    source = root / "colleges" / f"{name}.md"
    return parse_college(
        text, f"content/colleges/{name}.md", str(source), str(root), registries or Registries()
    )


def errors_of(text: str, tmp_path, **kwargs) -> list[tuple[int, str]]:
    with pytest.raises(ContentErrors) as info:
        parse(text, tmp_path, **kwargs)
    return [(e.line, e.key) for e in info.value.errors]


def test_valid_college(tmp_path):
    college = parse(GOOD, tmp_path)
    assert (college.id, college.name, college.short_name, college.order) == (
        "cs",
        "计算机工程学院",
        "计算机学院",
        1,
    )
    assert college.liaison.title == "计算机工程学院办公室"
    assert (college.liaison.phone, college.liaison.email) == ("0536-8785101", "cs-xiaoyou@example.edu.cn")
    assert college.body.strip() == "学院简介。" and college.body_line == 12  # the line after ---


def test_id_defaults_to_the_file_name(tmp_path):
    assert parse(GOOD.replace("id: cs\n", ""), tmp_path).id == "cs"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name: 计算机工程学院", "name:", [(2, "missing-name")]),
        ("id: cs", "id: computer", [(4, "id-mismatch")]),
        ("order: 1", "order: 第一", [(5, "invalid-order")]),
        ("order: 1", "order: -3", [(5, "invalid-order")]),
        ("  phone: 0536-8785101", "  phone: 13905361234", [(8, "private-contact")]),
        ("  phone: 0536-8785101", "  phone: 8785101", [(8, "invalid-phone")]),
        ("  email: cs-xiaoyou@example.edu.cn", "  email: zhangsan@qq.com", [(9, "private-contact")]),
        ("  email: cs-xiaoyou@example.edu.cn", "  email: not-an-email", [(9, "invalid-email")]),
        ("  title: 计算机工程学院办公室", "  title:", [(7, "invalid-liaison")]),
        ("  title: 计算机工程学院办公室", "  mobile: 13905361234\n  title: x", [(7, "unknown-field")]),
        ("website: https://jsj.example.edu.cn/", "website: jsj.example.edu.cn", [(10, "invalid-website")]),
        ("website: https://jsj.example.edu.cn/", "logo: images/none.png", [(10, "image-not-found")]),
        ("website: https://jsj.example.edu.cn/", "association: 计算机校友会", [(10, "invalid-association")]),
        ("website: https://jsj.example.edu.cn/", "dean: 张三", [(10, "unknown-field")]),
    ],
)
def test_field_errors(tmp_path, old, new, expected):
    assert old in GOOD
    assert errors_of(GOOD.replace(old, new), tmp_path) == expected


def test_liaison_must_be_a_mapping(tmp_path):
    text = GOOD.replace(
        "liaison:\n  title: 计算机工程学院办公室\n  phone: 0536-8785101\n  email: cs-xiaoyou@example.edu.cn\n",
        "liaison: 计算机工程学院办公室 0536-8785101\n",
    )
    assert errors_of(text, tmp_path) == [(6, "invalid-liaison")]


def test_bad_file_name_is_an_error(tmp_path):
    assert (0, "invalid-id") in errors_of(GOOD.replace("id: cs\n", ""), tmp_path, name="计算机")


def test_association_must_exist_once_associations_exist(tmp_path):
    text = GOOD.replace("website:", "association: cs-alumni\nwebsite:")
    assert (
        parse(text, tmp_path, registries=Registries(associations={"cs-alumni": "计算机校友会"})).association
        == "cs-alumni"
    )
    assert errors_of(text, tmp_path, registries=Registries(associations={})) == [(10, "unknown-association")]


def test_load_sorts_by_order_and_reports_duplicates(tmp_path):
    root = tmp_path / "content"
    (root / "colleges" / "old").mkdir(parents=True)
    (root / "colleges" / "cs.md").write_text(GOOD)
    (root / "colleges" / "econ.md").write_text(
        GOOD.replace("id: cs", "id: econ")
        .replace("name: 计算机工程学院", "name: 经济管理学院")
        .replace("order: 1", "order: 0")
    )
    (root / "colleges" / "old" / "cs.md").write_text(GOOD.replace("order: 1", "order: 5"))
    (root / "colleges" / "README.md").write_text("说明文件不是学院")
    colleges, errors = load_colleges(str(root), colleges_config(None))
    assert [c.id for c in colleges] == ["econ", "cs", "cs"]
    assert sorted((e.path, e.key) for e in errors) == [
        ("content/colleges/cs.md", "duplicate-id"),
        ("content/colleges/cs.md", "duplicate-name"),
        ("content/colleges/old/cs.md", "duplicate-id"),
        ("content/colleges/old/cs.md", "duplicate-name"),
    ]
    assert duplicate_errors(colleges[:2]) == []


@pytest.mark.parametrize(
    ("phone", "key"),
    [
        ("0536-8785000", None),
        ("010-12345678", None),
        ("0536-878xxxx", None),
        ("0536-8785000转801", None),
        ("13905361234", "private-contact"),
        ("+86 139 0536 1234", "private-contact"),
        ("8785000", "invalid-phone"),
    ],
)
def test_phone_problem(phone, key):
    problem = phone_problem(phone)
    assert (problem[0] if problem else None) == key


@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("xiaoyou@wfu.edu.cn", None),
        ("a@163.com", "private-contact"),
        ("a@QQ.com", "private-contact"),
        ("a@", "invalid-email"),
    ],
)
def test_email_problem(email, key):
    problem = email_problem(email)
    assert (problem[0] if problem else None) == key


def test_settings_reject_unknown_keys():
    assert colleges_config({"latest_news": 3}).latest_news == 3
    with pytest.raises(SettingsError):
        colleges_config({"latest": 3})
    with pytest.raises(SettingsError):
        colleges_config({"latest_news": True})
