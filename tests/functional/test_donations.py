"""Donation pages in the built sample site; anonymity across every output file."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import SAMPLE_CONTENT, once_per_run, run_build
from tests.site_errors import load_errors, reported


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def sample_gifts() -> list[dict]:
    records = []
    for path in sorted((SAMPLE_CONTENT / "donors/gifts").glob("*.yml")):
        records += yaml.safe_load(path.read_text(encoding="utf-8"))
    return records


def amount_of(record) -> Decimal:
    value = record.get("amount") if record["kind"] == "money" else record.get("valuation")
    return Decimal(str(value)) if value is not None else Decimal(0)


def yuan(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", text))


def test_sample_data_is_rich_enough():
    records = sample_gifts()
    assert len(records) >= 60
    assert {r["kind"] for r in records} == {"money", "in_kind", "service"}
    assert {r["donor_type"] for r in records} == {"alumnus", "organisation", "friend"}
    assert any(r.get("anonymous") for r in records)
    assert {int(str(r["date"])[:4]) for r in records} == set(range(2019, 2027))


def _hidden(record) -> bool:
    return bool(amount_of(record)) and not record.get("show_amount")


def test_project_totals_match_the_records(sample_site):
    """Totals are the public amounts; hidden amounts are only counted (plugins/donations/disclosure.py)."""
    records = sample_gifts()
    assert any(_hidden(r) for r in records) and any(r.get("show_amount") for r in records)
    for pid in ("scholarship", "library", "cs-lab", "teacher-fund"):
        own = [r for r in records if r["project"] == pid]
        expected = sum((amount_of(r) for r in own if r.get("show_amount")), Decimal(0))
        doc = soup(sample_site, f"donate/projects/{pid}/index.html")
        raised = doc.select_one(".progress-figures strong").get_text()
        assert yuan(raised) == expected, pid
        figures = doc.select_one(".progress-figures").get_text()
        assert f"{len(own)} 笔捐赠" in figures
        hidden = sum(1 for r in own if _hidden(r))
        assert (f"另有 {hidden} 笔捐赠金额未公开" in figures) == bool(hidden), pid
    stats = soup(sample_site, "donate/stats/index.html")
    lead = stats.select_one(".lead")
    assert yuan(stats.select_one(".stats-figures .figure").get_text()) == sum(
        (amount_of(r) for r in records if r.get("show_amount")), Decimal(0)
    )
    assert f"另有 {sum(1 for r in records if _hidden(r))} 笔捐赠金额未公开" in lead.get_text()


def test_donate_page(sample_site):
    doc = soup(sample_site, "donate/index.html")
    assert doc.h1.get_text() == "校友捐赠"
    open_titles = [
        a.get_text() for a in doc.select('section[aria-labelledby="projects-heading"] .project-title a')
    ]
    assert len(open_titles) == 3 and "图书馆建设与图书捐赠" not in open_titles
    bar = doc.select_one(".project-card progress")
    assert 0 <= int(bar["value"]) <= 100 and bar["max"] == "100" and bar.has_attr("aria-label")
    assert "0000 0000 0000 0000 000（示例账号）" in doc.get_text()
    qr = doc.select_one("img.qr")
    assert (sample_site / qr["src"].lstrip("/")).is_file() and qr["alt"]
    assert len(doc.select('section[aria-labelledby="recent-heading"] .gift')) == 10


def test_project_page_lists_donors_goods_and_stories(sample_site):
    doc = soup(sample_site, "donate/projects/library/index.html")
    goods = doc.find("h3", string="实物与服务捐赠").find_next("ul").select(".gift")
    assert goods and all("图书" in g.get_text() for g in goods)
    scholarship = soup(sample_site, "donate/projects/scholarship/index.html")
    story = scholarship.select_one(".related .news-title a")
    assert story["href"] == "/news/2025/xiao-you-juan-zi-she-li-zhu-xue-jin-qian-yue-yi-shi-ju-xing/"
    article = soup(
        sample_site, "news/2025/xiao-you-juan-zi-she-li-zhu-xue-jin-qian-yue-yi-shi-ju-xing/index.html"
    )
    assert article.select_one('.article-projects a[href="/donate/projects/scholarship/"]')


def test_amounts_only_with_show_amount(sample_site):
    hidden = [
        r
        for r in sample_gifts()
        if r["kind"] == "money" and not r.get("show_amount") and not r.get("anonymous")
    ]
    shown = {r2.get("amount") for r2 in sample_gifts() if r2.get("show_amount")}
    record = next(r for r in hidden if r["amount"] not in shown)
    doc = soup(sample_site, f"donate/projects/{record['project']}/index.html")
    line = next(li for li in doc.select(".gift") if li.select_one(".gift-name").get_text() == record["donor"]
                and li.time["datetime"] == str(record["date"]))  # fmt: skip
    assert "资金捐赠（金额未公开）" in line.get_text() and "元" not in line.get_text()


def test_college_column_shows_its_projects(sample_site):
    doc = soup(sample_site, "colleges/cs/index.html")
    assert [a["href"] for a in doc.select(".project-title a")] == ["/donate/projects/cs-lab/"]
    assert not soup(sample_site, "colleges/art/index.html").select(".project-title")


def test_wall_tiers_and_order(sample_site):
    doc = soup(sample_site, "donate/wall/index.html")
    years = [h.get_text() for h in doc.select(".wall-year > h2")]
    assert years == [f"{y}年" for y in range(2026, 2018, -1)]
    first = doc.select_one(".wall-year")
    assert [h.get_text() for h in first.select(".wall-tier")][:1] == ["10万元及以上"]
    for names in doc.select(".wall-names"):
        entries = [li for li in names.select("li")]
        anonymous = [i for i, li in enumerate(entries) if li.get_text().startswith("匿名")]
        assert anonymous == list(range(len(entries) - len(anonymous), len(entries)))  # anonymous last


def test_stats_page_has_chart_and_tables(sample_site):
    doc = soup(sample_site, "donate/stats/index.html")
    svg = doc.select_one(".chart-wrap svg")
    assert svg["role"] == "img" and svg.title.get_text() == "各届校友捐赠参与率"
    class_years = {
        r["class_year"] for r in yaml.safe_load((SAMPLE_CONTENT / "data/graduates.yml").read_text())
    }
    assert len(svg.select("g")) == len(class_years)  # one row per class year
    zero_rows = [g for g in svg.select("g") if g.select_one(".chart-zero")]
    assert len(svg.select("rect")) == len(class_years) - len(zero_rows)  # a zero rate has no bar
    assert all(g.select_one(".chart-zero").get_text() == "暂无" for g in zero_rows)
    assert len(doc.select("table")) == 4
    assert not doc.find("script")


SECRET_DONOR = "欧阳隐名（示例）"  # anonymous, amount shown
HIDDEN_DONOR = "隐名校友甲"  # anonymous, amount hidden


def _build_with_secret_gifts(root: Path) -> str:
    """The fixture site with two more anonymous gifts: one shows its amount, the other hides it.

    Different years, projects and colleges, so neither changes what the other test checks.
    A development build: its files are the publishing build's (absolute URLs aside) plus the
    web editor's /admin/, so "no output byte" covers both.
    """
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    gifts = content / "donors/gifts/2024.yml"
    gifts.write_text(
        gifts.read_text(encoding="utf-8")
        + f"- donor: {SECRET_DONOR}\n  donor_type: alumnus\n  class_year: 2010\n  college: cs\n"
        "  project: cs-lab\n  kind: money\n  amount: 123456.78\n  date: 2024-12-30\n  anonymous: true\n"
        "  show_amount: true\n",
        encoding="utf-8",
    )
    gifts = content / "donors" / "gifts" / "2019.yml"
    gifts.write_text(
        gifts.read_text(encoding="utf-8")
        + f"- donor: {HIDDEN_DONOR}\n  donor_type: alumnus\n  class_year: 1987\n  college: art\n"
        "  project: scholarship\n  kind: money\n  amount: 77777.77\n  date: 2019-06-01\n  anonymous: true\n"
        "  show_amount: false\n",
        encoding="utf-8",
    )
    result = run_build(content, root / "output", "build")
    assert result.returncode == 0, result.stderr
    return str(result.output)


@pytest.fixture(scope="module")
def with_secret_gifts(tmp_path_factory) -> Path:
    """Built once per run (both tests below read it), whatever the pytest-xdist workers."""
    return Path(once_per_run(tmp_path_factory, "secret-gifts", _build_with_secret_gifts))


def test_anonymous_donors_never_appear_anywhere(with_secret_gifts):
    output = with_secret_gifts
    leaked = [p for p in output.rglob("*") if p.is_file() and SECRET_DONOR.encode() in p.read_bytes()]
    assert leaked == []
    for word in ("欧阳", "ou-yang", "ouyang"):
        assert not [p for p in output.rglob("*") if p.is_file() and word.encode() in p.read_bytes()], word
    wall = soup(output, "donate/wall/index.html").get_text()
    assert "匿名校友" in wall
    project = soup(output, "donate/projects/cs-lab/index.html")
    assert "123,456.78 元" in project.get_text()  # counted and, as allowed, shown: without a name
    line = next(li for li in project.select(".gift") if "123,456.78" in li.get_text())
    assert line.select_one(".gift-name").get_text() == "匿名校友" and "2010届" not in line.get_text()


def test_gift_errors_at_their_lines(content_copy):
    gifts = content_copy / "donors/gifts/2024.yml"
    text = gifts.read_text(encoding="utf-8")
    bad = (
        "- donor: 测试（示例）\n  donor_type: alumnus\n  class_year: 2010\n  college: cs\n  project: nope\n"
        "  kind: money\n  amount: 12.345\n  date: 2024-12-30\n  phone: 13900000000\n"
    )
    gifts.write_text(text + bad, encoding="utf-8")
    first = len(text.split("\n"))  # the new record starts on this line
    printed = reported(load_errors(content_copy))
    expected = [(first + 4, "unknown-project"), (first + 6, "amount-precision"), (first + 8, "unknown-field")]
    for line, key in expected:
        assert f"content/donors/gifts/2024.yml:{line}: " in printed and f"[{key}]" in printed, (
            line,
            key,
        )


def test_project_errors_at_their_lines(content_copy):
    project = content_copy / "donors/projects/cs-lab.md"
    project.write_text(project.read_text(encoding="utf-8").replace("college: cs\n", ""), encoding="utf-8")
    (content_copy / "donors/projects/old").mkdir()
    (content_copy / "donors/projects/old/scholarship.md").write_text(
        (content_copy / "donors/projects/scholarship.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    printed = reported(load_errors(content_copy))
    assert "content/donors/projects/cs-lab.md:1: 院级项目必须写 college" in printed
    assert "[missing-college]" in printed and "[duplicate-id]" in printed


def test_one_mistake_one_message(content_copy):
    """A broken project or college file is reported once, not again by every reference to it."""
    project = content_copy / "donors/projects/scholarship.md"
    project.write_text(
        project.read_text(encoding="utf-8").replace("signing-ceremony.jpg", "none.jpg"), encoding="utf-8"
    )
    college = content_copy / "colleges/cs.md"
    college.write_text(
        college.read_text(encoding="utf-8").replace("name: 计算机工程学院\n", "name:\n"), encoding="utf-8"
    )
    printed = reported(load_errors(content_copy))
    errors = [line for line in printed.splitlines() if line.startswith("content/")]
    assert (
        errors
        == [
            "content/colleges/cs.md:2: 缺少学院名称：请写 name: 计算机工程学院 [missing-name]",
            errors[1],
        ]
        and errors[1].startswith("content/donors/projects/scholarship.md:8: ")
        and "[image-not-found]" in errors[1]
    )


def test_a_hidden_anonymous_amount_appears_in_no_output_byte(with_secret_gifts):
    """The disclosure rule: no total, row or percentage reveals a hidden amount or an anonymous class year."""
    needles = [b"77777.77", b"77,777.77", HIDDEN_DONOR.encode()]
    for path in with_secret_gifts.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(n in data for n in needles), path
    stats = (with_secret_gifts / "donate" / "stats" / "index.html").read_text(encoding="utf-8")
    assert "1987届" not in stats  # an anonymous donor never makes (or joins) a class-year row
