"""Alumni achievements (校友风采): profile schema, validation and grouping.

One Markdown file per profile.  A profile names an alumnus who agreed to be
published; the photo goes through :mod:`plugins.common.photos` so no EXIF
(GPS position, camera data) is ever published.  Pure Python: no Pelican.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plugins.common.dates import clock_today
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.files import parse_section_files
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes
from plugins.common.registries import NO_REGISTRIES, Registries

from .settings import AchievementsConfig

FIELDS = (
    "title",
    "alumnus",
    "class_year",
    "college",
    "field",
    "honours",
    "photo",
    "photo_alt",
    "summary",
    "date",
    "slug",
    "distinguished",
    "status",
)
RESERVED_SLUGS = frozenset({"field", "college", "decade", "distinguished", "page"})


@dataclass(frozen=True)
class Achievement:
    """One validated alumni profile."""

    title: str
    alumnus: str
    class_year: int
    college: str
    field: str
    field_slug: str
    honours: tuple[str, ...]
    photo: str | None  # relative to the content folder
    photo_alt: str | None
    summary: str | None
    date: datetime | None
    slug: str
    distinguished: bool
    status: str
    body: str
    body_line: int
    path: str
    source_path: str
    url_line: int
    photo_line: int

    @property
    def decade(self) -> int:
        """1990 for 届 1990–1999: the index groups graduates by decade."""
        return self.class_year // 10 * 10


def parse_achievement(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    config: AchievementsConfig,
    registries: Registries = NO_REGISTRIES,
    this_year: int | None = None,
    sizes: ImageSizes | None = None,
) -> Achievement:
    """Parse and validate one profile; :class:`ContentErrors` with every problem."""
    front = split_front_matter(text, path)
    raw = front.meta
    check = FieldChecker(raw, path, FIELDS)
    check.required("title", "缺少标题：请写 title: 一句话概括校友事迹，例如 扎根乡村三十年的特级教师")
    check.required("alumnus", "缺少校友姓名：请写 alumnus: 姓名（须经本人同意发布）")
    check.required("class_year", "缺少届别：请写 class_year: 2008（毕业年份）", key="missing-class-year")
    check.required("college", "缺少学院：请写 college: 学院编号，例如 cs")
    check.required("field", f"缺少领域：请写 field: 后接以下之一：{'、'.join(config.field_names)}")
    title, alumnus = check.text("title"), check.text("alumnus")
    summary, photo_alt = check.text("summary"), check.text("photo_alt")
    this_year = this_year or clock_today().year
    class_year = raw.get("class_year")
    if class_year not in (None, ""):
        if (
            isinstance(class_year, bool)
            or not isinstance(class_year, int)
            or not config.earliest_class_year <= class_year <= this_year
        ):
            check.error(
                "invalid-class-year",
                "class_year",
                f"届别“{class_year}”无效：请填写毕业年份，{config.earliest_class_year} 到 {this_year} 之间的四位数字，"
                "例如 class_year: 2008",
            )
            class_year = None
    college = check.identifier("college", "学院", registries.colleges)
    field = check.choice("field", config.field_names, "unknown-achievement-field", "领域")
    honours = check.text_list("honours", "[全国优秀教师, 山东省劳动模范]")
    date = check.date()
    slug = check.slug(title, RESERVED_SLUGS)
    distinguished = check.boolean("distinguished")
    status = check.status()
    # The photo pipeline strips EXIF, so a GPS tag is no problem here.
    photo = check.image("photo", source_path, content_root, sizes, published_as_is=False)
    if photo:
        if not photo_alt:
            check.error(
                "missing-photo-alt",
                "photo",
                "有照片时必须写 photo_alt（照片说明），例如 photo_alt: 张三在实验室（示例人物）",
            )
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    if check.errors or not (title and alumnus and class_year and college and field and slug):
        raise ContentErrors(check.errors)
    return Achievement(
        title=title,
        alumnus=alumnus,
        class_year=class_year,
        college=college,
        field=field,
        field_slug=config.field_slug(field),
        honours=honours,
        photo=photo,
        photo_alt=photo_alt,
        summary=summary,
        date=date,
        slug=slug,
        distinguished=distinguished,
        status=status,
        body=front.body,
        body_line=front.body_line,
        path=path,
        source_path=source_path,
        url_line=check.url_line(),
        photo_line=check.line("photo"),
    )


def load_achievements(
    content_root: str,
    config: AchievementsConfig,
    registries: Registries = NO_REGISTRIES,
    this_year: int | None = None,
    sizes: ImageSizes | None = None,
) -> tuple[list[Achievement], list[ContentError]]:
    """Every valid profile (drafts included, see ``status``) and every error."""
    found, errors = parse_section_files(
        content_root,
        config.folder,
        lambda text, path, source_path: parse_achievement(
            text, path, source_path, content_root, config, registries, this_year, sizes
        ),
    )
    errors.extend(duplicate_slug_errors(found))
    return found, errors


def duplicate_slug_errors(profiles: Sequence[Achievement]) -> list[ContentError]:
    by_slug: dict[str, list[Achievement]] = defaultdict(list)
    for profile in profiles:
        if profile.status == "published":
            by_slug[profile.slug].append(profile)
    errors = []
    for slug, group in by_slug.items():
        for profile in group if len(group) > 1 else ():
            others = "、".join(p.path for p in group if p is not profile)
            errors.append(
                ContentError(
                    profile.path,
                    profile.url_line,
                    "duplicate-url",
                    f"网址 /achievements/{slug}/ 与 {others} 重复：请给其中一篇写不同的 slug",
                )
            )
    return errors


def sort_profiles(profiles: Sequence[Achievement]) -> list[Achievement]:
    """Distinguished alumni first, then the most recent profile, then by class."""
    return sorted(
        profiles,
        key=lambda p: (not p.distinguished, -(p.date.timestamp() if p.date else 0), p.class_year, p.slug),
    )


@dataclass(frozen=True)
class Group:
    """A plain-HTML grouping page of the achievements index."""

    kind: str  # "field", "college" or "decade"
    slug: str
    name: str
    profiles: tuple


def group_profiles(
    profiles: Sequence,
    config: AchievementsConfig,
    college_names: dict[str, str],
    key: Callable[[Any], Achievement] = lambda p: p,
) -> dict[str, list[Group]]:
    """Groups by field (configured order), college (given order) and decade (newest first).

    ``key`` maps an item to its :class:`Achievement` so the adapter can group
    its own wrapper objects.
    """
    by: dict[str, dict[str, list]] = {
        "field": defaultdict(list),
        "college": defaultdict(list),
        "decade": defaultdict(list),
    }
    for item in profiles:
        meta = key(item)
        by["field"][meta.field_slug].append(item)
        by["college"][meta.college].append(item)
        by["decade"][str(meta.decade)].append(item)
    fields = [
        Group("field", slug, name, tuple(by["field"][slug]))
        for name, slug in config.fields
        if by["field"][slug]
    ]
    colleges = [
        Group("college", cid, name, tuple(by["college"][cid]))
        for cid, name in college_names.items()
        if by["college"][cid]
    ]
    colleges += [
        Group("college", cid, cid, tuple(items))
        for cid, items in by["college"].items()
        if cid not in college_names
    ]
    decades = [
        Group("decade", decade, f"{decade}—{int(decade) + 9}届", tuple(by["decade"][decade]))
        for decade in sorted(by["decade"], reverse=True)
    ]
    return {"field": fields, "college": colleges, "decade": decades}
