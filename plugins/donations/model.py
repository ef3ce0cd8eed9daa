"""Donation projects, gift records and everything computed from them.

Totals are always computed from the gift records, never typed by hand, and
in :class:`~decimal.Decimal` (0.1 + 0.2 must be 0.3).  Anonymity is enforced
here: templates only ever receive :class:`PublicGift` and :class:`WallEntry`
objects, which carry the display name (匿名校友 / 匿名单位) and never the
donor's real name; amounts are public only with ``show_amount: true``, and
every published sum comes from :mod:`.disclosure` (hidden amounts are counted,
never summed).
Pure Python: no Pelican import.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from plugins.common.dates import clock_today
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker, duplicate_errors, file_id
from plugins.common.files import display_path, markdown_files, read_text
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes
from plugins.common.pinyin import pinyin_words
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.common.yamlio import LineDict, LineList, load_yaml

from .disclosure import Figure, figure, public_amount
from .settings import DonationsConfig, Tier, preset_amounts_problem, tier_for

PROJECT_FIELDS = (
    "id",
    "name",
    "level",
    "college",
    "target",
    "start",
    "end",
    "status",
    "cover",
    "cover_alt",
    "summary",
    "amounts",  # preset amounts shown with the payment codes (issue 24); DONATIONS['preset_amounts'] otherwise
)
GIFT_FIELDS = (
    "donor", "donor_type", "class_year", "college", "project", "kind", "amount", "valuation",
    "item", "date", "anonymous", "show_amount", "story", "note",
    "photo", "photo_alt", "location_on_campus", "certificate",  # in-kind gifts, shown in 校友之家
)  # fmt: skip
GRADUATE_FIELDS = ("class_year", "college", "count")
LEVELS = {"school": "校级项目", "college": "院级项目"}
PROJECT_STATUSES = {"open": "进行中", "closed": "已结束"}
DONOR_TYPES = {"alumnus": "校友", "organisation": "单位", "friend": "社会友人"}
ANONYMOUS_NAMES = {"alumnus": "匿名校友", "organisation": "匿名单位", "friend": "匿名人士"}
KINDS = {"money": "资金", "in_kind": "实物", "service": "服务"}
ZERO = Decimal("0")


# ---------------------------------------------------------------- amounts


def parse_amount(value: object) -> tuple[Decimal | None, tuple[str, str] | None]:
    """``(amount, None)`` or ``(None, (key, message))`` for a yuan amount."""
    if isinstance(value, bool) or value is None:
        amount = None
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif isinstance(value, str) and value.strip().replace(".", "", 1).isdigit():
        amount = Decimal(value.strip())
    else:
        amount = None
    if amount is None or not amount.is_finite():
        return None, (
            "invalid-amount",
            f"金额“{value}”不是数字：只写阿拉伯数字（单位：元），例如 5000 或 1200.50",
        )
    if amount <= 0:
        return None, ("invalid-amount", f"金额“{value}”必须大于 0")
    exponent = amount.as_tuple().exponent  # an int: the amount is finite
    if isinstance(exponent, int) and exponent < -2:
        return None, ("amount-precision", f"金额“{value}”超过两位小数：金额精确到分，例如 1200.55")
    return amount, None


def format_yuan(amount: Decimal | int | None) -> str:
    """``12,345 元`` or ``12,345.50 元``: exact, with thousands separators."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{text} 元"


def pinyin_key(name: str) -> tuple[str, str]:
    """Sort key: pinyin of a Chinese name (then the name itself, for ties)."""
    return (" ".join(pinyin_words(name)).lower(), name)


