"""校友风采 as a registered section, loaded from the fixture site without Pelican."""

from __future__ import annotations

import pytest

from plugins.site.loader import load_site
from plugins.site.sections import REGISTERED
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

PROFILE = "achievements/seed-scientist.md"  # named by an honour and a speaker of the fixture site


@pytest.fixture
def content(content_copy):
    """The fixture site's private copy (tests.conftest.content_copy)."""
    return content_copy


def test_a_draft_profile_is_no_page_and_nothing_may_name_it(content):
    profile = content / PROFILE
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("distinguished: true\n", "distinguished: true\nstatus: draft\n"), "utf-8")
    article = content / "news" / "2024" / "lecture-digital-economy.md"
    linked = article.read_text(encoding="utf-8") + f"\n见[周丽]({{filename}}/{PROFILE})\n"
    article.write_text(linked, encoding="utf-8")
    link_line = len(linked.splitlines())

    site, errors = load_site(load_settings(PATH=str(content)))

    assert {(e.path, e.line, e.key) for e in errors} == {
        ("content/data/honours.yml", 52, "unknown-achievement"),
        ("content/news/2026/lecture-4-notice.md", 25, "unknown-speaker"),
        ("content/news/2024/lecture-digital-economy.md", link_line, "link-to-draft"),
    }
    assert site is not None and "seed-scientist" not in site.achievements
    assert PROFILE not in site.pages
    assert not any(p.url == "achievements/seed-scientist/" for _, p in site.section_pages)
    # The 杰出校友 page lists published profiles only.
    assert all(p.status == "published" for p in site.achievements.values())


def test_a_published_profile_is_a_page_an_id_and_a_college_s_profile():
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT)))
    assert errors == [] and site is not None
    assert site.pages[PROFILE] == "achievements/seed-scientist/"
    assert site.sections["achievements"].ids["seed-scientist"] == site.achievements["seed-scientist"].title
    assert site.achievements["seed-scientist"] in site.colleges["agri"].achievements
    pages = {p.url: p for name, p in site.section_pages if name == "achievements"}
    assert pages["achievements/seed-scientist/"].template == "achievements/profile"
    assert pages["achievements/distinguished/"].item == "distinguished"
    assert pages["achievements/field/technology/"].item == "field:technology"
    assert pages["achievements/"].item is None


def test_a_site_moves_profile_pages_with_its_own_route_settings():
    settings = load_settings(
        PATH=str(SAMPLE_CONTENT),
        ACHIEVEMENT_URL="people/{slug}/",
        ACHIEVEMENT_SAVE_AS="people/{slug}/index.html",
    )
    site, errors = load_site(settings)
    assert errors == [] and site is not None
    assert site.pages[PROFILE] == "people/seed-scientist/"
    saved = {p.save_as for name, p in site.section_pages if name == "achievements"}
    assert "people/seed-scientist/index.html" in saved and "achievements/index.html" in saved


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("ACHIEVEMENT_URL", "achievements/{id}/"),  # the profile's placeholder is {slug}
        ("ACHIEVEMENTS_FIELD_SAVE_AS", "achievements/field/index.html"),  # every field on one file
        ("ACHIEVEMENTS_URL", 3),
    ],
)
def test_a_wrong_route_setting_is_an_error_naming_it(setting, value):
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT), **{setting: value}))
    assert site is None
    assert [(e.path, e.key, e.field) for e in errors] == [("pelicanconf.py", "invalid-setting", setting)]


def test_a_site_without_the_achievements_section_loads_and_checks_no_profile_names():
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    # The associations section reads profiles (its honour rolls name them), so it goes too.
    dropped = ("plugins.achievements.section", "plugins.associations.section")
    settings["SECTIONS"] = tuple(s for s in REGISTERED if s not in dropped)
    site, errors = load_site(settings)
    # Speakers that name a profile are not checked (no ids), and nothing crashes; events organised
    # by an association now name nothing the site has (as in a site without associations).
    assert {e.key for e in errors} == {"unknown-organiser"}
    assert site is not None and site.achievements == {}
    assert all(node.achievements == () for node in site.colleges.values())
    assert PROFILE not in site.pages and not [p for name, p in site.section_pages if name == "achievements"]
