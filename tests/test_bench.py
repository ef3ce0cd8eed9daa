"""`invoke bench` keeps working (figures are reported, never asserted)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_CONTENT, seed_pure_caches


def run_bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wfu.bench", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_bench_runs_every_command_on_a_tiny_corpus(monkeypatch, sample_site):
    """One round of every command, run for real (plain Pelican, our cold, warm, render, edit
    builds, check, the search index).  The command refuses fewer than five rounds (a figure
    needs them, see the test below); whether the rounds alternate is the next test's matter.

    Each of our builds whose cache folder does not exist yet (the warm-up's, the cold build's)
    starts with the shared build's pure caches (``seed_pure_caches``; ``sample_site`` has made
    them): the image derivatives cost half a cold build and prove nothing here, where no figure
    is asserted.  A build from an empty cache folder is the first shared build of every run.
    """
    from wfu import bench

    measure = bench.run

    def seeded(command: list[str], *args, **kwargs):
        if "--cache" in command and not os.path.exists(cache := command[command.index("--cache") + 1]):
            seed_pure_caches(Path(cache))
        return measure(command, *args, **kwargs)

    monkeypatch.setattr(bench, "run", seeded)
    report = bench.bench(15, 1, preview=False)  # the preview: the tests below
    assert report["articles"] == 15 and report["pairs"] == 1
    assert report["pages"]["ours"] > report["pages"]["plain"] > 15
    assert set(report["seconds"]) == {"plain", "cold", "warm", "render", "edit", "check"}
    for name in ("cold/plain", "warm/plain", "render/plain", "edit/cold", "edit/plain"):
        ratio = report["ratios"][name]
        assert 0 < ratio["min"] <= ratio["median"] <= ratio["max"]
    assert set(report["cpu_seconds"]) == {"plain", "cold", "warm", "render", "edit", "check"}
    assert set(report["cpu_ratios"]) == set(report["ratios"])
    for name, ratio in report["cpu_ratios"].items():
        assert 0 < ratio["min"] <= ratio["median"] <= ratio["max"], name
    assert report["peak_rss_mib"]["cold"]["median"] > 10
    assert 10 < report["peak_pss_mib"]["cold"]["median"] <= report["peak_rss_mib"]["cold"]["median"]
    assert 0 <= report["background_deletion_seconds"]["min"] <= report["background_deletion_seconds"]["max"]
    search = report["search_index"]
    assert search["pages"] > 15  # the corpus articles and the sample site's searchable pages
    assert 0 < search["seconds_range"][0] <= search["seconds_median"] <= search["seconds_range"][1]
    assert 0 < search["index_bytes"] < search["bundle_bytes"]
    assert search["seconds_per_1000_articles"] > 0 and search["index_kib_per_1000_articles"] > 0
    assert search["peak_rss_mib_median"] > 10  # Pagefind's own peak, told apart from the build's


def test_the_command_prints_one_report_per_corpus_size(monkeypatch, capsys):
    """``python -m wfu.bench 15 30 --pairs 5``: the arguments reach bench() and each report is printed as JSON."""
    from wfu import bench

    calls = []

    def fake_bench(count, pairs, full_build_only, preview=True, edit_only=False, cold_only=False):
        calls.append((count, pairs, full_build_only, preview))
        assert not edit_only and not cold_only
        return {"articles": count, "pairs": pairs, "名称": "中文"}

    monkeypatch.setattr(bench, "bench", fake_bench)
    bench.main(["15", "30", "--pairs", "5"])
    bench.main(["15", "--pairs", "5", "--no-preview"])
    assert calls == [(15, 5, False, True), (30, 5, False, True), (15, 5, False, False)]
    decoder, text, reports = json.JSONDecoder(), capsys.readouterr().out, []
    while text.strip():
        report, end = decoder.raw_decode(text.lstrip())
        reports.append(report)
        text = text.lstrip()[end:]
    assert reports == [{"articles": n, "pairs": 5, "名称": "中文"} for n in (15, 30, 15)]


def test_preview_latency_is_measured_against_the_real_preview_server(tmp_path, sample_site):
    """One measurement with ``python -m wfu.serve`` on a free port: a figure, never a time limit.

    The build before it starts with the shared build's pure caches (``seed_pure_caches``):
    what is measured is the preview's rebuild after an edit, not the first build.
    """
    from wfu import bench

    content, output = tmp_path / "content", tmp_path / "output"
    cache = seed_pure_caches(tmp_path / "cache")  # filled by sample_site
    shutil.copytree(SAMPLE_CONTENT, content)
    bench.make_corpus(str(content), 3, yaml_front_matter=True)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "wfu.build",
            "build",
            "--content",
            str(content),
            "--output",
            str(output),
            "--cache",
            str(cache),
        ],  # fmt: skip
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    edited = content / "news" / "2022" / "article-0.md"
    seconds = bench.preview_latency(
        str(content), str(output), str(cache), str(edited), bench.PREVIEW_PAGE, "预览测量标记。"
    )
    assert seconds > 0
    assert "预览测量标记。" in (output / bench.PREVIEW_PAGE / "index.html").read_text(encoding="utf-8")
    assert edited.read_text(encoding="utf-8").endswith("预览测量标记。\n")


def test_bench_reports_the_preview_latency_of_every_pair(monkeypatch):
    """The bookkeeping, with recording runners (the two tests above run the real commands)."""
    from wfu import bench

    previews = []
    monkeypatch.setattr(bench, "run", lambda command: bench.Measured(2.0, bench.Peak(50.0, 40.0), 1.0))
    monkeypatch.setattr(bench, "search_index_cost", lambda site, repeat: {"pages": 0})
    monkeypatch.setattr(
        bench, "preview_latency", lambda *args: previews.append(args[-1]) or 0.5 + len(previews)
    )
    report = bench.bench(5, 5)
    assert len(set(previews)) == 5  # a new text to look for in every pair
    assert report["seconds"]["preview"] == {"median": 3.5, "min": 1.5, "max": 5.5}
    assert "preview" not in bench.bench(5, 5, preview=False)["seconds"] and len(previews) == 5


def test_bench_full_build_only_pairs_plain_with_the_warm_and_render_builds(monkeypatch):
    """The mode's bookkeeping, with a recording runner (the test above runs real builds end to end)."""
    from wfu import bench

    commands, manifests = [], []

    def fake_run(command):
        kind = "plain" if "pelican" in command else "ours"
        if kind == "ours":
            cache = command[command.index("--cache") + 1]
            manifests.append(os.path.isdir(os.path.join(cache, bench.PAGE_MANIFEST)))
            os.makedirs(os.path.join(cache, bench.PAGE_MANIFEST), exist_ok=True)  # what a build leaves
        commands.append(kind)
        seconds = 2.0 if kind == "plain" else 3.0 + len(commands) % 2
        return bench.Measured(seconds, bench.Peak(50.0 + len(commands), 40.0), seconds * 1.5)

    monkeypatch.setattr(bench, "run", fake_run)
    monkeypatch.setattr(bench, "search_index_cost", lambda site, repeat: {"pages": 0})
    report = bench.bench(10, 5, full_build_only=True)
    # warm-up (ours, plain), then five alternated triples: plain, warm, render
    assert commands == ["ours", "plain"] + ["plain", "ours", "ours"] * 5
    # each warm build finds the page manifest; each render build runs without it
    assert manifests == [False] + [True, False] * 5
    assert set(report["ratios"]) == {"warm/plain", "render/plain"}
    assert set(report["seconds"]) == {"plain", "warm", "render"}
    assert report["pairs"] == 5 and report["articles"] == 10
    for ratio in report["ratios"].values():
        assert 0 < ratio["min"] <= ratio["median"] <= ratio["max"]
    assert report["seconds"]["plain"] == {"median": 2.0, "min": 2.0, "max": 2.0}
    assert (
        report["cpu_ratios"]["warm/plain"]["median"] == report["ratios"]["warm/plain"]["median"]
    )  # cpu = 1.5 × wall
    assert report["peak_rss_mib"]["warm"]["median"] > 50


