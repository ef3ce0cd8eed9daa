"""`invoke bench` keeps working (figures are reported, never asserted)."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_runs_on_a_tiny_corpus():
    result = subprocess.run([sys.executable, "-m", "wfu.bench", "15"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 15
    assert report["ours"]["pages"] > report["plain_pelican"]["pages"] > 15
    assert report["time_ratio_ours_over_plain"] > 0
    search = report["search_index"]
    assert search["pages"] > 15  # the corpus articles and the sample site's searchable pages
    assert 0 < search["seconds_range"][0] <= search["seconds_median"] <= search["seconds_range"][1]
    assert 0 < search["index_bytes"] < search["bundle_bytes"]
    assert search["seconds_per_1000_articles"] > 0 and search["index_kib_per_1000_articles"] > 0
