"""The content graph, loaded from the fixture site without Pelican."""

from __future__ import annotations

import shutil

from plugins.site.loader import load_site
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings


def _load(content=SAMPLE_CONTENT):
    return load_site(load_settings(PATH=str(content)))


def test_fixture_site_loads_without_errors_and_joins_sections():
    site, errors = _load()
    assert errors == []
    assert len(site.published_news) == 29 and len(site.news) == 31  # one draft, one withdrawn
    assert [a.url for a in site.withdrawn_news] == ["news/2024/withdrawn-meeting/"]
    cs = site.colleges["cs"]
    assert cs.url == "colleges/cs/"
    assert cs.news and all(a.meta.college == "cs" and a.published for a in cs.news)
    assert [a.meta.date for a in cs.news] == sorted((a.meta.date for a in cs.news), reverse=True)
    assert all(p.college == "cs" for p in cs.achievements)
    assert all(h.college == "cs" for h in cs.honours)
    for node in site.projects.values():
        assert all(g.project == node.id for g in node.gifts)
        money = [g.value for g in node.gifts if g.kind == "money" and g.show_amount]  # hidden: counted only
        assert node.progress.raised == sum(money) and node.progress.gifts == len(node.gifts)
        assert node.progress.hidden == sum(1 for g in node.gifts if g.value and not g.show_amount)
        assert all(a.published for a in node.stories)
    for node in site.associations.values():
        assert all(a.meta.association == node.id for a in node.news)


def test_pages_map_every_page_producing_file_to_its_url():
    site, _ = _load()
    assert site.pages["colleges/cs.md"] == "colleges/cs/"
    assert any(url.startswith("news/") for url in site.pages.values())
    assert not any(path.endswith("draft-winter-reunion.md") for path in site.pages)  # drafts are no pages


def test_a_broken_college_file_gives_one_error_not_one_per_reference(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    college = content / "colleges" / "cs.md"
    college.write_text(
        college.read_text(encoding="utf-8").replace("name: 计算机工程学院", "name:"), encoding="utf-8"
    )
    site, errors = _load(content)
    assert [e.key for e in errors] == ["missing-name"] and errors[0].field == "name"
    assert "cs" not in site.colleges  # the broken college is not in the graph …
    assert not any(e.key == "unknown-college" for e in errors)  # … but references to it are not errors


def test_errors_carry_path_line_key_message_and_field(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    article = content / "news" / "2024" / "lecture-digital-economy.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("category: ", "category: 不存在的栏目 #", 1)
    )
    _, errors = _load(content)
    (error,) = errors
    assert (error.path, error.key, error.field) == (
        "content/news/2024/lecture-digital-economy.md",
        "unknown-category",
        "category",
    )
    assert error.line == 4 and "栏目" in error.message
