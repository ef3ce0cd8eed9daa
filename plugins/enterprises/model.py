"""Alumni enterprises and job posts: schema, validation, expiry and grouping.

An enterprise file (``content/enterprises/<id>.md``) describes a company
founded by alumni; a job file (``content/jobs/<id>.md``) one recruitment
post of such a company.  Founders are public names published with their
consent (``consent: true``, noted by the editor); the only contact a post
may carry is a public HR mailbox or an application URL, so no personal
phone number or private mailbox reaches the site.  Pure Python: no Pelican.

Other sections are passed in as plain id maps (colleges, donation projects,
cities), so the content graph can call these functions in any order.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from plugins.common.contacts import email_problem, private_contacts_in_text
from plugins.common.dates import clock_today, parse_date
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker, duplicate_errors, file_id
from plugins.common.files import markdown_files, parse_section_files
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes
from plugins.common.slugs import slugify
from plugins.common.yamlio import LineDict, LineList

from .settings import EnterprisesConfig

ENTERPRISE_FIELDS = (
    "id",
    "name",
    "founders",
    "industry",
    "city",
    "website",
    "logo",
    "logo_alt",
    "summary",
    "cooperation",
    "status",
)
FOUNDER_FIELDS = ("name", "class_year", "college", "consent")
# Ids that would collide with the sections' grouping pages.
RESERVED_ENTERPRISE_IDS = frozenset({"industry", "city", "page"})
RESERVED_JOB_IDS = frozenset({"industry", "city", "season", "page", "feed"})
COOPERATION_FIELDS = ("type", "text", "project")
# 合作类型 as editors write them -> whether a donation project id is required.
COOPERATION_TYPES = {"实习基地": False, "共建基地": False, "捐赠": True, "其他": False}
JOB_FIELDS = (
    "id",
    "enterprise",
    "title",
    "city",
    "positions",
    "requirements",
    "apply_url",
    "apply_email",
    "published",
    "expires",
    "status",
)


@dataclass(frozen=True)
class Founder:
    """A founding alumnus: public facts only, published with consent."""

    name: str
    class_year: int
    college: str


@dataclass(frozen=True)
class Cooperation:
    """One form of cooperation with the university."""

    type: str
    text: str
    project: str | None  # a donation project id, for 捐赠


@dataclass(frozen=True)
class Enterprise:
    """One validated alumni enterprise."""

    id: str
    name: str
    founders: tuple[Founder, ...]
    industry: str
    industry_slug: str
    city: str
    province: str
    website: str | None
    logo: str | None  # relative to the content folder
    logo_alt: str | None
    summary: str
    cooperation: tuple[Cooperation, ...]
    status: str
    body: str
    body_line: int
    path: str
    source_path: str
    logo_line: int

    @property
    def colleges(self) -> tuple[str, ...]:
        """The founders' colleges, once each: the enterprise appears on their columns."""
        return tuple(dict.fromkeys(f.college for f in self.founders))


@dataclass(frozen=True)
class Job:
    """One validated job post."""

    id: str
    enterprise: str
    title: str
    city: str
    positions: int
    requirements: tuple[str, ...]
    apply_url: str | None
    apply_email: str | None
    published: date
    expires: date
    status: str
    body: str
    body_line: int
    path: str
    source_path: str

    @property
    def published_datetime(self) -> datetime:
        """The publication day at midnight, Beijing time (for feeds)."""
        moment = parse_date(self.published)
        assert moment is not None  # a date always converts
        return moment

    def is_open(self, today: date) -> bool:
        """Still accepting applications on ``today`` (the ``expires`` day included)."""
        return today <= self.expires


