"""Incremental output: page keys, the digest memo and the manifest (plugins/site/incremental.py)."""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import pytest

import plugins.common.cache as cache_module
from plugins.common.cache import file_digest, file_digests
from plugins.site.incremental import (
    CACHE_FOLDER,
    MANIFEST,
    OutputMemo,
    article_page_keys,
    has_link_marker,
    settings_repr,
    site_key,
)


def article(source, url, **links):
    return SimpleNamespace(source_path=source, url=url, save_as=url + "index.html", **links)


def chain(count=5):
    """Newest first, each linked to its neighbours, as the news plugin links them."""
    items = [article(f"/c/news/{i}.md", f"news/{i}/") for i in range(count)]
    for index, item in enumerate(items):
        item.newer_article = items[index - 1] if index else None
        item.older_article = items[index + 1] if index + 1 < count else None
        item.related_articles = []
    return items


def keys_of(items, digests, events=(), links=None, urls=()):
    return article_page_keys(items, "site", digests, events, urls, links or {})


def digests_of(items, changed=None):
    return {a.source_path: ("changed" if a.source_path == changed else "same") for a in items}


def test_an_edit_changes_the_article_and_the_pages_that_show_it_only():
    """What a page shows of another article is its metadata, which ``site`` holds (listing_key):
    an edit that keeps an article's metadata changes its own page's key only, not its
    neighbours' or the page that lists it as related; one that changes it changes ``site``."""
    items = chain()
    items[0].related_articles = [items[4]]
    before = keys_of(items, digests_of(items))
    after = keys_of(items, digests_of(items, changed=items[2].source_path))
    assert {name for name in before if before[name] != after[name]} == {items[2].save_as}
    related_edit = keys_of(items, digests_of(items, changed=items[4].source_path))
    assert {n for n in before if before[n] != related_edit[n]} == {items[4].save_as}
    metadata_edit = article_page_keys(items, "site with a new title", digests_of(items), (), (), {})
    assert all(metadata_edit[name] != before[name] for name in before)


def test_the_site_key_holds_every_articles_metadata_and_not_its_body():
    """The half of the argument above that is not in article_page_keys: listing_key."""
    from plugins.site.incremental import listing_key

    def news(title="校友返校", summary="一句摘要", body_digest="a"):
        item = article("/c/news/0.md", "news/0/", metadata={"title": title, "summary": summary})
        return [item], {item.source_path: body_digest}

    base = listing_key(*news())
    assert listing_key(*news(body_digest="b")) == base  # a body edit that keeps the summary
    assert listing_key(*news(title="校友返校日")) != base
    assert listing_key(*news(summary="另一句摘要")) != base
    unstable = article("/c/news/0.md", "news/0/", metadata={"cover_photo": object()})
    # A value without a stable text: the article's bytes stand in for its metadata.
    assert listing_key([unstable], {unstable.source_path: "a"}) != listing_key(
        [unstable], {unstable.source_path: "b"}
    )


def test_an_unfinished_draft_is_the_same_in_every_build_of_a_day():
    """A draft the graph could not read gets stub metadata, which listing_key holds (drafts too):
    stamped with the clock's time, it changed the site key in every build, so one unfinished
    draft made every build render every page."""
    import time
    from datetime import date

    from plugins.news.reader import draft_stub
    from plugins.site.incremental import listing_key

    day = date(2026, 12, 1)

    def stub():
        return article("/c/news/2026/draft.md", "", metadata=draft_stub("/c/news/2026/draft.md", day))

    first = stub()
    time.sleep(0.002)
    assert listing_key([first], {}) == listing_key([stub()], {})
    assert first.metadata["date"].date() == day and first.metadata["status"] == "draft"


def test_new_neighbours_or_related_articles_change_the_key():
    items = chain()
    before = keys_of(items, digests_of(items))
    items[1].related_articles = [items[3]]
    assert keys_of(items, digests_of(items))[items[1].save_as] != before[items[1].save_as]
    items[2].older_article = None
    assert keys_of(items, digests_of(items))[items[2].save_as] != before[items[2].save_as]


