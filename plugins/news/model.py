"""News articles: the front-matter schema, its validation and collection checks.

Pure Python (no Pelican import): the Pelican reader and ``invoke check`` both
call :func:`parse_news`, so an editor gets the same message from either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, TypeVar

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.frontmatter import FrontMatter, split_front_matter
from plugins.common.images import ImageSizes
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.common.yamlio import LineDict
from plugins.events.model import EventBlock, parse_event

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
    "cover_focus",
    "author",
    "college",
    "association",
    "featured",
    "status",
    "event",
)
REQUIRED = ("title", "date", "category")
# Not written by editors: the status of a published article dated after the site's
# today (scheduled publishing; set by plugins.site.loader, treated like a draft).
SCHEDULED = "scheduled"
RESERVED_SLUGS = frozenset({"page", "category", "tag", "feeds"})
# withdrawn (撤稿): the article leaves every list, feed and index; its URL keeps a notice (410 Gone)
NEWS_STATUSES = ("published", "draft", "withdrawn")


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
    cover_focus: tuple[float, float]  # point of interest for cropped covers, as fractions
    author: str | None
    college: str | None
    association: str | None
    featured: bool
    status: str
    event: EventBlock | None = None  # the ``event:`` block (plugins/events)


@dataclass(frozen=True)
class NewsSource:
    """A news file split into its validated metadata and Markdown body."""

    path: str
    meta: NewsMeta
    body: str
    body_line: int
    url_line: int  # the line that decides the URL: slug, or title when derived
    cover_line: int = 0  # where the cover is named (its image check reports there)


@dataclass(frozen=True)
class NewsArticle:
    """One news file: its validated source, where it is and where it is published."""

    source_path: str  # absolute, normalised: the key Pelican's reader looks it up by
    source: NewsSource
    url: str  # from ARTICLE_URL; "" for drafts (a withdrawn article keeps its URL for the notice)

    @property
    def meta(self) -> NewsMeta:
        return self.source.meta

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def published(self) -> bool:
        return self.source.meta.status == "published"

    @property
    def withdrawn(self) -> bool:
        """撤稿: in no list, feed, index or export; its URL serves a notice (410 Gone)."""
        return self.source.meta.status == "withdrawn"


def parse_news(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    config: NewsConfig,
    registries: Registries = NO_REGISTRIES,
    sizes: ImageSizes | None = None,
    front: FrontMatter | None = None,
) -> NewsSource:
    """Parse and validate one news file; raise :class:`ContentErrors` with all problems.

    ``front`` is ``text`` already split (the loader parses each file's front matter once).
    """
    front = front or split_front_matter(text, path)
    meta, check = validate_meta(front.meta, path, source_path, content_root, config, registries, sizes)
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    if check.errors or meta is None:
        raise ContentErrors(check.errors)
    url_line = front.meta.line_of("slug" if "slug" in front.meta else "title")
    cover_line = front.meta.line_of("cover") if "cover" in front.meta else 0
    return NewsSource(path, meta, front.body, front.body_line, url_line, cover_line)


def validate_meta(
    raw: LineDict,
    path: str,
    source_path: str,
    content_root: str,
    config: NewsConfig,
    registries: Registries = NO_REGISTRIES,
    sizes: ImageSizes | None = None,
) -> tuple[NewsMeta | None, FieldChecker]:
    """Check every field; return the metadata (or ``None``) and the checker with every error."""
    check = FieldChecker(raw, path, FIELDS)
    check.required("title", "缺少标题：请在字段区写 title: 文章标题")
    check.required("date", "缺少日期：请写 date: 2024-05-12（或 2024-05-12 14:30）")
    check.required("category", f"缺少栏目：请写 category: 后接以下之一：{'、'.join(config.category_names)}")
    title = check.text("title")
    summary, cover_alt, author = check.text("summary"), check.text("cover_alt"), check.text("author")
    date = check.date()
    category = check.choice("category", config.category_names, "unknown-category", "栏目")
    tags = check.text_list("tags", "[校友返校, 计算机工程学院]")
    slug = check.slug(title, RESERVED_SLUGS)
    cover = check.image("cover", source_path, content_root, sizes)
    cover_focus = (0.5, 0.5)
    if raw.get("cover_focus") is not None:
        value = raw["cover_focus"]
        numbers = value if isinstance(value, list) else None
        if (
            numbers is None
            or len(numbers) != 2
            or not all(
                isinstance(n, int | Decimal) and not isinstance(n, bool) and 0 <= n <= 1 for n in numbers
            )
        ):
            check.error(
                "invalid-cover-focus",
                "cover_focus",
                "cover_focus 是封面裁剪时要保留的位置：写成 [横向, 纵向]，0 到 1 之间的小数，例如 [0.5, 0.3] 表示居中偏上",
            )
        else:
            cover_focus = (float(numbers[0]), float(numbers[1]))
    college = check.identifier("college", "学院", registries.colleges)
    association = check.identifier("association", "校友会", registries.associations)
    featured = check.boolean("featured")
    status = check.status(NEWS_STATUSES)
    event, event_errors = (
        parse_event(raw["event"], path, check.line("event"), registries) if "event" in raw else (None, [])
    )
    check.errors.extend(event_errors)
    if check.errors or not (title and date and category and slug):
        return None, check
    return (
        NewsMeta(
            title=title,
            date=date,
            category=category,
            category_slug=config.category_slug(category),
            tags=tags,
            slug=slug,
            summary=summary,
            cover=cover,
            cover_alt=cover_alt,
            cover_focus=cover_focus,
            author=author,
            college=college,
            association=association,
            featured=featured,
            status=status,
            event=event,
        ),
        check,
    )


class _Published(Protocol):
    @property
    def meta(self) -> NewsMeta: ...


T = TypeVar("T", bound=_Published)


def article_keys(published: Sequence[T]) -> dict[str, T]:
    """Published articles (newest first) by ``YYYY/slug`` and by ``slug``: the newest wins a shared slug.

    The one rule for how other files name an article (a gift's ``story``, an
    event's ``report``, a project's news link); each article has an object
    with ``meta.slug`` and ``meta.date``.
    """
    keys: dict[str, T] = {}
    for article in reversed(published):  # oldest first: the newest overwrites
        keys[article.meta.slug] = article
    for article in published:
        # ``date.year`` is ``%Y`` (no padding, as glibc's strftime) without strftime's 3 µs per article.
        keys[f"{article.meta.date.year}/{article.meta.slug}"] = article
    return keys


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
