"""Alumni associations and honour rolls: schema, validation, coverage.

``content/data/associations.yml`` lists every association (school, college,
regional, industry) with its filing (备案) with the school association;
``content/data/honours.yml`` lists honour-roll entries.  Officers are public
roles only and contacts are office numbers or institutional addresses, as
everywhere on the site.  Pure Python: no Pelican import.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from plugins.common.contacts import email_problem, phone_problem
from plugins.common.dates import clock_today
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import ID_RE, FieldChecker
from plugins.common.files import display_path, read_text
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.common.urlpolicy import clean, is_external, scheme, url_is_safe
from plugins.common.yamlio import LineDict, LineList, load_yaml

from .divisions import Divisions
from .settings import AssociationsConfig

FIELDS = (
    "id", "name", "type", "college", "province", "city", "country", "industry", "founded",
    "status", "filing", "officers", "contact", "charter", "description",
)  # fmt: skip
HONOUR_FIELDS = ("year", "award", "recipient", "association", "college", "achievement", "citation")
TYPES = {"school": "校友总会", "college": "学院校友会", "regional": "地区校友会", "industry": "行业校友会"}
STATUSES = {"active": "正常运行", "preparing": "筹建中"}


@dataclass(frozen=True)
class Filing:
    """备案 with the school association: its date and number."""

    date: date
    number: str


@dataclass(frozen=True)
class Officer:
    role: str  # 会长, 秘书长 …
    name: str


@dataclass(frozen=True)
class Association:
    id: str
    name: str
    type: str
    college: str | None
    province: str | None
    city: str | None
    country: str | None  # overseas associations
    industry: str | None
    founded: date | None
    status: str
    filing: Filing | None
    officers: tuple[Officer, ...]
    contact: str | None
    charter: str | None
    description: str | None
    path: str
    line: int

    @property
    def place(self) -> str:
        if self.country:
            return self.country
        return "".join(p for p in (self.province, self.city if self.city != self.province else None) if p)


def _association(
    raw: LineDict, path: str, line: int, divisions: Divisions, registries: Registries
) -> tuple[Association | None, list[ContentError]]:
    check = FieldChecker(raw, path, FIELDS, missing_line=line)
    check.required("id", "缺少编号：请写 id: 小写英文编号，例如 qingdao")
    check.required("name", "缺少名称：请写 name: 潍坊学院青岛校友会")
    check.required("type", "缺少类型：请写 type: school、college、regional 或 industry")
    assoc_id = raw.get("id")
    if assoc_id is not None and (not isinstance(assoc_id, str) or not ID_RE.match(assoc_id)):
        check.error("invalid-id", "id", f"编号“{assoc_id}”应为小写英文、数字和连字符，例如 qingdao")
        assoc_id = None
    name = check.text("name")
    kind = check.choice("type", tuple(TYPES), "unknown-association-type", "校友会类型")
    college = check.identifier("college", "学院", registries.colleges)
    if kind == "college" and not check.present("college"):
        check.required("college", "学院校友会必须写 college: 学院编号", key="missing-college")
    province, city, country = _location(check, raw, divisions, kind)
    industry = check.text("industry")
    if kind == "industry" and not industry:
        check.required("industry", "行业校友会必须写 industry: 行业名称", key="missing-industry")
    founded_at = check.date("founded")
    status = check.choice("status", tuple(STATUSES), "invalid-association-status", "状态") or "active"
    filing = _filing(check, raw, path)
    officers = _officers(check, raw, path)
    contact = check.text("contact")
    if contact:
        problem = email_problem(contact) if "@" in contact else phone_problem(contact)
        if problem:
            check.error(problem[0], "contact", problem[1])
    charter = check.text("charter")
    if charter and not _charter_link_ok(charter):
        check.error("invalid-charter", "charter", "章程链接应以 https:// 开头，或写本站路径（以 / 开头）")
    description = check.text("description")
    if check.errors or not (assoc_id and name and kind):
        return None, check.errors
    return (
        Association(
            id=assoc_id,
            name=name,
            type=kind,
            college=college,
            province=province,
            city=city,
            country=country,
            industry=industry,
            founded=founded_at.date() if founded_at else None,
            status=status,
            filing=filing,
            officers=tuple(officers),
            contact=contact,
            charter=charter,
            description=description,
            path=path,
            line=line,
        ),  # fmt: skip
        [],
    )


def _location(
    check: FieldChecker, raw: LineDict, divisions: Divisions, kind: str | None
) -> tuple[str | None, str | None, str | None]:
    """``(province, city, country)``: full names from the division list; a regional association needs one."""
    province = city = country = None
    if check.present("province"):
        province = str(raw["province"]).strip()
        if province not in divisions.provinces:
            near = divisions.suggest_province(province)
            check.error(
                "unknown-province",
                "province",
                f"未知省份“{province}”"
                + (f"，是不是“{near}”？" if near else "：请写全称，例如 山东省、北京市、广东省"),
            )
            province = None
    if check.present("city"):
        city = str(raw["city"]).strip()
        if province and city not in divisions.provinces[province]:
            near = divisions.suggest_city(province, city)
            hint = (
                f"，是不是“{near}”？"
                if near
                else f"。{province}的地级市有：{'、'.join(divisions.provinces[province])}"
            )
            check.error("unknown-city", "city", f"{province}没有“{city}”{hint}")
            city = None
        elif not check.present("province"):
            check.error("unknown-province", "city", "写了 city 就要写 province（省份全称，例如 山东省）")
    country = check.text("country")
    if kind == "regional" and not (province and city) and not country and not check.errors:
        check.error(
            "missing-city",
            "type",
            "地区校友会必须写 province 和 city（例如 山东省 / 青岛市）；海外校友会写 country",
        )
    return province, city, country


def _filing(check: FieldChecker, raw: LineDict, path: str) -> Filing | None:
    """The civil-affairs filing: its date and number, both or neither."""
    raw_filing = raw.get("filing")
    if raw_filing is None:
        return None
    if not isinstance(raw_filing, LineDict):
        check.error(
            "invalid-filing", "filing", "filing 应分行写 date（备案日期）和 number（备案编号），每行前空两格"
        )
        return None
    inner = FieldChecker(raw_filing, path, ("date", "number"), missing_line=raw_filing.line)
    filed_at, number = inner.date("date"), inner.text("number")
    if not (filed_at and number) and not inner.errors:
        inner.error("invalid-filing", "date" if not filed_at else "number", "备案需要写 date 和 number 两项")
    check.errors += inner.errors
    if filed_at and number and not inner.errors:
        return Filing(filed_at.date(), number)
    return None


def _officers(check: FieldChecker, raw: LineDict, path: str) -> list[Officer]:
    """The officers, each a role and a name."""
    raw_officers = raw.get("officers")
    if raw_officers is None:
        return []
    if not isinstance(raw_officers, LineList):
        check.error("invalid-officers", "officers", "officers 应当是列表，每项写 role（职务）和 name（姓名）")
        return []
    officers = []
    for index, item in enumerate(raw_officers):
        if not isinstance(item, LineDict):
            check.errors.append(
                ContentError(
                    path,
                    raw_officers.line_of(index),
                    "invalid-officers",
                    "每位负责人写成“- role: 会长”和“  name: 姓名”两行",
                )
            )
            continue
        inner = FieldChecker(item, path, ("role", "name"), missing_line=raw_officers.line_of(index))
        role, person = inner.text("role"), inner.text("name")
        if not (role and person) and not inner.errors:
            inner.error("invalid-officers", "role", "负责人需要写 role（职务）和 name（姓名）")
        check.errors += inner.errors
        if role and person:
            officers.append(Officer(role, person))
    return officers


def _records(text: str, path: str, what: str) -> tuple[LineList | None, list[ContentError]]:
    try:
        records = load_yaml(text, path)
    except ContentErrors as exc:
        return None, exc.errors
    if records is None:
        return LineList(), []
    if not isinstance(records, LineList):
        return None, [ContentError(path, 1, "not-a-list", f"{what}文件应当是列表：每条以“- ”开头")]
    return records, []


def parse_associations(
    text: str, path: str, divisions: Divisions, registries: Registries = NO_REGISTRIES
) -> tuple[list[Association], list[ContentError]]:
    records, errors = _records(text, path, "校友会")
    found: list[Association] = []
    rows = records or LineList()  # None after a YAML error: nothing to read
    for index, record in enumerate(rows):
        line = rows.line_of(index)
        if not isinstance(record, LineDict):
            errors.append(
                ContentError(path, line, "not-a-list", "每个校友会写成若干“字段: 值”行，以“- id:”开头")
            )
            continue
        association, problems = _association(record, path, line, divisions, registries)
        errors += problems
        if association:
            found.append(association)
    seen: dict[str, Association] = {}
    for association in found:
        if association.id in seen:
            errors.append(ContentError(path, association.line, "duplicate-id",
                                       f"编号“{association.id}”已在第 {seen[association.id].line} 行使用"))  # fmt: skip
        seen.setdefault(association.id, association)
    return found, errors


def load_associations(
    content_root: str,
    config: AssociationsConfig,
    divisions: Divisions,
    registries: Registries = NO_REGISTRIES,
) -> tuple[list[Association], list[ContentError]]:
    source_path = os.path.join(content_root, config.associations_file)
    if not os.path.isfile(source_path):
        return [], []
    path = display_path(source_path, content_root)
    try:
        return parse_associations(read_text(source_path, path), path, divisions, registries)
    except ContentErrors as exc:
        return [], exc.errors


def association_ids(content_root: str, config: AssociationsConfig) -> dict[str, str] | None:
    """Every ``id`` in the data file (valid entries or not), for other sections' checks."""
    source_path = os.path.join(content_root, config.associations_file)
    if not os.path.isfile(source_path):
        return None
    records, _ = _records(read_text(source_path, source_path), source_path, "校友会")
    return {
        str(r["id"]): str(r.get("name") or r["id"])
        for r in records or ()
        if isinstance(r, LineDict) and r.get("id")
    }


