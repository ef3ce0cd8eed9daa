"""Every text a scaffold writes for the editor to replace, in one registry.

``invoke new`` (:mod:`wfu.scaffold`) builds its files from these constants and
the content guard (:mod:`plugins.site.guard`) looks for them, so a scaffold
cannot gain a placeholder the guard does not know: a published file that
still says ``alumnus: 姓名``, ``venue: 场地名称`` or "在这里写正文" is refused
at the field's line; a draft only lists what is left to do.  Addresses on the
reserved example domains (``example.com``, ``example.edu.cn`` …, RFC 2606) are
placeholders too; the sample content uses them, so they are refused only when
the site is published for real.

Texts a scaffold writes that are sensible defaults (an author office, a city)
are listed in :data:`SCAFFOLD_DEFAULTS`: the scaffold test fails on any other
scaffold text the registry does not know.  Pure: no Pelican import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# --- field values: the whole value is the placeholder -------------------------------------------
NAME = "姓名"  # alumnus:, founders[].name:, speakers[].name:
VENUE = "场地名称"  # event.venue:
OFFICE = "学院办公室"  # liaison.title: of a college
POSITION = "职务"  # speakers[].title: (a commented example in the event scaffold)

# what the editor writes instead (shown in the message)
VALUES: dict[str, str] = {
    NAME: "真实姓名（须经本人同意公开）",
    VENUE: "活动场地，例如 图书馆报告厅",
    OFFICE: "联络办公室的全称，例如 计算机工程学院办公室",
    POSITION: "主讲人的职务，例如 高级工程师",
}

# --- body lines: the whole line (stripped) is the placeholder ----------------------------------
BODY_NEWS = "在这里写正文。段落之间空一行。"
SUBHEADING = "## 小标题"
BODY_ACHIEVEMENT = "在这里介绍校友的事迹。不要写手机号、住址等个人信息。"
BODY_COLLEGE = "在这里写学院写给校友的简介：学院概况、校友工作、联系方式说明等。"
BODY_EVENT = "在这里写活动介绍：主题、内容安排、参加方式。不要写个人手机号或住址。"
BODY_ENTERPRISE = "在这里介绍企业：发展历程、产品与服务、校友在企业的情况。不要写个人手机号或个人邮箱。"
BODY_JOB = "在这里写岗位职责、待遇和工作地点。"
BODY_LINES = (BODY_NEWS, SUBHEADING, BODY_ACHIEVEMENT, BODY_COLLEGE, BODY_EVENT, BODY_ENTERPRISE, BODY_JOB)

# --- body lines that start with a marker (they contain a year or a path) -----------------------
IMAGE_HINT = "插图写法"  # "插图写法（把图片放进 …）：`![…]({static}/images/news/2026/图片文件名.jpg)`"
IMAGE_FILE = "图片文件名.jpg"  # the example file name, wherever it is left


def image_hint(year: str) -> str:
    """The news scaffold's hint on how to insert a picture (a placeholder line)."""
    return (
        f"{IMAGE_HINT}（把图片放进 content/images/news/{year}/）："
        f"`![图片内容的简短描述]({{static}}/images/news/{year}/{IMAGE_FILE})`"
    )


# Scaffold texts that are real defaults an editor may keep (not placeholders).
SCAFFOLD_DEFAULTS = frozenset(
    {
        "校友会秘书处",  # author of news and events
        "活动预告",  # an event's tag
        "潍坊市",  # an enterprise's city
        "## 成长经历",  # headings of a profile
        "## 寄语学弟学妹",
    }
)

# --- addresses on the reserved example domains --------------------------------------------------
EXAMPLE_DOMAIN = r"(?:[\w-]+\.)*example\.(?:com|org|net|edu\.cn|com\.cn|cn)\b"
EXAMPLE_EMAIL = re.compile(r"[\w.+-]+@" + EXAMPLE_DOMAIN, re.IGNORECASE)
EXAMPLE_URL = re.compile(r"https?://" + EXAMPLE_DOMAIN + r"[^\s)\]>\"'，。]*", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """One placeholder in one file: its line, the field (dotted) and the text left there."""

    line: int
    field: str  # "alumnus", "event.venue", "founders[1].name", "正文"
    text: str
    hint: str  # what to write instead


def leaves(value: Any, name: str = "", line: int = 1) -> Iterator[tuple[str, int, Any]]:
    """``(dotted field, line, value)`` for every scalar of a parsed front matter or data file."""
    lines = getattr(value, "line_of", None)
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{name}.{key}" if name else str(key), lines(key) if lines else line)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, f"{name}[{index + 1}]", lines(index) if lines else line)
    else:
        yield name, line, value


def scaffold_texts(meta: Any, body: str, body_line: int) -> list[Found]:
    """Every scaffold placeholder left in a file's front matter ``meta`` and Markdown ``body``."""
    found = []
    for field, line, value in leaves(meta, "", getattr(meta, "line", 1)):
        if isinstance(value, str) and value.strip() in VALUES:
            found.append(Found(line, field, value.strip(), VALUES[value.strip()]))
    for number, text in enumerate(body.split("\n"), start=body_line):
        stripped = text.strip()
        if stripped in BODY_LINES:
            hint = "你自己的小标题，或删除这一行" if stripped == SUBHEADING else "你要写的正文"
            found.append(Found(number, "正文", stripped, hint))
        elif stripped.startswith(IMAGE_HINT) or IMAGE_FILE in stripped:
            found.append(Found(number, "正文", IMAGE_HINT, "真实的插图，或删除这一行提示"))
    return found


def example_addresses(meta: Any, body: str, body_line: int) -> list[Found]:
    """Every e-mail address and URL on an example domain in ``meta`` and ``body`` (comments excluded)."""
    found = []
    for field, line, value in leaves(meta, "", getattr(meta, "line", 1)):
        if isinstance(value, str):
            found += _addresses(value, field, line)
    for number, text in enumerate(body.split("\n"), start=body_line):
        found += _addresses(text, "正文", number)
    return found


def _addresses(text: str, field: str, line: int) -> list[Found]:
    found = []
    for match in EXAMPLE_EMAIL.finditer(text):
        found.append(Found(line, field, match.group(0), "真实的单位公共邮箱"))
    for match in EXAMPLE_URL.finditer(text):
        found.append(Found(line, field, match.group(0), "真实网址"))
    return found
