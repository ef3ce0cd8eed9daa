"""Alumni enterprises and jobs in the built sample site, with a fixed build day."""

from __future__ import annotations

import os

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.conftest import SAMPLE_CONTENT, run_build, site_on
from tests.site_errors import load_errors, reported

TODAY = "2026-11-20"  # hengyuan-service-2026, haiyun-editor-2026 and yunzhi-intern-2025 have expired
OPEN = [
    "mingde-trainer-2026",
    "lvye-technician-2026",
    "kangning-chemist-2026",
    "yunzhi-java-2026",
    "hengyuan-engineer-2026",
    "yunzhi-test-2026",
    "zhilian-operations-2026",
]
EXPIRED = ["hengyuan-service-2026", "haiyun-editor-2026", "yunzhi-intern-2025"]


def build_on(day: str, content, output):
    previous = os.environ.get("SITE_TODAY")
    os.environ["SITE_TODAY"] = day
    try:
        return run_build(content, output, "build")
    finally:
        if previous is None:
            del os.environ["SITE_TODAY"]
        else:
            os.environ["SITE_TODAY"] = previous


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return site_on(tmp_path_factory, TODAY)


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def job_ids(doc) -> list[str]:
    return [a["href"].split("/")[2] for a in doc.select(".job-title a")]


def test_enterprise_index_lists_every_enterprise_with_industry_and_city_groups(site):
    doc = soup(site, "enterprises/index.html")
    cards = doc.select(".enterprise-card-link")
    assert len(cards) == 8 == len(list((SAMPLE_CONTENT / "enterprises").glob("*.md")))
    chips = {a.get_text(strip=True): a["href"] for a in doc.select(".chip-list a")}
    assert chips["信息技术（1）"] == "/enterprises/industry/it/"
    assert chips["文化创意（2）"] == "/enterprises/industry/culture/"
    assert chips["潍坊市（2）"] == "/enterprises/city/wei-fang/"
    assert chips["北京市（1）"] == "/enterprises/city/bei-jing/"
    for href in chips.values():
        assert (site / href.lstrip("/") / "index.html").is_file(), href
    group = soup(site, "enterprises/city/wei-fang/index.html")
    assert group.h1.get_text() == "城市：潍坊市"
    assert [a["href"] for a in group.select(".enterprise-card-link")] == [
        "/enterprises/lvye/",
        "/enterprises/yunzhi/",
    ]


def test_enterprise_page_links_college_project_and_open_jobs(site):
    doc = soup(site, "enterprises/yunzhi/index.html")
    assert doc.h1.get_text() == "潍坊云智软件科技有限公司（示例企业）"
    founders = doc.select_one(".founders")
    assert "李云飞（示例人物），2008届" in founders.get_text()
    assert founders.find("a")["href"] == "/colleges/cs/"
    cooperation = doc.select_one(".cooperation")
    assert cooperation.find("a", href="/donate/projects/cs-lab/").get_text() == "计算机工程学院校友创新实验室"
    assert job_ids(doc) == ["yunzhi-java-2026", "yunzhi-test-2026"]  # the 2025 internship has expired
    logo = doc.select_one(".enterprise-header img")
    assert logo["alt"] == "云智软件标志（示例）" and (site / logo["src"].lstrip("/")).is_file()


def test_college_column_and_project_page_link_back_to_the_enterprise(site):
    column = soup(site, "colleges/cs/index.html")
    assert [a["href"] for a in column.select(".enterprise-card-link")] == ["/enterprises/yunzhi/"]
    mech = soup(site, "colleges/mech/index.html")
    assert [a["href"] for a in mech.select(".enterprise-card-link")] == ["/enterprises/hengyuan/"]
    project = soup(site, "donate/projects/scholarship/index.html")
    section = project.find(id="enterprises-heading").parent
    assert [a["href"] for a in section.select("a")] == ["/enterprises/lvye/"]


def test_jobs_index_lists_only_open_posts_newest_first(site):
    doc = soup(site, "jobs/index.html")
    assert job_ids(doc) == OPEN
    assert "截至 2026年11月20日" in doc.select_one(".lead").get_text()
    assert not doc.select(".closed-badge")
    chips = {a.get_text(strip=True): a["href"] for a in doc.select(".chip-list a")}
    assert chips["潍坊市（3）"] == "/jobs/city/wei-fang/"
    assert "烟台市（0）" not in chips  # its only post expired: no chip offers nothing (issue 24) ...
    assert job_ids(soup(site, "jobs/city/wei-fang/index.html")) == [
        "lvye-technician-2026",
        "yunzhi-java-2026",
        "yunzhi-test-2026",
    ]
    assert job_ids(soup(site, "jobs/industry/it/index.html")) == ["yunzhi-java-2026", "yunzhi-test-2026"]
    assert (  # ... but the page stays: its URL keeps working
        soup(site, "jobs/city/yan-tai/index.html").select_one(".empty").get_text() == "暂无正在招聘的岗位。"
    )


def test_expired_job_page_stays_with_a_closed_notice_and_no_apply_link(site):
    for job in EXPIRED:
        doc = soup(site, f"jobs/{job}/index.html")
        assert doc.select_one(".closed-notice").get_text().startswith("已截止：该岗位已于"), job
        assert doc.select_one(".apply") is None
    doc = soup(site, "jobs/hengyuan-service-2026/index.html")
    assert "2026年11月10日 截止招聘" in doc.select_one(".closed-notice").get_text()
    assert doc.select_one(".article-meta a")["href"] == "/enterprises/hengyuan/"


