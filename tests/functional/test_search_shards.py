"""The sharded search index (wfu/search.py): an edit re-indexes only its shard, and equals a clean index.

Real Pagefind on a small hand-made site with a small ``shard_pages``, so that
there are several dated shards without a full site build.
"""

from __future__ import annotations

import filecmp
import gzip
import shutil
from pathlib import Path

from plugins.site.incremental import OutputMemo
from tools.diff_output import UNSTABLE
from wfu.search import index_site, page_month, plan_shards, searchable_pages

SETTINGS = {"SEARCH": {"shard_pages": 3}}
TEXTS = ["校友会举办返校活动", "奖学金签约仪式", "计算机工程学院校友讲座", "陈志强校友回母校", "数字经济论坛"]


def page(title: str, date: str | None, body: str) -> str:
    sort = f'<span data-pagefind-sort="date:{date}"></span>' if date else ""
    return (
        f'<html lang="zh-cn"><body><main data-pagefind-body><h1>{title}</h1><p>{body}</p></main>'
        f'<div hidden data-pagefind-ignore><span data-pagefind-meta="title">{title}</span>{sort}'
        f'<span data-pagefind-filter="section">{"新闻" if date else "学院专栏"}</span></div></body></html>'
    )


def make_site(folder: Path) -> None:
    for index in range(10):
        year = 2020 + index // 3
        date = f"{year}-{1 + index:02d}-05"
        path = folder / "news" / str(year) / f"a{index}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(page(f"新闻{index}", date, TEXTS[index % len(TEXTS)] * 3), encoding="utf-8")
    for slug in ("cs", "econ"):
        path = folder / "colleges" / slug / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(page(f"学院 {slug}", None, "学院专栏介绍"), encoding="utf-8")
    (folder / "index.html").write_text("<p>首页不在索引中</p>", encoding="utf-8")


def pages_only(site: Path, into: Path) -> Path:
    shutil.copytree(site, into, ignore=shutil.ignore_patterns("pagefind"))
    return into


def same_tree(left: Path, right: Path, stable_only: bool = False) -> bool:
    """Same files, same bytes; ``stable_only`` leaves out what Pagefind writes in hash-map order."""

    def files(root: Path) -> list[str]:
        names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        return [n for n in names if not (stable_only and UNSTABLE.match(f"pagefind/{n}"))]

    names = files(left)
    return names == files(right) and all(filecmp.cmp(left / n, right / n, shallow=False) for n in names)


def filters(site: Path) -> dict[str, list[int]]:
    """Each shard's filter maps as sorted bytes: equal when only the order of the values differs."""
    found = {}
    for path in sorted(site.glob("pagefind/*/filter/*.pf_filter")):
        data = path.read_bytes()
        found[path.parent.parent.name] = sorted(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return found


def test_an_edit_reindexes_only_its_shard_and_equals_a_clean_index(tmp_path):
    cache = str(tmp_path / "cache")
    first = tmp_path / "release-1"
    make_site(first)
    memo = OutputMemo.open(cache)
    report = index_site(SETTINGS, str(first), say=None, memo=memo)
    memo.save(str(first))
    assert report.pages == 12 and report.reused == ()
    assert list(report.shards) == ["2023", "2022", "2021", "2020"]  # 2023 with the undated pages

    # The editor changes one 2021 article; the next release is indexed with the memo.
    second = pages_only(first, tmp_path / "release-2")
    edited = second / "news" / "2021" / "a4" / "index.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</p>", "新增的补充说明。</p>"), "utf-8")
    said: list[str] = []
    memo = OutputMemo.open(cache)
    report = index_site(SETTINGS, str(second), say=said.append, memo=memo)
    assert set(report.shards) - set(report.reused) == {"2021"}
    assert "4 个分片中 3 个页面未变，沿用上次的索引" in said[0]
    for shard in report.shards:
        unchanged = same_tree(first / "pagefind" / shard, second / "pagefind" / shard)
        assert unchanged == (shard != "2021"), shard

    # The same pages indexed from nothing: the same bundle, byte for byte (but for the
    # filter maps, which Pagefind writes in hash-map order, as tools/diff_output.py knows).
    clean = pages_only(second, tmp_path / "clean")
    index_site(SETTINGS, str(clean), say=None)
    assert same_tree(clean / "pagefind", second / "pagefind", stable_only=True)
    assert filters(clean) == filters(second)

    # A shard missing from the last release (damaged) is indexed again, not trusted.
    memo.save(str(second))
    shutil.rmtree(second / "pagefind" / "2022")
    third = pages_only(second, tmp_path / "release-3")
    report = index_site(SETTINGS, str(third), say=None, memo=OutputMemo.open(cache))
    assert set(report.shards) - set(report.reused) == {"2022"}
    assert same_tree(clean / "pagefind", third / "pagefind", stable_only=True)


def test_a_date_change_moves_the_page_and_both_shards_are_reindexed(tmp_path):
    cache = str(tmp_path / "cache")
    first = tmp_path / "release-1"
    make_site(first)
    memo = OutputMemo.open(cache)
    index_site(SETTINGS, str(first), say=None, memo=memo)
    memo.save(str(first))
    second = pages_only(first, tmp_path / "release-2")
    moved = second / "news" / "2020" / "a0" / "index.html"
    moved.write_text(moved.read_text(encoding="utf-8").replace("date:2020-01-05", "date:2022-12-30"), "utf-8")
    months = {page: page_month(str(second), page) for page in searchable_pages(str(second))}
    report = index_site(SETTINGS, str(second), say=None, memo=OutputMemo.open(cache))
    assert report.shards == tuple(plan_shards(months, 3))
    assert "2021" in report.reused and "2020" not in report.reused  # the page left 2020 for 2022
    clean = pages_only(second, tmp_path / "clean")
    index_site(SETTINGS, str(clean), say=None)
    assert same_tree(clean / "pagefind", second / "pagefind", stable_only=True)
    assert filters(clean) == filters(second)