# ---------------------------------------------------------------- projects


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    level: str
    college: str | None
    target: Decimal | None
    start: date
    end: date | None
    status: str
    cover: str | None
    cover_alt: str | None
    summary: str | None
    body: str
    body_line: int
    path: str
    source_path: str
    amounts: tuple[int, ...] = ()  # preset amounts in yuan; () = the site's defaults

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def parse_project(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    registries: Registries = NO_REGISTRIES,
    sizes: ImageSizes | None = None,
) -> Project:
    front = split_front_matter(text, path)
    raw = front.meta
    check = FieldChecker(raw, path, PROJECT_FIELDS)
    stem = file_id(check, source_path, "项目", "scholarship.md")
    check.required("name", "缺少项目名称：请写 name: 项目名称")
    check.required("level", "缺少项目级别：请写 level: school（校级）或 college（院级）")
    check.required("start", "缺少开始日期：请写 start: 2024-01-01")
    name = check.text("name")
    level = check.choice("level", tuple(LEVELS), "invalid-level", "项目级别")
    college = check.identifier("college", "学院", registries.colleges)
    if level == "college" and not check.present("college"):
        check.required("college", "院级项目必须写 college: 学院编号", key="missing-college")
    if level == "school" and college:
        check.error(
            "invalid-level", "college", "校级项目不属于某个学院：请删除 college，或把 level 改为 college"
        )
    target = None
    if check.present("target"):
        target, problem = parse_amount(raw["target"])
        if problem:
            check.error(problem[0], "target", problem[1].replace("金额", "目标金额", 1))
    start_at, end_at = check.date("start"), check.date("end")
    start = start_at.date() if start_at else None
    end = end_at.date() if end_at else None
    if start and end and end < start:
        check.error("invalid-date", "end", f"结束日期 {end} 早于开始日期 {start}")
    status = check.choice("status", tuple(PROJECT_STATUSES), "invalid-project-status", "项目状态") or "open"
    cover = check.image("cover", source_path, content_root, sizes)
    cover_alt, summary = check.text("cover_alt"), check.text("summary")
    amounts = parse_preset_amounts(raw.get("amounts"), check) if check.present("amounts") else ()
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    if check.errors or not (name and level and start):
        raise ContentErrors(check.errors)
    return Project(
        id=stem, name=name, level=level, college=college, target=target, start=start, end=end,
        status=status, cover=cover, cover_alt=cover_alt, summary=summary, body=front.body,
        body_line=front.body_line, path=path, source_path=source_path, amounts=amounts,
    )  # fmt: skip


def parse_preset_amounts(value: object, check: FieldChecker) -> tuple[int, ...]:
    problem = preset_amounts_problem(value)
    if problem:
        check.error("invalid-amounts", "amounts", problem)
        return ()
    return tuple(cast("Sequence[int]", value))  # checked by preset_amounts_problem


def project_files(content_root: str, config: DonationsConfig) -> list[str]:
    return list(markdown_files(os.path.join(content_root, config.projects_folder)))


def load_projects(
    content_root: str,
    config: DonationsConfig,
    registries: Registries = NO_REGISTRIES,
    sizes: ImageSizes | None = None,
) -> tuple[list[Project], list[ContentError]]:
    projects, errors = [], []
    for source_path in project_files(content_root, config):
        path = display_path(source_path, content_root)
        try:
            projects.append(
                parse_project(
                    read_text(source_path, path), path, source_path, content_root, registries, sizes
                )
            )
        except ContentErrors as exc:
            errors.extend(exc.errors)
    errors += duplicate_errors(projects, "id", "duplicate-id", "项目编号“{value}”与 {others} 重复")
    return sorted(projects, key=lambda p: (p.status != "open", -p.start.toordinal(), p.id)), errors


# ---------------------------------------------------------------- gifts


@dataclass(frozen=True)
class Gift:
    """One gift record.  ``donor`` is private when ``anonymous``: see :class:`PublicGift`."""

    donor: str
    donor_type: str
    class_year: int | None
    college: str | None
    project: str
    kind: str
    amount: Decimal | None
    valuation: Decimal | None
    item: str | None
    date: date
    anonymous: bool
    show_amount: bool
    story: str | None
    note: str | None
    path: str
    line: int
    # In-kind gifts only; the photo is checked and processed by plugins.alumni_home.
    photo: str | None = None
    photo_alt: str | None = None
    location_on_campus: str | None = None
    certificate: str | None = None
    photo_line: int = 0

    @property
    def value(self) -> Decimal:
        """What the gift adds to totals: the money, or the valuation of goods and services."""
        return (self.amount if self.kind == "money" else self.valuation) or ZERO

    @property
    def public_name(self) -> str:
        return ANONYMOUS_NAMES[self.donor_type] if self.anonymous else self.donor


