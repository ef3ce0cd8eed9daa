"""``library_version`` finds what ``importlib.metadata.version`` finds, without importing it."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

from plugins.common.versions import library_version
from tests.conftest import ROOT


def _installed() -> list[str]:
    return sorted({d.metadata["Name"] for d in importlib.metadata.distributions()})


def test_every_installed_distribution_has_the_version_importlib_metadata_gives():
    names = _installed()
    assert len(names) > 50  # the project's requirements and their dependencies
    for name in names:
        assert library_version(name) == importlib.metadata.version(name), name


@pytest.mark.parametrize("spelling", ["PyYAML", "pyyaml", "webvtt-py", "webvtt_py", "Pillow", "pillow"])
def test_names_are_matched_as_pip_normalises_them(spelling):
    assert library_version(spelling) == importlib.metadata.version(spelling)


def test_a_missing_library_raises_what_importlib_metadata_raises():
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        library_version("no-such-distribution-wfu")
    assert issubclass(
        importlib.metadata.PackageNotFoundError, ModuleNotFoundError
    )  # verdicts.py catches this


def test_check_imports_no_metadata_parser(tmp_path):
    """What the module is for: ``invoke check``'s modules and cache keys import no ``importlib.metadata`` (nor ``email``).

    A fresh process imports what ``check`` imports (the command, the loader, every registered
    section) and computes the keys that name library versions (the verdicts', the pinyin memo's).
    """
    code = (
        "import sys\n"
        "import wfu.build\n"
        "from plugins.common import pinyin\n"
        "from plugins.site.sections import registered_sections\n"
        "from plugins.site.verdicts import code_key\n"
        "assert registered_sections({}) and code_key()\n"
        "pinyin.use_cache(sys.argv[1])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('importlib.metadata', 'email'))))\n"
    )
    command = [sys.executable, "-c", code, str(tmp_path)]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_an_egg_info_first_on_the_path_is_asked_of_importlib_metadata(tmp_path, monkeypatch):
    """Python imports the first copy on the path: a version of a later dist-info would name another library."""
    first, later = tmp_path / "first", tmp_path / "later"
    (first / "qux_wfu-7.0-py3.11.egg-info").mkdir(parents=True)
    (first / "qux_wfu-7.0-py3.11.egg-info" / "PKG-INFO").write_text(
        "Metadata-Version: 1.1\nName: qux-wfu\nVersion: 7.0\n"
    )
    (later / "qux_wfu-8.0.dist-info").mkdir(parents=True)
    (later / "qux_wfu-8.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: qux-wfu\nVersion: 8.0\n"
    )
    monkeypatch.setattr(sys, "path", [str(first), str(later), *sys.path])
    library_version.cache_clear()
    try:
        assert library_version("qux-wfu") == importlib.metadata.version("qux-wfu") == "7.0"
        monkeypatch.setattr(sys, "path", [str(later), str(first), *sys.path[2:]])
        library_version.cache_clear()
        assert library_version("qux-wfu") == importlib.metadata.version("qux-wfu") == "8.0"
    finally:
        library_version.cache_clear()
