"""``invoke withdraw <网址名>``: 撤稿 — set ``status: withdrawn`` in a published article.

Withdrawing is an edit of one front-matter line, so an editor can also make it
by hand; the task finds the file by the URL name (``slug`` or ``年份/slug``,
the way WeChat links show it) and changes only that line.  What the build
then does with a withdrawn article (notice page, 410, tombstone, no list or
feed) is in :mod:`plugins.urls` and docs/编辑指南.md.
"""

from __future__ import annotations

import os
import re

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.files import display_path, markdown_files, read_text
from plugins.common.frontmatter import FENCE, split_front_matter
from plugins.common.slugs import slugify
from plugins.news.settings import news_config

_STATUS_LINE = re.compile(r"^status\s*:.*$")


def _error(path: str, key: str, message: str) -> ContentErrors:
    return ContentErrors([ContentError(path or "invoke withdraw", 0, key, message)])


def find_article(name: str, settings: dict) -> list[tuple[str, str, str]]:
    """``(file, YYYY/slug, status)`` of every news file whose URL name is ``name`` (``slug`` or ``YYYY/slug``)."""
    root = settings["PATH"]
    folder = os.path.join(root, news_config(settings.get("NEWS")).folder)
    wanted = name.strip().strip("/").rsplit("/", 2)[-2:]  # also accepts news/2024/slug
    found = []
    for source_path in markdown_files(folder):
        path = display_path(source_path, root)
        try:
            meta = split_front_matter(read_text(source_path, path), path).meta
        except ContentErrors:
            continue  # a broken file is reported by invoke check, not here
        slug = str(meta.get("slug") or slugify(str(meta.get("title") or "")))
        year = str(meta.get("date") or "")[:4]
        if wanted == [slug] or wanted == [year, slug]:
            found.append((source_path, f"{year}/{slug}", str(meta.get("status") or "published")))
    return found


def set_withdrawn(text: str) -> str:
    """``text`` with ``status: withdrawn`` in its front matter (replacing ``status:`` or added last)."""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
    if lines[0].lstrip("\ufeff").rstrip() != FENCE or end is None:
        raise ValueError("no front matter")
    for index in range(1, end):
        if _STATUS_LINE.match(lines[index]):
            lines[index] = "status: withdrawn   # 撤稿：网址保留，显示撤稿说明"
            return "\n".join(lines)
    lines.insert(end, "status: withdrawn   # 撤稿：网址保留，显示撤稿说明")
    return "\n".join(lines)


def withdraw(name: str, settings: dict) -> tuple[str, str]:
    """Withdraw the published article named ``name``; return ``(file, page URL)``."""
    root = settings["PATH"]
    found = find_article(name, settings)
    if not found:
        raise _error("", "unknown-article", f"没有找到网址名为“{name}”的新闻：请写文章网址中的网址名，"
                     "例如 invoke withdraw 2024/xiao-you-da-jiang-tang")  # fmt: skip
    if len(found) > 1:
        choices = "、".join(key for _, key, _ in found)
        raise _error(
            "", "ambiguous-article", f"有 {len(found)} 篇文章的网址名是“{name}”：请加上年份，例如 {choices}"
        )
    source_path, key, status = found[0]
    path = display_path(source_path, root)
    if status == "draft":
        raise _error(
            path, "withdraw-draft", "这是草稿（status: draft），从未发布，不需要撤稿：不想要可以直接删除文件"
        )
    if status == "withdrawn":
        raise _error(path, "already-withdrawn", "这篇文章已经撤稿（status: withdrawn）")
    text = read_text(source_path, path)
    try:
        changed = set_withdrawn(text)
    except ValueError:
        raise _error(
            path, "missing-front-matter", "文件开头没有字段区（--- 之间）：请先运行 invoke check 修正"
        ) from None
    with open(source_path, "w", encoding="utf-8") as handle:
        handle.write(changed)
    year, slug = key.split("/", 1)
    from datetime import datetime

    return source_path, "/" + settings["ARTICLE_URL"].format(date=datetime(int(year), 1, 1), slug=slug)