def test_event_and_report_pages_depend_on_every_event_and_report_article():
    items = chain(6)
    events = [items[0].url, items[5].url]
    before = keys_of(items, digests_of(items), events)
    after = keys_of(items, digests_of(items, changed=items[5].source_path), events)
    assert after[items[0].save_as] != before[items[0].save_as]  # not its neighbour, but an event
    assert after[items[2].save_as] == before[items[2].save_as]
    # becoming a report (its own bytes unchanged) is a change of its page
    assert (
        keys_of(items, digests_of(items), [*events, items[2].url])[items[2].save_as]
        != before[items[2].save_as]
    )


def test_pages_with_intrasite_links_depend_on_every_url():
    items = chain(3)
    links = {items[0].source_path: True}
    urls = [("/c/news/0.md", "news/0/"), ("/c/pages/about.md", "about/")]
    before = keys_of(items, digests_of(items), links=links, urls=urls)
    moved = keys_of(items, digests_of(items), links=links, urls=[urls[0], ("/c/pages/about.md", "about-us/")])
    assert moved[items[0].save_as] != before[items[0].save_as]
    assert moved[items[1].save_as] == before[items[1].save_as]


@pytest.mark.parametrize(
    "text, marked",
    [
        ("见[章程]({filename}/pages/charter.md)", True),
        ("![图](|static|/images/a.png)", True),
        ("见{attach}a.pdf 与 {tag}校友", True),
        ("普通正文，含 {花括号} 与 | 竖线 |", False),
    ],
)
def test_link_markers_are_found_as_pelican_finds_them(tmp_path, text, marked):
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    assert has_link_marker(str(path)) is marked


def test_settings_repr_names_functions_and_leaves_out_this_builds_folders():
    def yuan(value):
        return value

    base = {
        "SITENAME": "校友会",
        "JINJA_FILTERS": {"yuan": yuan},
        "OUTPUT_PATH": "/a",
        "PHOTO_CACHE_PATH": "/c",
    }
    text = settings_repr(base)
    assert "test_incremental" in text and "0x" not in text
    assert settings_repr(dict(base, OUTPUT_PATH="/b", PHOTO_CACHE_PATH="/d", PARALLEL_OUTPUT=False)) == text
    assert settings_repr(dict(base, SITENAME="校友总会")) != text


def test_site_key_covers_code_settings_day_environment_and_non_article_content(tmp_path):
    content = tmp_path / "content"
    settings = {"PATH": str(content), "SITENAME": "校友会"}
    article_path = str(content / "news" / "a.md")
    digests = {
        str(tmp_path / "theme" / "base.html"): "t1",
        str(content / "donors" / "gifts.yml"): "g1",
        article_path: "a1",
    }

    def key(**changes):
        d = dict(digests, **changes.get("digests", {}))
        return site_key(
            changes.get("settings", settings),
            str(tmp_path),
            d,
            [article_path],
            changes.get("today", "2026-11-26"),
            changes.get("environ", {"HOME": "/root"}),
        )

    base = key()
    assert key(digests={article_path: "a2"}) == base  # articles are keyed page by page
    assert key(environ={"HOME": "/other"}) == base
    assert key(digests={str(tmp_path / "theme" / "base.html"): "t2"}) != base
    assert key(digests={str(content / "donors" / "gifts.yml"): "g2"}) != base
    assert key(settings=dict(settings, SITENAME="校友总会")) != base
    assert key(today="2026-11-27") != base
    assert key(environ={"SITE_STAGING": "1"}) != base