def parse_gift_file(
    text: str,
    path: str,
    projects: Mapping[str, Project],
    registries: Registries = NO_REGISTRIES,
    this_year: int | None = None,
    broken_projects: frozenset[str] = frozenset(),
) -> tuple[list[Gift], list[ContentError]]:
    """Every valid gift of one YAML file and every error in it."""
    try:
        records = load_yaml(text, path)
    except ContentErrors as exc:
        return [], exc.errors
    if records is None:
        return [], []
    if not isinstance(records, LineList):
        return [], [
            ContentError(path, getattr(records, "line", 1) or 1, "gifts-not-list",
                         "捐赠记录文件应当是列表：每条记录以“- donor: 姓名”开头")
        ]  # fmt: skip
    gifts, errors = [], []
    for index, record in enumerate(records):
        line = records.line_of(index)
        if not isinstance(record, LineDict):
            errors.append(
                ContentError(
                    path, line, "gifts-not-list", "每条捐赠记录应当是“字段: 值”的若干行，以“- donor:”开头"
                )
            )
            continue
        gift, problems = parse_gift(record, path, line, projects, registries, this_year, broken_projects)
        errors += problems
        if gift:
            gifts.append(gift)
    return gifts, errors


def parse_gift(
    raw: LineDict,
    path: str,
    line: int,
    projects: Mapping[str, Project],
    registries: Registries = NO_REGISTRIES,
    this_year: int | None = None,
    broken_projects: frozenset[str] = frozenset(),
) -> tuple[Gift | None, list[ContentError]]:
    """One gift record.  A project whose own file has errors (``broken_projects``)
    is not reported again as unknown: its file's errors say what to fix."""
    check = FieldChecker(raw, path, GIFT_FIELDS, missing_line=line)
    check.required("donor", "缺少捐赠人：请写 donor: 姓名或单位名称")
    check.required(
        "donor_type",
        "缺少捐赠人类型：请写 donor_type: alumnus（校友）、organisation（单位）或 friend（社会友人）",
        key="missing-donor-type",
    )
    check.required("project", "缺少捐赠项目：请写 project: 项目编号")
    check.required("kind", "缺少捐赠方式：请写 kind: money（资金）、in_kind（实物）或 service（服务）")
    check.required("date", "缺少捐赠日期：请写 date: 2024-05-12")
    donor = check.text("donor")
    donor_type = check.choice("donor_type", tuple(DONOR_TYPES), "invalid-donor-type", "捐赠人类型")
    kind = check.choice("kind", tuple(KINDS), "invalid-kind", "捐赠方式")
    project = _gift_project(check, raw, projects, broken_projects)
    college, class_year = _gift_alumnus(check, raw, donor_type, registries, this_year)
    amount, valuation, item = _gift_value(check, raw, kind)
    gift_day = check.date()
    if gift_day and project and not project.covers(gift_day.date()):
        period = f"{project.start} 至 {project.end or '今'}"
        check.error(
            "date-outside-project",
            "date",
            f"捐赠日期 {gift_day.date()} 不在项目“{project.name}”的期限（{period}）内",
        )
    anonymous = check.boolean("anonymous")
    show_amount = check.boolean("show_amount")
    story = _gift_story(check, registries, anonymous)
    note = check.text("note")
    photo, photo_alt, location, certificate = _gift_object(check, kind)
    if check.errors or not (donor and donor_type and kind and project and gift_day):
        return None, check.errors
    return (
        Gift(
            donor=donor,
            donor_type=donor_type,
            class_year=class_year,
            college=college,
            project=project.id,
            kind=kind,
            amount=amount,
            valuation=valuation,
            item=item,
            date=gift_day.date(),
            anonymous=anonymous,
            show_amount=show_amount,
            story=story,
            note=note,
            path=path,
            line=line,
            photo=photo.removeprefix("{static}").lstrip("/") if photo else None,
            photo_alt=photo_alt,
            location_on_campus=location,
            certificate=certificate,
            photo_line=check.line("photo"),
        ),  # fmt: skip
        [],
    )


