"""Hostile and careless content: refused with ``path:line``, a key, no traceback.

Each case is what an attacker or a careless editor did (issue 10): the check
must name the file and line, give the key, never echo the personal value, and
a failed build must leave ``output/`` byte-identical.  The cases are checked in
this process, the way ``check`` and the build's first step check them
(:mod:`tests.site_errors`; the printed lines are ``error.format()``); one real
build shows the command's exit code and the untouched output.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import assert_failed_cleanly, run_build, snapshot
from tests.site_errors import load_errors, reported

NEWS = "news/2023/council-election.md"


def check(content: Path) -> Checked:
    """What ``python -m wfu.build check`` exits with and prints for ``content``, without its process."""
    errors = load_errors(content)
    return Checked(1 if errors else 0, reported(errors))


class Checked(NamedTuple):
    """The exit code and the printed report of a check (what the command line shows)."""

    returncode: int
    stderr: str
    stdout: str = ""


def assert_refused(result, where: str, key: str, forbidden: str | None = None) -> None:
    """Exit 1, an error line ``where…: … [key]`` and never the value itself."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    pattern = re.compile(rf"^{re.escape(where)}(:\d+)?: .+ \[{re.escape(key)}\]$", re.M)
    assert pattern.search(result.stderr), result.stderr
    if forbidden:
        assert forbidden not in result.stderr + result.stdout