def test_edit_only_option_reaches_bench_without_the_preview(monkeypatch, capsys):
    """``--edit-only`` (plain Pelican against the one-edit build at 20,000 articles): parsed,
    passed on, never combined with ``--full-build-only``, and it implies no preview."""
    import pytest

    from wfu import bench

    calls = []
    monkeypatch.setattr(bench, "bench", lambda *args, **kwargs: calls.append((args, kwargs)) or {})
    bench.main(["20000", "--pairs", "5", "--edit-only"])
    bench.main(["20000", "--pairs", "6"])
    bench.main(["5000", "--pairs", "5", "--cold-only"])
    assert calls == [
        ((20000, 5, False), {"preview": False, "edit_only": True, "cold_only": False}),
        ((20000, 6, False), {"preview": True, "edit_only": False, "cold_only": False}),
        ((5000, 5, False), {"preview": False, "edit_only": False, "cold_only": True}),
    ]
    with pytest.raises(SystemExit):
        bench.main(["20000", "--pairs", "5", "--edit-only", "--full-build-only"])
    assert "not allowed with argument" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        bench.main(["20000", "--pairs", "3", "--edit-only"])
    with pytest.raises(SystemExit):
        bench.main(["5000", "--pairs", "5", "--cold-only", "--edit-only"])
    assert len(calls) == 3


