"""The data API section writes a document for each section whose view exists, and nothing else.

No build: ``publish`` runs over views made here and a render context that
records what ``write_bytes`` is given, with the site's real ``API_*`` settings.
A site without a section (``SECTIONS``) simply has no such document, and the
index (``index.json`` and the ``/api/v1/`` page's rows) names exactly what was written.
"""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest

from plugins.api.section import SECTION, publish
from plugins.api.settings import api_config
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

TODAY = date(2026, 5, 1)


class FakeRender:
    """The parts of :class:`plugins.common.section.RenderContext` the API's ``publish`` uses."""

    def __init__(self, views: dict, withdrawn: tuple = ()) -> None:
        self.settings = load_settings(PATH=str(SAMPLE_CONTENT))
        self.settings["SITEURL"] = "https://alumni.example.edu.cn"
        self.site = SimpleNamespace(
            config=SimpleNamespace(api=api_config(None, self.settings)),
            redirects={},
            withdrawn_news=withdrawn,
        )
        self.views = views
        self.today = TODAY
        self.files: dict[str, bytes] = {}

    def articles(self) -> list:
        return []

    def reuse(self, page_save_as: str, save_as: str) -> bool:
        raise AssertionError("no article: nothing to reuse")

    def write_bytes(self, save_as: str, data: bytes) -> None:
        assert save_as not in self.files, f"{save_as} written twice"
        self.files[save_as] = data


def _publish(views: dict, withdrawn: tuple = ()) -> tuple[FakeRender, object]:
    render = FakeRender(views, withdrawn)
    view = SECTION.views(None, render)
    publish(view, render)
    return render, view


JOBS = SimpleNamespace(jobs=[], today=TODAY)
DONATIONS = SimpleNamespace(projects=[], by_college={})


@pytest.mark.parametrize(
    "views, documents",
    [
        ({}, {"news"}),
        ({"enterprises": JOBS}, {"news", "jobs"}),
        ({"donations": DONATIONS, "enterprises": JOBS}, {"news", "donation_projects", "jobs"}),
    ],
)
def test_only_the_documents_of_registered_sections_are_written_and_indexed(views, documents):
    render, view = _publish(views)
    index = json.loads(render.files["api/v1/index.json"])
    assert set(index["documents"]) == documents
    assert index["generated"] == "2026-05-01" and index["api_version"] == "v1"
    expected = {"api/v1/index.json", "api/v1/news/index.json"}
    expected |= {render.site.config.api.save_as[name] for name in documents}
    assert set(render.files) == expected
    assert all(data.endswith(b"\n") for data in render.files.values())
    # The /api/v1/ page (its PageSpec's item) lists the index and the same documents.
    urls = render.site.config.api.urls
    assert [row[2] for row in view.items["index"]] == [urls["index"]] + [
        urls[name] for name in ("news", "events", "colleges", "associations", "achievements",
                                "donation_projects", "jobs") if name in documents
    ]  # fmt: skip


def test_a_withdrawn_article_leaves_a_tombstone_at_its_document():
    withdrawn = SimpleNamespace(meta=SimpleNamespace(date=date(2024, 3, 2), slug="old"), url="news/2024/old/")
    render, _ = _publish({}, (withdrawn,))
    tombstone = json.loads(render.files["api/v1/news/2024/old.json"])
    assert tombstone == {
        "api_version": "v1",
        "id": "2024/old",
        "withdrawn": True,
        "url": "https://alumni.example.edu.cn/news/2024/old/",
        "moved_to": None,
    }
    news = json.loads(render.files["api/v1/news/index.json"])
    assert news["total"] == 0 and news["items"] == []


def test_the_api_page_is_the_sections_one_page():
    render = FakeRender({})
    routes = SimpleNamespace(page=lambda *a, **k: (a, k))
    assert list(SECTION.pages(None, routes)) == [
        (("API_PAGE", "api/index"), {"item": "index", "as_name": "api_documents"})
    ]
    assert render.settings["API_PAGE_URL"] == next(r.url for r in SECTION.routes if r.name == "API_PAGE")
