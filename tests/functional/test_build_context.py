"""The build context (plugins/site/buildcontext.py): one frozen object per build, never the settings.

Two builds in one process (as here, in tests, and in ``invoke serve``) must each
see their own graph and memo; the settings a run used must hold plain data
only, so nothing of one build can reach the next through them.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import pickle
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pelican import signals

from plugins.news.reader import NewsReader
from plugins.site.adapter import build_of
from plugins.site.buildcontext import KEY, VIEWS, BuildContext, publish_view
from plugins.site.loader import load_site
from plugins.site.readers import MarkdownByFolder
from tests.small_site import ARTICLE, make_small_content
from wfu.build import build, load_settings

SCALARS = (str, bytes, int, float, bool, type(None), Decimal, date)

# What Pelican 4.12 itself puts into the context besides the settings (Pelican.run,
# ArticlesGenerator/PagesGenerator/StaticGenerator._update_context).
PELICAN_KEYS = frozenset(
    {
        "generated_content",
        "static_links",
        "static_content",
        "localsiteurl",
        "articles",
        "drafts",
        "hidden_articles",
        "dates",
        "tags",
        "categories",
        "authors",
        "related_posts",
        "period_archives",
        "pages",
        "hidden_pages",
        "draft_pages",
        "staticfiles",
    }
)
# Ours: the build context, every view (views.<name>), the route patterns (routes.<NAME>).
OUR_KEYS = frozenset({KEY, VIEWS, "routes"})


def flat_keys(context: dict, settings: dict) -> set[str]:
    """Context keys that are neither settings nor Pelican's own nor ours: each one is a flat key
    a plugin added beside ``views`` (templates must read ``views.<name>``)."""
    return set(context) - set(settings) - PELICAN_KEYS - OUR_KEYS


@pytest.mark.parametrize(
    ("context", "found"),
    [
        ({"SITENAME": "x", "articles": [], "views": {}, "routes": {}, KEY: None}, set()),
        ({"SITENAME": "x", "news": object(), "views": {}}, {"news"}),  # the old flat keys
        ({"home": 1, "identity": 2, "news_cover_photos": {}}, {"home", "identity", "news_cover_photos"}),
    ],
)
def test_flat_keys_are_found(context, found):
    assert flat_keys(context, {"SITENAME": "x"}) == found


def test_a_view_is_published_once():
    context: dict = {VIEWS: {}}
    publish_view(context, "news", "index")
    with pytest.raises(RuntimeError, match="views.news"):
        publish_view(context, "news", "another")  # e.g. the news section given views of its own
    assert context[VIEWS] == {"news": "index"}


def live_objects(value, where: str) -> list[str]:
    """Where ``value`` holds anything but plain data (scalars, containers, functions named by module)."""
    if isinstance(value, SCALARS):
        return []
    if isinstance(value, dict):
        found = [f"{where}: key {key!r}" for key in value if not isinstance(key, str)]
        for key, item in value.items():
            found += live_objects(item, f"{where}.{key}")
        return found
    if isinstance(value, list | tuple | set | frozenset):
        return [problem for i, item in enumerate(value) for problem in live_objects(item, f"{where}[{i}]")]
    if callable(value) and hasattr(value, "__qualname__") and "<" not in value.__qualname__:
        # A function configured by name (JINJA_FILTERS): importable, so it is pickled as a reference.
        module = importlib.import_module(value.__module__)
        if getattr(module, value.__qualname__, None) is value:
            return []
    return [f"{where}: {type(value).__module__}.{type(value).__qualname__}"]


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        ({"A": 1, "B": ["x", (2.5, None)], "C": {"d": date(2026, 1, 1)}}, []),
        ({"F": {"f": live_objects}}, []),  # a module-level function: a name, not an object
        ({"G": object()}, ["S.G: builtins.object"]),
        ({"H": [lambda: 1]}, ["S.H[0]: builtins.function"]),
        ({1: "x"}, ["S: key 1"]),
    ],
)
def test_live_objects_are_found(value, problems):
    assert live_objects(value, "S") == problems


def test_the_context_is_frozen_and_required():
    context = BuildContext(site=None, today=date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.memo = None  # type: ignore[misc]
    assert BuildContext.of({KEY: context}) is context
    with pytest.raises(LookupError):
        BuildContext.of({"SITE_GRAPH": context})  # the old way: not found, refused


def test_two_builds_in_one_process_each_see_their_own_context(tmp_path):
    seen: list[tuple[BuildContext, dict]] = []
    started: list[dict] = []
    contexts: list[dict] = []  # the context every generator of a build shares

    def share(generators) -> None:
        contexts.append(generators[0].context)

    def note(pelican) -> None:
        seen.append((build_of(pelican), copy.deepcopy(pelican.settings)))

    def start(pelican) -> None:
        started.append(copy.deepcopy(pelican.settings))

    first = make_small_content(tmp_path / "one" / "content")
    second = make_small_content(tmp_path / "two" / "content")
    article = second / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8").replace("百名校友返校共植", "第二次构建：校友返校共植"),
        encoding="utf-8",
    )
    signals.initialized.connect(start, weak=False)
    signals.all_generators_finalized.connect(share, weak=False)
    signals.finalized.connect(note, weak=False)
    try:
        outputs = [
            Path(build(load_settings(PATH=str(content)), str(content.parent / "output")))
            for content in (first, second)
        ]
    finally:
        signals.finalized.disconnect(note)
        signals.all_generators_finalized.disconnect(share)
        signals.initialized.disconnect(start)

    assert len(seen) == 2
    (one, one_settings), (two, two_settings) = seen
    assert one is not two and one.site is not two.site and one.memo is not two.memo
    assert [a.source.meta.title for a in one.site.news] == ["百名校友返校共植“校友林”"]
    assert [a.source.meta.title for a in two.site.news] == ["第二次构建：校友返校共植“校友林”"]
    assert one.site.config.content_root == str(first) and two.site.config.content_root == str(second)
    pages = [next(output.glob("news/2024/*/index.html")).read_text(encoding="utf-8") for output in outputs]
    assert "第二次构建" not in pages[0] and "第二次构建" in pages[1]

    for before, after in zip(started, (one_settings, two_settings), strict=True):
        # No plugin writes into the settings during a run; Pelican's own MarkdownReader adds the
        # configured extensions' names to MARKDOWN["extensions"], nothing else changes.
        assert {key for key in {*before, *after} if before.get(key) != after.get(key)} <= {"MARKDOWN"}
        assert {k: v for k, v in after["MARKDOWN"].items() if k != "extensions"} == before["MARKDOWN"]
    for settings in (one_settings, two_settings):
        assert live_objects(settings, "settings") == []
        pickle.dumps(settings)  # what the settings are: data a process can hand to another
        assert not {"SITE_GRAPH", "OUTPUT_MEMO", KEY} & set(settings)

    # No plugin puts a flat key into Pelican's context (read after the build: phase two included);
    # what templates read of our plugins is under views.<name>.
    assert len(contexts) == 2
    for context, (build_context, settings) in zip(contexts, seen, strict=True):
        assert context[KEY] is build_context
        assert flat_keys(context, settings) == set()
        assert {"news", "home", "identity"} <= set(context[VIEWS])


def test_the_md_reader_reads_only_once_bound_and_binds_once_per_build(tmp_path):
    made: list[BuildContext] = []

    class Recording(NewsReader):
        def __init__(self, settings, build):
            made.append(build)
            super().__init__(settings, build)

    settings = load_settings(PATH=str(make_small_content(tmp_path / "content")))
    reader = MarkdownByFolder(settings, {None: Recording})
    with pytest.raises(LookupError, match="not bound"):  # fail closed: never read without the graph
        reader.read(str(tmp_path / "content" / ARTICLE))
    site, errors = load_site(settings)
    assert errors == []
    first, second = BuildContext(site, date(2026, 1, 1)), BuildContext(site, date(2026, 1, 2))
    reader.bind(first)
    reader.bind(first)  # before every file: the readers are made once per build
    assert made == [first]
    content, metadata = reader.read(str(tmp_path / "content" / ARTICLE))
    assert metadata["title"] == "百名校友返校共植“校友林”" and "银杏树" in content
    reader.bind(second)  # another build (same process): its own readers
    assert made == [first, second]
