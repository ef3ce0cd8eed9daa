"""校友之家: alumni memories (校友回忆) and the donated-object gallery.

A memory (``content/memories/<slug>.md``) is an alumnus's recollection of
a decade at the university, with old photos.  Its author is a public name
published with consent (``consent: true``, noted by the editor).  The
gallery shows in-kind gifts from the donation records that have a photo;
an anonymous donor stays anonymous here too.  Pure Python: no Pelican.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plugins.common.contacts import private_contacts_in_text
from plugins.common.dates import clock_today
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.files import parse_section_files
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes, check_image_file
from plugins.common.yamlio import LineDict, LineList

from .settings import AlumniHomeConfig

FIELDS = (
    "title",
    "decade",
    "college",
    "author",
    "class_year",
    "consent",
    "photos",
    "summary",
    "slug",
    "status",
)
PHOTO_FIELDS = ("src", "alt", "year")
RESERVED_SLUGS = frozenset({"decade", "college", "objects", "page"})


@dataclass(frozen=True)
class MemoryPhoto:
    src: str  # relative to the content folder
    alt: str
    year: int | None
    line: int


@dataclass(frozen=True)
class Memory:
    """One validated memory."""

    title: str
    slug: str
    decade: int
    college: str | None
    author: str
    class_year: int | None
    photos: tuple[MemoryPhoto, ...]
    summary: str | None
    status: str
    body: str
    body_line: int
    path: str
    source_path: str

    @property
    def decade_label(self) -> str:
        return f"{self.decade}年代"


def _photos(
    check: FieldChecker, source_path: str, content_root: str, sizes: ImageSizes | None, this_year: int
) -> tuple[MemoryPhoto, ...]:
    value = check.raw.get("photos")
    if value is None:
        return ()
    example = "photos: 换行后 - src: images/memories/x.jpg / alt: 照片说明 / year: 1986"
    if not isinstance(value, LineList) or not all(isinstance(item, LineDict) for item in value):
        check.error("invalid-photos", "photos", f"“photos”应当是列表，每张照片写 src 和 alt，例如：{example}")
        return ()
    photos = []
    for index, record in enumerate(value):
        line = value.line_of(index)
        sub = FieldChecker(record, check.path, PHOTO_FIELDS, missing_line=line)
        sub.required("src", "照片缺少文件：请写 src: images/memories/照片文件名.jpg", key="missing-photo-src")
        sub.required("alt", "照片缺少说明：请写 alt: 照片内容的简短描述", key="missing-photo-alt")
        src, alt = sub.text("src"), sub.text("alt")
        year = record.get("year")
        if year is not None and (
            isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= this_year
        ):
            sub.error("invalid-photo-year", "year", f"拍摄年份“{year}”无效：请写四位年份，例如 year: 1986")
            year = None
        if src:  # processed into derivatives: not published as it is
            src = sub.image("src", source_path, content_root, sizes, published_as_is=False)
        check.errors.extend(sub.errors)
        if src and alt and not sub.errors:
            photos.append(MemoryPhoto(src, alt, year, sub.line("src")))
    return tuple(photos)


def parse_memory(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    config: AlumniHomeConfig,
    colleges: Mapping[str, str] | None = None,
    this_year: int | None = None,
    sizes: ImageSizes | None = None,
) -> Memory:
    """Parse and validate one memory; :class:`ContentErrors` with every problem."""
    front = split_front_matter(text, path)
    check = FieldChecker(front.meta, path, FIELDS)
    this_year = this_year or clock_today().year
    check.required("title", "缺少标题：请写 title: 回忆的标题，例如 八十年代的图书馆")
    check.required("decade", "缺少年代：请写 decade: 1980（回忆的是哪个年代）")
    check.required("author", "缺少作者：请写 author: 校友姓名（须经本人同意公开）")
    title, author, summary = check.text("title"), check.text("author"), check.text("summary")
    decade = front.meta.get("decade")
    if decade not in (None, "") and (
        isinstance(decade, bool)
        or not isinstance(decade, int)
        or decade % 10
        or not config.earliest_decade <= decade <= this_year
    ):
        check.error(
            "invalid-decade",
            "decade",
            f"年代“{decade}”无效：请写年代的第一年，例如 decade: 1980（表示八十年代）",
        )
        decade = None
    class_year = front.meta.get("class_year")
    if class_year is not None and (
        isinstance(class_year, bool) or not isinstance(class_year, int) or not 1950 <= class_year <= this_year
    ):
        check.error(
            "invalid-class-year",
            "class_year",
            f"届别“{class_year}”无效：请填写毕业年份，例如 class_year: 1988",
        )
        class_year = None
    if author and front.meta.get("consent") is not True:
        check.error(
            "missing-consent",
            "consent" if "consent" in front.meta else "author",
            f"作者“{author}”没有写 consent: true：作者姓名须经本人同意才能公开，确认后请加上 consent: true",
        )
    college = check.identifier("college", "学院", colleges)
    photos = _photos(check, source_path, content_root, sizes, this_year)
    slug = check.slug(title, RESERVED_SLUGS)
    status = check.status()
    for offset, key, message in private_contacts_in_text(front.body):  # memories name people
        check.errors.append(
            ContentError(path, front.body_line + front.body.count("\n", 0, offset), key, message)
        )
    for name in ("summary", "title"):
        for _, key, message in private_contacts_in_text(check.text(name) or ""):
            check.error(key, name, message)
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    if check.errors or not (title and author and decade and slug):
        raise ContentErrors(check.errors)
    return Memory(
        title=title,
        slug=slug,
        decade=decade,
        college=college,
        author=author,
        class_year=class_year,
        photos=photos,
        summary=summary,
        status=status,
        body=front.body,
        body_line=front.body_line,
        path=path,
        source_path=source_path,
    )


def load_memories(
    content_root: str,
    config: AlumniHomeConfig,
    colleges: Mapping[str, str] | None = None,
    this_year: int | None = None,
    sizes: ImageSizes | None = None,
) -> tuple[list[Memory], list[ContentError]]:
    """Every valid memory (drafts included) and every error, including shared URLs."""
    found, errors = parse_section_files(
        content_root,
        config.folder,
        lambda text, path, source_path: parse_memory(
            text, path, source_path, content_root, config, colleges, this_year, sizes
        ),
    )
    by_slug: dict[str, list[Memory]] = defaultdict(list)
    for memory in found:
        by_slug[memory.slug].append(memory)
    for slug, group in by_slug.items():
        for memory in group if len(group) > 1 else ():
            others = "、".join(m.path for m in group if m is not memory)
            errors.append(
                ContentError(
                    memory.path,
                    0,
                    "duplicate-url",
                    f"网址名“{slug}”与 {others} 重复：请给其中一篇写不同的 slug",
                )
            )
    return found, errors


def gift_photo_errors(
    gifts: Sequence, content_root: str, sizes: ImageSizes | None = None
) -> list[ContentError]:
    """Each in-kind gift photo must exist and be readable, reported at its gift record."""
    errors = []
    for gift in gifts:
        if gift.photo:
            anywhere = os.path.join(content_root, "x")  # the path is relative to the content folder
            for error in check_image_file(
                "/" + gift.photo, 0, gift.path, anywhere, content_root, sizes, False
            ):
                errors.append(ContentError(gift.path, gift.photo_line, error.key, error.message))
    return errors


def gallery_gifts(gifts: Sequence) -> list:
    """In-kind gifts with a photo, newest first: the donated objects on show."""
    return sorted(
        (g for g in gifts if g.kind == "in_kind" and g.photo),
        key=lambda g: (g.date, g.path, g.line),
        reverse=True,
    )


@dataclass(frozen=True)
class Group:
    kind: str  # "decade" or "college"
    slug: str
    name: str
    items: tuple


def group_memories(
    items: Sequence, college_names: Mapping[str, str], key: Callable[[Any], Memory] = lambda m: m
) -> dict[str, list[Group]]:
    """By decade (oldest first: a walk through the university's history) and by college (given order)."""
    decades: dict[int, list] = defaultdict(list)
    colleges: dict[str, list] = defaultdict(list)
    for item in items:
        memory = key(item)
        decades[memory.decade].append(item)
        if memory.college:
            colleges[memory.college].append(item)
    return {
        "decade": [Group("decade", str(d), f"{d}年代", tuple(decades[d])) for d in sorted(decades)],
        "college": [
            Group("college", cid, name, tuple(colleges[cid]))
            for cid, name in college_names.items()
            if colleges[cid]
        ]
        + [
            Group("college", cid, cid, tuple(group))
            for cid, group in colleges.items()
            if cid not in college_names
        ],
    }
