"""The pure package is type-checked in the suite: mypy over every plugin module without Pelican.

The modules mypy checks are configured once, in ``[tool.mypy]`` of ``pyproject.toml``
(``files = ["plugins"]`` minus the ``exclude`` patterns), so a new section's
``model.py``/``settings.py``/``section.py`` is checked without touching the
configuration.  The first test keeps that configuration honest: exactly the Pelican
adapters are left out.  The second runs mypy once for all modules (a cold run without a cache).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT

# The one helper that wraps Pelican's content objects: importing it makes a module an adapter too.
ADAPTER_HELPER = "plugins.common.pelican_content"


def _mypy_config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["mypy"]


def _imports_pelican(source: str, module: str) -> bool:
    """Whether ``module`` imports Pelican anywhere (also inside a function) or the adapter helper."""
    package = module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            origin = ".".join(base + ([node.module] if node.module else []))
            names = [origin] + [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        if any(n == "pelican" or n.startswith("pelican.") or n == ADAPTER_HELPER for n in names):
            return True
    return False


@pytest.mark.parametrize(
    "source, module, expected",
    [
        ("import pelican", "plugins.x.model", True),
        ("from pelican import signals", "plugins.x.generator", True),
        ("def f():\n    from pelican.generators import Generator", "plugins.site.parallel", True),
        ("from plugins.common.pelican_content import output_step", "plugins.cms.generator", True),
        ("from plugins.common import pelican_content", "plugins.x.generator", True),
        ("from .pelican_content import output_step", "plugins.common.other", True),
        ("from . import pelican_content", "plugins.common.other", True),
        ("from ..common.pelican_content import output_step", "plugins.x.generator", True),
        ("import yaml\nfrom plugins.common.dates import clock_today", "plugins.x.model", False),
        ("from .model import pelican_like", "plugins.x.section", False),
        ("pelican = 'a word in a string'", "plugins.x.model", False),
    ],
)
def test_imports_pelican_finds_every_form(source, module, expected):
    assert _imports_pelican(source, module) is expected


def test_mypy_checks_every_module_without_pelican():
    config = _mypy_config()
    assert config["files"] == ["plugins"], "mypy checks the plugins package, adapters excluded"
    patterns = [re.compile(p) for p in config.get("exclude", [])]
    assert not config.get("ignore_errors"), "no blanket ignore_errors"
    assert config.get("disallow_untyped_defs") and config.get("check_untyped_defs"), "functions are typed"
    wrong = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        excluded = any(p.search(relative) for p in patterns)
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)  # a package's __init__ counts
        adapter = _imports_pelican(path.read_text(encoding="utf-8"), module)
        if adapter and not excluded:
            wrong.append(f"{relative} imports Pelican: add it to [tool.mypy] exclude (or make it pure)")
        elif excluded and not adapter:
            wrong.append(f"{relative} imports no Pelican but is excluded from the type check")
    assert not wrong, "\n".join(wrong)


def test_pure_package_type_checks():
    """mypy with the configured settings; a failure shows mypy's own report."""
    if importlib.util.find_spec("mypy") is None:
        reason = "mypy is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    # No cache: a warm one can keep results of an older configuration, and a fresh one is written
    # for nobody (this run never reads it).  ``--cache-dir=/dev/null`` is mypy's documented way to
    # skip writing it: 13.3-15.2 s of CPU with a fresh cache folder, 10.1-10.5 s without (measured
    # here, alternating); what mypy checks and reports is the same.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", "--cache-dir", os.devnull],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert re.search(r"Success: no issues found in \d+ source files?", report), report
