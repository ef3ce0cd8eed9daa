"""Associations directory, map, association pages and honour rolls in the sample site."""

from __future__ import annotations

import re
import shutil

import yaml
from bs4 import BeautifulSoup

from plugins.site.loader import load_site
from plugins.site.sections import REGISTERED
from tests.conftest import SAMPLE_CONTENT
from tests.site_errors import load_errors, reported
from wfu.build import build, load_settings


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def sample_associations() -> list[dict]:
    return yaml.safe_load((SAMPLE_CONTENT / "data/associations.yml").read_text(encoding="utf-8"))


def test_sample_data_covers_what_the_policy_asks():
    data = sample_associations()
    types = [a["type"] for a in data]
    assert types.count("school") == 1 and types.count("college") >= 6 and types.count("industry") >= 2
    shandong = {a["city"] for a in data if a.get("province") == "山东省"}
    assert len(shandong) >= 7 and any(
        a.get("status") == "preparing" and a.get("province") == "山东省" for a in data
    )
    assert (
        len([a for a in data if a["type"] == "regional" and a.get("province") not in (None, "山东省")]) >= 4
    )
    years = {
        h["year"] for h in yaml.safe_load((SAMPLE_CONTENT / "data/honours.yml").read_text(encoding="utf-8"))
    }
    assert len(years) >= 3


def test_directory_and_figures(sample_site):
    doc = soup(sample_site, "associations/index.html")
    data = sample_associations()
    assert f"共 {len(data)} 个校友会" in doc.select_one(".lead").get_text()
    figures = {
        li.select_one(".figure-label").get_text(): int(li.select_one(".figure").get_text())
        for li in doc.select(".figure-list li")
    }
    assert figures == {"校友总会": 1, "学院校友会": 6, "地区校友会": 14, "行业校友会": 2}
    groups = [h.get_text() for h in doc.select("#type-regional ~ h3, section h3.group-title")]
    assert groups[0].startswith("山东省") and groups[-1].startswith("海外")
    links = {a["href"] for a in doc.select(".association-list a")}
    assert len(links) == len(data) and "/associations/qingdao/" in links


def test_map_coverage_matches_the_data(sample_site):
    data = sample_associations()
    active = {
        a["city"] for a in data if a.get("province") == "山东省" and a.get("status", "active") == "active"
    }
    for page in ("associations/index.html", "associations/map/index.html"):
        doc = soup(sample_site, page)
        svg = doc.select_one(".map-province")  # no 审图号 configured: a schematic, no boundaries
        assert len(svg.select("rect")) == 16 and not svg.select("path")
        assert "示意图，不表示行政区划界线" in doc.select_one("main").get_text()
        assert f"16 个地级市已覆盖 {len(active)} 个" in doc.select_one(".coverage-figure").get_text()
        covered = svg.select("a.map-region.covered")
        assert len(covered) == len(active)
        titles = {a.title.get_text().split("：")[0] for a in covered}
        assert titles == active
        assert len(str(svg).encode()) < 60 * 1024
    doc = soup(sample_site, "associations/map/index.html")
    jinan = next(a for a in doc.select(".map-province a") if a.title.get_text().startswith("济南市"))
    assert jinan["href"] == "/associations/jinan/"  # one association: straight to its page
    qingdao = next(a for a in doc.select(".map-province a") if a.title.get_text().startswith("青岛市"))
    assert qingdao["href"] == "/associations/map/#city-青岛市"  # two: the city's list
    assert len(doc.find(id="city-青岛市").select(".association-item")) == 2
    assert "日照市" in doc.select_one(".coverage").get_text() and doc.select_one(".map-province a.preparing")
    tiles = doc.select_one(".map-tiles")
    assert len(tiles.select("rect")) == 34 and not doc.select(".map-china")
    assert "审图号" not in doc.get_text()


def test_association_page(sample_site):
    doc = soup(sample_site, "associations/jinan/index.html")
    assert doc.h1.get_text() == "潍坊学院济南校友会"
    facts = doc.select_one(".contact-list").get_text(" ", strip=True)
    assert "地区校友会" in facts and "山东省济南市" in facts and "WFUXY-2024-R10" in facts and "会长" in facts
    assert [a["href"] for a in doc.select(".news-title a")] == [
        "/news/2024/wei-fang-xue-yuan-ji-nan-xiao-you-hui-cheng-li/"
    ]
    assert len(doc.select(".honour")) == 3
    college = soup(sample_site, "associations/cs-alumni/index.html")
    assert college.select_one('.contact-list a[href="/colleges/cs/"]')
    school = soup(sample_site, "associations/wfu/index.html")
    assert (
        "备案" not in school.select_one(".contact-list").get_text()
    )  # the school association files with nobody
    preparing = soup(sample_site, "associations/rizhao/index.html")
    assert (
        "筹建中" in preparing.get_text() and "备案" not in preparing.get_text()
    )  # filing status is internal