def test_open_job_page_shows_public_ways_to_apply(site):
    doc = soup(site, "jobs/yunzhi-java-2026/index.html")
    assert doc.select_one(".closed-notice") is None
    apply = doc.select_one(".apply")
    assert apply.find("a", href="mailto:hr@yunzhi.example.com")
    assert apply.find("a", href="https://www.example.com/yunzhi/jobs/")
    assert [li.get_text() for li in doc.find(id="requirements-heading").parent.select("li")] == [
        "计算机相关专业本科及以上学历",
        "熟悉 Java 与数据库",
        "欢迎应届毕业生",
    ]


def test_recruitment_season_lists_the_posts_published_in_its_dates(site):
    doc = soup(site, "jobs/season/index.html")
    assert doc.h1.get_text() == "2026年校友企业招聘季（示例）"
    ids = job_ids(doc)
    assert sorted(ids) == sorted([*OPEN, "hengyuan-service-2026"])  # haiyun's post was in August
    assert doc.select_one('a[href="/jobs/hengyuan-service-2026/"]').find_next("span").get_text() == "已截止"
    assert soup(site, "jobs/index.html").find("a", href="/jobs/season/")


def test_jobs_feed_has_the_open_posts(site):
    feed = feedparser.parse((site / "jobs/feed.atom.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "潍坊学院校友会 - 校友企业招聘"
    assert [e.link.rsplit("/", 2)[1] for e in feed.entries] == OPEN
    assert feed.entries[0].title == "济南明德教育咨询有限公司（示例企业）：课程研发专员"
    head = soup(site, "jobs/index.html").find(
        "link", type="application/atom+xml", href=True, title="校友企业招聘 (Atom)"
    )
    assert head["href"] == "http://127.0.0.1:8000/jobs/feed.atom.xml"


def test_no_founder_or_applicant_contact_beyond_public_fields(site):
    pages = [p.read_text(encoding="utf-8") for p in (site / "jobs").rglob("*.html")]
    pages += [p.read_text(encoding="utf-8") for p in (site / "enterprises").rglob("*.html")]
    text = "\n".join(pages)
    assert "consent" not in text
    assert "@qq.com" not in text and "@163.com" not in text
    assert not (site / "images" / "enterprises").exists()  # logos only as processed derivatives


def test_a_later_day_drops_every_expired_post(tmp_path):
    result = build_on("2027-02-10", SAMPLE_CONTENT, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    doc = soup(tmp_path / "output", "jobs/index.html")
    assert job_ids(doc) == ["lvye-technician-2026"]  # closes 2027-02-28
    assert (tmp_path / "output" / "jobs/yunzhi-java-2026/index.html").is_file()


ENTERPRISE = "enterprises/yunzhi.md"
JOB = "jobs/yunzhi-java-2026.md"
CASES = [
    (ENTERPRISE, "industry: 信息技术", "industry: 互联网", f"content/{ENTERPRISE}:8: ", "unknown-industry"),
    (ENTERPRISE, "city: 潍坊市", "city: 潍坊", f"content/{ENTERPRISE}:9: ", "unknown-city"),
    (ENTERPRISE, "    consent: true", "    consent: 是", f"content/{ENTERPRISE}:7: ", "missing-consent"),
    (ENTERPRISE, "    project: cs-lab", "    project: gym", f"content/{ENTERPRISE}:19: ", "unknown-project"),
    (ENTERPRISE, "    college: cs", "    college: computer", f"content/{ENTERPRISE}:6: ", "unknown-college"),
    (JOB, "enterprise: yunzhi", "enterprise: yunzi", f"content/{JOB}:2: ", "unknown-enterprise"),
    (JOB, "expires: 2027-01-31", "expires: 2026-01-31", f"content/{JOB}:9: ", "expires-before-published"),
    (
        JOB,
        "apply_email: hr@yunzhi.example.com",
        "apply_email: liyunfei@qq.com",
        f"content/{JOB}:7: ",
        "private-contact",
    ),
]


@pytest.mark.parametrize(("relative", "old", "new", "where", "key"), CASES, ids=[c[4] for c in CASES])
def test_editor_mistakes_are_reported_at_their_lines(content_copy, relative, old, new, where, key):
    path = content_copy / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    printed = reported(load_errors(content_copy))
    line = next((x for x in printed.splitlines() if f"[{key}]" in x), "")
    assert line.startswith(where), printed


def test_a_corrupt_logo_is_reported_at_its_line(content_copy):
    (content_copy / "images/enterprises/yunzhi-sample.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    printed = reported(load_errors(content_copy))
    assert printed
    assert f"content/{ENTERPRISE}:11: " in printed and "[image-" in printed


def test_one_mistake_in_an_enterprise_is_one_message(content_copy):
    path = content_copy / ENTERPRISE
    path.write_text(
        path.read_text(encoding="utf-8").replace("industry: 信息技术", "industry: 互联网"), encoding="utf-8"
    )
    project = (
        content_copy / "donors/projects/cs-lab.md"
    )  # a project with errors is not "unknown" to enterprises
    project.write_text(
        project.read_text(encoding="utf-8").replace("level: college", "level: 院级"), encoding="utf-8"
    )
    printed = reported(load_errors(content_copy))
    errors = [line for line in printed.splitlines() if line.startswith("content/")]
    assert len(errors) == 2, errors  # its three job posts and the enterprise's cs-lab cooperation stay silent
    assert errors[0].startswith("content/donors/projects/cs-lab.md:") and errors[1].startswith(
        f"content/{ENTERPRISE}:8: "
    )
