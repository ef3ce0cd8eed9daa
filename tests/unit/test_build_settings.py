"""``invoke check`` reads the settings without importing Pelican's generators (wfu/build.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SNAPSHOT = """
import json, re, sys
from wfu.build import DEV_SETTINGS, PUBLISH_SETTINGS, load_settings
settings = load_settings(PUBLISH_SETTINGS if sys.argv[2] == "publish" else DEV_SETTINGS,
                         light=sys.argv[1] == "light", PATH=sys.argv[3])
print(json.dumps({
    "settings": {key: re.sub(r" at 0x[0-9a-f]+", "", repr(value)) for key, value in settings.items()},
    "keys": sorted(settings),
    "loaded": sorted(name for name in sys.modules if name == "pelican" or name.startswith("pelican.")),
}))
"""


def snapshot(mode: str, conf: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SNAPSHOT, mode, conf, os.path.join(ROOT, "tests", "fixtures", "content")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("conf", ["dev", "publish"])
def test_light_settings_are_pelicans_settings(conf):
    light, full = snapshot("light", conf), snapshot("full", conf)
    assert light["keys"] == full["keys"]
    assert light["settings"] == full["settings"]
    # only the settings module and what it imports; no generators, readers or writers
    assert "pelican.generators" not in light["loaded"] and "pelican.readers" not in light["loaded"]
    assert "pelican" not in light["loaded"]  # the bare package was taken out again
    assert "pelican.generators" in full["loaded"]


def test_a_build_after_a_light_load_in_the_same_process_imports_pelican_normally():
    code = (
        "from wfu.build import load_settings\n"
        "load_settings(light=True)\n"
        "import pelican, pelican.settings\n"
        "from pelican.generators import ArticlesGenerator\n"
        "assert callable(pelican.Pelican) and ArticlesGenerator\n"
        "load_settings(light=True)\n"  # Pelican loaded: the normal path
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_check_imports_no_library_it_does_not_call():
    """QR codes, feeds, calendars, PDFs, videos, exports and the sanitiser are imported where they are made."""
    code = (
        "import sys\n"
        "import wfu.build, plugins.site.loader, plugins.site.sections\n"
        "plugins.site.sections.registered_sections(wfu.build.load_settings(light=True))\n"
        "print(sorted(m for m in ('segno', 'feedgenerator', 'icalendar', 'pypdf', 'av', 'webvtt', 'bs4',\n"
        "                         'pygments', 'css_inline', 'nh3', 'markdown', 'jinja2', 'pypinyin')\n"
        "             if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("outcome", ["errors", "crash"])
def test_the_check_gives_the_collector_back_to_its_caller(tmp_path, monkeypatch, outcome):
    """``check`` runs without the cyclic collector; a caller running it in its own process keeps it."""
    import gc

    from wfu import build

    if outcome == "crash":
        monkeypatch.setattr(build, "load_settings", lambda *a, **k: 1 / 0)
        monkeypatch.setattr(build, "CRASH_LOG", str(tmp_path / "build-error.log"))
    assert gc.isenabled()
    assert build.main(["check", "--content", str(tmp_path / "no-such-folder")]) != 0
    assert gc.isenabled()


def test_pelicans_finished_context_is_frozen_out_of_the_collector_only_while_it_writes(monkeypatch):
    """``gc.freeze`` on ``all_generators_finalized``, ``gc.unfreeze`` when Pelican's run ends,
    failed or not: what the run leaves is collected as before (release_memory)."""
    import gc

    import pelican
    from pelican import signals

    import wfu.build as build

    seen = []

    class StandIn:  # what run_pelican uses of Pelican
        def __init__(self, settings):
            self.fail = settings.get("FAIL")

        def run(self):
            seen.append(("before", gc.get_freeze_count()))
            signals.all_generators_finalized.send([])
            seen.append(("writing", gc.get_freeze_count()))
            if self.fail:
                raise RuntimeError("a crash while writing")

    monkeypatch.setattr(pelican, "Pelican", StandIn)
    gc.unfreeze()
    build.run_pelican({})
    assert seen[0] == ("before", 0) and seen[1][0] == "writing" and seen[1][1] > 0
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError):
        build.run_pelican({"FAIL": True})
    assert gc.get_freeze_count() == 0