def test_bench_edit_only_pairs_plain_with_the_one_edit_build(monkeypatch):
    """The mode's bookkeeping, with a recording runner: a warm-up, then plain and one edit build
    per pair, each edit a new text; no separate search-index runs."""
    from wfu import bench

    commands, edits = [], []

    def no_search_index(site, repeat):
        raise AssertionError("edit-only runs no separate search index")

    def fake_run(command):
        kind = "plain" if "pelican" in command else "ours"
        if kind == "ours" and len(commands) > 1:
            content = command[command.index("--content") + 1]
            edits.append(open(os.path.join(content, "news", "2022", "article-0.md"), encoding="utf-8").read())
        commands.append(kind)
        seconds, cpu = (2.0, 2.0) if kind == "plain" else (1.5, 2.5)  # ours: two cores
        return bench.Measured(seconds, bench.Peak(40.0 + len(commands), 20.0 + len(commands)), cpu)

    monkeypatch.setattr(bench, "run", fake_run)
    monkeypatch.setattr(bench, "search_index_cost", no_search_index)
    report = bench.bench(10, 5, edit_only=True)
    assert commands == ["ours", "plain"] + ["plain", "ours"] * 5
    assert len(set(edits)) == 5 and all("修改后的补充说明" in text for text in edits)
    assert set(report["seconds"]) == {"plain", "edit"} and set(report["ratios"]) == {"edit/plain"}
    assert report["ratios"]["edit/plain"] == {"median": 0.75, "min": 0.75, "max": 0.75}
    assert report["cpu_ratios"]["edit/plain"] == {"median": 1.25, "min": 1.25, "max": 1.25}
    assert report["cpu_seconds"]["edit"] == {"median": 2.5, "min": 2.5, "max": 2.5}
    assert set(report["peak_rss_mib"]) == {"plain", "edit"} and "search_index" not in report
    assert report["peak_rss_mib"]["edit"] == {"median": 48.0, "min": 44.0, "max": 52.0}
    assert report["peak_pss_mib"]["edit"] == {"median": 28.0, "min": 24.0, "max": 32.0}