def insert_front_matter(path: Path, lines: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    path.write_text("---\n" + lines + text[4:], encoding="utf-8")


def replace_field(path: Path, name: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{name}:.*$", lambda _: f"{name}: {value}", text, count=1, flags=re.M)
    assert count == 1, name
    path.write_text(new, encoding="utf-8")


# ---- limits ------------------------------------------------------------------------


def test_yaml_alias_bomb_in_a_data_file_is_refused_at_once(content_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    (content_copy / "data" / "associations.yml").write_text(bomb, encoding="utf-8")
    assert_refused(check(content_copy), "content/data/associations.yml", "yaml-alias")


def test_yaml_alias_in_front_matter_is_refused(content_copy):
    insert_front_matter(content_copy / NEWS, "x: &a 1\ny: *a\n")
    assert_refused(check(content_copy), f"content/{NEWS}", "yaml-alias")


def test_five_megabyte_title_is_refused_quickly(content_copy):
    replace_field(content_copy / NEWS, "title", "长" * 1_000_000)
    result = check(content_copy)
    assert_refused(result, f"content/{NEWS}", "file-too-large")


def test_long_title_and_summary_are_refused(content_copy):
    replace_field(content_copy / NEWS, "title", "很长的标题" * 30)
    profile = content_copy / "achievements" / "seed-scientist.md"
    if re.search(r"^summary:", profile.read_text(encoding="utf-8"), re.M):
        replace_field(profile, "summary", "摘" * 400)
    else:
        insert_front_matter(profile, f"summary: {'摘' * 400}\n")
    result = check(content_copy)
    assert_refused(result, f"content/{NEWS}", "too-long")
    assert_refused(result, "content/achievements/seed-scientist.md", "too-long")


def test_huge_markdown_file_is_refused(content_copy):
    path = content_copy / NEWS
    path.write_text(path.read_text(encoding="utf-8") + "正文" * 1_200_000, encoding="utf-8")
    assert_refused(check(content_copy), f"content/{NEWS}", "file-too-large")


def test_gbk_data_file_is_not_utf8(content_copy):
    data = content_copy / "data" / "associations.yml"
    data.write_bytes(data.read_text(encoding="utf-8").encode("gbk"))
    result = check(content_copy)
    assert_refused(result, "content/data/associations.yml", "not-utf8")
    assert "GBK" in result.stderr
    assert result.stderr.count("[not-utf8]") == 1  # one mistake, one message


def test_symlinked_folder_and_file_are_refused(content_copy, tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("secret", encoding="utf-8")
    os.symlink(secret, content_copy / "images" / "linked")
    os.symlink(content_copy / NEWS, content_copy / "news" / "2023" / "copy.md")
    result = check(content_copy)
    assert_refused(result, "content/images/linked", "symlink")
    assert_refused(result, "content/news/2023/copy.md", "symlink")


# ---- privacy -----------------------------------------------------------------------

MOBILE = "+86 138 1234 5678"
ID_NUMBER = "11010519491231002X"


@pytest.mark.parametrize(
    "field, value, kind",
    [
        ("title", f"校友返校 {MOBILE}", "手机号"),
        ("tags", f"[校友, {ID_NUMBER}]", "身份证号"),
        ("summary", "联系 zhangsan@qq.com", "个人邮箱"),
        ("slug", "13812345678", "手机号"),
        ("author", "3号楼2单元301室", "家庭住址"),
    ],
)
def test_personal_data_in_news_fields_is_refused(content_copy, field, value, kind):
    path = content_copy / NEWS
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^{field}:", text, re.M):
        replace_field(path, field, value)
    else:
        insert_front_matter(path, f"{field}: {value}\n")
    result = check(content_copy)
    assert_refused(result, f"content/{NEWS}", "personal-data", forbidden=value.strip("[]"))
    assert kind in result.stderr


def test_personal_data_in_a_body_names_the_line_not_the_value(content_copy):
    path = content_copy / NEWS
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.append(f"报名请联系 138-1234-5678，身份证 {ID_NUMBER}。")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = check(content_copy)
    assert re.search(
        rf"^content/{re.escape(NEWS)}:{len(lines)}: .*手机号.*\[personal-data\]$", result.stderr, re.M
    )
    assert re.search(
        rf"^content/{re.escape(NEWS)}:{len(lines)}: .*身份证号.*\[personal-data\]$", result.stderr, re.M
    )
    assert "138-1234-5678" not in result.stderr and ID_NUMBER not in result.stderr


@pytest.mark.parametrize(
    "data_file, old, new",
    [
        ("data/associations.yml", "王建国（示例）", "王建国 13812345678"),
        ("donors/gifts/2019.yml", "孔涛（示例）", "孔涛 6222021234567890128"),
        ("data/honours.yml", None, None),
    ],
)
def test_personal_data_in_data_files_is_refused(content_copy, data_file, old, new):
    path = content_copy / data_file
    text = path.read_text(encoding="utf-8")
    if old is None:
        text = text.rstrip("\n") + "\n# 住址：寿光市某小区3号楼2单元301室\n"
        path.write_text(text, encoding="utf-8")
        # A YAML comment is never published: only values are checked.
        assert check(content_copy).returncode == 0
        return
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check(content_copy)
    line = text[: text.index(old)].count("\n") + 1
    assert re.search(rf"^content/{re.escape(data_file)}:{line}: .*\[personal-data\]$", result.stderr, re.M), (
        result.stderr
    )
    assert new.split()[1] not in result.stderr


def test_personal_data_in_a_file_name_is_refused(content_copy):
    os.rename(content_copy / NEWS, content_copy / "news" / "2023" / "13812345678.md")
    result = check(content_copy)
    # The path is shown with the number masked: build logs never carry a detected value.
    assert_refused(result, "content/news/2023/***********.md", "personal-data")
    assert "13812345678" not in result.stderr


def test_a_mobile_in_a_contact_field_is_one_message(content_copy):
    path = content_copy / "data" / "associations.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("contact: 0536-8785000", "contact: 13812345678", 1),
        encoding="utf-8",
    )
    result = check(content_copy)
    assert result.returncode == 1
    assert result.stderr.count("content/data/associations.yml:") == 1, result.stderr


def test_a_refused_build_leaves_output_untouched(content_copy, prebuilt):
    before = snapshot(prebuilt)
    insert_front_matter(content_copy / NEWS, "x: &a 1\ny: *a\n")
    path = content_copy / "data" / "associations.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("王建国（示例）", "王建国 13812345678", 1), encoding="utf-8"
    )
    result = run_build(content_copy, prebuilt, "build")
    assert_failed_cleanly(result, prebuilt, before)
    assert "[yaml-alias]" in result.stderr


# ---- second pass over the built tree ------------------------------------------------


def test_personal_data_put_together_by_the_build_fails_it(prebuilt, tmp_path):
    """Settings are not content: a mobile in the footer is only caught in the built pages (small tree)."""
    from plugins.common.errors import ContentErrors
    from tests.small_site import make_small_content
    from wfu.build import build, load_settings

    before = snapshot(prebuilt)
    settings = load_settings(PATH=str(make_small_content(tmp_path / "content")))
    settings["FOOTER"] = dict(settings["FOOTER"], phone="138 1234 5678")
    with pytest.raises(ContentErrors) as failed:
        build(settings, str(prebuilt))
    errors = failed.value.errors
    assert {e.key for e in errors} == {"personal-data-output"}
    assert any(e.path == "output/index.html" for e in errors)
    assert all("手机号" in e.message and "138" not in e.format() for e in errors)
    assert snapshot(prebuilt) == before
    assert not list(prebuilt.parent.glob(".building-*"))