# ---------------------------------------------------------------- honours


@dataclass(frozen=True)
class Honour:
    year: int
    award: str
    recipient: str
    association: str | None
    college: str | None
    achievement: str | None
    citation: str | None
    line: int


def parse_honours(
    text: str,
    path: str,
    config: AssociationsConfig,
    registries: Registries = NO_REGISTRIES,
    this_year: int | None = None,
) -> tuple[list[Honour], list[ContentError]]:
    records, errors = _records(text, path, "荣誉榜")
    honours: list[Honour] = []
    limit = this_year or clock_today().year
    rows = records or LineList()  # None after a YAML error: nothing to read
    for index, record in enumerate(rows):
        line = rows.line_of(index)
        if not isinstance(record, LineDict):
            errors.append(
                ContentError(path, line, "not-a-list", "每条荣誉写成若干“字段: 值”行，以“- year:”开头")
            )
            continue
        check = FieldChecker(record, path, HONOUR_FIELDS, missing_line=line)
        check.required("year", "缺少年份：请写 year: 2025")
        check.required("award", f"缺少奖项：请写 award: 后接以下之一：{'、'.join(config.awards)}")
        check.required("recipient", "缺少获奖者：请写 recipient: 名称或姓名")
        year = record.get("year")
        if year is not None and (
            isinstance(year, bool) or not isinstance(year, int) or not 1950 <= year <= limit
        ):
            check.error("invalid-year", "year", f"年份“{year}”无效：请写四位年份，例如 2025")
        award = check.choice("award", config.awards, "unknown-award", "奖项")
        recipient = check.text("recipient")
        association = check.identifier("association", "校友会", registries.associations)
        college = check.identifier("college", "学院", registries.colleges)
        achievement = record.get("achievement")
        if (
            achievement is not None
            and registries.achievements is not None
            and achievement not in registries.achievements
        ):
            check.error(
                "unknown-achievement",
                "achievement",
                f"找不到网址名为“{achievement}”的校友风采，请写 content/achievements/ 中文章的 slug",
            )
        citation = check.text("citation")
        if check.errors or not (award and recipient):
            errors += check.errors
            continue
        assert isinstance(year, int)  # required and checked above
        honours.append(Honour(year, award, recipient, association, college, achievement, citation, line))
    return honours, errors


