"""What an editor reads is Chinese and points at the line to fix (issue 22, item 5)."""

from __future__ import annotations

import logging
import re

import pytest
from invoke import Collection

import tasks
from plugins.common.errors import ContentErrors
from plugins.common.frontmatter import split_front_matter
from plugins.common.yamlio import load_yaml
from wfu import build
from wfu.serve import ChineseLog

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_task_and_option_is_described_in_chinese():
    collection = Collection.from_module(tasks)
    assert len(collection.tasks) >= 10
    for name, task in collection.tasks.items():
        assert CHINESE.search((task.__doc__ or "").strip().splitlines()[0]), name
        for option, text in task.help.items():
            assert CHINESE.search(text), f"{name} --{option}: {text}"


@pytest.mark.parametrize("action", ["check", "build"])
def test_failure_summary_is_chinese_only(capsys, action):
    errors = ContentErrors([build.ContentError("content/a.md", 3, "k", "消息")]).errors
    assert build._report(errors, action) == 1
    err = capsys.readouterr().err
    assert "发现 1 个问题" in err
    assert "error(s)" not in err and "Build failed" not in err and "problem(s)" not in err


# (name, front matter lines after "---", the 1-based file line to fix, words the message must hold)
YAML_MISTAKES = [
    ("full-width colon", "title: 标题\ndate： 2024-01-01\ncategory: 通知", 3, ["中文冒号“：”", "date: 值"]),
    ("full-width colon, last line", "title: 标题\ncategory: 通知\ndate： 2024-01-01", 4, ["中文冒号“：”"]),
    ("full-width colon, first line", "title： 标题\ncategory: 通知", 2, ["中文冒号“：”", "title"]),
    ("full-width colon after a value with one", "title: 标题\nsummary: 时间：下午\ndate： 2024-01-01\ncategory: 通知",
     4, ["“date”", "中文冒号"]),
    ("tab indentation", "title: 标题\nevent:\n\tstart: 2024-01-01\ncategory: 通知", 4, ["Tab", "空格"]),
    ("tab among spaces", "title: 标题\nevent:\n  start: 2024-01-01\n\tend: 2024-01-02", 5, ["Tab"]),
    ("unclosed double quote", 'title: "标题\ndate: 2024-01-01\ncategory: 通知', 2, ["引号 \" 没有配对"]),
    ("unclosed single quote", "title: '标题\ndate: 2024-01-01", 2, ["引号 ' 没有配对"]),
    ("indented too far", "title: 标题\nevent:\n  start: 2024-01-01\n   end: 2024-01-02\ncategory: 通知", 5,
     ["缩进不对", "左对齐"]),
    ("indented too little", "title: 标题\nevent:\n  start: 2024-01-01\n end: 2024-01-02\ncategory: 通知", 5,
     ["缩进不对"]),
    ("indented under a value", "title: 标题\n  date: 2024-01-01\ncategory: 通知", 3, ["缩进不对"]),
    ("a full-width colon in block text is fine", "summary: |\n  地点：图书馆\ntitle: a\n  date: x", 5, ["缩进不对"]),
    ("no space after the colon", "title:标题\ndate: 2024-01-01", 2, ["冒号后面少了空格", "title: 值"]),
    ("colon inside a value", "title: 校友: 返校", 2, ["英文引号"]),
    ("unclosed bracket", "title: a\ntags: [x, y\ndate: 2024-01-01", 3, ["[", "没有配对"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "header", "line", "words"), YAML_MISTAKES, ids=[m[0] for m in YAML_MISTAKES]
)
def test_yaml_mistakes_are_named_in_chinese_at_the_line_to_fix(name, header, line, words):
    with pytest.raises(ContentErrors) as info:
        split_front_matter(f"---\n{header}\n---\n正文\n", "content/news/a.md")
    [error] = info.value.errors
    assert (error.path, error.line, error.key) == ("content/news/a.md", line, "yaml-syntax"), error.message
    for word in words:
        assert word in error.message, (word, error.message)
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", error.message), error.message  # no PyYAML English


def test_a_lone_full_width_colon_line_is_named_too():
    with pytest.raises(ContentErrors) as info:
        split_front_matter("---\ntitle： 标题\n---\n正文\n", "a.md")
    [error] = info.value.errors
    assert (error.line, error.key) == (2, "front-matter-not-mapping") and "中文冒号" in error.message


def test_data_files_get_the_same_explanations():
    with pytest.raises(ContentErrors) as info:
        load_yaml("- id: a\n  name： 北京校友会\n- id: b\n", "content/data/x.yml")
    [error] = info.value.errors
    assert error.line == 2 and "中文冒号" in error.message


def _record(level: int, msg: str, *args) -> logging.LogRecord:
    return logging.LogRecord("livereload", level, __file__, 1, msg, args or None, None)


def test_tornado_not_found_lines_are_quiet():
    record = logging.LogRecord(
        "tornado.access", logging.WARNING, __file__, 1, "404 GET /favicon.ico", None, None
    )
    assert ChineseLog().filter(record) is False


@pytest.mark.parametrize(
    ("level", "msg", "args", "shown"),
    [
        (logging.INFO, "Serving on http://127.0.0.1:8000", (), None),
        (logging.INFO, "Start watching changes", (), None),
        (logging.INFO, "Running task: request (delay: None)", (), None),
        (
            logging.INFO,
            "Browser Connected: http://127.0.0.1:8000/",
            (),
            "浏览器已连接：http://127.0.0.1:8000/",
        ),
        (logging.INFO, "Reload %s waiters: %s", (1, "x.md"), "内容已更新，浏览器已自动刷新。"),
        (logging.INFO, "Shutting down...", (), "预览已停止。"),
        (logging.ERROR, "Error sending message", (), "预览服务器报告：Error sending message"),
    ],
)
def test_livereload_lines_are_chinese_or_quiet(level, msg, args, shown):
    record = _record(level, msg, *args)
    kept = ChineseLog().filter(record)
    assert kept == (shown is not None)
    if kept:
        assert record.getMessage() == shown
