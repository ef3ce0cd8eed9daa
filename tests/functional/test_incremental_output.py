"""Incremental output (plugins/site/incremental.py): a rebuild after an edit equals a clean build.

Each round edits a copy of the fixture site the way editors do, rebuilds it
with the cache of the previous build (pages and the search index copied where
their keys held) and builds the same content again from nothing (fresh cache,
fresh output folder): the two sites must be identical, byte for byte.  "Fresh"
cache: no page, body, template, verdict or search memo; the image derivatives
and the privacy scan's verdicts (pure functions of bytes and code; a verdict
never shapes an output byte) are seeded (:func:`tests.conftest.seed_pure_caches`),
as they cost half a cold build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_build, seed_pure_caches
from tests.small_site import make_small_content
from tools.diff_output import compare

REUSE = re.compile(r"新闻页面：(\d+) 页与上次构建相同（直接复用），(\d+) 页重新生成")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def incremental_equals_clean(
    tmp_path: Path, content: Path, round_name: str, env: dict | None = None, clean: Path | None = None
):
    """Rebuild with the running cache, build from nothing, compare; return the rebuild's counts.

    ``clean`` is a clean build of the same content made elsewhere (the shared build of the
    fixture site, when a round brings the content back to the fixture's): not built again.
    """
    rebuilt = run_build(
        content, tmp_path / "site" / "output", "build", "--cache", str(tmp_path / "cache"), env=env
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    if clean is None:
        clean_folder = tmp_path / f"clean-{round_name}"
        seed_pure_caches(clean_folder / "cache", tmp_path / "cache")
        built = run_build(
            content, clean_folder / "output", "build", "--cache", str(clean_folder / "cache"), env=env
        )
        assert built.returncode == 0, built.stderr
        assert compare(built.output, rebuilt.output) == []
        shutil.rmtree(clean_folder)
    else:
        assert compare(clean, rebuilt.output) == []
    found = REUSE.search(rebuilt.stdout)
    assert found, rebuilt.stdout
    return int(found.group(1)), int(found.group(2)), rebuilt.stdout


@pytest.fixture
def site(tmp_path, content_copy, sample_site):
    seed_pure_caches(tmp_path / "cache")  # sample_site has filled the shared cache
    first = run_build(content_copy, tmp_path / "site" / "output", "build", "--cache", str(tmp_path / "cache"))
    assert first.returncode == 0, first.stderr
    assert "0 页与上次构建相同" in first.stdout  # nothing to copy from yet
    return content_copy


def test_news_edits_rebuild_only_what_shows_them_and_equal_a_clean_build(tmp_path, site, sample_site):
    news = site / "news"
    # A build that fails saves no manifest: the next build still starts from the last good one.
    [manifest] = (tmp_path / "cache" / "pages").glob("manifest-*.json")  # the memo of this output folder
    before = manifest.read_bytes()
    page = news / "2024" / "alumni-forest.md"
    edit(page, "正式落成。", "正式落成。联系电话 13812345678。")  # personal data: the build fails
    failed = run_build(site, tmp_path / "site" / "output", "build", "--cache", str(tmp_path / "cache"))
    assert failed.returncode == 1 and "[personal-data]" in failed.stderr
    assert manifest.read_bytes() == before
    edit(page, "联系电话 13812345678。", "")

    # The fixture's content again, nothing changed since the last good build: every page is copied,
    # and the clean build of this content is the shared build of the fixture.
    same, rendered, out = incremental_equals_clean(tmp_path, site, "unchanged", clean=sample_site)
    assert rendered == 0 and same > 20
    assert "沿用上次的索引" in out  # no searchable page changed

    # A body edit past the summary: the article renders, and nothing else does: its neighbours
    # and the lists it is in show its metadata (summary included), which the edit kept.
    edit(news / "2024" / "alumni-forest.md", "也欢迎更多校友回来看看。", "也欢迎更多校友每年春天回来看看。")
    same, rendered, out = incremental_equals_clean(tmp_path, site, "body")
    assert same > 20 and rendered == 1  # every other page copied, and all equal to a clean build
    assert "秒，页面未变，沿用上次的索引" not in out  # a searchable page changed: its shard indexed again

    # An edit of the first paragraph changes the summary that lists and neighbours show (made from
    # the body when the front matter has none): the site key changes, every page renders.
    edit(news / "2024" / "alumni-forest.md", "百余名校友返回母校", "一百多名校友返回母校")
    same, rendered, out = incremental_equals_clean(tmp_path, site, "summary")
    assert same == 0 and rendered > 20

    # What every page may show of another article (title, tags, a new or a deleted article): all again.
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
    assert same == 0 and rendered > 20
    assert "秒，页面未变，沿用上次的索引" not in out  # searchable pages changed: their shards indexed again


def test_data_event_and_day_changes_equal_a_clean_build(tmp_path, site):
    # A gift changes a project's total, shown on the article that tells its story: every page again.
    edit(site / "donors" / "gifts" / "2025.yml", "amount: 300000", "amount: 320000")
    same, rendered, _ = incremental_equals_clean(tmp_path, site, "gift")
    assert same == 0 and rendered > 20

    # An event's venue is shown on its report's page, which is neither its neighbour nor related:
    # an event block is metadata, which any page may show, so every page renders again.
    notice = site / "news" / "2023" / "lecture-1-notice.md"
    text = notice.read_text(encoding="utf-8")
    venue = re.search(r"\n  venue: (.+)\n", text)
    assert venue, "the fixture's lecture 1 has a venue"
    edit(notice, f"venue: {venue.group(1)}", f"venue: {venue.group(1)}（改在报告厅）")
    same, rendered, _ = incremental_equals_clean(tmp_path, site, "event")
    assert same == 0 and rendered > 1

    # The day decides what is upcoming: a build on another day renders every page again.
    same, rendered, _ = incremental_equals_clean(tmp_path, site, "day", env={"SITE_TODAY": "2030-01-01"})
    assert same == 0


# ---- What the keys leave out is watched or verified, never trusted -------------------------------


def build_in(project: Path, content: Path, output: Path, cache: Path, env: dict | None = None):
    """The build command run from ``project`` (its own code and theme), with a build cache."""
    result = run_build(content, output, "build", "--cache", str(cache), env=env, project=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def newest_article(content: Path) -> Path:
    """The fixture's newest published article (the one a "latest news" line shows)."""
    dated = []
    for path in (content / "news").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"^date: (\S+)", text, re.M)
        if found and "status: draft" not in text and "status: withdrawn" not in text:
            dated.append((found.group(1), path))
    return max(dated)[1]


