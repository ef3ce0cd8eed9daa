"""学院校友工作专栏 as a registered section, loaded from the fixture site without Pelican."""

from __future__ import annotations

import shutil

import pytest

from plugins.site.loader import load_site
from plugins.site.sections import REGISTERED
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

COLLEGE = "colleges/art.md"  # named by a profile (mural-artist) and an association of the fixture site


@pytest.fixture
def content(content_copy):
    """The fixture site's private copy (tests.conftest.content_copy)."""
    return content_copy


def test_a_draft_college_is_no_id_no_page_and_a_link_to_it_is_link_to_draft(content):
    college = content / COLLEGE
    college.write_text(college.read_text(encoding="utf-8").replace("order: 8\n", "order: 8\nstatus: draft\n"))
    article = content / "news" / "2024" / "lecture-digital-economy.md"
    linked = article.read_text(encoding="utf-8") + f"\n见[美术学院]({{filename}}/{COLLEGE})\n"
    article.write_text(linked, encoding="utf-8")
    link_line = len(linked.splitlines())

    site, errors = load_site(load_settings(PATH=str(content)))

    found = {(e.path, e.key) for e in errors}
    assert ("content/news/2024/lecture-digital-economy.md", "link-to-draft") in found
    assert {e.line for e in errors if e.key == "link-to-draft"} == {link_line}
    # Whatever names the draft college is told it is unknown: a draft is nothing others may name.
    assert {key for _, key in found} == {"link-to-draft", "unknown-college"}
    assert ("content/achievements/mural-artist.md", 5, "unknown-college") in {
        (e.path, e.line, e.key) for e in errors
    }
    assert site is not None and "art" not in site.colleges and "art" not in site.sections["colleges"].ids
    assert COLLEGE not in site.pages
    assert not any("/art/" in p.url for name, p in site.section_pages if name == "colleges")


def test_a_broken_college_file_is_still_an_id_so_one_mistake_is_one_message(content):
    college = content / COLLEGE
    college.write_text(college.read_text(encoding="utf-8").replace("name: 美术学院\n", "name:\n"))
    site, errors = load_site(load_settings(PATH=str(content)))
    assert [(e.path, e.key) for e in errors] == [("content/colleges/art.md", "missing-name")]
    assert site is not None and site.sections["colleges"].ids["art"] == "art"  # its stem: one message
    assert "art" not in site.colleges and COLLEGE not in site.pages


def test_published_colleges_are_ids_pages_and_what_the_graph_joins():
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT)))
    assert errors == [] and site is not None
    loaded = site.sections["colleges"]
    assert list(loaded.ids) == list(site.colleges)  # display order: order, then id
    assert loaded.ids["cs"] == site.colleges["cs"].name == "计算机工程学院"
    assert site.pages["colleges/cs.md"] == site.colleges["cs"].url == "colleges/cs/"
    pages = {p.url: p for name, p in site.section_pages if name == "colleges"}
    assert pages["colleges/"].item is None and pages["colleges/"].template == "colleges/index"
    assert (pages["colleges/cs/"].item, pages["colleges/cs/"].as_name) == ("cs", "column")
    news = pages["colleges/cs/news/"]
    assert (news.template, news.item, news.source) == ("colleges/news", "cs", "")
    # Pelican's paginator splits it, sized by PAGINATED_TEMPLATES["college_news"] like before the port.
    assert (news.paginate, news.paginated_as) == ("news", "college_news")
    assert site.colleges["cs"].news and all(a.meta.college == "cs" for a in site.colleges["cs"].news)


def test_a_site_moves_college_pages_with_its_own_route_settings():
    settings = load_settings(
        PATH=str(SAMPLE_CONTENT),
        COLLEGE_URL="schools/{id}/",
        COLLEGE_SAVE_AS="schools/{id}.html",
        COLLEGE_NEWS_SAVE_AS="schools/{id}/news.html",
    )
    site, errors = load_site(settings)
    assert errors == [] and site is not None
    assert site.pages["colleges/cs.md"] == site.colleges["cs"].url == "schools/cs/"
    saved = {p.save_as for name, p in site.section_pages if name == "colleges"}
    assert {"schools/cs.html", "schools/cs/news.html", "colleges/index.html"} <= saved
    assert site.config.routes.url("COLLEGE_NEWS", id="cs") == "colleges/cs/news/"  # only what was moved


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("COLLEGE_URL", "colleges/{slug}/"),  # a college's placeholder is {id}
        ("COLLEGE_NEWS_SAVE_AS", "colleges/news/index.html"),  # every college's news on one file
        ("COLLEGE_FEED_URL", "colleges/{id}/{slug}.xml"),
        ("COLLEGES_URL", 3),
    ],
)
def test_a_wrong_route_setting_is_an_error_naming_it(setting, value):
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT), **{setting: value}))
    assert site is None
    assert [(e.path, e.key, e.field) for e in errors] == [("pelicanconf.py", "invalid-setting", setting)]


def test_a_site_without_a_colleges_folder_checks_no_college_names(content):
    shutil.rmtree(content / "colleges")
    site, errors = load_site(load_settings(PATH=str(content)))
    # Nothing is there to check against, so no reference to a college is an error (an event's
    # organiser must still be a known association); no college page is made.
    assert {e.key for e in errors} == {"unknown-organiser"}
    assert site is not None and site.colleges == {} and site.sections["colleges"].ids == {}
    assert [p.url for name, p in site.section_pages if name == "colleges"] == ["colleges/"]


def test_the_sections_that_name_colleges_cannot_be_registered_without_them():
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    settings["SECTIONS"] = tuple(s for s in REGISTERED if s != "plugins.colleges.section")
    site, errors = load_site(settings)
    assert site is None
    (error,) = errors
    assert (error.key, error.field) == ("invalid-setting", "SECTIONS")
    assert "depends on unregistered 'colleges'" in error.message


@pytest.mark.parametrize("status", ["published", "draft"])
def test_an_image_in_a_college_body_is_published_with_its_page_only(content, status):
    shutil.copyfile(content / "images/news/campus-spring.jpg", content / "images/news/art-studio.jpg")
    college = content / COLLEGE
    text = college.read_text(encoding="utf-8").replace("order: 8\n", f"order: 8\nstatus: {status}\n")
    college.write_text(text + "\n![画室]({static}/images/news/art-studio.jpg)\n", encoding="utf-8")
    site, _ = load_site(load_settings(PATH=str(content)))
    assert site is not None
    assert ("images/news/art-studio.jpg" in site.images) == (status == "published")
