"""Every editor mistake in a news article: message, path:line and key; a few real runs for the command line.

The table of mistakes is checked in this process (:mod:`tests.site_errors`:
what ``check`` and the build's first step report, printed as the command
prints it).  The real command line runs for what only it shows: the exit code,
every error of every file at once with the summary, ``output/`` untouched, a
crash without a traceback.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from plugins.common.errors import ContentErrors
from tests.conftest import ROOT, SAMPLE_CONTENT, assert_failed_cleanly, run_build, snapshot
from tests.site_errors import assert_error_at, load_errors
from tests.small_site import make_small_content
from wfu.build import build, load_settings

ARTICLE = "news/2024/lecture-digital-economy.md"  # front matter: lines 1-8
GOOD = (SAMPLE_CONTENT / ARTICLE).read_text(encoding="utf-8")


def replace_line(text: str, start: str, new: str | None) -> str:
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    return "\n".join(lines)


CASES = {
    "yaml-syntax": (lambda t: replace_line(t, "tags:", "tags: [校友大讲堂, 数字经济"), 5),
    "duplicate-key": (lambda t: replace_line(t, "author:", "author: 经济管理学院\ntitle: 又一个标题"), 7),
    "missing-front-matter": (lambda t: t.replace("---\n", "", 1), 1),
    "unclosed-front-matter": (lambda t: t.replace("\n---\n", "\n\n", 1), 1),
    "front-matter-not-mapping": (lambda t: "---\n- 标题\n- 日期\n---\n正文\n", 2),
    "unknown-field": (lambda t: replace_line(t, "author:", "auther: 经济管理学院"), 6),
    "missing-title": (lambda t: replace_line(t, "title:", None), 1),
    "missing-date": (lambda t: replace_line(t, "date:", "date:"), 3),
    "missing-category": (lambda t: replace_line(t, "category:", None), 1),
    "wrong-type": (lambda t: replace_line(t, "author:", "author: [经济管理学院, 合作发展处]"), 6),
    "invalid-date": (lambda t: replace_line(t, "date:", "date: 2024年4月20日"), 3),
    "unknown-category": (lambda t: replace_line(t, "category:", "category: 校友动态"), 4),
    "invalid-tags": (lambda t: replace_line(t, "tags:", "tags: 数字经济"), 5),
    "invalid-slug": (lambda t: replace_line(t, "author:", "slug: 数字经济\nauthor: x"), 6),
    "invalid-college": (lambda t: replace_line(t, "author:", "college: 经管学院\nauthor: x"), 6),
    "invalid-association": (lambda t: replace_line(t, "author:", "association: 济南校友会\nauthor: x"), 6),
    "invalid-featured": (lambda t: replace_line(t, "author:", "featured: 是\nauthor: x"), 6),
    "invalid-status": (lambda t: replace_line(t, "author:", "status: 隐藏\nauthor: x"), 6),
    "image-not-found": (lambda t: t + "\n![乡村电商](/images/news/none.jpg)\n", 13),
    "image-missing-alt": (lambda t: t + "\n![]({static}/images/news/tree-planting.jpg)\n", 13),
    "external-image": (lambda t: t + "\n![外链](https://img.example.com/a.jpg)\n", 13),
    "broken-link": (lambda t: t + "\n见[通知]({filename}/news/2024/nope.md)\n", 13),
    "link-to-draft": (lambda t: t + "\n见[预告]({filename}/news/2026/draft-winter-reunion.md)\n", 13),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_error_key(key, content_copy):
    change, line = CASES[key]
    (content_copy / ARTICLE).write_text(change(GOOD), encoding="utf-8")
    assert_error_at(load_errors(content_copy), f"content/{ARTICLE}", key, line)


def test_image_unreadable(content_copy):
    (content_copy / "images/news/broken.jpg").write_bytes(b"\xff\xd8\xff\xe0truncated")
    (content_copy / ARTICLE).write_text(
        GOOD + "\n![坏图]({static}/images/news/broken.jpg)\n", encoding="utf-8"
    )
    error = assert_error_at(load_errors(content_copy), f"content/{ARTICLE}", "image-unreadable", 13)
    assert error.format().startswith(f"content/{ARTICLE}:13: 图片 {{static}}/images/news/broken.jpg 已损坏")


def test_duplicate_url_names_both_files(content_copy):
    shutil.copy(content_copy / ARTICLE, content_copy / "news/2024/copy.md")
    lines = [e.format() for e in load_errors(content_copy) if e.key == "duplicate-url"]
    assert len(lines) == 2
    assert lines[0].startswith("content/news/2024/copy.md:2: ") and ARTICLE in lines[0]
    assert lines[1].startswith(f"content/{ARTICLE}:2: ") and "copy.md" in lines[1]


def test_not_utf8(content_copy):
    (content_copy / ARTICLE).write_bytes(GOOD.encode("gb18030"))
    error = assert_error_at(load_errors(content_copy), f"content/{ARTICLE}", "not-utf8")
    assert error.format().startswith(f"content/{ARTICLE}: 文件不是 UTF-8 编码")


def test_all_errors_of_all_files_at_once(content_copy, prebuilt):
    (content_copy / ARTICLE).write_text(CASES["invalid-date"][0](GOOD), encoding="utf-8")
    other = content_copy / "news/2023/visit-qingdao.md"
    other.write_text(replace_line(other.read_text(), "category:", "category: 访问"), encoding="utf-8")
    before = snapshot(prebuilt)
    result = run_build(content_copy, prebuilt, "build")
    assert "content/news/2023/visit-qingdao.md:4: " in result.stderr and "[unknown-category]" in result.stderr
    assert f"content/{ARTICLE}:3: " in result.stderr and "[invalid-date]" in result.stderr
    # lecture 2's `report:` names the broken article: one mistake, one message
    assert "[unknown-report]" not in result.stderr
    assert "发现 2 个问题" in result.stderr
    printed = [line for line in result.stderr.splitlines() if line.endswith("]")]
    assert len(printed) == 2 and all(re.match(r"^content/\S+\.md:\d+: \S.* \[[a-z-]+\]$", x) for x in printed)
    assert_failed_cleanly(result, prebuilt, before)


def test_check_reports_without_writing(content_copy, tmp_path):
    (content_copy / ARTICLE).write_text(CASES["unknown-category"][0](GOOD), encoding="utf-8")
    output = tmp_path / "never"
    result = run_build(content_copy, output, "check")
    assert result.returncode == 1 and "[unknown-category]" in result.stderr
    assert not output.exists()
    good = run_build(SAMPLE_CONTENT, output, "check")
    assert good.returncode == 0 and "检查通过" in good.stdout and not output.exists()


def test_pelican_warning_fails_the_build_and_keeps_output(prebuilt, tmp_path):
    """A warning logged during Pelican's run (not a content error) also fails (small tree: any run warns)."""
    settings = load_settings(PATH=str(make_small_content(tmp_path / "content")))
    settings["PLUGINS"] = [*settings["PLUGINS"], "tests.fixtures.warning_plugin"]
    before = snapshot(prebuilt)
    with pytest.raises(ContentErrors) as info:
        build(settings, str(prebuilt))
    assert [e.key for e in info.value.errors] == ["pelican-warning"]
    assert "fixture warning from a plugin" in info.value.errors[0].message
    assert snapshot(prebuilt) == before
    assert not list(prebuilt.parent.glob(".building-*"))


