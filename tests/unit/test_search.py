"""wfu/search.py without a site build: settings validation, the marker scan, bundle reading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT
from wfu.search import (
    DEFAULTS,
    SearchError,
    has_searchable_pages,
    index_site,
    indexed_pages,
    page_month,
    pagefind_executable,
    plan_shards,
    search_config,
)

GOOD = {"SEARCH": {}, "PAGEFIND_URL": "pagefind/", "PAGEFIND_SAVE_AS": "pagefind"}


def test_defaults_apply():
    config = search_config(GOOD)
    assert (config.force_language, config.timeout) == (DEFAULTS["force_language"], DEFAULTS["timeout"])
    assert (config.bundle_dir, config.bundle_url) == ("pagefind", "pagefind/")
    assert search_config({}).bundle_dir == "pagefind"  # nothing declared: the defaults


@pytest.mark.parametrize(
    "override, fragment",
    [
        ({"SEARCH": {"languge": "zh"}}, "SEARCH 中没有“languge”"),
        ({"SEARCH": ["zh"]}, "SEARCH 应为字典"),
        ({"SEARCH": {"timeout": 0}}, "timeout 应为正数"),
        ({"SEARCH": {"timeout": True}}, "timeout 应为正数"),
        ({"SEARCH": {"force_language": "中文"}}, "force_language 应为语言代码"),
        ({"SEARCH": {"shard_pages": 0}}, "shard_pages 应为正整数"),
        ({"SEARCH": {"shard_pages": 2.5}}, "shard_pages 应为正整数"),
        (
            {"PAGEFIND_SAVE_AS": "../pagefind", "PAGEFIND_URL": "../pagefind/"},
            "PAGEFIND_SAVE_AS 应为输出目录内",
        ),
        (
            {"PAGEFIND_SAVE_AS": "/srv/pagefind", "PAGEFIND_URL": "/srv/pagefind/"},
            "PAGEFIND_SAVE_AS 应为输出目录内",
        ),
        ({"PAGEFIND_URL": "search-index/"}, "PAGEFIND_URL 应为 PAGEFIND_SAVE_AS 加斜杠"),
    ],
)
def test_bad_settings_are_reported_in_chinese_with_a_key(override, fragment):
    with pytest.raises(SearchError) as failed:
        search_config(dict(GOOD, **override))
    assert any(fragment in message for message in failed.value.messages)
    assert all(message.rstrip().endswith("-search-setting]") for message in failed.value.messages)


def test_every_problem_at_once():
    with pytest.raises(SearchError) as failed:
        search_config(dict(GOOD, SEARCH={"timeout": -1, "colour": "red"}))
    assert len(failed.value.messages) == 2


def test_marker_scan(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<main>no marker</main>", encoding="utf-8")
    assert not has_searchable_pages(tmp_path)
    (tmp_path / "b.html").write_text("<article data-pagefind-body>text</article>", encoding="utf-8")
    assert has_searchable_pages(tmp_path)


def test_a_site_without_searchable_pages_is_refused(tmp_path):
    """Pagefind would index every page (donor wall included) when no page has the marker."""
    (tmp_path / "index.html").write_text("<p>捐赠芳名录</p>", encoding="utf-8")
    with pytest.raises(SearchError) as failed:
        index_site(GOOD, str(tmp_path), say=None)
    assert "[search-nothing-to-index]" in failed.value.messages[0]
    assert not (tmp_path / "pagefind").exists()


@pytest.mark.parametrize("entry", [None, "not json", '{"languages": 3}', '{"languages": {"zh-cn": {}}}'])
def test_a_missing_or_broken_bundle_has_no_page_count(tmp_path, entry):
    if entry is not None:
        (tmp_path / "pagefind-entry.json").write_text(entry, encoding="utf-8")
    assert indexed_pages(str(tmp_path)) is None


def test_page_count_from_the_entry_file(tmp_path):
    (tmp_path / "pagefind-entry.json").write_text(
        '{"languages": {"zh-cn": {"page_count": 7}}}', encoding="utf-8"
    )
    assert indexed_pages(str(tmp_path)) == 7


def test_the_extended_binary_is_the_one_used(monkeypatch):
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    path = pagefind_executable()
    assert path and "pagefind_extended" in path.replace("-", "_")


def test_setting_errors_point_at_the_setting_line():
    with pytest.raises(SearchError) as failed:
        search_config(dict(GOOD, SEARCH={"timeout": "soon"}, PAGEFIND_URL="elsewhere/"))
    lines = (ROOT / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    where = {error.message.split(" ")[0]: (error.path, error.line) for error in failed.value.errors}
    assert where["SEARCH"] == (
        "pelicanconf.py",
        lines.index("SEARCH = {}  # keys and defaults: wfu/search.py DEFAULTS") + 1,
    )
    assert lines[where["PAGEFIND_URL"][1] - 1].startswith("PAGEFIND_URL =")


def _months(**counts: int) -> dict[str, str | None]:
    """``m2024_05=3`` → three pages dated May 2024; ``undated=2`` → two pages without a date."""
    pages: dict[str, str | None] = {}
    for name, count in counts.items():
        month = None if name == "undated" else name[1:].replace("_", "-")
        for index in range(count):
            pages[f"{name}/{index}.html"] = month
    return pages


@pytest.mark.parametrize(
    "counts, limit, expected",
    [
        # Small years are packed together, oldest first; undated pages after the newest year,
        # in its shard while it has room, else a shard of their own.
        ({"m2019_03": 2, "m2020_01": 2, "m2021_06": 2, "undated": 3}, 4, {"site": 3, "2021": 2, "2019": 4}),
        ({"m2019_03": 2, "m2020_01": 1, "undated": 1}, 4, {"2019": 4}),
        ({"m2022_01": 1, "m2023_01": 1}, 1000, {"2022": 2}),
        # A year over the limit is split into runs of whole months, never a month apart.
        ({"m2024_01": 2, "m2024_02": 2, "m2024_03": 3, "m2025_01": 1}, 4, {"2024-03": 4, "2024-01": 4}),
        # ... of about equal size: no shard of a year's last month alone (it was 4 pages and 1).
        ({f"m2022_{month:02d}": 1 for month in range(1, 6)}, 4, {"2022-04": 2, "2022-01": 3}),
        (
            {f"m2022_{month:02d}": 84 for month in range(1, 13)} | {"m2023_01": 84},
            1000,
            {"2022-07": 588, "2022-01": 504},
        ),
        # ... and no more of them than runs filled to the limit (an equal share, 10, made three).
        ({"m2024_01": 6, "m2024_02": 5, "m2024_03": 4, "m2024_04": 5}, 12, {"2024-03": 9, "2024-01": 11}),
        # A month larger than the limit is one shard by itself.
        ({"m2024_01": 5, "m2024_02": 1}, 3, {"2024-02": 1, "2024-01": 5}),
        ({"undated": 2}, 3, {"site": 2}),
    ],
)
def test_shards_are_packed_by_date_newest_first(counts, limit, expected):
    shards = plan_shards(_months(**counts), limit)
    assert {name: len(pages) for name, pages in shards.items()} == expected
    assert list(shards) == list(expected)  # the search page loads them in this order
    every = [page for pages in shards.values() for page in pages]
    assert sorted(every) == sorted(_months(**counts))  # each page in exactly one shard


def test_adding_this_years_article_changes_only_the_newest_shard():
    before = plan_shards(_months(m2019_01=3, m2020_01=1, m2021_01=2, m2022_01=1), 4)
    after = plan_shards(_months(m2019_01=3, m2020_01=1, m2021_01=2, m2022_01=2), 4)
    assert list(before) == list(after) == ["2021", "2019"]  # 2019+2020, then 2021+2022
    changed = {name for name in after if before[name] != after[name]}
    assert changed == {"2021"}


def test_page_month_reads_the_date_sort_key(tmp_path):
    (tmp_path / "a.html").write_bytes(b'<span data-pagefind-sort="date:2024-05-12"></span>')
    (tmp_path / "b.html").write_bytes(b"<main data-pagefind-body>no date</main>")
    assert page_month(str(tmp_path), "a.html") == "2024-05"
    assert page_month(str(tmp_path), "b.html") is None


@given(st.lists(st.integers(0, 9), min_size=1, max_size=12), st.integers(1, 12))
def test_a_year_over_the_limit_takes_no_more_shards_than_runs_filled_to_the_limit(sizes, limit):
    counts = {f"m2024_{month:02d}": size for month, size in enumerate(sizes, 1) if size}
    shards = plan_shards(_months(**counts), limit)
    filled: list[int] = []  # runs of whole months, each filled up to the limit
    for size in (size for size in sizes if size):
        if filled and filled[-1] + size <= limit:
            filled[-1] += size
        else:
            filled.append(size)
    assert len(shards) <= len(filled)
    for pages in shards.values():  # over the limit only as a month alone
        assert len(pages) <= limit or len({page.split("/")[0] for page in pages}) == 1