def city_index(provinces: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """``city -> province`` for every prefecture-level city (and municipality)."""
    index: dict[str, str] = {}
    for province, cities in provinces.items():
        for city in cities:
            index.setdefault(city, province)
    return index


def _city(check: FieldChecker, name: str, cities: Mapping[str, str]) -> str | None:
    value = check.text(name)
    if value is None:
        return None
    if value in cities:
        return value
    full = next((c for c in cities if c.startswith(value) or value.startswith(c.rstrip("市"))), None)
    hint = f"是不是“{full}”？" if full else "请写地级市全称，例如 潍坊市、青岛市、北京市"
    check.error("unknown-city", name, f"不认识的城市“{value}”：{hint}")
    return None


def private_contact_errors(check: FieldChecker, name: str, text: str | None, line: int | None = None) -> None:
    """Mobile numbers and personal mailboxes in free text are never published.

    ``line`` is the first line of a Markdown body (errors then point at the
    body's own line); otherwise the field's line is used.
    """
    body = text or ""
    for offset, key, message in private_contacts_in_text(body):
        where = line + body.count("\n", 0, offset) if line is not None else check.line(name)
        check.errors.append(ContentError(check.path, where, key, message))


def _reserved(check: FieldChecker, item_id: str, reserved: frozenset[str]) -> None:
    if item_id in reserved:
        check.errors.append(
            ContentError(check.path, 0, "invalid-id", f"文件名“{item_id}”是保留字，请换一个文件名")
        )


def _website(check: FieldChecker, name: str) -> str | None:
    value = check.text(name)
    if value and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        check.error(
            f"invalid-{name.replace('_', '-')}",
            name,
            f"网址“{value}”应以 https:// 开头，例如 https://www.example.com/",
        )
        return None
    return value


def _records(check: FieldChecker, name: str, example: str) -> list[tuple[LineDict, int]]:
    """A list of mappings, each with its line."""
    value = check.raw.get(name)
    if value is None:
        return []
    if not isinstance(value, LineList) or not all(isinstance(item, LineDict) for item in value):
        check.error(f"invalid-{name}", name, f"“{name}”应当是列表，每一项写成几行“字段: 值”，例如：{example}")
        return []
    return [(item, value.line_of(i)) for i, item in enumerate(value)]


def _founders(
    check: FieldChecker, colleges: Mapping[str, str] | None, earliest: int, this_year: int
) -> tuple[Founder, ...]:
    founders = []
    example = "founders: 换行后 - name: 姓名 / class_year: 2008 / college: cs / consent: true"
    for record, line in _records(check, "founders", example):
        sub = FieldChecker(record, check.path, FOUNDER_FIELDS, missing_line=line)
        sub.required(
            "name", "创始校友缺少姓名：请写 name: 姓名（须经本人同意公开）", key="missing-founder-name"
        )
        sub.required("college", "创始校友缺少学院：请写 college: 学院编号，例如 cs")
        sub.required(
            "class_year", "创始校友缺少届别：请写 class_year: 2008（毕业年份）", key="missing-class-year"
        )
        name = sub.text("name")
        college = sub.identifier("college", "学院", colleges)
        class_year = record.get("class_year")
        if class_year not in (None, "") and (
            isinstance(class_year, bool)
            or not isinstance(class_year, int)
            or not earliest <= class_year <= this_year
        ):
            sub.error(
                "invalid-class-year",
                "class_year",
                f"届别“{class_year}”无效：请填写毕业年份，{earliest} 到 {this_year} 之间的四位数字",
            )
            class_year = None
        if record.get("consent") is not True:
            where = "consent" if "consent" in record else "name"
            sub.errors.append(
                ContentError(
                    check.path,
                    record.line_of(where) if where in record else line,
                    "missing-consent",
                    f"创始校友“{name or ''}”没有写 consent: true：校友姓名须经本人同意才能公开，"
                    "确认同意后请加上 consent: true，否则请删除这位校友",
                )
            )
        check.errors.extend(sub.errors)
        if name and college and class_year and not sub.errors:
            founders.append(Founder(name, class_year, college))
    return tuple(founders)


def _cooperation(check: FieldChecker, projects: Mapping[str, str] | None) -> tuple[Cooperation, ...]:
    result = []
    example = "cooperation: 换行后 - type: 捐赠 / text: 设立奖学金 / project: 项目编号"
    for record, line in _records(check, "cooperation", example):
        sub = FieldChecker(record, check.path, COOPERATION_FIELDS, missing_line=line)
        sub.required(
            "type",
            f"合作缺少类型：请写 type: 后接 {'、'.join(COOPERATION_TYPES)} 之一",
            key="missing-cooperation-type",
        )
        sub.required("text", "合作缺少说明：请写 text: 一句话说明合作内容", key="missing-cooperation-text")
        kind = sub.choice("type", tuple(COOPERATION_TYPES), "unknown-cooperation-type", "合作类型")
        text = sub.text("text")
        private_contact_errors(sub, "text", text)
        project = sub.identifier("project", "捐赠项目", projects)
        if kind and COOPERATION_TYPES[kind] and not sub.present("project"):
            sub.error(
                "missing-project",
                "type",
                "捐赠合作必须写 project: 捐赠项目编号（content/donors/projects/ 下的文件名）",
            )
        check.errors.extend(sub.errors)
        if kind and text and not sub.errors:
            result.append(Cooperation(kind, text, project))
    return tuple(result)


def parse_enterprise(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    config: EnterprisesConfig,
    cities: Mapping[str, str],
    colleges: Mapping[str, str] | None = None,
    projects: Mapping[str, str] | None = None,
    this_year: int | None = None,
    sizes: ImageSizes | None = None,
) -> Enterprise:
    """Parse and validate one enterprise; :class:`ContentErrors` with every problem."""
    front = split_front_matter(text, path)
    check = FieldChecker(front.meta, path, ENTERPRISE_FIELDS)
    enterprise_id = file_id(check, source_path, "企业", "weifang-seed")
    _reserved(check, enterprise_id, RESERVED_ENTERPRISE_IDS)
    check.required("name", "缺少企业名称：请写 name: 企业全称")
    check.required("founders", "缺少创始校友：请写 founders: 列表（姓名、届别、学院、consent: true）")
    check.required("industry", f"缺少行业：请写 industry: 后接以下之一：{'、'.join(config.industry_names)}")
    check.required("city", "缺少城市：请写 city: 地级市全称，例如 潍坊市")
    check.required("summary", "缺少主营业务：请写 summary: 一两句话介绍产品或服务")
    name, summary, logo_alt = check.text("name"), check.text("summary"), check.text("logo_alt")
    private_contact_errors(check, "summary", summary)
    founders = _founders(check, colleges, config.earliest_class_year, this_year or clock_today().year)
    industry = check.choice("industry", config.industry_names, "unknown-industry", "行业")
    city = _city(check, "city", cities)
    website = _website(check, "website")
    cooperation = _cooperation(check, projects)
    status = check.status()
    logo = check.image("logo", source_path, content_root, sizes, published_as_is=False)
    if logo and not logo_alt:
        check.error(
            "missing-logo-alt", "logo", "有标志图片时必须写 logo_alt（图片说明），例如 logo_alt: 某某公司标志"
        )
    private_contact_errors(check, "", front.body, front.body_line)
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    if check.errors or not (name and founders and industry and city and summary):
        raise ContentErrors(check.errors)
    return Enterprise(
        id=enterprise_id,
        name=name,
        founders=founders,
        industry=industry,
        industry_slug=config.industry_slug(industry),
        city=city,
        province=cities[city],
        website=website,
        logo=logo,
        logo_alt=logo_alt,
        summary=summary,
        cooperation=cooperation,
        status=status,
        body=front.body,
        body_line=front.body_line,
        path=path,
        source_path=source_path,
        logo_line=check.line("logo"),
    )


def parse_job(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    enterprises: Mapping[str, str] | None,
    enterprise_cities: Mapping[str, str | None],
    cities: Mapping[str, str],
    sizes: ImageSizes | None = None,
) -> Job:
    """Parse and validate one job post.

    ``enterprises`` maps ids to names (``None``: no enterprise data yet);
    ``enterprise_cities`` gives the city used when the post names none
    (``None`` for an enterprise whose file has errors).
    """
    front = split_front_matter(text, path)
    check = FieldChecker(front.meta, path, JOB_FIELDS)
    job_id = file_id(check, source_path, "招聘", "seed-engineer-2026")
    _reserved(check, job_id, RESERVED_JOB_IDS)
    check.required("enterprise", "缺少企业：请写 enterprise: 企业编号（content/enterprises/ 下的文件名）")
    check.required("title", "缺少岗位名称：请写 title: 岗位名称，例如 软件工程师")
    check.required("positions", "缺少招聘人数：请写 positions: 3")
    check.required("published", "缺少发布日期：请写 published: 2026-10-08", key="missing-published")
    check.required(
        "expires", "缺少截止日期：请写 expires: 2026-12-31（过期后自动从列表中撤下）", key="missing-expires"
    )
    title = check.text("title")
    enterprise = check.identifier("enterprise", "企业", enterprises)
    city = _job_city(check, enterprise, cities, enterprise_cities)
    positions = _job_positions(check)
    requirements = check.text_list("requirements", "[本科及以上学历, 熟悉 Python]")
    for requirement in requirements:
        private_contact_errors(check, "requirements", requirement)
    apply_url, apply_email = _job_apply(check)
    published, expires = check.date("published"), check.date("expires")
    if published and expires and expires < published:
        check.error(
            "expires-before-published", "expires", "截止日期早于发布日期：请检查 published 和 expires"
        )
    status = check.status()
    private_contact_errors(check, "", front.body, front.body_line)
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    if check.errors or not (title and enterprise and city and positions and published and expires):
        raise ContentErrors(check.errors)
    return Job(
        id=job_id,
        enterprise=enterprise,
        title=title,
        city=city,
        positions=positions,
        requirements=requirements,
        apply_url=apply_url,
        apply_email=apply_email,
        published=published.date(),
        expires=expires.date(),
        status=status,
        body=front.body,
        body_line=front.body_line,
        path=path,
        source_path=source_path,
    )


def _job_city(
    check: FieldChecker,
    enterprise: str | None,
    cities: Mapping[str, str],
    enterprise_cities: Mapping[str, str | None],
) -> str | None:
    """The post's own city, else its enterprise's."""
    city = _city(check, "city", cities) if check.present("city") else enterprise_cities.get(enterprise or "")
    # An enterprise file with errors maps to None: its own errors say what to fix.
    if city is None and enterprise and not check.present("city") and enterprise not in enterprise_cities:
        # The enterprise's own file has errors (reported there) or was not read.
        check.error(
            "missing-city",
            "enterprise",
            f"无法确定岗位所在城市：请写 city: 地级市全称，或先修正企业“{enterprise}”的文件",
        )
    return city


def _job_positions(check: FieldChecker) -> int | None:
    """How many people the post hires: a positive whole number."""
    positions = check.raw.get("positions")
    if positions not in (None, "") and (
        isinstance(positions, bool) or not isinstance(positions, int) or positions < 1
    ):
        check.error(
            "invalid-positions", "positions", f"招聘人数“{positions}”无效：请写正整数，例如 positions: 3"
        )
        positions = None
    return positions


def _job_apply(check: FieldChecker) -> tuple[str | None, str | None]:
    """``(apply_url, apply_email)``: at least one, never a personal contact."""
    apply_url = _website(check, "apply_url")
    apply_email = check.text("apply_email")
    if apply_email:
        problem = email_problem(apply_email)
        if problem:
            check.error(problem[0], "apply_email", problem[1])
            apply_email = None
    if not check.present("apply_url") and not check.present("apply_email"):
        check.error(
            "missing-apply",
            next((n for n in ("apply_url", "apply_email") if n in check.raw), "title"),
            "缺少投递方式：请写 apply_url: 企业招聘网址，或 apply_email: 企业人事部门的公共邮箱（不能写个人手机或个人邮箱）",
        )
    return apply_url, apply_email


def load_enterprises(
    content_root: str,
    config: EnterprisesConfig,
    cities: Mapping[str, str],
    colleges: Mapping[str, str] | None = None,
    projects: Mapping[str, str] | None = None,
    this_year: int | None = None,
    sizes: ImageSizes | None = None,
) -> tuple[list[Enterprise], list[ContentError]]:
    """Every valid enterprise (drafts included) and every error."""
    found, errors = parse_section_files(
        content_root,
        config.folder,
        lambda text, path, source_path: parse_enterprise(
            text, path, source_path, content_root, config, cities, colleges, projects, this_year, sizes
        ),
    )
    errors.extend(
        duplicate_errors(
            found, "name", "duplicate-enterprise", "企业“{value}”已在 {others} 中，请合并为一个文件"
        )
    )
    return found, errors


def enterprise_ids(content_root: str, config: EnterprisesConfig) -> dict[str, str] | None:
    """Every enterprise file's id (even one with errors: its own errors say what to fix)."""
    folder = os.path.join(content_root, config.folder)
    if not os.path.isdir(folder):
        return None
    return {
        os.path.splitext(os.path.basename(p))[0]: os.path.splitext(os.path.basename(p))[0]
        for p in markdown_files(folder)
    }


def load_jobs(
    content_root: str,
    config: EnterprisesConfig,
    enterprises: Mapping[str, str] | None,
    enterprise_cities: Mapping[str, str | None],
    cities: Mapping[str, str],
    sizes: ImageSizes | None = None,
) -> tuple[list[Job], list[ContentError]]:
    """Every valid job post (drafts and expired ones included) and every error."""
    return parse_section_files(
        content_root,
        config.jobs_folder,
        lambda text, path, source_path: parse_job(
            text, path, source_path, content_root, enterprises, enterprise_cities, cities, sizes
        ),
    )


def sort_jobs(jobs: Sequence[Job]) -> list[Job]:
    """Newest post first; among equals the one closing soonest."""
    return sorted(jobs, key=lambda j: (-j.published.toordinal(), j.expires, j.id))


def open_jobs(jobs: Sequence[Job], today: date) -> list[Job]:
    """The posts shown in listings on ``today``: expired ones are dropped."""
    return [job for job in sort_jobs(jobs) if job.is_open(today)]


@dataclass(frozen=True)
class Group:
    """A plain-HTML grouping page (by industry or city)."""

    kind: str  # "industry" or "city"
    slug: str
    name: str
    items: tuple


def city_slug(city: str) -> str:
    """``weifang`` for 潍坊市: short pinyin, stable for a given city name."""
    short = city[:-1] if city.endswith("市") and len(city) > 2 else city
    return slugify(short)


def group_by(
    items: Sequence,
    config: EnterprisesConfig,
    industry_of: Callable[[Any], str],
    city_of: Callable[[Any], str],
) -> dict[str, list[Group]]:
    """Groups by industry (configured order) and by city (most items first, then name)."""
    industries: dict[str, list] = defaultdict(list)
    cities: dict[str, list] = defaultdict(list)
    for item in items:
        industries[industry_of(item)].append(item)
        cities[city_of(item)].append(item)
    return {
        "industry": [
            Group("industry", slug, name, tuple(industries[name]))
            for name, slug in config.industries
            if industries[name]
        ],
        "city": [
            Group("city", city_slug(city), city, tuple(group))
            for city, group in sorted(cities.items(), key=lambda kv: (-len(kv[1]), city_slug(kv[0])))
        ],
    }