def _gift_project(
    check: FieldChecker, raw: LineDict, projects: Mapping[str, Project], broken_projects: frozenset[str]
) -> Project | None:
    """The project a gift goes to; an unknown id lists the projects there are."""
    project_id = raw.get("project")
    if project_id in (None, ""):
        return None
    project = projects.get(str(project_id))
    if project is None and str(project_id) not in broken_projects:
        choices = "、".join(f"{p.id}（{p.name}）" for p in projects.values()) or "（暂无项目）"
        check.error("unknown-project", "project", f"未知捐赠项目“{project_id}”，可选：{choices}")
    return project


def _gift_alumnus(
    check: FieldChecker, raw: LineDict, donor_type: str | None, registries: Registries, this_year: int | None
) -> tuple[str | None, int | None]:
    """``(college, class_year)``: written only for an alumnus, the year bounded by the one clock."""
    college = check.identifier("college", "学院", registries.colleges)
    class_year = raw.get("class_year")
    if class_year is not None:
        limit = this_year or clock_today().year
        if isinstance(class_year, bool) or not isinstance(class_year, int) or not 1950 <= class_year <= limit:
            check.error(
                "invalid-class-year", "class_year", f"届别“{class_year}”无效：请填写四位毕业年份，例如 2008"
            )
            class_year = None
    if donor_type != "alumnus" and (raw.get("class_year") is not None or raw.get("college") is not None):
        check.error("invalid-donor-type", "donor_type", "只有校友（alumnus）才填写 class_year 和 college")
    return college, class_year


def _gift_value(
    check: FieldChecker, raw: LineDict, kind: str | None
) -> tuple[Decimal | None, Decimal | None, str | None]:
    """``(amount, valuation, item)``: money has an amount; goods and services an item and maybe a valuation."""
    amount = valuation = None
    for name in ("amount", "valuation"):
        if check.present(name):
            value, problem = parse_amount(raw[name])
            if problem:
                check.error(problem[0], name, problem[1])
            elif name == "amount":
                amount = value
            else:
                valuation = value
    item = check.text("item")
    if kind == "money":
        if not check.present("amount"):
            check.required("amount", "资金捐赠必须写 amount: 金额（元）", key="missing-amount")
        if check.present("item") or check.present("valuation"):
            check.error("invalid-kind", "item" if check.present("item") else "valuation",
                        "资金捐赠不写 item 和 valuation；实物请写 kind: in_kind")  # fmt: skip
    elif kind in ("in_kind", "service"):
        if not item:
            check.required("item", "实物或服务捐赠必须写 item，例如 item: 图书 500 册", key="missing-item")
        if check.present("amount"):
            check.error(
                "invalid-kind", "amount", "实物和服务捐赠不写 amount；如有评估价值请写 valuation: 金额"
            )
    return amount, valuation, item


def _gift_story(check: FieldChecker, registries: Registries, anonymous: bool) -> str | None:
    """The published news article that tells the gift's story; never for an anonymous gift."""
    story = check.text("story")
    if story and registries.news is not None and story not in registries.news:
        example = story if "/" in story else f"2025/{story}"
        check.error(
            "unknown-story",
            "story",
            f"找不到网址名为“{story}”的已发布新闻：请写新闻的 年份/slug，例如 {example}，并确认该新闻已发布",
        )
    if story and anonymous:
        # A story names the donor (a news article about the gift): it would undo the anonymity.
        check.error(
            "anonymous-story",
            "story",
            "匿名捐赠不能关联新闻报道（story）：报道会公开捐赠人；请删除 story，或经捐赠人同意后去掉 anonymous: true",
        )
    return story


def _gift_object(
    check: FieldChecker, kind: str | None
) -> tuple[str | None, str | None, str | None, str | None]:
    """``(photo, photo_alt, location_on_campus, certificate)``: written for an object (in_kind) only."""
    photo, photo_alt = check.text("photo"), check.text("photo_alt")
    location, certificate = check.text("location_on_campus"), check.text("certificate")
    for name in ("photo", "photo_alt", "location_on_campus", "certificate"):
        if check.present(name) and kind != "in_kind":
            check.error("invalid-kind", name, f"只有实物捐赠（kind: in_kind）才写 {name}")
    if photo and not photo_alt:
        check.error(
            "missing-photo-alt",
            "photo",
            "有照片时必须写 photo_alt（照片说明），例如 photo_alt: 校友捐赠的老式打字机",
        )
    return photo, photo_alt, location, certificate