def load_honours(
    content_root: str,
    config: AssociationsConfig,
    registries: Registries = NO_REGISTRIES,
    this_year: int | None = None,
) -> tuple[list[Honour], list[ContentError]]:
    source_path = os.path.join(content_root, config.honours_file)
    if not os.path.isfile(source_path):
        return [], []
    path = display_path(source_path, content_root)
    try:
        return parse_honours(read_text(source_path, path), path, config, registries, this_year)
    except ContentErrors as exc:
        return [], exc.errors


# ---------------------------------------------------------------- coverage


@dataclass(frozen=True)
class CityCoverage:
    name: str
    associations: tuple[Association, ...]  # active first

    @property
    def covered(self) -> bool:
        return any(a.status == "active" for a in self.associations)

    @property
    def preparing(self) -> bool:
        return not self.covered and bool(self.associations)


@dataclass(frozen=True)
class Coverage:
    province: str
    cities: tuple[CityCoverage, ...]

    @property
    def covered(self) -> tuple[CityCoverage, ...]:
        return tuple(c for c in self.cities if c.covered)

    @property
    def preparing(self) -> tuple[CityCoverage, ...]:
        return tuple(c for c in self.cities if c.preparing)

    @property
    def uncovered(self) -> tuple[CityCoverage, ...]:
        return tuple(c for c in self.cities if not c.associations)


