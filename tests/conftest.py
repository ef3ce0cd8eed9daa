"""Shared fixtures: build a content tree into a temporary output folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Functional tests build this fixture site, never the editors' content/: adding,
# editing or removing sample content must not break them (see test_content.py).
SAMPLE_CONTENT = ROOT / "tests" / "fixtures" / "content"
FIXTURE_LOCK = ROOT / "tests" / "fixtures" / "urls.lock"  # the fixture site's published URLs
sys.path.insert(0, str(ROOT))


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path


def run_build(content: Path, output: Path, *args: str, env: dict[str, str] | None = None) -> BuildResult:
    """Run the real command line (``python -m wfu.build``) as an editor would.

    Publish builds check a private copy of the fixture's URL lock (beside the
    output folder) unless the test passes its own ``--lock``.  The fixture and
    the repository's content/ are sample content, which the publish guard
    refuses: publish builds are staging publishes (``SITE_STAGING=1``) unless
    the test passes its own ``env`` (the guard's tests do).
    """
    if "--publish" in args and "--lock" not in args:
        lock = output.parent / "urls.lock"
        if not lock.exists():
            output.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(FIXTURE_LOCK, lock)
        args = (*args, "--lock", str(lock))
    proc = subprocess.run(
        [sys.executable, "-m", "wfu.build", *args, "--content", str(content), "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SITE_STAGING": "1", **(env or {})},
    )
    return BuildResult(proc.returncode, proc.stdout, proc.stderr, output)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the sample content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content built with the development settings."""
    out = tmp_path_factory.mktemp("dev") / "output"
    result = run_build(SAMPLE_CONTENT, out, "build")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The sample content built with publishconf.py (absolute URLs)."""
    out = tmp_path_factory.mktemp("publish") / "output"
    result = run_build(SAMPLE_CONTENT, out, "build", "--publish")
    assert result.returncode == 0, result.stderr
    return out


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def prebuilt(tmp_path, sample_site) -> Path:
    """An output/ from an earlier good build, which a failed build must not touch."""
    output = tmp_path / "output"
    shutil.copytree(sample_site, output)
    return output


def assert_failed_cleanly(result, output: Path, before: dict[str, str]) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "output/ 保持上一次成功构建的内容未变" in result.stderr
    assert snapshot(output) == before
    assert not list(output.parent.glob(".building-*"))
    assert not list(output.parent.glob(".releases/.staging-*"))  # wfu.releases removes a failed build