def load_gifts(
    content_root: str,
    config: DonationsConfig,
    projects: Sequence[Project],
    registries: Registries = NO_REGISTRIES,
    this_year: int | None = None,
) -> tuple[list[Gift], list[ContentError]]:
    by_id = {p.id: p for p in projects}
    # Project files that exist but did not validate: their own errors are reported.
    broken = frozenset(
        os.path.splitext(os.path.basename(f))[0] for f in project_files(content_root, config)
    ) - set(by_id)
    gifts, errors = [], []
    folder = os.path.join(content_root, config.gifts_folder)
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if not name.endswith((".yml", ".yaml")) or name.startswith((".", "_")):
                continue
            source_path = os.path.join(root, name)
            path = display_path(source_path, content_root)
            try:
                text = read_text(source_path, path)
            except ContentErrors as exc:
                errors.extend(exc.errors)
                continue
            found, problems = parse_gift_file(text, path, by_id, registries, this_year, broken)
            gifts += found
            errors += problems
    return sorted(gifts, key=lambda g: (g.date, g.path, g.line), reverse=True), errors


# ---------------------------------------------------------------- graduates


@dataclass(frozen=True)
class GraduateCount:
    class_year: int
    college: str | None
    count: int


def load_graduates(
    content_root: str, config: DonationsConfig, registries: Registries = NO_REGISTRIES
) -> tuple[list[GraduateCount], list[ContentError]]:
    source_path = os.path.join(content_root, config.graduates_file)
    if not os.path.isfile(source_path):
        return [], []
    path = display_path(source_path, content_root)
    try:
        records = load_yaml(read_text(source_path, path), path)
    except ContentErrors as exc:
        return [], exc.errors
    if not isinstance(records, LineList):
        return [], [
            ContentError(path, 1, "graduates-not-list", "毕业生人数文件应当是列表：每条以“- class_year:”开头")
        ]
    counts: list[GraduateCount] = []
    errors: list[ContentError] = []
    seen: dict[tuple[object, str | None], int] = {}
    for index, record in enumerate(records):
        line = records.line_of(index)
        if not isinstance(record, LineDict):
            errors.append(
                ContentError(
                    path, line, "graduates-not-list", "每条记录应当写 class_year、college、count 三个字段"
                )
            )
            continue
        check = FieldChecker(record, path, GRADUATE_FIELDS, missing_line=line)
        check.required("class_year", "缺少届别：请写 class_year: 2008", key="missing-class-year")
        check.required("count", "缺少毕业生人数：请写 count: 人数", key="missing-count")
        year, count = record.get("class_year"), record.get("count")
        if year is not None and (
            isinstance(year, bool) or not isinstance(year, int) or not 1950 <= year <= 2100
        ):
            check.error("invalid-class-year", "class_year", f"届别“{year}”无效：请填写四位毕业年份")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count <= 0):
            check.error("invalid-count", "count", f"人数“{count}”应为正整数")
        college = check.identifier("college", "学院", registries.colleges)
        key = (year, college)
        if not check.errors and key in seen:  # an invalid year (a list, a mapping) is not hashable
            check.error(
                "duplicate-graduates", "class_year", f"{year}届{college or ''}的人数已在第 {seen[key]} 行写过"
            )
        if check.errors:
            errors += check.errors
            continue
        assert isinstance(year, int) and isinstance(count, int)  # required and checked above
        seen[key] = line
        counts.append(GraduateCount(year, college, count))
    return counts, errors


# ---------------------------------------------------------------- what pages show


@dataclass(frozen=True)
class PublicGift:
    """A gift as the public may see it: display name, amount only if allowed."""

    name: str
    donor_type: str
    anonymous: bool
    class_year: int | None
    college: str | None
    project: str
    kind: str
    amount: Decimal | None  # None unless show_amount
    item: str | None
    date: date
    story: str | None


