"""``invoke new news "标题"``: a correctly placed file with complete front matter.

The slug is computed once here and written into the file, so later edits to
the title never change a URL that WeChat already links to.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from zoneinfo import ZoneInfo

from plugins.common.dates import SITE_TIMEZONE
from plugins.common.slugs import slugify
from plugins.news.settings import news_config

NEWS_TEMPLATE = """---
title: {title_yaml}
date: {date}
category: {category}   # 可选：{categories}
tags: []   # 例如 [校友返校, 计算机工程学院]
slug: {slug}   # 网址名，发布后不要再改
summary:   # 一两句话的摘要，留空则自动取正文第一段
cover:   # 封面图，例如 images/news/{year}/{slug}.jpg
cover_alt:   # 封面图说明文字
author: 校友会秘书处
featured: false
status: draft   # 写完后改为 published
---

在这里写正文。段落之间空一行。

## 小标题

插图写法（把图片放进 content/images/news/{year}/）：`![图片内容的简短描述]({{static}}/images/news/{year}/图片文件名.jpg)`
"""


class ScaffoldError(Exception):
    """The file could not be created (it exists, or the title gives no slug)."""


def new_news(title: str, settings: dict, now: datetime | None = None) -> tuple[str, str]:
    """Create the Markdown file; return ``(path, future URL)``."""
    title = title.strip()
    slug = slugify(title)
    if not title or not slug:
        raise ScaffoldError("标题不能为空，且至少要包含汉字、字母或数字")
    config = news_config(settings.get("NEWS"))
    now = now or datetime.now(ZoneInfo(SITE_TIMEZONE))
    folder = os.path.join(settings["PATH"], config.folder, f"{now:%Y}")
    path = os.path.join(folder, f"{slug}.md")
    if os.path.exists(path):
        raise ScaffoldError(f"文件已存在：{path}，请换一个标题或直接编辑该文件")
    os.makedirs(folder, exist_ok=True)
    text = NEWS_TEMPLATE.format(
        title_yaml=json.dumps(title, ensure_ascii=False),
        date=f"{now:%Y-%m-%d %H:%M}",
        category=config.category_names[0],
        categories="、".join(config.category_names),
        slug=slug,
        year=f"{now:%Y}",
    )
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    url = settings["ARTICLE_URL"].format(date=now, slug=slug)
    return path, f"{settings.get('SITEURL', '')}/{url}"
