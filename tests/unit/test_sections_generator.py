"""The generic generator writes a section's pages with Pelican's writer and, where asked, its paginator.

No build: the generator's output phase runs over a page list and a view made
here, with the site's real settings (``PAGINATION_PATTERNS``) and Pelican's
``Writer``, so the addresses of later pages and the links between them are
exactly those Pelican gives its own lists.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from jinja2 import DictLoader, Environment
from pelican.writers import Writer

from plugins.common.section import Routes
from plugins.site.buildcontext import KEY, BuildContext
from plugins.site.sections_generator import SectionsGenerator
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

TEMPLATES = {
    "list": (
        "{{ column.name }}:{% for a in articles_page.object_list %}{{ a }},{% endfor %}"
        "|prev={{ articles_previous_page.url if articles_previous_page else '' }}"
        "|next={{ articles_next_page.url if articles_next_page else '' }}"
    ),
    "card": "{{ column.name }}:{{ articles is defined }}",
}


def _write(tmp_path, per_page: int, news: list[str]) -> dict[str, str]:
    settings = load_settings(PATH=str(SAMPLE_CONTENT))
    settings["PAGINATED_TEMPLATES"] = {**settings["PAGINATED_TEMPLATES"], "college_news": per_page}
    routes = Routes(
        {
            "COLLEGE": ("colleges/{id}/", "colleges/{id}/index.html"),
            "COLLEGE_NEWS": ("colleges/{id}/news/", "colleges/{id}/news/index.html"),
        }
    )
    pages = (
        routes.page("COLLEGE", "card", item="cs", as_name="column", id="cs"),
        routes.page(
            "COLLEGE_NEWS",
            "list",
            item="cs",
            as_name="column",
            paginate="news",
            paginated_as="college_news",
            id="cs",
        ),
    )
    column = SimpleNamespace(name="计算机工程学院", news=news)
    generator = SectionsGenerator.__new__(SectionsGenerator)  # only the output phase runs here
    generator.context = {
        KEY: BuildContext(
            SimpleNamespace(  # type: ignore[arg-type] - the graph's two fields the output phase reads
                config=SimpleNamespace(registered=()), section_pages=[("colleges", p) for p in pages]
            ),
            date(2026, 12, 6),
        ),
        "views": {"colleges": SimpleNamespace(items={"cs": column})},
        "localsiteurl": "",
    }
    generator.render = SimpleNamespace(use_writer=lambda writer: None)
    generator.get_template = Environment(loader=DictLoader(TEMPLATES)).get_template
    generator.generate_output(Writer(str(tmp_path), settings))
    return {
        str(path.relative_to(tmp_path)): path.read_text(encoding="utf-8")
        for path in sorted(tmp_path.rglob("*.html"))
    }


def test_a_paginated_page_is_split_by_pelicans_paginator_with_its_links(tmp_path):
    written = _write(tmp_path, 2, ["a", "b", "c", "d", "e"])
    assert written == {
        "colleges/cs/index.html": "计算机工程学院:False",  # a page without ``paginate`` gets no list
        "colleges/cs/news/index.html": "计算机工程学院:a,b,|prev=|next=colleges/cs/news/page/2/",
        "colleges/cs/news/page/2/index.html": (
            "计算机工程学院:c,d,|prev=colleges/cs/news/|next=colleges/cs/news/page/3/"
        ),
        "colleges/cs/news/page/3/index.html": "计算机工程学院:e,|prev=colleges/cs/news/page/2/|next=",
    }


def test_an_empty_paginated_list_still_writes_its_first_page(tmp_path):
    written = _write(tmp_path, 2, [])
    assert written["colleges/cs/news/index.html"] == "计算机工程学院:|prev=|next="
    assert not [name for name in written if "/page/" in name]