def coverage(associations: Sequence[Association], province: str, divisions: Divisions) -> Coverage:
    """Which of ``province``'s cities have a (regional) association: the policy's goal is all of them."""
    by_city: dict[str, list[Association]] = defaultdict(list)
    for association in associations:
        if association.type == "regional" and association.province == province and association.city:
            by_city[association.city].append(association)
    return Coverage(
        province,
        tuple(
            CityCoverage(city, tuple(sorted(by_city[city], key=lambda a: (a.status != "active", a.id))))
            for city in divisions.provinces.get(province, ())
        ),
    )


def by_province(
    associations: Sequence[Association], home: str, order: Sequence[str]
) -> list[tuple[str, list[Association]]]:
    """Regional associations grouped by province (home province first, then the official order, overseas last)."""
    groups: dict[str, list[Association]] = defaultdict(list)
    for association in associations:
        if association.type == "regional":
            groups[association.province or "海外"].append(association)
    rank = {name: i for i, name in enumerate(order)}
    keys = sorted(groups, key=lambda p: (p != home, p == "海外", rank.get(p, len(rank)), p))
    return [(key, sorted(groups[key], key=lambda a: (a.city or a.country or "", a.id))) for key in keys]


def honours_by(honours: Sequence[Honour], key: str) -> list[tuple[Any, list[Honour]]]:
    # The key is the value of the field named ``key`` (a year or an award): Any, as getattr gives.
    groups: dict[Any, list[Honour]] = defaultdict(list)
    for honour in honours:
        groups[getattr(honour, key)].append(honour)
    return sorted(groups.items(), key=lambda item: item[0], reverse=(key == "year"))


def honours_by_year_and_award(
    honours: Sequence[Honour], awards: Sequence[str]
) -> list[tuple[int, list[tuple[str, list[Honour]]]]]:
    """Each honour once: years newest first, awards in the configured order, file order within."""
    rank = {award: index for index, award in enumerate(awards)}
    result = []
    for year, items in honours_by(honours, "year"):
        by_award = honours_by(items, "award")
        by_award.sort(key=lambda item: (rank.get(item[0], len(rank)), item[0]))
        result.append((year, by_award))
    return result


def newest_first(honours: Sequence[Honour]) -> list[Honour]:
    """Honours by year, newest first (stable: file order within a year)."""
    return sorted(honours, key=lambda h: h.year, reverse=True)


def honours_for(honours: Sequence[Honour], **match: str) -> list[Honour]:
    """Honours whose ``association``/``college``/``achievement`` equals the given id."""
    ((field, value),) = match.items()
    return sorted((h for h in honours if getattr(h, field) == value), key=lambda h: -h.year)


def summary(associations: Sequence[Association]) -> Mapping[str, object]:
    """Counts by type and by filing; the school association files nowhere, so it is not counted there."""
    branches = [a for a in associations if a.type != "school"]
    return {
        "by_type": [
            (kind, label, sum(1 for a in associations if a.type == kind)) for kind, label in TYPES.items()
        ],
        "filed": sum(1 for a in branches if a.filing),
        "not_filed": sum(1 for a in branches if not a.filing),
        "preparing": sum(1 for a in associations if a.status == "preparing"),
        "total": len(associations),
    }


def _charter_link_ok(url: str) -> bool:
    """``https://host/…`` or a path on this site; ``//host/…`` is another site (plugins.common.urlpolicy)."""
    if is_external(url):
        return scheme(url) in ("https", "http") and bool(clean(url).split("://", 1)[1].split("/", 1)[0])
    return url.startswith("/") and url_is_safe(url)
