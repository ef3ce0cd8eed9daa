"""Every ``invoke new`` scaffold: a draft that never blocks, refused at each placeholder once published.

Table-driven over every kind; the content graph is loaded (no Pelican build),
except for one build that shows unfinished drafts do not stop ``invoke build``.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from plugins.common import placeholders
from plugins.common.frontmatter import split_front_matter
from plugins.common.placeholders import leaves
from plugins.site.loader import load_site
from tests.conftest import run_build
from wfu import scaffold
from wfu.build import load_settings

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# kind, argument, the placeholder fields a published untouched copy is refused at (key, field)
KINDS = [
    ("news", "校友返校日通知", {("placeholder", "正文")}),
    ("event", "校友大讲堂第九讲", {("placeholder", "event.venue"), ("placeholder", "正文")}),
    ("achievement", "扎根基层的好医生", {("placeholder", "alumnus"), ("placeholder", "正文")}),
    (
        "college",
        "physics",
        {("placeholder", "liaison.title"), ("placeholder-contact", "liaison.email"), ("placeholder", "正文")},
    ),
    ("enterprise", "weifang-seed", {("placeholder", "founders[1].name"), ("placeholder", "正文")}),
    ("job", "数据分析师", {("placeholder", "正文")}),
]
IDS = [kind for kind, _, _ in KINDS]
# Front-matter fields a scaffold fills from its arguments, the clock or the site's settings.
DERIVED = {
    "title", "date", "slug", "category", "college", "field", "class_year", "industry", "enterprise", "id",
    "order", "status", "published", "expires", "event.start", "event.end", "event.status", "founders[1].class_year",
    "founders[1].college", "positions", "featured", "distinguished",
}  # fmt: skip


def make(kind: str, argument: str, content) -> str:
    settings = load_settings(PATH=str(content))
    maker = getattr(scaffold, f"new_{kind}")
    path, _ = maker(argument, settings) if kind == "college" else maker(argument, settings, NOW)
    return path


def shown(path: str, content) -> str:
    return "content/" + str(path).removeprefix(str(content) + "/")


@pytest.mark.parametrize(("kind", "argument", "fields"), KINDS, ids=IDS)
def test_a_new_scaffold_is_a_draft_that_never_blocks(content_copy, kind, argument, fields):
    path = make(kind, argument, content_copy)
    site, errors = load_site(load_settings(PATH=str(content_copy)))
    assert errors == []  # invoke check passes: the rest of the site builds and previews
    mine = [w for w in site.warnings if w.path == shown(path, content_copy)]
    assert mine == list(site.warnings)  # only the draft's own problems, none about the fixture
    assert {(w.key, w.field) for w in mine if w.key == "placeholder"} == {
        f for f in fields if f[0] == "placeholder"
    }


@pytest.mark.parametrize(("kind", "argument", "fields"), KINDS, ids=IDS)
def test_a_scaffold_published_untouched_is_refused_at_each_placeholder(
    content_copy, monkeypatch, kind, argument, fields
):
    monkeypatch.delenv("SITE_STAGING", raising=False)
    path = make(kind, argument, content_copy)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(re.sub(r"^status: draft", "status: published", text, count=1, flags=re.MULTILINE))
    lines = text.split("\n")
    for publish in (False, True):
        site, errors = load_site(load_settings(PATH=str(content_copy), PUBLISH=publish))
        mine = [e for e in errors if e.path == shown(path, content_copy)]
        found = {(e.key, e.field) for e in mine if e.key.startswith("placeholder")}
        expected = (
            fields if publish else {f for f in fields if f[0] == "placeholder"}
        )  # example.* only for real
        assert found == expected, mine
        for error in mine:
            if error.key.startswith("placeholder"):  # path:line names the line that holds the text
                quoted = re.search(r"“(.+?)”", error.message).group(1)
                assert quoted in lines[error.line - 1] or quoted.split("@")[0] in lines[error.line - 1], error
                assert (
                    error.format().startswith(f"{error.path}:{error.line}: ")
                    and f"[{error.key}]" in error.format()
                )


@pytest.mark.parametrize(("kind", "argument", "fields"), KINDS, ids=IDS)
def test_every_scaffold_text_is_known_to_the_registry(content_copy, kind, argument, fields):
    """A text a scaffold writes is derived, a known default, or a registered placeholder: nothing else."""
    path = make(kind, argument, content_copy)
    with open(path, encoding="utf-8") as handle:
        front = split_front_matter(handle.read(), "x.md")
    unknown = []
    for field, _, value in leaves(front.meta):
        if not isinstance(value, str) or not value.strip() or field in DERIVED:
            continue
        text = value.strip()
        if not (text in placeholders.VALUES or text in placeholders.SCAFFOLD_DEFAULTS
                or placeholders.example_addresses({"v": text}, "", 1)):  # fmt: skip
            unknown.append((field, text))
    for line in front.body.split("\n"):
        text = line.strip()
        if text and not (text in placeholders.BODY_LINES or text in placeholders.SCAFFOLD_DEFAULTS
                         or text.startswith(placeholders.IMAGE_HINT)):  # fmt: skip
            unknown.append(("正文", text))
    assert unknown == [], "scaffold text unknown to plugins/common/placeholders.py"


def test_registry_finds_values_body_lines_and_example_addresses():
    front = split_front_matter(
        "---\ntitle: 标题\nalumnus: 姓名\nevent:\n  venue: 场地名称\nspeakers:\n  - name: 姓名\n"
        "apply_url: https://www.example.com/jobs/\nemail: hr@yunzhi.example.com\n---\n\n"
        f"{placeholders.BODY_NEWS}\n真实的一段。\n{placeholders.image_hint('2026')}\n",
        "a.md",
    )
    found = [(f.line, f.field) for f in placeholders.scaffold_texts(front.meta, front.body, front.body_line)]
    assert found == [(3, "alumnus"), (5, "event.venue"), (7, "speakers[1].name"), (12, "正文"), (14, "正文")]
    addresses = placeholders.example_addresses(front.meta, front.body, front.body_line)
    assert [(f.line, f.field, f.text) for f in addresses] == [
        (8, "apply_url", "https://www.example.com/jobs/"),
        (9, "email", "hr@yunzhi.example.com"),
    ]
    assert (
        placeholders.scaffold_texts({"alumnus": "姓名：张三"}, "在这里写正文。段落之间空一行。再写一句。", 1)
        == []
    )


def test_personal_data_in_a_draft_still_stops_the_build(content_copy):
    path = make("news", "校友返校日通知", content_copy)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n联系人手机 13812345678\n")
    _, errors = load_site(load_settings(PATH=str(content_copy)))
    assert [e.key for e in errors] == ["personal-data"]


def test_a_draft_with_broken_yaml_is_a_warning(content_copy):
    path = content_copy / "news" / "2026" / "broken-draft.md"
    path.write_text("---\ntitle: 未完成\ndate： 2026-11-20\nstatus: draft\n---\n正文\n", encoding="utf-8")
    site, errors = load_site(load_settings(PATH=str(content_copy)))
    assert errors == []
    assert [(w.path, w.line, w.key) for w in site.warnings] == [
        ("content/news/2026/broken-draft.md", 3, "yaml-syntax")
    ]


def test_status_draft_in_the_body_of_a_broken_file_is_no_draft(content_copy):
    path = content_copy / "news" / "2026" / "broken.md"
    path.write_text("---\ntitle: 未完成\ndate： 2026-11-20\n---\nstatus: draft\n", encoding="utf-8")
    site, errors = load_site(load_settings(PATH=str(content_copy)))
    assert [(e.path, e.line, e.key) for e in errors] == [("content/news/2026/broken.md", 3, "yaml-syntax")]
    assert site.warnings == ()


def test_unfinished_drafts_of_every_kind_build_and_are_listed(content_copy, tmp_path):
    """``invoke build`` (and so ``invoke serve``) with one unfinished draft of every kind."""
    for kind, argument, _ in KINDS:
        make(kind, argument, content_copy)
    (content_copy / "news" / "2026" / "broken-draft.md").write_text(
        "---\ntitle: 未完成\ndate： 2026-11-20\nstatus: draft\n---\n正文\n", encoding="utf-8"
    )
    (content_copy / "pages" / "unfinished.md").write_text(  # a standing page that does not validate
        "---\ntitle: 未完成的页面\nlayout: no-such-layout\nstatus: draft\n---\n正文\n", encoding="utf-8"
    )
    result = run_build(content_copy, tmp_path / "output", "build")
    assert result.returncode == 0, result.stderr
    assert "构建完成" in result.stdout and "Traceback" not in result.stderr
    reminders = [line for line in result.stderr.splitlines() if line.startswith("提醒：草稿 ")]
    assert len(reminders) == len(KINDS) + 2
    assert "content/colleges/physics.md:" in result.stderr and "草稿待补：" in result.stderr
    assert not (tmp_path / "output" / "colleges" / "physics").exists()  # a draft college has no page
    assert not (tmp_path / "output" / "news" / "2026" / "xiao-you-fan-xiao-ri-tong-zhi").exists()
