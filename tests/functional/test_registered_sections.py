"""Sections as registered units: adding one takes its folder and one line, in any order.

The small section in tests/fixtures/demo_section (校友寄语) is added by the
``SECTIONS`` setting only: no other file of the project knows it.
"""

from __future__ import annotations

import shutil

import pytest

from plugins.common.section import LoadContext, Loaded, Section, SectionLoadError, order_sections
from plugins.site.loader import load_site
from plugins.site.sections import REGISTERED
from tests.conftest import SAMPLE_CONTENT
from wfu.build import build, load_settings

DEMO = "tests.fixtures.demo_section.section"
GREETING = "title: 回母校看看\ncollege: {college}\ntext: 四十年后，又见东风街的梧桐。\n"


@pytest.fixture
def demo_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "greetings").mkdir()
    return content


def _settings(content, sections=(*REGISTERED, DEMO), **overrides):
    settings = load_settings(PATH=str(content), **overrides)
    settings["SECTIONS"] = tuple(sections)
    return settings


def _a_college(content) -> str:
    return sorted(p.stem for p in (content / "colleges").glob("*.md"))[0]


def test_a_registered_section_loads_after_what_it_depends_on_and_lists_its_page(demo_content):
    (demo_content / "greetings" / "forty-years.yml").write_text(
        GREETING.format(college=_a_college(demo_content)), encoding="utf-8"
    )
    site, errors = load_site(_settings(demo_content))
    assert errors == []
    assert [p.url for name, p in site.section_pages if name == "greetings"] == ["greetings/"]
    (greeting,) = site.sections["greetings"].items
    assert greeting.title == "回母校看看" and greeting.path == "content/greetings/forty-years.yml"
    names = [s.name for s in site.config.registered]
    assert names.index("greetings") > names.index("about")  # ties broken by name, deps first


def test_a_new_sections_mistakes_are_errors_at_their_line_like_every_other(demo_content):
    (demo_content / "greetings" / "bad.yml").write_text(GREETING.format(college="no-such-college"), "utf-8")
    _, errors = load_site(_settings(demo_content))
    assert [(e.path, e.line, e.key) for e in errors] == [("content/greetings/bad.yml", 2, "unknown-college")]


def test_reversing_the_registration_order_changes_nothing(demo_content):
    (demo_content / "greetings" / "a.yml").write_text(
        GREETING.format(college=_a_college(demo_content)), "utf-8"
    )
    forward, errors = load_site(_settings(demo_content))
    backward, more = load_site(_settings(demo_content, sections=reversed((*REGISTERED, DEMO))))
    assert errors == more == []
    assert forward.config.registered == backward.config.registered
    assert forward.section_pages == backward.section_pages
    assert forward.pages == backward.pages and forward.images == backward.images


def test_two_pages_on_one_address_are_one_error_naming_both(demo_content):
    (demo_content / "greetings" / "a.yml").write_text(
        GREETING.format(college=_a_college(demo_content)), "utf-8"
    )
    _, errors = load_site(_settings(demo_content, GREETINGS_URL="albums/", GREETINGS_SAVE_AS="x/index.html"))
    (error,) = errors
    assert error.key == "url-collision" and "albums:ALBUMS" in error.message


def test_a_moved_page_must_keep_its_placeholders(demo_content):
    _, errors = load_site(_settings(demo_content, ALBUM_URL="albums/all/"))
    assert [(e.path, e.key, e.field) for e in errors] == [("pelicanconf.py", "invalid-setting", "ALBUM_URL")]


def _section(name: str, *depends: str) -> Section:
    return Section(name, None, lambda user: None, lambda context: Loaded(()), depends=depends)


@pytest.mark.parametrize(
    "sections, problem",
    [
        ([_section("a", "b")], "unregistered 'b'"),
        ([_section("a", "b"), _section("b", "a")], "cycle"),
        ([_section("a"), _section("a")], "twice"),
    ],
)
def test_a_wrong_registration_is_a_programming_error_at_once(sections, problem):
    with pytest.raises(SectionLoadError, match=problem):
        order_sections(sections)