def test_a_template_showing_other_articles_renders_what_changed(
    tmp_path, project_copy, content_copy, sample_site
):
    """The experiment of issue 21: a header line with the latest title (and body), then edits.

    Each rebuild runs in verify mode (every page that would be copied is rendered and
    compared) and is compared with a clean build, byte for byte.
    """
    base = project_copy / "theme" / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    line = (
        '<p class="latest-line">最新：{{ articles[0].title }}'
        " {{ articles[0].content|striptags|truncate(400) }}</p>\n"
    )
    assert "</main>" in text
    base.write_text(text.replace("</main>", line + "</main>", 1), encoding="utf-8")
    output, cache = tmp_path / "site" / "output", seed_pure_caches(tmp_path / "cache")
    build_in(project_copy, content_copy, output, cache)

    latest = newest_article(content_copy)
    rounds = [
        ("\ntitle: ", "\ntitle: 【更正】"),  # metadata: every page shows the new title
        (None, "\n\n本文最后一段在发布后补充。\n"),  # the body past the summary: watched, not keyed
    ]
    for number, (old, new) in enumerate(rounds):
        if old is None:
            latest.write_text(latest.read_text(encoding="utf-8") + new, encoding="utf-8")
        else:
            edit(latest, old, new)
        rebuilt = build_in(project_copy, content_copy, output, cache, env={"WFU_VERIFY_REUSE": "1"})
        clean = tmp_path / f"clean-{number}"
        seed_pure_caches(clean / "cache", cache)
        build_in(project_copy, content_copy, clean / "output", clean / "cache")
        assert compare(clean / "output", output) == []
        assert "【更正】" in (output / "index.html").read_text(encoding="utf-8")
        shutil.rmtree(clean)
    # Every page read the newest article's body: none is ever copied.
    same, rendered = (int(n) for n in REUSE.search(rebuilt.stdout).groups())
    assert same == 0 and rendered > 20


@pytest.fixture
def small_site(tmp_path):
    """The small content tree (:mod:`tests.small_site`) built once with a cache: one article page to copy.

    The cache starts with the shared builds' pure caches (its images' derivatives, the scan's
    verdicts: most of this build's cost); verify mode is about the page memo, never seeded.
    """
    content = make_small_content(tmp_path / "content")
    seed_pure_caches(tmp_path / "cache")
    first = run_build(content, tmp_path / "site" / "output", "build", "--cache", str(tmp_path / "cache"))
    assert first.returncode == 0, first.stderr
    return content


def test_verify_mode_renders_what_it_would_copy_and_fails_on_a_difference(tmp_path, small_site):
    site = small_site
    output = tmp_path / "site" / "output"
    page = next(output.glob("news/2024/*/index.html"))
    name = page.relative_to(output).as_posix()
    release = page.resolve()
    release.write_bytes(release.read_bytes() + b"<!-- changed after publishing -->")

    verified = run_build(
        site, output, "build", "--cache", str(tmp_path / "cache"), env={"WFU_VERIFY_REUSE": "1"}
    )
    assert verified.returncode == 1
    assert f"{name}: " in verified.stderr and "[reuse-mismatch]" in verified.stderr
    assert "changed after publishing" in release.read_text(encoding="utf-8")  # the served site untouched

    # Without verify mode the unchanged key copies the page as it is (what verify mode is for).
    copied = run_build(site, output, "build", "--cache", str(tmp_path / "cache"))
    assert copied.returncode == 0, copied.stderr
    assert "changed after publishing" in (output / name).read_text(encoding="utf-8")
