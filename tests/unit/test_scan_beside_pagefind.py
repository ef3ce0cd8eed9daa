"""The cold build's shortcuts fail safe: the scan beside Pagefind, the prerender, generated names.

Each test reproduces a defect a review of stop 26's change found (fixed since).
"""

from __future__ import annotations

import datetime
import os
import threading
import time
from types import SimpleNamespace

import pytest

import plugins.common.privacy as privacy
from plugins.common.markdown_images import BodyRenderer
from plugins.common.privacy import MOBILE, OutputScan, PrivacyPolicy, kinds_found
from plugins.site import prerender

TODAY = datetime.date(2026, 12, 7)
# As in a settings file: a module-level lambda pickles as "<lambda>", which no lookup finds.
SLUGIFY = lambda value, separator: value  # noqa: E731


# ---- 4. prerender: settings that do not pickle ------------------------------------------------


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: no second process")
def test_markdown_settings_with_a_lambda_do_not_break_the_build(tmp_path, monkeypatch):
    # A toc slugify given as a lambda in pelicanconf (a common Python-Markdown setting).
    markdown = {"extension_configs": {"markdown.extensions.toc": {"slugify": SLUGIFY}}}
    renderer = BodyRenderer(str(tmp_path), markdown, cache_folder=str(tmp_path / "bodies"))
    renderer.render("t\n\nx", str(tmp_path / "a.md"), "news/a.md", 1)  # the reader copes with it
    job = prerender.BodyJob(str(tmp_path), markdown, renderer.sanitize, renderer.publish,
                            renderer.cache_folder, renderer.shape, (("y", str(tmp_path / "b.md"), "news/b.md", 1),))  # fmt: skip
    monkeypatch.setattr(prerender, "_enabled", lambda settings: True)
    monkeypatch.setattr(prerender, "body_job", lambda generator: job)
    monkeypatch.setattr(prerender, "MIN_MISSING", 0)
    generator = SimpleNamespace(settings={})
    prerender.start_prerender(generator)  # raises _pickle.PicklingError: Pelican's read_file then
    prerender.stop_prerender(generator)  # logs "Could not process <first article>" and the build fails


# ---- 1. generated names: the Pagefind allowance matches any "xx-yy_<13 hex>" ----------------


@pytest.mark.parametrize("text", ["微信号 li-ming_13812345678ab", "账号：wx-li_13912345678cd（常用）"])
def test_a_handle_shaped_like_a_pagefind_hash_still_shows_its_mobile(text):
    assert kinds_found(text, PrivacyPolicy(), TODAY, generated=True) == [MOBILE]


def test_pagefind_meta_hash_is_still_allowed():  # what the allowance is for
    assert kinds_found("pagefind.zh-cn_13812345678ab.pf_meta", PrivacyPolicy(), TODAY, generated=True) == []


# ---- 2. OutputScan: the skip is not normalised; a file gone between listing and reading ----


def test_the_scan_while_indexing_skips_the_bundle_however_it_is_spelt(tmp_path, monkeypatch):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text("{}")
    (tmp_path / "index.html").write_text("<p>hi</p>")
    scanned = []
    real = privacy._scan_files
    monkeypatch.setattr(privacy, "_scan_files",
                        lambda items, *rest: scanned.extend(i[1] for i in items) or real(items, *rest))  # fmt: skip
    OutputScan(PrivacyPolicy(), TODAY).scan(str(tmp_path), skip=("./pagefind",))
    assert not any("pagefind" in path for path in scanned)


def test_a_file_removed_between_listing_and_reading_is_reported_not_raised(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<p>hi</p>")
    listed = list(privacy._output_files(str(tmp_path)))
    os.remove(tmp_path / "index.html")  # e.g. Pagefind's thread removing UNUSED_BUNDLE_FILES
    monkeypatch.setattr(privacy, "_output_files", lambda folder: iter(listed))
    problems = OutputScan(PrivacyPolicy(), TODAY).scan(str(tmp_path))
    assert problems == [("index.html", privacy.UNREADABLE)]


# ---- 3. index_while_scanning: error paths and the reported time -----------------------------


def _plan(monkeypatch, run, started=None):
    import wfu.search as search

    reports = []
    plan = SimpleNamespace(
        config=SimpleNamespace(bundle_dir="pagefind"),
        run=run,
        discard=lambda: reports.append("discard"),
        finish=lambda say=print: reports.append("finish"),
        mirrors={"2024-01": "a", "2024-07": "b"},  # two shards: the scan runs beside Pagefind
    )
    monkeypatch.setattr(search, "plan_index", lambda settings, staging, memo: plan)
    return reports


def test_an_indexing_failure_is_not_lost_behind_a_scan_crash(tmp_path, monkeypatch):
    from wfu.build import index_while_scanning
    from wfu.search import SearchError

    def run():
        raise SearchError([])

    _plan(monkeypatch, run)

    class Scan:
        def scan(self, folder, skip=(), busy=None, stop=None):
            time.sleep(0.05)
            raise OSError("a file vanished")

    with pytest.raises(SearchError):
        index_while_scanning({}, str(tmp_path), None, Scan())


def test_a_scan_crash_waits_for_pagefind_and_removes_the_mirrors(tmp_path, monkeypatch):  # held
    from wfu.build import index_while_scanning

    done = threading.Event()
    reports = _plan(monkeypatch, lambda: (time.sleep(0.2), done.set()))

    class Scan:
        def scan(self, folder, skip=(), busy=None, stop=None):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        index_while_scanning({}, str(tmp_path), None, Scan())
    assert done.is_set() and reports == ["discard"]


def test_the_reported_indexing_time_is_not_the_scan_time(tmp_path, monkeypatch, capsys):
    import json

    import wfu.search as search
    from wfu.build import index_while_scanning

    bundle = tmp_path / "pagefind"
    (bundle / "site").mkdir(parents=True)
    (bundle / "site" / "pagefind-entry.json").write_text(
        json.dumps({"languages": {"zh-cn": {"page_count": 1}}})
    )
    config = search.search_config({})
    plan = search.IndexPlan("pagefind", config, str(tmp_path), str(bundle), {"site": ["index.html"]},
                            {"index.html": None}, (), {"x": "a", "y": "b"}, 0.0)  # fmt: skip
    monkeypatch.setattr(search, "plan_index", lambda settings, staging, memo: plan)
    monkeypatch.setattr(search, "_run_pagefind", lambda *args: None)  # Pagefind has nothing to do

    class Scan:  # all the time is the scan's
        def scan(self, folder, skip=(), busy=None, stop=None):
            time.sleep(0.5)

    index_while_scanning({}, str(tmp_path), None, Scan())
    [line] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("搜索索引")]
    seconds = float(line.split("（")[1].split(" 秒")[0])
    assert seconds < 0.4, line
