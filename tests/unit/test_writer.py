"""The build's writer copies only what has a key, and announces a copy as Pelican announces a write.

No build: Pelican's ``write_file`` is called as the generators call it, with a
memo planned here and templates from two Jinja environments (the articles
generator's and another generator's), on Pelican's default settings.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment
from pelican import signals
from pelican.settings import read_settings

from plugins.common.errors import ContentErrors
from plugins.site.incremental import BodyReads, ListKeys, OutputMemo, ReusePlan
from plugins.site.writer import ReusingWriter

TEMPLATES = {
    "article": "{{ article.title }}",
    "index": "{% for a in articles_page.object_list %}{{ a.title }},{% endfor %}",
}
PAGE = "news/a/index.html"
KEYS = {PAGE: "k1"}


def article(name: str) -> SimpleNamespace:
    return SimpleNamespace(title=name, source_path=f"/c/news/{name}.md")


ARTICLES = [article(name) for name in "abc"]


class Build:
    """One build: a memo opened from ``cache``, planned with ``keys``, and its writer into ``output``."""

    def __init__(self, cache, output, keys=KEYS, verify=False):
        self.env = Environment(loader=DictLoader(TEMPLATES))
        self.memo = OutputMemo.open(str(cache))
        lists = ListKeys("site", None)
        self.memo.plan(keys, ReusePlan(self.env, lists, BodyReads(self.env), verify))
        settings = read_settings(override={"PATH": str(cache.parent), "DEFAULT_PAGINATION": 2})
        self.writer = type("W", (ReusingWriter,), {"memo": self.memo})(str(output), settings)
        self.output = output

    def article_page(self, title: str, env=None) -> None:
        template = (env or self.env).get_template("article")
        self.writer.write_file(PAGE, template, {}, article=article(title), url="news/a/", blog=True)

    def news_list(self) -> None:
        self.writer.write_file(
            "index.html",
            self.env.get_template("index"),
            {},
            articles=ARTICLES,
            dates=ARTICLES,
            template_name="index",
            url="index.html",
            blog=True,
        )


@pytest.fixture
def written():
    """Every ``content_written`` signal while the test runs: (path, context)."""
    seen: list[tuple[str, dict]] = []

    def note(path, context=None, **_):
        seen.append((path, context or {}))

    signals.content_written.connect(note, weak=False)
    yield seen
    signals.content_written.disconnect(note)


@pytest.fixture
def released(tmp_path):
    """A release built by the writer (nothing to copy from yet) and saved as the memo's last release."""
    release = tmp_path / "release"
    first = Build(tmp_path / "cache", release)
    first.article_page("old")
    first.news_list()
    first.memo.save(str(release))
    return release


def test_an_unchanged_article_page_is_copied_and_announced_like_a_written_one(tmp_path, released, written):
    build = Build(tmp_path / "cache", tmp_path / "out")
    build.article_page("new")  # same key: the release's bytes, whatever the article says now
    assert (tmp_path / "out" / PAGE).read_text() == "old"
    [(path, context)] = written
    assert path == str(tmp_path / "out" / PAGE)
    assert context["article"].title == "new" and context["output_file"] == PAGE and context["blog"]


@pytest.mark.parametrize(
    "keys, other_generator",
    [
        ({PAGE: "k2"}, False),  # the key changed
        ({}, False),  # no key (a draft, or the memo knows no such page)
        (KEYS, True),  # another generator's template: never copied, whatever the name
    ],
)
def test_everything_else_is_rendered(tmp_path, released, written, keys, other_generator):
    build = Build(tmp_path / "cache", tmp_path / "out", keys)
    build.article_page("new", Environment(loader=DictLoader(TEMPLATES)) if other_generator else None)
    assert (tmp_path / "out" / PAGE).read_text() == "new"
    assert [context["output_file"] for _, context in written] == [PAGE]


def test_a_news_list_is_copied_with_all_its_pages_and_each_is_announced(tmp_path, released, written):
    assert (released / "index2.html").read_text() == "c,"  # two pages of two articles at most
    (released / "index2.html").write_text("from the release")
    build = Build(tmp_path / "cache", tmp_path / "out")
    build.news_list()
    assert (tmp_path / "out" / "index2.html").read_text() == "from the release"
    assert [context["output_file"] for _, context in written] == ["index.html", "index2.html"]
    assert build.memo.groups["index.html"]["files"] == ["index.html", "index2.html"]


def test_verify_mode_renders_what_it_would_copy_and_fails_on_a_difference(tmp_path, released):
    build = Build(tmp_path / "cache", tmp_path / "out", verify=True)
    build.article_page("old")  # rendered as the release holds it: passes
    assert (tmp_path / "out" / PAGE).read_text() == "old"
    (released / "index2.html").write_text("changed behind the memo's back")
    with pytest.raises(ContentErrors) as failed:
        build.news_list()
    assert [(e.path, e.key) for e in failed.value.errors] == [("index2.html", "reuse-mismatch")]
