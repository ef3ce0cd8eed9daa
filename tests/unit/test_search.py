"""wfu/search.py without a site build: settings validation, the marker scan, bundle reading."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from wfu.search import (
    DEFAULTS,
    SearchError,
    has_searchable_pages,
    index_site,
    indexed_pages,
    pagefind_executable,
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
