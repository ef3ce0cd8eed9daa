"""The search index in the built sample site: what is in it, what must never be, and failures."""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLE_CONTENT, assert_failed_cleanly, run_build, snapshot
from tests.small_site import make_small_content

GZIP_MAGIC = b"\x1f\x8b"


def bundle_files(site: Path) -> dict[str, bytes]:
    """Every file of the Pagefind bundle, decompressed when gzipped (fragments, index, filters)."""
    files = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data.startswith(GZIP_MAGIC):
                data = gzip.decompress(data)
            files[str(path.relative_to(site))] = data
    return files


def fragments(site: Path) -> dict[str, dict]:
    """The indexed pages by URL: Pagefind's fragment JSON (after its ``pagefind_dcd`` signature)."""
    pages = {}
    for name, data in bundle_files(site).items():
        if name.split("/")[2:3] == ["fragment"]:  # pagefind/<shard>/fragment/…
            fragment = json.loads(data[data.index(b"{") :])
            pages[fragment["url"]] = fragment
    return pages


def shards(site: Path) -> list[str]:
    """The shard folders of the index, as the search page loads them (pagefind/shards.json)."""
    listed = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert listed["dated"] == [name for name in listed["shards"] if name != "site"]  # newest first
    return listed["shards"]


def page_count(site: Path) -> int:
    """Pages in every shard's entry file together."""
    total = 0
    for shard in shards(site):
        entry = json.loads((site / "pagefind" / shard / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == ["zh-cn"]  # one index, whatever a page's lang says
        total += entry["languages"]["zh-cn"]["page_count"]
    return total


def marked_pages(site: Path) -> set[str]:
    """URLs of the built pages whose template marks content as searchable."""
    urls = set()
    for path in site.rglob("*.html"):
        if b"data-pagefind-body" in path.read_bytes():
            relative = "/" + str(path.relative_to(site)).replace(os.sep, "/")
            urls.add(relative[: -len("index.html")] if relative.endswith("/index.html") else relative)
    return urls


@pytest.fixture(scope="module")
def indexed(sample_site) -> dict[str, dict]:
    return fragments(sample_site)


def test_the_build_writes_a_pagefind_index_of_every_marked_page(sample_site, indexed):
    assert page_count(sample_site) == len(indexed)
    assert set(indexed) == marked_pages(sample_site)
    folders = sorted(path.name for path in (sample_site / "pagefind").iterdir() if path.is_dir())
    assert folders == sorted(shards(sample_site))
    for shard in folders:
        assert (sample_site / "pagefind" / shard / "pagefind.js").is_file()
        assert not list((sample_site / "pagefind" / shard).glob("pagefind-*ui.*"))  # unused interfaces
    assert (sample_site / "search" / "index.html").is_file()


def test_every_searchable_section_is_indexed(sample_site, indexed):
    articles = {p for p in indexed if p.startswith("/news/") and p.count("/") == 4}
    sources = list((SAMPLE_CONTENT / "news").rglob("*.md"))
    published = [
        s for s in sources if not re.search(r"^status: (draft|withdrawn)", s.read_text("utf-8"), re.M)
    ]
    assert len(articles) == len(published)
    assert "/news/2024/withdrawn-meeting/" not in indexed  # 撤稿: out of the search index
    profiles = {p for p in indexed if p.startswith("/achievements/")}
    assert len(profiles) == len(list((SAMPLE_CONTENT / "achievements").glob("*.md")))
    colleges = {p for p in indexed if p.startswith("/colleges/")}
    assert len(colleges) == len(list((SAMPLE_CONTENT / "colleges").glob("*.md")))
    assert {"/colleges/cs/", "/associations/jinan/", "/honours/", "/donate/projects/scholarship/"} <= set(
        indexed
    )
    assert "/achievements/robot-engineer/" in profiles


def test_lists_donor_pages_exports_redirects_and_the_search_page_are_not_indexed(sample_site, indexed):
    redirects = {
        r["from"] for r in yaml.safe_load((SAMPLE_CONTENT / "redirects.yml").read_text(encoding="utf-8"))
    }
    assert redirects and not redirects & set(indexed)
    never = {
        "/", "/news/", "/news/page/2/", "/news/tag/", "/news/2024/", "/news/category/lectures/",
        "/colleges/", "/colleges/cs/news/", "/achievements/", "/achievements/field/education/",
        "/associations/", "/associations/map/", "/donate/", "/donate/wall/", "/donate/stats/",
        "/search/", "/404.html", "/wechat/",
    }  # fmt: skip
    for url in never:  # each of these pages exists: the exclusion is real
        path = sample_site / (url.strip("/") + ("/index.html" if url.endswith("/") and url != "/" else ""))
        assert path.is_file() or url == "/", url
    assert not never & set(indexed)
    assert not [
        url
        for url in indexed
        if "/page/" in url or url.startswith(("/wechat/", "/news/tag/", "/news/category/"))
    ]


def donor_names() -> tuple[set[str], set[str]]:
    """(anonymous donors, all donors) of the sample gifts, also without the “（示例）” suffix."""
    anonymous, everyone = set(), set()
    for path in sorted((SAMPLE_CONTENT / "donors" / "gifts").glob("*.yml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")):
            names = {record["donor"], record["donor"].split("（")[0]}
            everyone |= names
            if record.get("anonymous"):
                anonymous |= names
    return anonymous, everyone


def test_no_anonymous_donor_name_in_any_index_file(sample_site):
    anonymous, _ = donor_names()
    assert "吕平" in anonymous  # the sample's anonymous donor
    files = bundle_files(sample_site)
    assert any("/fragment/" in name for name in files)
    for name, data in files.items():
        text = data.decode("utf-8", errors="ignore")
        for donor in anonymous:
            assert donor not in text, f"{name} contains the anonymous donor {donor}"


def test_donor_lists_stay_out_of_the_index(sample_site, indexed):
    """Project pages are searchable, but only their description: no donor name at all."""
    _, everyone = donor_names()
    project = indexed["/donate/projects/scholarship/"]
    page = (sample_site / "donate/projects/scholarship/index.html").read_text(encoding="utf-8")
    listed = {name for name in everyone if name in page}
    assert listed, "the project page lists donors (else this test checks nothing)"
    content = project["content"].replace("\u200b", "")
    assert not {name for name in listed if name in content}


def test_filters_meta_and_sort_keys(indexed):
    article = indexed["/news/2023/xiao-you-da-jiang-tang-di-yi-jiang-ren-gong-zhi-neng-shi-dai/"]
    assert article["filters"]["section"] == ["新闻"]
    assert article["filters"]["category"] == ["校友大讲堂"]
    assert article["filters"]["college"] == ["计算机工程学院"]
    assert article["meta"]["title"] == "校友大讲堂第一讲：人工智能时代的职业成长"
    assert article["meta"]["date"].startswith("2023年")
    profile = indexed["/achievements/robot-engineer/"]
    assert profile["filters"] == {"section": ["校友风采"], "college": ["机械与自动化学院"]}
    assert profile["meta"]["image"].startswith("/photos/") and profile["meta"]["image"].endswith(".jpg")
    assert indexed["/colleges/cs/"]["filters"]["section"] == ["学院专栏"]
    assert indexed["/associations/jinan/"]["filters"]["section"] == ["校友会"]
    assert indexed["/honours/"]["filters"]["section"] == ["荣誉榜"]
    assert indexed["/donate/projects/scholarship/"]["filters"]["section"] == ["校友捐赠"]
    # The hidden fields are filters and meta only: their text is not searchable page text.
    assert not article["content"].replace("\u200b", "").startswith("新闻")


def test_build_reports_the_indexed_pages(tmp_path):
    """On a small content tree (:mod:`tests.small_site`): the count reported is the pages indexed."""
    small = make_small_content(tmp_path / "content")
    result = run_build(small, tmp_path / "output", "build")
    assert result.returncode == 0, result.stderr
    assert f"搜索索引：{page_count(tmp_path / 'output')} 个页面" in result.stdout


def _fake_indexer(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-pagefind"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.mark.parametrize(
    "binary, key",
    [
        ("/nonexistent/pagefind_extended", "search-indexer-missing"),
        ("FAILING", "search-index-failed"),
        ("SILENT", "search-index-failed"),  # exits 0 but writes no index
    ],
)
def test_an_indexer_failure_fails_the_build_cleanly(prebuilt, tmp_path, monkeypatch, binary, key):
    """On a small content tree (:mod:`tests.small_site`): the indexer runs after every page is written."""
    small = make_small_content(tmp_path / "content")
    kind = binary
    if kind == "FAILING":
        binary = _fake_indexer(tmp_path, 'echo "Error: disk full while writing fragment" >&2; exit 3')
    elif kind == "SILENT":
        binary = _fake_indexer(tmp_path, "exit 0")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    before = snapshot(prebuilt)
    result = run_build(small, prebuilt, "build")
    assert_failed_cleanly(result, prebuilt, before)
    assert f"[{key}]" in result.stderr
    assert "搜索索引" in result.stderr
    if kind == "FAILING":
        assert "disk full" in result.stderr and "退出码 3" in result.stderr
