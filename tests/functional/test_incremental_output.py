"""Incremental output (plugins/site/incremental.py): a rebuild after an edit equals a clean build.

Each round edits a copy of the fixture site the way editors do, rebuilds it
with the cache of the previous build (pages and the search index copied where
their keys held) and builds the same content again from nothing (fresh cache,
fresh output folder): the two sites must be identical, byte for byte.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_build
from tools.diff_output import compare

REUSE = re.compile(r"新闻页面：(\d+) 页与上次构建相同（直接复用），(\d+) 页重新生成")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def incremental_equals_clean(tmp_path: Path, content: Path, round_name: str, env: dict | None = None):
    """Rebuild with the running cache, build from nothing, compare; return the rebuild's counts."""
    rebuilt = run_build(
        content, tmp_path / "site" / "output", "build", "--cache", str(tmp_path / "cache"), env=env
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    clean_folder = tmp_path / f"clean-{round_name}"
    clean = run_build(
        content, clean_folder / "output", "build", "--cache", str(clean_folder / "cache"), env=env
    )
    assert clean.returncode == 0, clean.stderr
    assert compare(clean.output, rebuilt.output) == []
    shutil.rmtree(clean_folder)
    found = REUSE.search(rebuilt.stdout)
    assert found, rebuilt.stdout
    return int(found.group(1)), int(found.group(2)), rebuilt.stdout


@pytest.fixture
def site(tmp_path, content_copy):
    first = run_build(content_copy, tmp_path / "site" / "output", "build", "--cache", str(tmp_path / "cache"))
    assert first.returncode == 0, first.stderr
    assert "0 页与上次构建相同" in first.stdout  # nothing to copy from yet
    return content_copy


def test_news_edits_rebuild_only_what_shows_them_and_equal_a_clean_build(tmp_path, site):
    news = site / "news"
    same, rendered, out = incremental_equals_clean(tmp_path, site, "unchanged")
    assert rendered == 0 and same > 20
    assert "沿用上次的索引" in out  # no searchable page changed

    edit(news / "2024" / "alumni-forest.md", "正式落成。", "正式落成，校友们约定每年春天回校养护。")
    edit(news / "2023" / "visit-qingdao.md", "\ntitle: ", "\ntitle: 【更新】")
    edit(news / "2025" / "first-alumni-lesson.md", "tags: [毕业季, 校友第一课]", "tags: [毕业季, 校友林]")
    shutil.copyfile(news / "2024" / "alumni-forest.md", news / "2024" / "alumni-forest-2.md")
    edit(
        news / "2024" / "alumni-forest-2.md",
        "date: 2024-05-12 09:00",
        "date: 2024-05-13 09:00\nslug: forest-2",
    )
    (news / "2024" / "call-for-stories.md").unlink()
    same, rendered, out = incremental_equals_clean(tmp_path, site, "news")
    assert same > 0 and 3 < rendered < same + rendered  # some pages copied, the edited ones rendered
    assert "秒，页面未变，沿用上次的索引" not in out  # searchable pages changed: their shards indexed again


def test_data_event_and_day_changes_equal_a_clean_build(tmp_path, site):
    # A gift changes a project's total, shown on the article that tells its story: every page again.
    edit(site / "donors" / "gifts" / "2025.yml", "amount: 300000", "amount: 320000")
    same, rendered, _ = incremental_equals_clean(tmp_path, site, "gift")
    assert same == 0 and rendered > 20

    # An event's venue is shown on its report's page, which is neither its neighbour nor related.
    notice = site / "news" / "2023" / "lecture-1-notice.md"
    text = notice.read_text(encoding="utf-8")
    venue = re.search(r"\n  venue: (.+)\n", text)
    assert venue, "the fixture's lecture 1 has a venue"
    edit(notice, f"venue: {venue.group(1)}", f"venue: {venue.group(1)}（改在报告厅）")
    same, rendered, _ = incremental_equals_clean(tmp_path, site, "event")
    assert same > 0 and rendered > 1

    # The day decides what is upcoming: a build on another day renders every page again.
    same, rendered, _ = incremental_equals_clean(tmp_path, site, "day", env={"SITE_TODAY": "2030-01-01"})
    assert same == 0


def test_a_failed_build_saves_no_manifest_and_the_next_build_is_still_right(tmp_path, site):
    manifest = tmp_path / "cache" / "pages" / "manifest.json"
    before = manifest.read_bytes()
    page = site / "news" / "2024" / "alumni-forest.md"
    edit(page, "正式落成。", "正式落成。联系电话 13812345678。")  # personal data: the build fails
    failed = run_build(site, tmp_path / "site" / "output", "build", "--cache", str(tmp_path / "cache"))
    assert failed.returncode == 1 and "[personal-data]" in failed.stderr
    assert manifest.read_bytes() == before
    edit(page, "联系电话 13812345678。", "")
    incremental_equals_clean(tmp_path, site, "after-failure")