def public(gift: Gift) -> PublicGift:
    return PublicGift(
        name=gift.public_name,
        donor_type=gift.donor_type,
        anonymous=gift.anonymous,
        class_year=gift.class_year if not gift.anonymous else None,
        college=gift.college if not gift.anonymous else None,
        project=gift.project,
        kind=gift.kind,
        amount=public_amount(gift),
        item=gift.item,
        date=gift.date,
        story=gift.story,
    )


@dataclass(frozen=True)
class Progress:
    """A project's published figures (:mod:`.disclosure`): hidden amounts are counted, never summed."""

    money: Figure  # money gifts
    in_kind: Figure  # valuations of goods and services
    gifts: int
    donors: int

    @property
    def raised(self) -> Decimal:
        return self.money.shown

    @property
    def in_kind_value(self) -> Decimal:
        return self.in_kind.shown

    @property
    def total(self) -> Decimal:
        """The published total: public amounts only."""
        return self.money.shown + self.in_kind.shown

    @property
    def hidden(self) -> int:
        """How many gifts' amounts are not public (and not in :attr:`total`)."""
        return self.money.hidden + self.in_kind.hidden

    def percent(self, target: Decimal | None) -> int | None:
        """Whole percent of the target reached by public amounts (may exceed 100); ``None`` without a target."""
        if not target:
            return None
        return int((self.total * 100 / target).to_integral_value(rounding="ROUND_FLOOR"))


def donor_identity(gift: Gift) -> tuple:
    """Who gave: anonymous gifts are each their own donor (nobody can merge them)."""
    if gift.anonymous:
        return ("anonymous", gift.path, gift.line)
    return (gift.donor, gift.donor_type, gift.class_year, gift.college)


def progress(gifts: Iterable[Gift]) -> Progress:
    gifts = list(gifts)
    return Progress(
        money=figure(gifts, ("money",)),
        in_kind=figure(gifts, ("in_kind", "service")),
        gifts=len(gifts),
        donors=len({donor_identity(g) for g in gifts}),
    )


@dataclass(frozen=True)
class WallEntry:
    name: str
    organisation: bool
    anonymous: bool
    class_year: int | None


@dataclass(frozen=True)
class WallTier:
    label: str
    entries: tuple[WallEntry, ...]


@dataclass(frozen=True)
class WallYear:
    year: int
    tiers: tuple[WallTier, ...]
    goods: tuple[PublicGift, ...]  # in-kind and service gifts, with their item


def donor_wall(gifts: Sequence[Gift], tiers: Sequence[Tier]) -> list[WallYear]:
    """捐赠芳名录: per year (newest first), per tier (by the donor's total that year),
    names in pinyin order, anonymous donors last."""
    by_year: dict[int, list[Gift]] = defaultdict(list)
    for gift in gifts:
        by_year[gift.date.year].append(gift)
    years = []
    for year in sorted(by_year, reverse=True):
        totals: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
        first: dict[tuple, Gift] = {}
        for gift in by_year[year]:
            key = donor_identity(gift)
            totals[key] += gift.value
            first.setdefault(key, gift)
        grouped: dict[str, list[WallEntry]] = defaultdict(list)
        for key, total in totals.items():
            gift = first[key]
            tier = tier_for(tuple(tiers), total)
            grouped[tier.label].append(
                WallEntry(
                    gift.public_name,
                    gift.donor_type == "organisation",
                    gift.anonymous,
                    None if gift.anonymous else gift.class_year,
                )  # fmt: skip
            )
        wall_tiers = tuple(
            WallTier(
                t.label,
                tuple(
                    sorted(
                        grouped[t.label], key=lambda e: (e.anonymous, not e.organisation, pinyin_key(e.name))
                    )
                ),
            )
            for t in tiers
            if grouped[t.label]
        )
        goods = tuple(public(g) for g in sorted(by_year[year], key=lambda g: g.date) if g.kind != "money")
        years.append(WallYear(year, wall_tiers, goods))
    return years