def test_an_optional_dependency_loads_first_when_registered_and_is_skipped_when_not():
    """News reads colleges, achievements and associations if the site has them; donations needs news."""
    news = Section("news", None, lambda value: None, lambda c: Loaded(()), optional=("colleges", "people"))
    ordered = order_sections([_section("gifts", "news"), news, _section("people", "colleges"), _section("albums")],
                             provided=("colleges",))  # fmt: skip
    assert [s.name for s in ordered] == ["albums", "people", "news", "gifts"]
    assert [s.name for s in order_sections([_section("gifts", "news"), news])] == ["news", "gifts"]
    context = LoadContext("news", "", None, None, None, None, None, None, {}, (), optional=("people",))
    assert context.uses_optional("people") is None  # not registered: what it would check stays unchecked
    with pytest.raises(SectionLoadError, match="without declaring it in optional"):
        context.uses_optional("albums")


def test_a_section_cannot_read_a_section_it_did_not_declare():
    context = LoadContext("nosy", "", None, None, None, None, None, None, {}, depends=("colleges",))
    with pytest.raises(SectionLoadError, match="without declaring"):
        context.uses("albums")
    with pytest.raises(SectionLoadError, match="unknown ids"):
        context.ids("albums")


def test_the_added_section_is_published_like_every_other(demo_content, tmp_path):
    """One real build: its page is written with the theme, listed in urls.txt, and passed the output scan."""
    college = _a_college(demo_content)
    (demo_content / "greetings" / "forty-years.yml").write_text(GREETING.format(college=college), "utf-8")
    output = build(_settings(demo_content), str(tmp_path / "output"))
    page = (tmp_path / "output" / "greetings" / "index.html").read_text(encoding="utf-8")
    assert "四十年后，又见东风街的梧桐。" in page and "<footer" in page  # base.html: the site's own frame
    assert "/greetings/" in (tmp_path / "output" / "urls.txt").read_text(encoding="utf-8").split()
    assert output


@pytest.mark.parametrize(
    "sections, words",
    [
        ((*REGISTERED, "tests.fixtures.no_such_section"), "找不到模块"),
        ((*REGISTERED, "tests.fixtures"), "没有定义 SECTION"),
        ((*REGISTERED, "plugins.albums.section"), "registered twice"),
        (tuple(s for s in REGISTERED if "donations" not in s), "depends on unregistered 'donations'"),
    ],
)
def test_a_wrong_sections_setting_is_an_error_at_its_line_not_a_traceback(sections, words):
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    settings["SECTIONS"] = sections
    site, errors = load_site(settings)
    assert site is None
    (error,) = errors
    assert (error.path, error.key, error.field) == ("pelicanconf.py", "invalid-setting", "SECTIONS")
    assert words in error.message


def test_a_site_without_the_donation_sections_and_what_depends_on_them_still_loads():
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    dependent = ("donations", "alumni_home", "enterprises")
    settings["SECTIONS"] = tuple(s for s in REGISTERED if not any(f".{name}." in s for name in dependent))
    site, errors = load_site(settings)
    assert errors == [] and site is not None
    assert site.projects == {} and site.gifts == () and site.memories == () and site.enterprises == {}
    assert not [p for name, p in site.section_pages if name in ("donations", "alumni_home")]


def test_a_standing_page_cannot_take_the_address_of_a_sections_page(demo_content):
    """One URL registry for the old steps and the sections: 会长致辞 owns /about/message/."""
    (demo_content / "pages" / "message.md").write_text(
        "---\ntitle: 致辞\nslug: message\norder: 9\n---\n\n正文。\n", encoding="utf-8"
    )
    _, errors = load_site(_settings(demo_content, sections=REGISTERED))
    (collision,) = [e for e in errors if e.key == "url-collision"]
    # Reported where the editor can act: the standing page's slug, not the fixed address.
    assert (collision.path, collision.line) == ("content/pages/message.md", 3)
    assert "/about/message/" in collision.message and "content/about/message.md" in collision.message
