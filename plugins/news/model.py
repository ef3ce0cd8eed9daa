"""News articles: the front-matter schema, its validation and collection checks.

Pure Python (no Pelican import): the Pelican reader and ``invoke check`` both
call :func:`parse_news`, so an editor gets the same message from either.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from plugins.common.dates import parse_date
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes, check_body_images, check_image_file
from plugins.common.links import check_internal_links
from plugins.common.slugs import MAX_SLUG_LENGTH, is_valid_slug, slugify
from plugins.common.yamlio import LineDict

from .settings import NewsConfig

FIELDS = (
    "title",
    "date",
    "category",
    "tags",
    "slug",
    "summary",
    "cover",
    "cover_alt",
    "author",
    "college",
    "association",
    "featured",
    "status",
)
REQUIRED = ("title", "date", "category")
STATUSES = ("published", "draft")
RESERVED_SLUGS = frozenset({"page", "category", "tag", "feeds"})
_ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_TEXT_FIELDS = ("title", "summary", "cover_alt", "author")


@dataclass(frozen=True)
class NewsMeta:
    """Validated front matter of one news article."""

    title: str
    date: datetime
    category: str
    category_slug: str
    tags: tuple[str, ...]
    slug: str
    summary: str | None
    cover: str | None  # path relative to the content folder
    cover_alt: str | None
    author: str | None
    college: str | None
    association: str | None
    featured: bool
    status: str

    @property
    def url(self) -> str:
        return f"news/{self.date:%Y}/{self.slug}/"


@dataclass(frozen=True)
class NewsSource:
    """A news file split into its validated metadata and Markdown body."""

    path: str
    meta: NewsMeta
    body: str
    body_line: int
    url_line: int  # the line that decides the URL: slug, or title when derived


@dataclass(frozen=True)
class Registries:
    """Ids other sections define; ``None`` while a section has no data yet."""

    colleges: Mapping[str, str] | None = None
    associations: Mapping[str, str] | None = None


def parse_news(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    config: NewsConfig,
    registries: Registries = Registries(),
    sizes: ImageSizes | None = None,
) -> NewsSource:
    """Parse and validate one news file; raise :class:`ContentErrors` with all problems."""
    front = split_front_matter(text, path)
    meta, errors = validate_meta(front.meta, path, source_path, content_root, config, registries, sizes)
    errors += check_body_images(front.body, front.body_line, path, source_path, content_root, sizes)
    errors += check_internal_links(front.body, front.body_line, path, source_path, content_root)
    if errors or meta is None:
        raise ContentErrors(errors)
    url_line = front.meta.line_of("slug" if "slug" in front.meta else "title")
    return NewsSource(path, meta, front.body, front.body_line, url_line)


def validate_meta(
    raw: LineDict,
    path: str,
    source_path: str,
    content_root: str,
    config: NewsConfig,
    registries: Registries = Registries(),
    sizes: ImageSizes | None = None,
) -> tuple[NewsMeta | None, list[ContentError]]:
    """Check every field; return the metadata (or ``None``) and every error found."""
    errors: list[ContentError] = []

    def error(key: str, field: str, message: str) -> None:
        errors.append(ContentError(path, raw.line_of(field), key, message))

    for name in raw:
        if name not in FIELDS:
            near = difflib.get_close_matches(str(name), FIELDS, n=1)
            hint = f"，是不是“{near[0]}”？" if near else f"。可用字段：{'、'.join(FIELDS)}"
            error("unknown-field", name, f"不认识的字段“{name}”{hint}")
    for name in REQUIRED:
        if raw.get(name) in (None, ""):
            errors.append(
                ContentError(
                    path,
                    raw.line_of(name) if name in raw else 1,
                    f"missing-{name}",
                    {
                        "title": "缺少标题：请在字段区写 title: 文章标题",
                        "date": "缺少日期：请写 date: 2024-05-12（或 2024-05-12 14:30）",
                        "category": f"缺少栏目：请写 category: 后接以下之一：{'、'.join(config.category_names)}",
                    }[name],
                )
            )
    for name in _TEXT_FIELDS:
        value = raw.get(name)
        if value is not None and not isinstance(value, str | int | float):
            error("wrong-type", name, f"“{name}”应当是一段文字，不是列表或多个字段")

    title = _text(raw.get("title"))
    date = None
    if raw.get("date") not in (None, ""):
        date = parse_date(raw["date"])
        if date is None:
            error(
                "invalid-date",
                "date",
                f"日期“{raw['date']}”无法识别：请写成 2024-05-12 或 2024-05-12 14:30"
                "（年-月-日，月和日用两位数字，北京时间）",
            )

    category = raw.get("category")
    if category not in (None, "") and category not in config.category_names:
        near = difflib.get_close_matches(str(category), config.category_names, n=1)
        hint = f"是不是“{near[0]}”？" if near else ""
        error(
            "unknown-category",
            "category",
            f"未知栏目“{category}”，{hint}可选：{'、'.join(config.category_names)}",
        )

    tags: tuple[str, ...] = ()
    raw_tags = raw.get("tags")
    if raw_tags is not None:
        if not isinstance(raw_tags, list) or not all(
            isinstance(t, str | int) and str(t).strip() for t in raw_tags
        ):
            error(
                "invalid-tags",
                "tags",
                "标签应当是列表，例如 tags: [校友返校, 计算机工程学院]，每个标签是一段非空文字",
            )
        else:
            tags = tuple(dict.fromkeys(str(t).strip() for t in raw_tags))
            for tag in tags:
                if not slugify(tag):
                    error("invalid-tags", "tags", f"标签“{tag}”无法生成网址，请换用中文或字母数字")

    slug = None
    if raw.get("slug") is not None:
        slug = str(raw["slug"])
        if not is_valid_slug(slug):
            error(
                "invalid-slug",
                "slug",
                f"网址名“{slug}”不合规：只能用小写字母、数字和连字符 -，不超过 {MAX_SLUG_LENGTH} 个字符，"
                f"例如 {slugify(title) or 'xiao-you-hui'}",
            )
            slug = None
    elif title:
        slug = slugify(title)
        if not slug:
            error("invalid-slug", "title", "无法从标题生成网址，请在字段区加上 slug: 英文或拼音网址名")
    if slug in RESERVED_SLUGS:
        error("invalid-slug", "slug" if "slug" in raw else "title", f"网址名“{slug}”是保留字，请换一个")

    cover = raw.get("cover")
    if cover is not None:
        cover = str(cover).strip()
        for prefix in ("{static}", "/"):
            cover = cover.removeprefix(prefix)
        errors.extend(
            ContentError(e.path, raw.line_of("cover"), e.key, e.message)
            for e in check_image_file(
                "/" + cover, 0, path, source_path, content_root, sizes
            )
        )
    for id_field, known, label in (
        ("college", registries.colleges, "学院"),
        ("association", registries.associations, "校友会"),
    ):
        value = raw.get(id_field)
        if value is None:
            continue
        if not isinstance(value, str) or not _ID_RE.match(value):
            error(f"invalid-{id_field}", id_field, f"{label}编号“{value}”应为小写英文、数字和连字符")
        elif known is not None and value not in known:
            choices = "、".join(f"{k}（{v}）" for k, v in sorted(known.items()))
            error(f"unknown-{id_field}", id_field, f"未知{label}编号“{value}”，可选：{choices}")

    featured = raw.get("featured", False)
    if not isinstance(featured, bool):
        error("invalid-featured", "featured", "featured 只能是 true（置顶推荐）或 false")
    status = raw.get("status", "published")
    if status not in STATUSES:
        error("invalid-status", "status", f"状态“{status}”无效：只能是 published（发布）或 draft（草稿）")

    if errors or not (title and date and category and slug):
        return None, errors
    return (
        NewsMeta(
            title=title,
            date=date,
            category=str(category),
            category_slug=config.category_slug(str(category)),
            tags=tags,
            slug=slug,
            summary=_text(raw.get("summary")),
            cover=cover,
            cover_alt=_text(raw.get("cover_alt")),
            author=_text(raw.get("author")),
            college=raw.get("college"),
            association=raw.get("association"),
            featured=featured,
            status=str(status),
        ),
        errors,
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def duplicate_url_errors(items: Iterable[tuple[str, str, int]]) -> list[ContentError]:
    """``(path, url, line)`` triples → one error per file that shares a URL."""
    by_url: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path, url, line in items:
        by_url[url].append((path, line))
    errors = []
    for url, owners in by_url.items():
        if len(owners) < 2:
            continue
        for path, line in owners:
            others = "、".join(p for p, _ in owners if p != path)
            errors.append(
                ContentError(
                    path,
                    line,
                    "duplicate-url",
                    f"网址 /{url} 与 {others} 重复：请给其中一篇写不同的 slug",
                )
            )
    return errors


@dataclass(frozen=True)
class RelatedEntry:
    """What relatedness looks at: an article's key, tags, category and date."""

    key: object
    tags: tuple[str, ...]
    category: str
    date: datetime


