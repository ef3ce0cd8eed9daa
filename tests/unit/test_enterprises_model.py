"""Alumni enterprises and job posts: YAML in, dataclass or errors out; expiry; grouping."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image

from pelicanconf import ENTERPRISES
from plugins.associations.divisions import Divisions
from plugins.common.errors import ContentErrors
from plugins.common.settings import SettingsError
from plugins.enterprises.model import (
    city_index,
    city_slug,
    group_by,
    load_enterprises,
    load_jobs,
    open_jobs,
    parse_enterprise,
    parse_job,
    sort_jobs,
)
from plugins.enterprises.settings import enterprises_config

CONFIG = enterprises_config(ENTERPRISES)
CITIES = city_index(Divisions.load().provinces)
COLLEGES = {"cs": "计算机工程学院", "mech": "机械与自动化学院"}
PROJECTS = {"cs-lab": "计算机工程学院校友创新实验室"}
KNOWN_ENTERPRISES = {"yunzhi": "yunzhi"}
ENTERPRISE = """---
name: 潍坊云智软件科技有限公司
founders:
  - name: 李云飞
    class_year: 2008
    college: cs
    consent: true
industry: 信息技术
city: 潍坊市
website: https://www.example.com/
logo: images/enterprises/logo.png
logo_alt: 云智标志
summary: 工业软件与数据平台。
cooperation:
  - type: 实习基地
    text: 接收学生实习
  - type: 捐赠
    text: 捐赠服务器
    project: cs-lab
---

公司介绍。
"""
JOB = """---
enterprise: yunzhi
title: Java 开发工程师
positions: 3
requirements: [本科及以上学历, 熟悉 Java]
apply_url: https://www.example.com/jobs/
apply_email: hr@yunzhi.example.com
published: 2026-10-08
expires: 2027-01-31
---