def test_bench_cold_only_pairs_plain_with_a_cold_build_in_a_new_cache_each_time(monkeypatch):
    """The mode's bookkeeping: a warm-up, then plain and one cold build per pair, each with a cache
    folder no build used before, removed afterwards; no separate search-index runs."""
    from wfu import bench

    commands, caches = [], []

    def fake_run(command):
        kind = "plain" if "pelican" in command else "ours"
        if kind == "ours":
            cache = command[command.index("--cache") + 1]
            caches.append((cache, os.path.exists(cache)))
            os.makedirs(cache, exist_ok=True)  # what a build leaves
        commands.append(kind)
        seconds, cpu = (2.0, 2.0) if kind == "plain" else (5.0, 8.0)
        return bench.Measured(seconds, bench.Peak(100.0, 80.0), cpu)

    monkeypatch.setattr(bench, "run", fake_run)
    monkeypatch.setattr(bench, "search_index_cost", lambda site, repeat: pytest.fail("no search-index runs"))
    with pytest.raises(ValueError):
        bench.bench(10, 5, edit_only=True, cold_only=True)
    report = bench.bench(10, 5, cold_only=True)
    assert commands == ["ours", "plain"] + ["plain", "ours"] * 5
    cold = caches[1:]
    assert len({cache for cache, _ in cold}) == 5 and not any(existed for _, existed in cold)
    assert not any(os.path.exists(cache) for cache, _ in cold)
    assert set(report["seconds"]) == {"plain", "cold"} and set(report["ratios"]) == {"cold/plain"}
    assert (
        report["ratios"]["cold/plain"]["median"] == 2.5
        and report["cpu_ratios"]["cold/plain"]["median"] == 4.0
    )
    assert report["peak_pss_mib"]["cold"]["median"] == 80.0 and "search_index" not in report


def test_run_counts_pages_a_forked_child_shares_once_in_the_proportional_peak():
    """A process that fills 64 MiB and forks: the resident sets count those pages in both
    processes, the proportional sizes once (why the bench reports both for our forked renderer)."""
    from wfu import bench

    script = (
        "import os, time\n"
        "block = bytearray(b'x') * (64 * 2**20)\n"
        "pid = os.fork()\n"
        "time.sleep(1.5)\n"
        "os._exit(0) if pid == 0 else os.waitpid(pid, 0)\n"
    )
    seconds, peak, _ = bench.run([sys.executable, "-c", script])
    assert seconds > 0
    assert peak >= 2 * 64  # both resident sets hold the block
    assert 64 <= peak.pss <= peak - 48  # the block once, each process's own pages besides


def test_run_counts_the_cpu_of_the_processes_the_command_waited_for():
    """The CPU seconds are the whole tree's: a child that computes (Pagefind, the forked renderer)
    counts, not only the command's own process, which here only waits."""
    from wfu import bench

    script = (
        "import os, time\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    while time.process_time() < 0.4: pass\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    measured = bench.run([sys.executable, "-c", script])
    assert measured.cpu >= 0.4  # the child's own clock said so before it exited
    assert measured.seconds > 0 and measured.peak > 0


def test_settle_waits_until_pruned_releases_are_deleted(tmp_path):
    import shutil
    import threading

    from wfu.bench import settle
    from wfu.releases import TRASH_PREFIX

    releases = tmp_path / ".releases"
    (releases / f"{TRASH_PREFIX}1" / "page").mkdir(parents=True)
    (releases / "2").mkdir()  # a kept release: not waited for
    deleter = threading.Timer(0.3, shutil.rmtree, [releases / f"{TRASH_PREFIX}1"])
    deleter.start()
    settle(str(releases))
    assert sorted(p.name for p in releases.iterdir()) == ["2"]
    deleter.join()
    assert settle(str(tmp_path / "missing")) >= 0  # no releases yet: nothing to wait for


def test_bench_refuses_fewer_than_five_pairs():
    result = run_bench("15", "--pairs", "2")
    assert result.returncode != 0 and "at least 5 pairs" in result.stderr