def related_map(entries: Sequence[RelatedEntry], count: int, window: int = 25) -> dict[object, list[object]]:
    """For every article, the ``count`` most related others.

    Score: two points per shared tag plus one for the same category; ties go
    to the article closest in date.  Articles that share nothing are never
    "related".  Only the ``window`` articles nearest in date inside each shared
    tag and the category are considered, which keeps this linear in the number
    of articles (a popular tag on thousands of articles would otherwise make
    it quadratic) while still finding the best matches in practice.
    """
    groups: dict[tuple[str, str], list[RelatedEntry]] = defaultdict(list)
    for entry in entries:
        groups[("category", entry.category)].append(entry)
        for tag in entry.tags:
            groups[("tag", tag)].append(entry)
    position: dict[tuple[tuple[str, str], int], int] = {}
    for group_key, members in groups.items():
        members.sort(key=lambda e: e.date)
        for index, member in enumerate(members):
            position[(group_key, id(member))] = index
    result: dict[object, list[object]] = {}
    for entry in entries:
        wanted = set(entry.tags)
        seen: dict[int, RelatedEntry] = {}
        for group_key in [("category", entry.category)] + [("tag", t) for t in entry.tags]:
            members = groups[group_key]
            at = position[(group_key, id(entry))]
            for other in members[max(0, at - window) : at + window + 1]:
                if other is not entry:
                    seen[id(other)] = other
        scored = sorted(
            (
                (
                    -(2 * len(wanted.intersection(other.tags)) + (other.category == entry.category)),
                    abs((other.date - entry.date).total_seconds()),
                    -other.date.timestamp(),
                    other,
                )
                for other in seen.values()
            ),
            key=lambda item: item[:3],
        )
        result[entry.key] = [item[3].key for item in scored[:count] if item[0] < 0]
    return result