岗位说明。
"""


def content_root(tmp_path):
    root = tmp_path / "content"
    (root / "images" / "enterprises").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 120), "navy").save(root / "images/enterprises/logo.png")
    return root


def enterprise(text: str, tmp_path, name: str = "yunzhi", colleges=COLLEGES, projects=PROJECTS):
    root = content_root(tmp_path)
    source = root / "enterprises" / f"{name}.md"
    return parse_enterprise(
        text,
        f"content/enterprises/{name}.md",
        str(source),
        str(root),
        CONFIG,
        CITIES,
        colleges,
        projects,
        this_year=2026,
    )


def job(text: str, tmp_path, name: str = "yunzhi-java", enterprises=KNOWN_ENTERPRISES):
    root = content_root(tmp_path)
    source = root / "jobs" / f"{name}.md"
    return parse_job(
        text, f"content/jobs/{name}.md", str(source), str(root), enterprises, {"yunzhi": "潍坊市"}, CITIES
    )


def errors_of(parse, text: str, tmp_path, **kwargs) -> list[tuple[int, str]]:
    with pytest.raises(ContentErrors) as info:
        parse(text, tmp_path, **kwargs)
    return [(e.line, e.key) for e in info.value.errors]


def test_valid_enterprise(tmp_path):
    e = enterprise(ENTERPRISE, tmp_path)
    assert (e.id, e.name, e.industry, e.industry_slug) == (
        "yunzhi",
        "潍坊云智软件科技有限公司",
        "信息技术",
        "it",
    )
    assert (e.city, e.province) == ("潍坊市", "山东省")
    assert [(f.name, f.class_year, f.college) for f in e.founders] == [("李云飞", 2008, "cs")]
    assert e.colleges == ("cs",)
    assert [(c.type, c.text, c.project) for c in e.cooperation] == [
        ("实习基地", "接收学生实习", None),
        ("捐赠", "捐赠服务器", "cs-lab"),
    ]
    assert e.logo == "images/enterprises/logo.png" and e.logo_line == 11
    assert e.website == "https://www.example.com/" and e.status == "published"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name: 潍坊云智软件科技有限公司", "name:", [(2, "missing-name")]),
        ("industry: 信息技术", "industry: 互联网", [(8, "unknown-industry")]),
        ("industry: 信息技术", "industry:", [(8, "missing-industry")]),
        ("city: 潍坊市", "city: 潍坊", [(9, "unknown-city")]),
        ("city: 潍坊市", "city: 莱芜市", [(9, "unknown-city")]),
        ("city: 潍坊市", "city:", [(9, "missing-city")]),
        ("summary: 工业软件与数据平台。", "summary:", [(13, "missing-summary")]),
        ("summary: 工业软件与数据平台。", "summary: 联系 13912345678", [(13, "private-contact")]),
        ("summary: 工业软件与数据平台。", "summary: 简历发 lyf@qq.com", [(13, "private-contact")]),
        ("website: https://www.example.com/", "website: www.example.com", [(10, "invalid-website")]),
        ("logo: images/enterprises/logo.png", "logo: images/enterprises/none.png", [(11, "image-not-found")]),
        ("logo_alt: 云智标志", "logo_alt:", [(11, "missing-logo-alt")]),
        ("    consent: true", "    consent: false", [(7, "missing-consent")]),
        ("    consent: true\n", "", [(4, "missing-consent")]),
        ("    college: cs", "    college: math", [(6, "unknown-college")]),
        ("    class_year: 2008", "    class_year: 2030", [(5, "invalid-class-year")]),
        ("    class_year: 2008", "    class_year: 08届", [(5, "invalid-class-year")]),
        ("  - name: 李云飞", "  - name:", [(4, "missing-founder-name")]),
        ("    consent: true", "    consent: true\n    phone: 13912345678", [(8, "unknown-field")]),
        ("  - type: 实习基地", "  - type: 冠名", [(15, "unknown-cooperation-type")]),
        ("    project: cs-lab", "    project: gym", [(19, "unknown-project")]),
        ("    project: cs-lab\n", "", [(17, "missing-project")]),
        ("    text: 接收学生实习", "    text: 联系人手机 139-1234-5678", [(16, "private-contact")]),
        ("summary: 工业软件与数据平台。", "summary: x\nstatus: hidden", [(14, "invalid-status")]),
        ("公司介绍。", "请联系 13812345678。", [(22, "private-contact")]),
    ],
)
def test_enterprise_field_errors(tmp_path, old, new, expected):
    assert old in ENTERPRISE
    assert errors_of(enterprise, ENTERPRISE.replace(old, new), tmp_path) == expected


def test_founders_and_cooperation_must_be_lists_of_records(tmp_path):
    text = ENTERPRISE.replace(
        "founders:\n  - name: 李云飞\n    class_year: 2008\n    college: cs\n    consent: true\n",
        "founders: 李云飞\n",
    )
    assert errors_of(enterprise, text, tmp_path) == [(3, "invalid-founders")]
    text = ENTERPRISE.split("cooperation:")[0] + "cooperation: [实习]\n---\n"
    assert errors_of(enterprise, text, tmp_path) == [(14, "invalid-cooperation")]


def test_reserved_and_invalid_file_names(tmp_path):
    assert errors_of(enterprise, ENTERPRISE, tmp_path, name="industry") == [(0, "invalid-id")]
    assert errors_of(enterprise, ENTERPRISE, tmp_path, name="云智") == [(0, "invalid-id")]
    assert errors_of(enterprise, ENTERPRISE.replace("---\nname", "---\nid: other\nname"), tmp_path) == [
        (2, "id-mismatch")
    ]


def test_ids_of_other_sections_are_checked_only_when_they_exist(tmp_path):
    e = enterprise(
        ENTERPRISE.replace("college: cs", "college: math").replace("project: cs-lab", "project: gym"),
        tmp_path,
        colleges=None,
        projects=None,
    )
    assert e.founders[0].college == "math" and e.cooperation[1].project == "gym"


def test_valid_job(tmp_path):
    j = job(JOB, tmp_path)
    assert (j.id, j.enterprise, j.title, j.city, j.positions) == (
        "yunzhi-java",
        "yunzhi",
        "Java 开发工程师",
        "潍坊市",
        3,
    )
    assert j.requirements == ("本科及以上学历", "熟悉 Java")
    assert (j.published, j.expires) == (date(2026, 10, 8), date(2027, 1, 31))
    assert j.published_datetime.isoformat() == "2026-10-08T00:00:00+08:00"
    assert (j.apply_url, j.apply_email) == ("https://www.example.com/jobs/", "hr@yunzhi.example.com")


def test_job_city_overrides_the_enterprise_city(tmp_path):
    assert job(JOB.replace("positions: 3", "city: 北京市\npositions: 3"), tmp_path).city == "北京市"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("enterprise: yunzhi", "enterprise: hengyuan", [(2, "unknown-enterprise")]),
        ("enterprise: yunzhi", "enterprise: 云智", [(2, "invalid-enterprise")]),
        ("enterprise: yunzhi", "enterprise:", [(2, "missing-enterprise")]),
        ("title: Java 开发工程师", "title:", [(3, "missing-title")]),
        ("positions: 3", "positions: 0", [(4, "invalid-positions")]),
        ("positions: 3", "positions: 若干", [(4, "invalid-positions")]),
        ("positions: 3", "positions:", [(4, "missing-positions")]),
        ("positions: 3", "city: 潍城区\npositions: 3", [(4, "unknown-city")]),
        ("requirements: [本科及以上学历, 熟悉 Java]", "requirements: 本科", [(5, "invalid-requirements")]),
        (
            "requirements: [本科及以上学历, 熟悉 Java]",
            "requirements: [电话 13912345678]",
            [(5, "private-contact")],
        ),
        (
            "apply_url: https://www.example.com/jobs/",
            "apply_url: example.com/jobs",
            [(6, "invalid-apply-url")],
        ),
        ("apply_email: hr@yunzhi.example.com", "apply_email: zhangsan@163.com", [(7, "private-contact")]),
        ("apply_email: hr@yunzhi.example.com", "apply_email: hr at yunzhi", [(7, "invalid-email")]),
        (
            "apply_url: https://www.example.com/jobs/\napply_email: hr@yunzhi.example.com",
            "apply_url:",
            [(6, "missing-apply")],
        ),
        ("published: 2026-10-08", "published: 2026/10/08", [(8, "invalid-date")]),
        ("published: 2026-10-08", "published:", [(8, "missing-published")]),
        ("expires: 2027-01-31", "expires:", [(9, "missing-expires")]),
        ("expires: 2027-01-31", "expires: 2026-10-01", [(9, "expires-before-published")]),
        ("expires: 2027-01-31", "expires: 2027-01-31\nsalary: 面议", [(10, "unknown-field")]),
        ("岗位说明。", "微信 wx@qq.com", [(12, "private-contact")]),
    ],
)
def test_job_field_errors(tmp_path, old, new, expected):
    assert old in JOB
    assert errors_of(job, JOB.replace(old, new), tmp_path) == expected


def test_job_enterprise_unchecked_before_enterprises_exist(tmp_path):
    # No city is known for an enterprise that was not read: the post must name one.
    assert errors_of(
        job, JOB.replace("enterprise: yunzhi", "enterprise: other"), tmp_path, enterprises=None
    ) == [(2, "missing-city")]
    j = job(
        JOB.replace("enterprise: yunzhi", "enterprise: other").replace(
            "positions: 3", "city: 青岛市\npositions: 3"
        ),
        tmp_path,
        enterprises=None,
    )
    assert (j.enterprise, j.city) == ("other", "青岛市")


def test_expiry_counts_the_last_day_as_open(tmp_path):
    j = job(JOB, tmp_path)
    assert j.is_open(date(2027, 1, 31)) and not j.is_open(date(2027, 2, 1))
    later = job(
        JOB.replace("published: 2026-10-08", "published: 2026-11-01").replace("2027-01-31", "2026-11-30"),
        tmp_path,
    )
    assert sort_jobs([j, later]) == [later, j]
    assert open_jobs([j, later], date(2026, 12, 1)) == [j]
    assert open_jobs([j, later], date(2027, 3, 1)) == []


def test_load_collects_every_error_and_duplicate_names(tmp_path):
    root = content_root(tmp_path)
    (root / "enterprises").mkdir()
    (root / "enterprises" / "a.md").write_text(ENTERPRISE)
    (root / "enterprises" / "b.md").write_text(ENTERPRISE)
    (root / "enterprises" / "c.md").write_text(ENTERPRISE.replace("industry: 信息技术", "industry: 互联网"))
    found, errors = load_enterprises(str(root), CONFIG, CITIES, COLLEGES, PROJECTS, this_year=2026)
    assert [e.id for e in found] == ["a", "b"]
    assert [(e.path, e.line, e.key) for e in errors] == [
        ("content/enterprises/c.md", 8, "unknown-industry"),
        ("content/enterprises/a.md", 0, "duplicate-enterprise"),
        ("content/enterprises/b.md", 0, "duplicate-enterprise"),
    ]
    (root / "jobs").mkdir()
    (root / "jobs" / "ok.md").write_text(JOB.replace("yunzhi", "a", 1))
    (root / "jobs" / "bad.md").write_text(JOB.replace("enterprise: yunzhi", "enterprise: zzz"))
    jobs, job_errors = load_jobs(str(root), CONFIG, {"a": "a", "b": "b", "c": "c"}, {"a": "潍坊市"}, CITIES)
    assert [j.id for j in jobs] == ["ok"]
    assert [(e.path, e.line, e.key) for e in job_errors] == [("content/jobs/bad.md", 2, "unknown-enterprise")]


def test_grouping_by_industry_order_and_city_size(tmp_path):
    a = enterprise(ENTERPRISE, tmp_path)
    b = a.__class__(
        **{
            **a.__dict__,
            "id": "b",
            "industry": "智能制造",
            "industry_slug": "manufacturing",
            "city": "青岛市",
        }
    )
    c = a.__class__(**{**a.__dict__, "id": "c"})
    groups = group_by([b, a, c], CONFIG, lambda e: e.industry, lambda e: e.city)
    assert [(g.slug, g.name, [e.id for e in g.items]) for g in groups["industry"]] == [
        ("it", "信息技术", ["yunzhi", "c"]),
        ("manufacturing", "智能制造", ["b"]),
    ]
    assert [(g.slug, len(g.items)) for g in groups["city"]] == [("wei-fang", 2), ("qing-dao", 1)]
    assert (
        city_slug("北京市") == "bei-jing" and city_slug("香港特别行政区") == "xiang-gang-te-bie-xing-zheng-qu"
    )


@pytest.mark.parametrize(
    "user",
    [
        {"industries": ()},
        {"industries": (("信息技术", "it"), ("其他", "it"))},
        {"industries": (("信息技术", "it"),), "logo_widths": (32,)},
        {
            "industries": (("信息技术", "it"),),
            "season": {"title": "招聘季", "start": "2026-12-01", "end": "2026-09-01"},
        },
        {
            "industries": (("信息技术", "it"),),
            "season": {"title": "招聘季", "start": "2026-09-01", "end": "2026-12-01", "x": 1},
        },
        {"industries": (("信息技术", "it"),), "colour": "red"},
    ],
)
def test_settings_errors(user):
    with pytest.raises(SettingsError):
        enterprises_config(user)


def test_season_includes_its_first_and_last_day():
    season = CONFIG.season
    assert season.includes(season.start) and season.includes(season.end)
    assert not season.includes(date(2026, 8, 31))


def test_a_post_of_an_enterprise_whose_file_has_errors_gets_no_second_message(tmp_path):
    root = content_root(tmp_path)
    source = root / "jobs" / "x.md"
    with pytest.raises(ContentErrors) as info:
        parse_job(
            JOB, "content/jobs/x.md", str(source), str(root), KNOWN_ENTERPRISES, {"yunzhi": None}, CITIES
        )
    assert info.value.errors == []


def test_private_contacts_in_text_are_found_at_their_offsets():
    from plugins.common.contacts import private_contacts_in_text

    text = "电话 13912345678，邮箱 a@qq.com，办公 0536-8785000，hr@wfu.edu.cn，编号 2139123456789"
    assert [(offset, key) for offset, key, _ in private_contacts_in_text(text)] == [
        (3, "private-contact"),
        (18, "private-contact"),
    ]
