"""Standing pages as a registered section, loaded from the fixture site without Pelican."""

from __future__ import annotations

import pytest

from plugins.site.loader import load_site
from wfu.build import load_settings

CONTACT = "pages/contact.md"
ARTICLE = "news/2024/alumni-forest.md"


@pytest.fixture
def content(content_copy):
    """The fixture site's private copy (tests.conftest.content_copy)."""
    return content_copy


def _append(path, text: str) -> int:
    """Append ``text`` as the last line of ``path``; its line number."""
    body = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(body, encoding="utf-8")
    return len(body.splitlines())


def _pages(site):
    return {p.url: p for name, p in site.section_pages if name == "standing_pages"}


def test_published_pages_are_pages_in_footer_order_and_links_to_them_resolve(content):
    _append(content / ARTICLE, f"详见[联系我们]({{filename}}/{CONTACT})。")
    site, errors = load_site(load_settings(PATH=str(content)))
    assert errors == [] and site is not None
    pages = _pages(site)
    assert pages["about/"].item is None and pages["about/"].template == "pages/index"
    contact = pages["about/contact/"]
    assert (contact.item, contact.as_name, contact.template) == ("contact", "page", "pages/contact")
    assert contact.save_as == "about/contact/index.html" and contact.source.endswith(CONTACT)
    assert site.pages[CONTACT] == "about/contact/"  # a {filename} link from a news article resolves
    shown = site.sections["standing_pages"].items.pages
    assert [p.order for p in shown] == sorted(p.order for p in shown)
    assert [p.slug for p in shown][:2] == ["introduction", "charter"]


def test_a_draft_page_is_no_page_and_a_link_to_it_is_a_link_to_a_draft(content):
    page = content / CONTACT
    page.write_text(
        page.read_text(encoding="utf-8").replace("order: 4\n", "order: 4\nstatus: draft\n"), "utf-8"
    )
    line = _append(content / ARTICLE, f"详见[联系我们]({{filename}}/{CONTACT})。")
    site, errors = load_site(load_settings(PATH=str(content)))
    assert [(e.path, e.line, e.key) for e in errors] == [(f"content/{ARTICLE}", line, "link-to-draft")]
    assert site is not None and CONTACT not in site.pages
    assert "about/contact/" not in _pages(site)
    assert "contact" not in [p.slug for p in site.sections["standing_pages"].items.pages]


def test_a_published_pages_links_are_checked_like_every_body(content):
    """A {filename} link to a draft (Pelican's pages generator checked no link of these pages)."""
    line = _append(content / CONTACT, "见[冬季聚会]({filename}/news/2026/draft-winter-reunion.md)。")
    _, errors = load_site(load_settings(PATH=str(content)))
    assert [(e.path, e.line, e.key) for e in errors] == [(f"content/{CONTACT}", line, "link-to-draft")]


def test_a_site_moves_the_pages_with_its_route_settings(content):
    settings = load_settings(PATH=str(content), PAGE_URL="guide/{slug}/", PAGE_SAVE_AS="guide/{slug}.html")
    site, errors = load_site(settings)
    assert errors == [] and site is not None
    pages = _pages(site)
    assert pages["guide/contact/"].save_as == "guide/contact.html"
    assert "about/contact/" not in pages and "about/" in pages  # the index has its own route (ABOUT_URL)
    assert site.pages[CONTACT] == "guide/contact/"


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("PAGE_URL", "about/{id}/", "占位符只能是 slug"),
        ("PAGE_SAVE_AS", "about/index.html", "占位符只能是 slug"),
        ("ABOUT_URL", None, "占位符只能是 （无）"),
        # Pelican's pages generator would read the folder again, with the news reader.
        ("PAGE_PATHS", ["pages"], "应为 []"),
    ],
)
def test_a_wrong_route_setting_is_an_error_at_its_setting(content, name, value, says):
    site, errors = load_site(load_settings(PATH=str(content), **{name: value}))
    assert site is None
    assert [(e.path, e.key, e.field) for e in errors] == [("pelicanconf.py", "invalid-setting", name)]
    assert says in errors[0].message


def test_a_standing_page_and_a_section_page_on_one_address_is_one_collision(content):
    page = content / CONTACT
    page.write_text(page.read_text(encoding="utf-8").replace("slug: contact", "slug: message"), "utf-8")
    _, errors = load_site(load_settings(PATH=str(content)))
    (error,) = errors
    assert (error.path, error.line, error.key) == (f"content/{CONTACT}", 3, "url-collision")
