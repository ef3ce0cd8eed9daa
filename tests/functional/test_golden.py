"""The fixture site's published output, byte for byte, against the committed golden output.

Every refactoring step must leave the output as it was; an intended change shows
here as a diff, is reviewed, and the golden output is regenerated
(``.venv/bin/invoke golden``, see tools/golden.py and docs/开发说明.md).  No build
of its own: the shared publish build of ``test_api.py`` (``site_on(DAY, "--publish")``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_DAY, ROOT, site_on
from tools import golden


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return site_on(tmp_path_factory, golden.DAY, *golden.BUILD_ARGS[1:])


def test_the_output_is_the_golden_output(site):
    report = golden.compare(golden.snapshot(site), golden.read_golden())
    assert not report, report.format(site)


def test_the_golden_output_is_committed_in_full():
    """Every kind of output is in it: a golden tree that lost a part would compare nothing there."""
    kept = golden.read_golden()
    descriptions = set(kept.manifest.values())
    assert len(kept.texts) > 300 and "index.html" in kept.texts and "build-info.json" in kept.texts
    assert any(d.startswith("gzip of ") for d in descriptions)
    assert any(d.startswith("brotli of ") for d in descriptions)
    assert any(d.startswith("pagefind filter ") for d in descriptions)
    assert any(d.startswith("pagefind metadata, canonical ") for d in descriptions)
    assert any(k.endswith(".jpg") for k in kept.manifest) and any(k.endswith(".pdf") for k in kept.manifest)
    assert not golden.IGNORED  # every file is compared; an ignored one needs its reason here


def test_no_path_of_the_machine_is_in_the_output(site):
    """A checkout or temporary path in a page would differ on every machine (and tell readers nothing)."""
    needles = [p.encode() for p in (str(ROOT), os.path.realpath(site), str(Path(site).parent))]
    found = []
    for rel in golden.output_files(site):
        data = (Path(site) / rel).read_bytes()
        found += [f"{rel}: {n.decode()}" for n in needles if n in data]
    assert not found, found


def test_the_golden_day_is_the_day_every_test_build_takes():
    """One fixed day: the shared dev and publish builds are the golden build's, never the calendar's."""
    assert golden.DAY == FIXTURE_DAY