def test_honours_page_links_resolve(sample_site):
    doc = soup(sample_site, "honours/index.html")
    years = [h.get_text() for h in doc.select("section[id^=year-] h2")]
    assert years == ["2026年", "2025年", "2024年"]
    links = [a["href"] for a in doc.select(".honour-recipient a")]
    assert links
    for href in links:
        assert (sample_site / href.lstrip("/") / "index.html").is_file(), href
    assert (
        "/achievements/ai-platform-founder/" in links
        and "/associations/jinan/" in links
        and "/colleges/cs/" in links
    )
    awards = [h.get_text() for h in doc.select("#year-2026 h3")]
    assert awards == sorted(
        awards, key=["优秀校友会", "优秀校友工作者", "校友工作先进集体", "杰出校友"].index
    )
    data = yaml.safe_load((SAMPLE_CONTENT / "data/honours.yml").read_text(encoding="utf-8"))
    assert len(doc.select(".honour")) == len(data)  # each honour once (it was listed twice)


def test_college_and_achievement_pages_show_their_association_and_honours(sample_site):
    doc = soup(sample_site, "colleges/cs/index.html")
    assert doc.select_one('.contact-list a[href="/associations/cs-alumni/"]')
    assert "校友工作先进集体" in doc.select_one(".honour-list").get_text()
    achievements = soup(sample_site, "achievements/index.html")
    roll = [a["href"] for a in achievements.select("#distinguished-roll ~ ul a, .honour-list a")]
    assert "/achievements/seed-scientist/" in roll


def test_geographic_map_only_with_approval_number(tmp_path):
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    approvals = {
        "MAP_APPROVAL_NUMBER": "GS（2026）0000号（示例）",
        "PROVINCE_MAP_APPROVAL_NUMBER": "鲁SG（2026）000号（示例）",
    }
    output = build(dict(settings, **approvals), str(tmp_path / "out"))
    doc = soup(tmp_path / "out", "associations/map/index.html")
    china = doc.select_one(".map-china")
    assert china and len(china.select("path")) == 35 and not doc.select(".map-tiles")
    assert "审图号：GS（2026）0000号（示例）" in china.get_text()
    province = doc.select_one(".map-province")  # the Shandong map with boundaries, under its own number
    assert len(province.select("path")) == 16 and "审图号：鲁SG（2026）000号（示例）" in province.get_text()
    assert "示意图，不表示行政区划界线：每个方块" not in doc.get_text()
    assert output


def test_news_association_must_exist(content_copy):
    article = content_copy / "news/2024/jinan-association.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("association: jinan", "association: jinan-city"),
        encoding="utf-8",
    )
    data = content_copy / "data/associations.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("city: 烟台市", "city: 烟台"), encoding="utf-8")
    printed = reported(load_errors(content_copy))
    assert re.search(
        r"content/news/2024/jinan-association\.md:\d+: 未知校友会编号“jinan-city”，可选：", printed
    )
    assert "[unknown-association]" in printed
    assert re.search(
        r"content/data/associations\.yml:\d+: 山东省没有“烟台”，是不是“烟台市”？ \[unknown-city\]",
        printed,
    )


def _content_copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    return content


def test_an_association_cannot_take_the_address_of_the_map_page(tmp_path):
    """Each association's page is registered like every other page: one address, one owner."""
    content = _content_copy(tmp_path)
    data = content / "data" / "associations.yml"
    text = data.read_text(encoding="utf-8")
    line = text.count("\n") + 2  # after the blank line below
    data.write_text(
        text + "\n- id: map\n  name: 潍坊学院地图校友会\n  type: industry\n  industry: 测绘\n", "utf-8"
    )
    _, errors = load_site(load_settings(PATH=str(content)))
    (collision,) = errors
    # Reported at the entry the editor can change, not at the section's fixed address.
    assert (collision.path, collision.line, collision.key) == (
        "content/data/associations.yml",
        line,
        "url-collision",
    )
    assert "/associations/map/" in collision.message


def test_association_pages_follow_their_route_and_a_site_may_leave_the_section_out(tmp_path):
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    moved = dict(
        settings, ASSOCIATION_URL="xiaoyouhui/{id}/", ASSOCIATION_SAVE_AS="xiaoyouhui/{id}/index.html"
    )
    site, errors = load_site(moved)
    assert errors == [] and site.associations["jinan"].url == "xiaoyouhui/jinan/"
    assert "xiaoyouhui/jinan/" in [p.url for name, p in site.section_pages if name == "associations"]
    settings["SECTIONS"] = tuple(s for s in REGISTERED if ".associations." not in s)
    site, errors = load_site(settings)
    # No section, no directory and no honour rolls (their settings and page are the section's);
    # events organised by an association now name nothing the site has.
    assert {e.key for e in errors} == {"unknown-organiser"}
    assert site.associations == {} and site.honours == ()
    assert not [p for name, p in site.section_pages if name == "associations"]