def test_successful_build_replaces_output(prebuilt, tmp_path):
    (prebuilt / "stale.html").write_text("old")
    result = run_build(make_small_content(tmp_path / "content"), prebuilt, "build")
    assert result.returncode == 0, result.stderr
    assert not (prebuilt / "stale.html").exists() and (prebuilt / "index.html").exists()
    assert not list(prebuilt.parent.glob("output.old-*"))


def test_an_unexpected_failure_prints_chinese_logs_the_traceback_and_keeps_output(prebuilt, tmp_path):
    """A bug (not an editor's mistake) still shows no traceback: a message, a log file, exit 2."""
    before = snapshot(prebuilt)
    script = (
        "import sys, wfu.build as b\n"
        f"b.CRASH_LOG = {str(tmp_path / 'crash.log')!r}\n"
        "import plugins.news.section as news\n"
        "def boom(*args, **kwargs):\n"
        "    raise RuntimeError('simulated bug')\n"
        "news.news_verdict = boom\n"  # the news section (cached verdicts would skip a patched parse)
        f"sys.exit(b.main(['build', '--content', {str(ROOT / 'content')!r}, '--output', {str(prebuilt)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "意外错误（RuntimeError）" in result.stderr and "[unexpected-error]" in result.stderr
    assert "处理 content/news/" in result.stderr  # the file being read is named
    log = (tmp_path / "crash.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "simulated bug" in log
    assert snapshot(prebuilt) == before
