"""会长致辞, 大事记 and the footer accounts (plugins/about): table-driven, no build."""

from __future__ import annotations

import pytest

from plugins.about.model import parse_message, parse_milestones
from plugins.about.settings import about_config
from plugins.common.errors import ContentErrors
from plugins.common.settings import SettingsError

PATH = "content/data/milestones.yml"


def test_milestones_sorted_with_the_precision_the_editor_gave():
    found, errors = parse_milestones(
        "- date: 2012-10-20\n  title: 校友会成立\n- date: 1951\n  title: 创办\n  text: 前身\n- date: 2000-3\n  title: 组建\n",
        PATH,
    )
    assert errors == []
    assert [(m.when, m.iso, m.title, m.line) for m in found] == [
        ("1951年", "1951", "创办", 3),
        ("2000年3月", "2000-03", "组建", 6),
        ("2012年10月20日", "2012-10-20", "校友会成立", 1),
    ]
    assert found[0].text == "前身"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- title: 没有日期\n", [(1, "missing-date")]),
        ("- date: 2012\n", [(1, "missing-title")]),
        ("- date: 2012-13\n  title: x\n", [(1, "invalid-date")]),
        ("- date: 2012-02-30\n  title: x\n", [(1, "invalid-date")]),
        ("- date: 去年\n  title: x\n", [(1, "invalid-date")]),
        (
            "- date: 2012\n  title: 好\n- date: 2013\n  titel: 拼错\n",
            [(4, "unknown-field"), (3, "missing-title")],
        ),
        ("- 只是一行字\n", [(1, "invalid-milestones")]),
    ],
)
def test_milestone_errors_at_their_lines(text, expected):
    _, errors = parse_milestones(text, PATH)
    assert sorted((e.line, e.key) for e in errors) == sorted(expected)
    assert all(e.path == PATH for e in errors)


def test_milestones_must_be_a_list():
    with pytest.raises(ContentErrors) as raised:
        parse_milestones("date: 2012\ntitle: x\n", PATH)
    assert raised.value.errors[0].key == "invalid-milestones"


MESSAGE = "---\nname: 王明远\nrole: 会长\n{extra}---\n\n{body}\n"


def test_message_reads_and_reports_every_problem(tmp_path):
    source = str(tmp_path / "message.md")
    made = parse_message(
        MESSAGE.format(extra="date: 2026-09-01\n", body="正文"), "m.md", source, str(tmp_path)
    )
    assert (made.title, made.name, made.role, str(made.date)) == ("会长致辞", "王明远", "会长", "2026-09-01")
    (tmp_path / "images").mkdir()
    with pytest.raises(ContentErrors) as raised:
        parse_message("---\nphoto: images/none.jpg\n---\n\n", "m.md", source, str(tmp_path))
    keys = {e.key for e in raised.value.errors}
    assert {"missing-name", "missing-role", "missing-body", "image-not-found"} <= keys


def test_footer_accounts_setting():
    config = about_config({"accounts": ({"name": "微博", "image": "/images/w.png"},)})
    assert [(a.name, a.image, a.alt) for a in config.accounts] == [("微博", "images/w.png", "微博二维码")]
    with pytest.raises(SettingsError, match="缺少二维码图片"):
        about_config({"accounts": ({"name": "视频号"},)})
    with pytest.raises(SettingsError, match="可用的键"):
        about_config({"accounts": ({"name": "视频号", "image": "a.png", "url": "https://x"},)})
