"""Standing pages (about/) in the built sample site, and their editor mistakes."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from pelicanconf import STANDING_PAGES
from plugins.standing_pages.section import qr_svg
from plugins.standing_pages.settings import standing_pages_config
from tests.conftest import SAMPLE_CONTENT, run_build
from tests.site_errors import load_errors, reported
from tests.small_site import make_small_content

PAGES = [
    ("/about/introduction/", "校友会简介"),
    ("/about/charter/", "潍坊学院校友会章程"),
    ("/about/organisation/", "组织机构"),
    ("/about/contact/", "联系我们"),
    ("/about/register/", "校友信息登记与更新"),
    ("/about/learning/", "终身学习"),
]


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_page_is_in_the_footer_and_the_about_index_in_order(sample_site):
    for path in ("/", "/jobs/", "/about/charter/"):
        footer = soup(sample_site, path).select(".footer-pages a")
        assert [(a["href"], a.get_text()) for a in footer] == PAGES
    about = soup(sample_site, "/about/")
    # The about index leads with the association's own sections (plugins/about, magazine, albums).
    sections = [("/about/message/", "会长致辞"), ("/about/milestones/", "大事记"), ("/magazine/", "校友刊物"),
                ("/albums/", "校友影像")]  # fmt: skip
    assert [(a["href"], a.get_text()) for a in about.select(".about-list a")] == sections + PAGES
    assert soup(sample_site, "/").select_one('.site-nav a[href="/about/"]').get_text() == "关于"
    assert (
        soup(sample_site, "/about/contact/").select_one('.site-nav a[aria-current="page"]')["href"]
        == "/about/"
    )


def test_charter_chapters_and_articles_are_numbered(sample_site):
    body = soup(sample_site, "/about/charter/").select_one(".article-body")
    assert [h.get_text() for h in body.select("h2")] == [
        "第一章 总则",
        "第二章 会员",
        "第三章 组织机构",
        "第四章 附则",
    ]
    articles = [s.get_text() for s in body.select("p > strong")]
    assert articles == [f"第{n}条" for n in "一二三四五六七八"]


def test_organisation_lists_every_college_liaison_from_the_college_files(sample_site):
    rows = soup(sample_site, "/about/organisation/").select(".liaison-table tbody tr")
    assert len(rows) == len(list((SAMPLE_CONTENT / "colleges").glob("*.md"))) == 8
    first = rows[0]
    assert first.th.a["href"] == "/colleges/cs/" and first.th.get_text() == "计算机工程学院"
    assert first.find("a", href="mailto:cs-xiaoyou@example.edu.cn")


def test_register_page_links_to_the_secure_form_with_its_qr_and_collects_nothing(sample_site):
    form = standing_pages_config(STANDING_PAGES).register_form
    doc = soup(sample_site, "/about/register/")
    link = doc.select_one(".register-form a.badge-link")
    assert (link["href"], link.get_text()) == (form.url, form.label)
    svg = doc.select_one(".form-qr svg")
    expected = BeautifulSoup(qr_svg(form.url, f"用手机扫码打开{form.label}：{form.url}"), "html.parser").svg
    assert svg is not None and str(svg) == str(expected)  # the QR code of exactly this URL
    main = doc.find("main")  # the header's site search (a GET of the query only) is not a data form
    assert not main.find(["form", "input", "textarea", "select"])
    for form_tag in doc.find_all("form"):
        assert form_tag.get("method", "get").lower() == "get" and form_tag["action"].endswith("/search/")
        assert [i.get("name") for i in form_tag.find_all(["input", "textarea", "select"])] == ["q"]
    assert "不收集、不保存任何个人信息" in doc.select_one(".article-body").get_text()


def test_contact_page_has_public_contacts_the_qr_and_a_text_map_link(sample_site):
    doc = soup(sample_site, "/about/contact/")
    contacts = doc.select_one(".contact-list").get_text(" ", strip=True)
    assert "东风东街5147号" in contacts and "0536-8785000" in contacts
    assert doc.find("a", href="mailto:xiaoyou@example.edu.cn")
    map_link = doc.find("a", string="在高德地图上查看潍坊学院位置")
    assert map_link["href"].startswith("https://uri.amap.com/") and not doc.find("iframe")
    qr = doc.select_one(".contact-qr img")
    assert (sample_site / qr["src"].lstrip("/")).is_file()


def test_learning_lists_the_configured_programmes(sample_site):
    names = [a.get_text() for a in soup(sample_site, "/about/learning/").select(".programme-name a")]
    assert names == [p["name"] for p in STANDING_PAGES["programmes"]]


def test_page_mistakes_are_reported_and_news_is_still_checked(content_copy):
    charter = content_copy / "pages" / "charter.md"
    charter.write_text(
        charter.read_text(encoding="utf-8").replace("layout: charter", "layout: law"), encoding="utf-8"
    )
    contact = content_copy / "pages" / "contact.md"
    contact.write_text(
        contact.read_text(encoding="utf-8").replace("slug: contact", "slug: Contact Us"), encoding="utf-8"
    )
    printed = reported(load_errors(content_copy))
    assert "content/pages/charter.md:6: 未知页面类型“law”" in printed and "[unknown-layout]" in printed
    assert "content/pages/contact.md:3: " in printed and "[invalid-slug]" in printed


def test_a_draft_page_is_not_published(tmp_path):
    """On the small content tree with two of the fixture's pages, one of them a draft.

    Whether a page is published depends on its own status, not on the rest of the site: the
    published page beside it shows the footer and the about/ folder are there to look at.
    """
    content = make_small_content(tmp_path / "content")
    (content / "pages").mkdir()
    for name in ("learning.md", "introduction.md"):
        shutil.copyfile(SAMPLE_CONTENT / "pages" / name, content / "pages" / name)
    page = content / "pages" / "learning.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("layout: learning", "layout: learning\nstatus: draft")
    )
    result = run_build(content, tmp_path / "output", "build")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "output" / "about" / "learning").exists()
    assert (tmp_path / "output" / "about" / "introduction" / "index.html").is_file()
    footer = BeautifulSoup((tmp_path / "output" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in footer.select(".footer-pages a")]
    assert "/about/introduction/" in links and "/about/learning/" not in links
