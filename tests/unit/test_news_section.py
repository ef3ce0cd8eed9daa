"""校友新闻 as a registered section, loaded from the fixture site without Pelican."""

from __future__ import annotations

import pytest

from plugins.news.model import SCHEDULED
from plugins.site.loader import load_site
from plugins.site.sections import REGISTERED
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

DRAFT = "news/2026/draft-winter-reunion.md"
WITHDRAWN = "news/2024/withdrawn-meeting.md"
ARTICLE = "news/2024/lecture-digital-economy.md"  # published; its body takes the test's links
COLLEGE_ARTICLE = "news/2025/lecture-teacher.md"  # names a college


@pytest.fixture
def content(content_copy):
    """The fixture site's private copy (tests.conftest.content_copy)."""
    return content_copy


def _news_pages(site) -> dict:
    return {p.source.split("/content/", 1)[1]: p for name, p in site.section_pages if name == "news"}


def _link(content, *targets: str) -> list[int]:
    """Append one ``{filename}`` link per target to :data:`ARTICLE`; the lines they are on."""
    article = content / ARTICLE
    text = article.read_text(encoding="utf-8")
    lines = []
    for target in targets:
        text += f"\n见[这篇]({{filename}}/{target})\n"
        lines.append(len(text.splitlines()))
    article.write_text(text, encoding="utf-8")
    return lines


def test_published_and_withdrawn_articles_are_pages_pelican_writes():
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT)))
    assert errors == [] and site is not None
    news = site.sections["news"]
    assert news.items.articles == site.news and news.items.published == site.published_news
    pages = _news_pages(site)
    article = site.article(str(SAMPLE_CONTENT / ARTICLE))
    assert article is not None and pages[ARTICLE].url == article.url == site.pages[ARTICLE]
    assert pages[ARTICLE].written_by == "articles" and pages[ARTICLE].item == f"2024/{article.meta.slug}"
    # A withdrawn article keeps its address (its notice, written by plugins/urls), but is no link target.
    assert pages[WITHDRAWN].url == "news/2024/withdrawn-meeting/" and pages[WITHDRAWN].written_by == "urls"
    assert not pages[WITHDRAWN].link_target and WITHDRAWN not in site.pages
    assert set(pages) == {a.path.removeprefix("content/") for a in site.news if a.url}
    # Its body images and cover are published like every section's.
    assert f"content/{ARTICLE}" in {b.path for b in news.bodies}
    assert {i.src for i in news.images} <= set(site.images)
    # What the preview's early page checks one article against again.
    assert site.news_registries is news.items.registries
    assert site.news_registries.event_series == {"lecture": "校友大讲堂"}


def test_a_draft_is_no_page_and_a_link_to_it_or_to_a_withdrawn_article_is_refused(content):
    draft_line, withdrawn_line = _link(content, DRAFT, WITHDRAWN)

    site, errors = load_site(load_settings(PATH=str(content)))

    assert [(e.path, e.line, e.key) for e in errors] == [
        (f"content/{ARTICLE}", draft_line, "link-to-draft"),
        (f"content/{ARTICLE}", withdrawn_line, "link-to-withdrawn"),
    ]
    assert site is not None and DRAFT not in site.pages and DRAFT not in _news_pages(site)
    assert f"content/{DRAFT}" in site.sections["news"].drafts.values()


def test_an_article_dated_after_today_is_scheduled_like_a_draft(content, monkeypatch):
    monkeypatch.setenv("SITE_TODAY", "2024-06-01")
    (line,) = _link(content, COLLEGE_ARTICLE)
    site, errors = load_site(load_settings(PATH=str(content)))
    assert (f"content/{ARTICLE}", line, "link-to-draft") in {(e.path, e.line, e.key) for e in errors}
    assert site is not None and COLLEGE_ARTICLE not in site.pages
    scheduled = site.article(str(content / COLLEGE_ARTICLE))
    assert scheduled is not None and scheduled.meta.status == SCHEDULED and not scheduled.published
    assert f"content/{COLLEGE_ARTICLE}" in site.sections["news"].drafts.values()