def test_file_digests_reuse_settled_entries_and_rehash_changed_files(tmp_path, monkeypatch):
    files = [tmp_path / f"{n}.txt" for n in range(3)]
    for path in files:
        path.write_text(path.name)
    old = 10**9  # 1 s after the epoch: long settled
    for path in files:
        os.utime(path, ns=(old, old))
    memo = str(tmp_path / "memo.json")
    paths = [str(p) for p in files]
    first = file_digests(paths, memo)
    assert first == {p: file_digest(p) for p in paths}

    calls = []
    monkeypatch.setattr(cache_module, "file_digest", lambda p: calls.append(p) or file_digest(p))
    # ctime cannot be set back: only files whose ctime is settled are trusted
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**20))
    assert file_digests(paths, memo) == first
    assert calls == []

    files[1].write_text("edited, same length!"[: len(files[1].name)])
    os.utime(files[1], ns=(old, old))  # even with the old mtime: size/ctime/inode differ
    again = file_digests(paths, memo)
    assert calls == [paths[1]]
    assert again[paths[1]] == file_digest(paths[1]) != first[paths[1]]


def test_file_digests_never_trust_an_entry_written_in_the_same_tick(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("one")
    memo = str(tmp_path / "memo.json")
    file_digests([str(path)], memo)
    calls = []
    monkeypatch.setattr(cache_module, "file_digest", lambda p: calls.append(p) or file_digest(p))
    file_digests([str(path)], memo)  # the file changed less than RACY_NS before the memo
    assert calls == [str(path)]


def test_file_digests_ignore_a_corrupt_memo(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("one")
    memo = tmp_path / "memo.json"
    memo.write_text("not json at all")
    assert file_digests([str(path)], str(memo)) == {str(path): file_digest(str(path))}


def make_release(tmp_path, name="r1", pages=None):
    release = tmp_path / ".releases" / name
    for page, text in (pages or {"news/a/index.html": "A", "news/b/index.html": "B"}).items():
        (release / page).parent.mkdir(parents=True, exist_ok=True)
        (release / page).write_text(text)
    return release


def test_pages_are_copied_only_under_an_unchanged_key_from_the_saved_release(tmp_path):
    cache = str(tmp_path / "cache")
    release = make_release(tmp_path)
    first = OutputMemo.open(cache)
    first.plan({"news/a/index.html": "k1", "news/b/index.html": "k2"})
    first.save(str(release))

    memo = OutputMemo.open(cache)
    memo.plan({"news/a/index.html": "k1", "news/b/index.html": "k2-new", "news/c/index.html": "k3"})
    assert memo.unchanged() == (1, 0)
    out = tmp_path / "staging"
    assert memo.reuse("news/a/index.html", str(out))
    assert (out / "news/a/index.html").read_text() == "A"
    assert not memo.reuse("news/b/index.html", str(out))  # its key changed: rendered
    assert not memo.reuse("news/c/index.html", str(out))  # new page
    assert not (out / "news/b/index.html").exists()
    assert "1 页与上次构建相同" in memo.summary() and "2 页重新生成" in memo.summary()

    # a copy from the release is a new file: writing it cannot change the served page
    (out / "news/a/index.html").write_text("changed")
    assert (release / "news/a/index.html").read_text() == "A"


def test_a_pruned_release_or_a_bad_manifest_means_rendering(tmp_path):
    cache = tmp_path / "cache"
    release = make_release(tmp_path)
    memo = OutputMemo.open(str(cache))
    memo.plan({"news/a/index.html": "k1"})
    memo.save(str(release))
    (release / "news/a/index.html").unlink()  # pruned meanwhile
    again = OutputMemo.open(str(cache))
    again.plan({"news/a/index.html": "k1"})
    assert not again.reuse("news/a/index.html", str(tmp_path / "out"))

    manifest = cache / CACHE_FOLDER / MANIFEST
    for corrupt in (b"", b"garbage", manifest.read_bytes()[:-5]):
        manifest.write_bytes(corrupt)
        broken = OutputMemo.open(str(cache))
        assert broken.previous_keys == {} and broken.previous_release == ""
    assert OutputMemo.open(None).previous_keys == {}


def test_a_folder_is_copied_without_its_compressed_variants_under_an_unchanged_key(tmp_path):
    cache = str(tmp_path / "cache")
    release = make_release(tmp_path, pages={"pagefind/entry.json": "{}", "pagefind/entry.json.gz": "gz"})
    first = OutputMemo.open(cache)
    assert not first.reuse_tree("pagefind", "k", str(tmp_path / "first"))  # nothing saved yet
    first.save(str(release))
    saved = json.loads((tmp_path / "cache" / CACHE_FOLDER / MANIFEST).read_bytes().split(b"\n", 1)[1])
    assert saved["trees"] == {"pagefind": "k"}

    out = tmp_path / "out"
    assert not OutputMemo.open(cache).reuse_tree("pagefind", "other", str(out))
    assert OutputMemo.open(cache).reuse_tree("pagefind", "k", str(out), (".gz", ".br"))
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["entry.json"]


def test_related_articles_are_remembered_only_for_the_same_inputs(tmp_path, monkeypatch):
    from datetime import datetime

    import plugins.news.generator as news_generator
    from plugins.news.model import RelatedEntry, related_map

    class Item:  # hashable by identity, as Pelican's articles are
        def __init__(self, source_path):
            self.source_path = source_path

    items = [Item(f"/c/news/{i}.md") for i in range(6)]
    tags = [("校友林",), ("校友林", "返校"), ("返校",), ("毕业季",), ("毕业季", "校友林"), ("返校",)]

    def entries(tag_list):
        return [
            RelatedEntry(item, tag_list[i], "校友活动" if i % 2 else "通知公告", datetime(2024, 1, 1 + i))
            for i, item in enumerate(items)
        ]

    first = news_generator.remembered_related_map(entries(tags), 2, str(tmp_path))
    assert first == related_map(entries(tags), 2)
    monkeypatch.setattr(news_generator, "related_map", lambda *a: pytest.fail("computed again"))
    assert news_generator.remembered_related_map(entries(tags), 2, str(tmp_path)) == first

    calls = []
    monkeypatch.setattr(news_generator, "related_map", lambda *a: calls.append(1) or related_map(*a))
    changed = [*tags[:3], ("校友林",), *tags[4:]]
    again = news_generator.remembered_related_map(entries(changed), 2, str(tmp_path))
    assert calls == [1] and again == related_map(entries(changed), 2) != first
    news_generator.remembered_related_map(entries(changed), 3, str(tmp_path))
    assert calls == [1, 1]  # another count: another key


def test_list_keys_follow_the_articles_listed_and_the_news_counts():
    from plugins.site.incremental import ListKeys

    items = chain(4)
    tag = SimpleNamespace(name="校友林", slug="xiao-you-lin", url="news/tag/xiao-you-lin/", save_as="x")
    news = SimpleNamespace(
        categories=[("校友活动", 3)], years=[(2024, 4)], featured=[items[0]], latest=items[:2]
    )

    def key(news=news, site="site", **changes):
        kwargs = {"template_name": "tag", "articles": items[1:3], "dates": items[1:3], "tag": tag,
                  "all_articles": items, "blog": True, "url": tag.url}  # fmt: skip
        kwargs.update(changes)
        return ListKeys(site, news).key(tag.save_as, kwargs)

    base = key()
    # What a list shows of its articles is their metadata, in the site key (listing_key): a body
    # edit that keeps it leaves every list as it was; a metadata edit changes the site key.
    assert key(site="site with a new summary") != base
    assert key(articles=items[1:4]) != base
    assert key(articles=[items[2], items[1]]) != base  # the order
    assert key(news=SimpleNamespace(**{**news.__dict__, "years": [(2024, 5)]})) != base
    assert key(news=SimpleNamespace(**{**news.__dict__, "featured": [items[3]]})) != base
    assert key(template_name="home") is None  # not a news list: always rendered
    assert key(extra=object()) is None  # no stable text: rendered


def test_no_template_reads_what_list_keys_leave_out():
    from pathlib import Path

    from plugins.site.incremental import LIST_TEMPLATES

    templates = Path(__file__).resolve().parents[2] / "theme" / "templates"
    for path in templates.rglob("*.html"):
        assert "all_articles" not in path.read_text(encoding="utf-8"), path
    for name in LIST_TEMPLATES:
        assert (templates / f"{name}.html").is_file()
