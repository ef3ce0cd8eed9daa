"""The data API (/api/v1/) of the built fixture site, with a fixed "today".

Every document validates against its committed schema; the API agrees with the
HTML pages on every count; nothing the pages hide (anonymous donors, hidden
amounts, personal data) is in any API file.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from plugins.api.settings import DOCUMENTS, SCHEMA_FOLDER, SCHEMAS
from plugins.common.privacy import scan_output_tree
from tests.conftest import SAMPLE_CONTENT, run_build, site_on

TODAY = "2026-11-20"  # every fixture article is published by then (scheduled publishing)
SITEURL = "https://xiaoyou.wfu.edu.cn"
API = "api/v1"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site built for publishing (absolute SITEURL) on a fixed day."""
    return site_on(tmp_path_factory, TODAY, "--publish")


def load(site: Path, path: str) -> dict:
    return json.loads((site / API / path).read_text("utf-8"))


def api_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "api").rglob("*.json") if p.is_file())  # not the .gz/.br copies


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text("utf-8"), "html.parser")


def document_of(relative: str) -> str:
    """Which document a built file is, from the ``API_*_SAVE_AS`` patterns of pelicanconf.py."""
    import pelicanconf

    for name, (prefix, _) in DOCUMENTS.items():
        pattern = getattr(pelicanconf, f"{prefix}_SAVE_AS")
        regex = re.escape(pattern).replace(r"\{number\}", r"\d+").replace(r"\{year\}", r"\d{4}")
        regex = regex.replace(r"\{slug\}", r"[a-z0-9-]+")
        if re.fullmatch(regex, relative):
            return name
    raise AssertionError(f"{relative} is no API document")


# ---------------------------------------------------------------- schemas