def test_a_site_moves_article_pages_with_article_url():
    settings = load_settings(
        PATH=str(SAMPLE_CONTENT),
        ARTICLE_URL="articles/{date:%Y}-{slug}.html",
        ARTICLE_SAVE_AS="articles/{date:%Y}-{slug}.html",
    )
    site, errors = load_site(settings)
    assert errors == [] and site is not None
    assert site.pages[ARTICLE].startswith("articles/2024-") and site.pages[ARTICLE].endswith(".html")
    assert _news_pages(site)[ARTICLE].url == site.pages[ARTICLE]


@pytest.mark.parametrize(
    ("setting", "value"),
    [("ARTICLE_URL", "news/{id}/"), ("ARTICLE_SAVE_AS", "news/{year}.html"), ("NEWS", {"latest_count": -1})],
)
def test_a_wrong_news_setting_is_an_error_at_its_setting(setting, value):
    site, errors = load_site(load_settings(PATH=str(SAMPLE_CONTENT), **{setting: value}))
    assert site is None
    assert [(e.path, e.key, e.field) for e in errors] == [("pelicanconf.py", "invalid-setting", setting)]


def test_a_page_of_another_section_on_an_article_address_is_reported_at_the_other_file(content):
    """News claims its addresses first: a published article's URL must keep working."""
    (content / "news" / "2024" / "art-show.md").write_text(
        "---\ntitle: 美术学院校友作品展\ndate: 2024-03-01\ncategory: 校友活动\nslug: art\n---\n\n正文。\n",
        encoding="utf-8",
    )
    _, errors = load_site(load_settings(PATH=str(content), COLLEGE_URL="news/2024/{id}/"))
    (collision,) = errors
    assert (collision.path, collision.key) == ("content/colleges/art.md", "url-collision")
    assert "/news/2024/art/" in collision.message and "content/news/2024/art-show.md" in collision.message


def test_a_site_without_the_sections_news_reads_leaves_their_ids_unchecked(content):
    article = content / COLLEGE_ARTICLE
    text = article.read_text(encoding="utf-8")
    assert "\ncollege: " in text
    article.write_text(
        "".join(
            "college: no-such-college\n" if ln.startswith("college: ") else ln for ln in text.splitlines(True)
        ),
        encoding="utf-8",
    )
    site, errors = load_site(load_settings(PATH=str(content)))
    assert {(e.path, e.key) for e in errors} == {(f"content/{COLLEGE_ARTICLE}", "unknown-college")}

    settings = load_settings(PATH=str(content))
    settings["SECTIONS"] = ("plugins.news.section",)  # no colleges, achievements, associations, events
    site, errors = load_site(settings)
    # Colleges, organisers, speakers and series name nothing the site has: none is checked.
    assert errors == [] and site is not None
    assert site.news_registries.colleges is None and site.news_registries.event_series is None
    assert site.news_registries.achievements is None and site.news_registries.associations is None
    assert COLLEGE_ARTICLE in site.pages and site.colleges == {}


def test_reversing_the_registration_order_gives_the_same_site_and_errors(content):
    _link(content, DRAFT, WITHDRAWN)
    forward, errors = load_site(load_settings(PATH=str(content)))
    settings = load_settings(PATH=str(content))
    settings["SECTIONS"] = tuple(reversed(REGISTERED))
    backward, more = load_site(settings)
    assert errors == more and len(errors) == 2
    assert forward is not None and backward is not None
    assert [s.name for s in forward.config.registered] == [s.name for s in backward.config.registered]
    assert forward.news == backward.news and forward.sections["news"] == backward.sections["news"]
    assert forward.section_pages == backward.section_pages
    assert forward.pages == backward.pages and forward.images == backward.images
    names = [s.name for s in forward.config.registered]
    # News loads after what it reads and before what reads it.
    assert names.index("news") > max(names.index(n) for n in ("colleges", "achievements", "associations"))
    assert names.index("news") < min(names.index(n) for n in ("donations", "events", "wechat"))


def test_a_site_without_news_has_no_news_config():
    """The web editor and the preview read ``config.news``: without the section it is ``None``, no KeyError."""
    from plugins.site.graph import SiteConfig

    config = SiteConfig(content_root="content", api=None, urls={}, identity=None, sections={})
    assert config.news is None