@dataclass(frozen=True)
class ClassYearStats:
    class_year: int
    total: Figure
    alumni_donors: int
    graduates: int | None

    @property
    def rate(self) -> Decimal | None:
        """Participation: alumni donors per graduate, in percent (1 decimal)."""
        if not self.graduates:
            return None
        return (Decimal(self.alumni_donors) * 100 / self.graduates).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Stats:
    """Every sum is a :class:`~.disclosure.Figure`: public amounts, plus a count of hidden ones."""

    total: Figure
    by_year: tuple[tuple[int, Figure, int], ...]  # (year, total, donors)
    by_project: tuple[tuple[str, Figure], ...]
    by_college: tuple[tuple[str, Figure, int], ...]  # (college id, total, alumni donors)
    by_class_year: tuple[ClassYearStats, ...]
    donors: int = 0  # distinct donors (each anonymous gift its own), for the headline figures
    gifts: int = 0


def statistics(gifts: Sequence[Gift], projects: Sequence[Project], graduates: Sequence[GraduateCount],
               college_order: Sequence[str] = ()) -> Stats:  # fmt: skip
    """Totals by year, project, college and class year, and participation rates.

    Anonymous gifts count in the grand total, the year and the project rows only:
    a college or class-year row would narrow an anonymous donor down to a few people.
    """
    by_year: dict[int, list[Gift]] = defaultdict(list)
    by_project: dict[str, list[Gift]] = defaultdict(list)
    by_college: dict[str, list[Gift]] = defaultdict(list)
    by_class: dict[int, list[Gift]] = defaultdict(list)
    for gift in gifts:
        by_year[gift.date.year].append(gift)
        by_project[gift.project].append(gift)
        if gift.donor_type == "alumnus" and not gift.anonymous:
            if gift.college:
                by_college[gift.college].append(gift)
            if gift.class_year:
                by_class[gift.class_year].append(gift)
    grads: dict[int, int] = defaultdict(int)
    for count in graduates:
        grads[count.class_year] += count.count
    order = {cid: i for i, cid in enumerate(college_order)}
    return Stats(
        donors=len({donor_identity(g) for g in gifts}),
        gifts=len(gifts),
        total=figure(gifts),
        by_year=tuple((y, figure(gs), len({donor_identity(g) for g in gs}))
                      for y, gs in sorted(by_year.items(), reverse=True)),
        by_project=tuple((p.id, figure(by_project.get(p.id, []))) for p in projects),
        by_college=tuple(
            (cid, figure(gs), len({donor_identity(g) for g in gs}))
            for cid, gs in sorted(by_college.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        ),
        by_class_year=tuple(
            ClassYearStats(year, figure(by_class.get(year, [])),
                           len({donor_identity(g) for g in by_class.get(year, [])}), grads.get(year))
            for year in sorted(set(by_class) | set(grads))
        ),
    )  # fmt: skip


@dataclass(eq=False)
class ProjectView:
    """A project with its computed progress and public gift lists (for templates)."""

    project: Project
    url: str
    progress: Progress
    percent: int | None
    gifts: list[PublicGift] = field(default_factory=list)
    stories: list = field(default_factory=list)  # news articles, attached by the adapter
    html: str = ""  # rendered description
    content: str = ""  # ``html`` with links resolved, set in the output phase
    cover_size: tuple[int, int] | None = None  # width and height: no layout shift while it loads

    @property
    def money_gifts(self) -> list[PublicGift]:
        return [g for g in self.gifts if g.kind == "money"]

    @property
    def goods_gifts(self) -> list[PublicGift]:
        """In-kind and service gifts."""
        return [g for g in self.gifts if g.kind != "money"]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.project, name)


def participation_chart(stats: Stats) -> str:
    """The giving-rate bar chart (inline SVG) of the class years with known graduates."""
    from plugins.common.charts import Bar, bar_chart_svg

    rated = [(row, row.rate) for row in stats.by_class_year if row.rate is not None]
    if not rated:
        return ""
    return bar_chart_svg(
        [Bar(f"{row.class_year}届", rate, f"{rate}%" if rate else "暂无") for row, rate in rated],
        "各届校友捐赠参与率",
        "；".join(
            f"{row.class_year}届 {rate}%（{row.alumni_donors}/{row.graduates}）" for row, rate in rated
        ),
    )