def test_schemas_are_valid_draft_2020_12():
    for name in set(SCHEMAS.values()):
        schema = json.loads((Path(SCHEMA_FOLDER) / name).read_text("utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
    assert set(SCHEMAS) == set(DOCUMENTS)


def test_every_built_document_validates_against_its_schema(site):
    files = api_files(site)
    seen = set()
    for path in files:
        relative = str(path.relative_to(site))
        name = document_of(relative)
        seen.add(name)
        schema = json.loads((Path(SCHEMA_FOLDER) / SCHEMAS[name]).read_text("utf-8"))
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = [
            f"{relative}: {e.json_path}: {e.message}"
            for e in validator.iter_errors(json.loads(path.read_text("utf-8")))
        ]
        assert not errors, errors
    assert seen == set(DOCUMENTS)  # the fixture has more news than one page: every document exists


def test_a_schema_rejects_what_the_api_must_never_contain(site):
    """The schemas are not decoration: an anonymous gift with a class year, a script, a relative URL fail."""
    projects = load(site, "donations/projects.json")
    schema = json.loads((Path(SCHEMA_FOLDER) / SCHEMAS["donation_projects"]).read_text("utf-8"))
    gift = next(g for p in projects["projects"] for g in p["gifts"] if g["anonymous"])
    gift["class_year"] = 2010
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(projects, schema)
    article_schema = json.loads((Path(SCHEMA_FOLDER) / SCHEMAS["article"]).read_text("utf-8"))
    article = json.loads(next((site / API / "news").glob("20*/*.json")).read_text("utf-8"))
    jsonschema.validate(article, article_schema)
    for field, value in (("body_html", "<p>x</p><script>alert(1)</script>"), ("url", "/news/2024/x/")):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(dict(article, **{field: value}), article_schema)


# ---------------------------------------------------------------- index, news, ids


def test_index_lists_every_document_with_absolute_urls(site):
    index = load(site, "index.json")
    assert index["api_version"] == "v1"
    assert index["generated"] == TODAY
    assert set(index["documents"]) == {n for n in DOCUMENTS if n not in ("index", "news_page", "article")}
    for url in index["documents"].values():
        assert url.startswith(f"{SITEURL}/{API}/")
        assert (site / url.removeprefix(SITEURL + "/")).is_file()


def test_news_is_paged_newest_first_and_agrees_with_the_news_pages(site):
    first = load(site, "news/index.json")
    items, page = list(first["items"]), first
    while page["next"]:
        assert page["next"].startswith(f"{SITEURL}/{API}/news/page/")
        page = json.loads((site / page["next"].removeprefix(SITEURL + "/")).read_text("utf-8"))
        items += page["items"]
    assert page["page"] == page["pages"] == first["pages"] > 1
    assert first["previous"] is None and page["previous"] is not None
    assert len(items) == first["total"]
    dates = [i["date"] for i in items]
    assert dates == sorted(dates, reverse=True)

    # the HTML news list (/news/ and its pages) shows the same articles in the same order
    listed = []
    for path in [
        site / "news/index.html",
        *sorted((site / "news/page").glob("*/index.html"), key=lambda p: int(p.parent.name)),
    ]:
        listed += [
            a["href"]
            for a in BeautifulSoup(path.read_text("utf-8"), "html.parser").select(".news-item .news-title a")
        ]
    assert [i["url"] for i in items] == listed

    for item in items:
        year, slug = item["id"].split("/")
        assert item["url"] == f"{SITEURL}/news/{year}/{slug}/"
        assert item["api_url"] == f"{SITEURL}/{API}/news/{year}/{slug}.json"
        assert (site / "news" / year / slug / "index.html").is_file()
        if item["cover"]:
            assert (site / item["cover"].removeprefix(SITEURL + "/")).is_file()
            for url in item["covers"].values():
                assert (site / url.removeprefix(SITEURL + "/")).is_file()


def test_a_renamed_article_keeps_its_old_document(site):
    """content/redirects.yml moves /news/2022/policy/: its old API document still answers, with the new content."""
    old = load(site, "news/2022/policy.json")
    assert old == load(site, "news/2022/xiao-you-gong-zuo-shi-shi-yi-jian.json")
    assert old["id"] == "2022/xiao-you-gong-zuo-shi-shi-yi-jian"
    assert "/api/v1/news/2022/policy.json" in (site / "urls.txt").read_text("utf-8").split()


def test_article_body_is_made_for_the_mini_program(site):
    article = load(site, "news/2024/bai-ming-xiao-you-fan-xiao-gong-zhi-xiao-you-lin.json")
    body = BeautifulSoup(article["body_html"], "html.parser")
    images = body.find_all("img")
    assert images, "the fixture article has a photo"
    for img in images:
        assert img["src"].startswith(f"{SITEURL}/")
        assert (site / img["src"].removeprefix(SITEURL + "/")).is_file()
        assert not any(name.startswith("on") or name in ("class", "style", "loading") for name in img.attrs)
    page = soup(site, "news/2024/bai-ming-xiao-you-fan-xiao-gong-zhi-xiao-you-lin/index.html")
    assert body.get_text(" ", strip=True) == page.select_one(".article-body").get_text(" ", strip=True)
    for path in (site / API / "news").glob("20*/*.json"):
        document = json.loads(path.read_text("utf-8"))
        if document.get("withdrawn"):  # a tombstone (撤稿): no body at all (test_withdraw.py)
            continue
        html = document["body_html"]
        assert "<script" not in html and "javascript:" not in html
        for link in BeautifulSoup(html, "html.parser").find_all("a"):
            assert re.match(r"^(https?:|mailto:|tel:)", link["href"]), (path.name, link["href"])


# ---------------------------------------------------------------- API and pages agree


def test_events_split_like_the_events_page(site):
    events = load(site, "events.json")
    assert events["today"] == TODAY
    page = soup(site, "events/index.html")
    upcoming = [a["href"] for a in page.select(".events-upcoming .event-title a")]
    past = [a["href"] for a in page.select(".events-past .event-title a")]
    assert upcoming and past
    assert [e["url"] for e in events["upcoming"]] == upcoming
    assert [e["url"] for e in events["past"]] == past
    assert all(e["start"] >= TODAY or e["end"] and e["end"] >= TODAY for e in events["upcoming"])


def test_associations_and_coverage_agree_with_the_map_page(site):
    data = load(site, "associations.json")
    listed = {a["href"] for a in soup(site, "associations/index.html").select(".association-item a")}
    assert {a["url"] for a in data["associations"]} == listed
    figure = soup(site, "associations/map/index.html").select_one(".coverage-figure").get_text("", strip=True)
    cov = data["coverage"]
    assert f"{cov['province']} {cov['cities']} 个地级市已覆盖 {cov['covered']} 个".replace(
        " ", ""
    ) == figure.replace(" ", "")
    assert cov["cities"] == 16 and cov["covered"] == len(cov["covered_cities"]) > 0
    assert (
        len(cov["covered_cities"]) + len(cov["preparing_cities"]) + len(cov["uncovered_cities"])
        == cov["cities"]
    )


def test_colleges_achievements_projects_and_jobs_agree_with_their_pages(site):
    colleges = load(site, "colleges.json")["colleges"]
    cards = soup(site, "colleges/index.html").select(".college-card")
    assert [c["url"] for c in colleges] == [a["href"] for a in cards]
    for college, card in zip(colleges, cards, strict=True):
        counts = card.select_one(".college-counts").get_text()
        for label, key, unit in (("新闻", "news_count", "篇"), ("校友风采", "achievements_count", "位"),
                                 ("捐赠项目", "donation_projects_count", "个")):  # fmt: skip
            # a zero count is left out on the page (issue 24)
            assert (f"{label} {college[key]} {unit}" in counts) is bool(college[key]), (label, counts)

    profiles = load(site, "achievements.json")["achievements"]
    assert {p["url"] for p in profiles} == {
        f"{SITEURL}/achievements/{p.parent.name}/" for p in (site / "achievements").glob("*/index.html")
    } - {f"{SITEURL}/achievements/{k}/" for k in ("field", "college", "decade", "distinguished")}
    for profile in profiles:
        if profile["photo"]:
            assert (site / profile["photo"].removeprefix(SITEURL + "/")).is_file()

    projects = load(site, "donations/projects.json")["projects"]
    for project in projects:
        page = soup(site, project["url"].removeprefix(SITEURL + "/") + "index.html")
        assert f"{project['gifts_count']} 笔" in page.select_one("#donors-heading").get_text()
        assert len(project["gifts"]) == project["gifts_count"] == len(page.select(".gift-list .gift"))
        names = [n.get_text() for n in page.select(".gift-list .gift-name")]
        assert [g["name"] for g in project["gifts"]] == names

    jobs = load(site, "jobs.json")
    assert jobs["today"] == TODAY
    open_jobs = [j for j in jobs["jobs"] if not j["expired"]]
    listed = {a["href"] for a in soup(site, "jobs/index.html").select("a[href*='/jobs/']")}
    assert {j["url"] for j in open_jobs} <= listed
    assert any(j["expired"] for j in jobs["jobs"]), "the fixture has an expired post"
    assert not any(j["url"] in listed for j in jobs["jobs"] if j["expired"])
    expired = [j["expired"] for j in jobs["jobs"]]
    assert expired == sorted(expired)  # open posts first
    for job in jobs["jobs"]:
        assert job["expired"] == (job["expires"] < TODAY)


# ---------------------------------------------------------------- privacy


def gift_records() -> list[dict]:
    records = []
    for path in sorted((SAMPLE_CONTENT / "donors" / "gifts").glob("*.yml")):
        records += yaml.safe_load(path.read_text("utf-8")) or []
    return records


def test_no_anonymous_donor_and_no_hidden_amount_in_the_api(site):
    records = gift_records()
    anonymous = {r["donor"] for r in records if r.get("anonymous")}
    assert anonymous, "the fixture must have anonymous donors"
    shown_names = {r["donor"] for r in records if not r.get("anonymous")}
    text = "\n".join(p.read_text("utf-8") for p in api_files(site))
    for name in anonymous - shown_names:
        assert name not in text, name
    # hidden amounts: no gift entry carries one, and no hidden figure that no page shows appears anywhere
    hidden = {
        Decimal(str(r.get("amount") or r.get("valuation")))
        for r in records
        if not r.get("show_amount") and (r.get("amount") or r.get("valuation"))
    }
    shown = {
        Decimal(str(r.get("amount") or r.get("valuation")))
        for r in records
        if r.get("show_amount") and (r.get("amount") or r.get("valuation"))
    }
    projects = load(site, "donations/projects.json")["projects"]
    totals = {Decimal(p[k]) for p in projects for k in ("raised_total", "in_kind_value", "target") if p[k]}
    secret = hidden - shown - totals
    assert secret, "the fixture must have hidden amounts"
    for value in secret:
        assert f'"{value:.2f}"' not in text, value
    by_donor = {(r["donor"], str(r["date"])): r for r in records}
    for project in projects:
        for gift in project["gifts"]:
            record = by_donor.get((gift["name"], gift["date"]))
            if gift["anonymous"]:
                assert gift["amount"] is None or record is None
                assert gift["class_year"] is None and gift["college"] is None
            elif record is not None and not record.get("show_amount"):
                assert gift["amount"] is None, gift


def test_privacy_scanner_finds_nothing_in_the_api(site):
    assert api_files(site)
    assert scan_output_tree(str(site / "api")) == []


# ---------------------------------------------------------------- sitemap, urls.lock, search


def test_api_is_not_in_the_sitemap_nor_searchable_but_its_documents_are_locked(site):
    assert "/api/" not in (site / "sitemap.xml").read_text("utf-8")
    urls = (site / "urls.txt").read_text("utf-8").split()
    api_urls = [u for u in urls if u.startswith("/api/")]
    assert "/api/v1/index.json" in api_urls and "/api/v1/events.json" in api_urls
    assert "/api/v1/news/2024/bai-ming-xiao-you-fan-xiao-gong-zhi-xiao-you-lin.json" in api_urls
    assert not [u for u in api_urls if "/page/" in u]  # list pages shift as news is added
    assert not [u for u in urls if u.endswith(".json") and not u.startswith("/api/")]
    for path in api_files(site):
        assert "data-pagefind" not in path.read_text("utf-8")


# ---------------------------------------------------------------- failure paths


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("API", {"page_size": 0}, "page_size"),
        ("API", {"per_page": 10}, "未知的键"),
        ("API_EVENTS_SAVE_AS", "api/v1/events.html", ".json"),
        ("API_NEWS_ARTICLE_URL", "api/v1/news/{category}/{slug}.json", "占位符"),
    ],
)
def test_a_wrong_api_setting_is_an_error_at_its_line_not_a_traceback(name, value, fragment):
    from wfu.build import check_site, load_settings

    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    settings[name] = value
    (error,) = check_site(settings)
    assert error.key == "invalid-setting" and error.field == name and fragment in error.message
    assert error.format().startswith("pelicanconf.py:") and error.line > 0


def test_a_published_api_document_that_disappears_fails_the_publishing_build(tmp_path):
    """urls.lock protects /api/v1/ like pages: a v1 client must keep working."""
    from tests.conftest import FIXTURE_LOCK

    lock = tmp_path / "urls.lock"
    lock.write_text(FIXTURE_LOCK.read_text("utf-8") + "/api/v1/news/2024/gone-article.json\n", "utf-8")
    result = run_build(SAMPLE_CONTENT, tmp_path / "output", "build", "--publish", "--lock", str(lock))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert "/api/v1/news/2024/gone-article.json" in result.stderr and "[locked-url-missing]" in result.stderr
