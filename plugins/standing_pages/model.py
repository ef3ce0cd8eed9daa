"""Standing pages: their small front-matter schema and the numbered charter.

A standing page (``content/pages/<name>.md``) is not news: it has no date or
category, only a title, a stable ASCII ``slug`` (its URL is ``/about/<slug>/``,
given to WeChat menus, so it never changes by itself), a ``summary``, an
``order`` in the footer and about index, and a ``layout`` that adds what the
site generates (college liaisons, contact details, the secure form link).

The 章程 layout numbers its chapters and articles: editors write ``## 总则``
and ``1. 本会名称为……`` items, and the site shows 第一章 and 第一条 … numbered
continuously, so inserting an article never needs renumbering by hand.
Pure Python: no Pelican.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plugins.common.contacts import private_contacts_in_text
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.files import parse_section_files
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes
from plugins.common.slugs import MAX_SLUG_LENGTH, is_valid_slug

FIELDS = ("title", "slug", "summary", "order", "layout", "status")
LAYOUTS = ("page", "charter", "organisation", "contact", "register", "learning")
_ARTICLE = re.compile(r"^\d+(?:\.\s+|、\s*)")
_CHAPTER = re.compile(r"^##\s+(?!第)")
_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class StandingPage:
    """One validated standing page."""

    title: str
    slug: str
    summary: str | None
    order: int
    layout: str
    status: str
    body: str
    body_line: int
    path: str
    source_path: str


def chinese_number(n: int) -> str:
    """一 … 九十九: the numerals of chapters and articles in a Chinese charter."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")) + (
        _DIGITS[ones] if ones else ""
    )


def number_charter(body: str) -> str:
    """Markdown with ``## 总则`` -> ``## 第一章 总则`` and ``1. 文字`` -> ``**第一条** 文字``.

    Articles are numbered continuously across chapters, as in every 章程.
    Lines inside fenced code are left alone.
    """
    chapter = article = 0
    fenced = False
    lines = []
    for line in body.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and _CHAPTER.match(line):
            chapter += 1
            line = f"## 第{chinese_number(chapter)}章 {line[2:].strip()}"
        elif not fenced and _ARTICLE.match(line):
            article += 1
            line = f"\n**第{chinese_number(article)}条**　{_ARTICLE.sub('', line, count=1)}\n"
        lines.append(line)
    return "\n".join(lines) + ("\n" if body.endswith("\n") else "")


def parse_page(
    text: str, path: str, source_path: str, content_root: str, sizes: ImageSizes | None = None
) -> StandingPage:
    """Parse and validate one page; :class:`ContentErrors` with every problem."""
    front = split_front_matter(text, path)
    check = FieldChecker(front.meta, path, FIELDS)
    check.required("title", "缺少标题：请写 title: 页面标题，例如 校友会简介")
    check.required(
        "slug",
        "缺少网址名：请写 slug: 英文或拼音网址名，例如 introduction（网址为 /about/introduction/，发布后不要再改）",
    )
    title, summary = check.text("title"), check.text("summary")
    slug = check.text("slug")
    if slug and not is_valid_slug(slug):
        check.error(
            "invalid-slug",
            "slug",
            f"网址名“{slug}”不合规：只能用小写字母、数字和连字符 -，不超过 {MAX_SLUG_LENGTH} 个字符",
        )
        slug = None
    order = front.meta.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        check.error("invalid-order", "order", f"顺序“{order}”无效：请写 0 或正整数，例如 order: 3")
        order = 100
    layout = check.choice("layout", LAYOUTS, "unknown-layout", "页面类型") or "page"
    status = check.status()
    for offset, key, message in private_contacts_in_text(front.body):  # office contacts come from settings
        check.errors.append(
            ContentError(path, front.body_line + front.body.count("\n", 0, offset), key, message)
        )
    for _, key, message in private_contacts_in_text(summary or ""):
        check.error(key, "summary", message)
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    if check.errors or not (title and slug):
        raise ContentErrors(check.errors)
    return StandingPage(
        title, slug, summary, order, layout, status, front.body, front.body_line, path, source_path
    )


def load_pages(
    content_root: str, folder: str, sizes: ImageSizes | None = None
) -> tuple[list[StandingPage], list[ContentError]]:
    """Every valid page and every error, including two pages with one URL."""
    found, errors = parse_section_files(
        content_root,
        folder,
        lambda text, path, source_path: parse_page(text, path, source_path, content_root, sizes),
    )
    seen: dict[str, StandingPage] = {}
    for page in sorted(found, key=lambda p: p.path):
        if page.slug in seen:
            errors.append(
                ContentError(
                    page.path,
                    0,
                    "duplicate-url",
                    f"网址名“{page.slug}”与 {seen[page.slug].path} 重复：请换一个 slug",
                )
            )
        seen.setdefault(page.slug, page)
    return found, errors
