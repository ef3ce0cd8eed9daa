"""Crash safety of the real build: readers never see a missing site, killed and racing builds do no harm.

``output`` is a symlink to ``.releases/<id>/`` switched atomically under a build
lock (``wfu/releases.py``); these tests drive the command line as an editor
(or a cron job and an editor at once) would.  Releases do not depend on how much
content there is: the builds use a small content tree (:mod:`tests.small_site`).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_CONTENT, run_build, snapshot
from tests.small_site import make_small_content


def _command(output: Path, content: Path = SAMPLE_CONTENT) -> list[str]:
    return [sys.executable, "-m", "wfu.build", "build", "--content", str(content), "--output", str(output)]


@pytest.fixture
def small(tmp_path) -> Path:
    return make_small_content(tmp_path / "small" / "content")


def test_a_reader_polling_during_builds_never_sees_output_missing(prebuilt, small):
    """The first build migrates a real output/ directory, the next ones switch the link: no gap."""
    misses, reads = [], []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            try:
                with open(prebuilt / "index.html", "rb") as handle:
                    reads.append(len(handle.read(64)))
                if not os.access(prebuilt, os.R_OK | os.X_OK) or (os.stat(prebuilt).st_mode & 0o005) != 0o005:
                    misses.append("mode")
            except OSError as exc:
                misses.append(exc.errno)

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        for _ in range(2):
            result = run_build(small, prebuilt, "build")
            assert result.returncode == 0, result.stderr
    finally:
        stop.set()
        reader.join()
    assert misses == [] and len(reads) > 10
    assert prebuilt.is_symlink() and (prebuilt / "index.html").is_file()
    releases = sorted(p.name for p in (prebuilt.parent / ".releases").iterdir())
    assert any(name.endswith("-migrated") for name in releases)  # the old tree is kept for rollback


def test_a_killed_build_leaves_the_previous_release_and_its_staging_is_removed(prebuilt, small):
    assert run_build(small, prebuilt, "build").returncode == 0  # now a release symlink
    before = snapshot(prebuilt)
    served = os.readlink(prebuilt)
    proc = subprocess.Popen(
        _command(prebuilt, small), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    staging_root = prebuilt.parent / ".releases"
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".staging-") and any(p.iterdir()) for p in staging_root.iterdir()):
        assert proc.poll() is None, "the build finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert os.readlink(prebuilt) == served and snapshot(prebuilt) == before
    assert any(p.name.startswith(".staging-") for p in staging_root.iterdir())  # left behind by the kill
    assert run_build(small, prebuilt, "build").returncode == 0
    assert not any(p.name.startswith(".staging-") for p in staging_root.iterdir())


def test_two_concurrent_builds_serialize(tmp_path, small):
    output = tmp_path / "output"
    procs = [
        subprocess.Popen(
            _command(output, small), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert not any("Traceback" in err for _, err in results)
    assert (output / "index.html").is_file() and output.is_symlink()
    releases = [p for p in (tmp_path / ".releases").iterdir() if not p.name.startswith(".")]
    assert len(releases) == 2  # one after the other, both complete
    from tools.diff_output import compare  # masks what differs by design (build id, Pagefind's filter names)

    assert compare(releases[0], releases[1]) == []


@pytest.mark.parametrize(
    "code, key",
    [
        (errno.ENOSPC, "disk-full"),
        (errno.EROFS, "output-not-writable"),
        (errno.EACCES, "output-not-writable"),
    ],
)
def test_disk_full_and_read_only_output_are_clean_errors(prebuilt, small, monkeypatch, capsys, code, key):
    """Simulated (tests run as root, which ignores permissions): the switch fails, nothing changes."""
    from wfu import build as build_module
    from wfu import releases

    before = snapshot(prebuilt)
    real_rename = os.rename

    def failing_rename(src, dst, *args, **kwargs):
        if ".staging-" in str(src):
            raise OSError(code, os.strerror(code), str(dst))
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(releases.os, "rename", failing_rename)
    status = build_module.main(["build", "--content", str(small), "--output", str(prebuilt)])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert f"[{key}]" in err and "output/ 保持上一次成功构建的内容未变" in err
    assert snapshot(prebuilt) == before
    assert not any(p.name.startswith(".staging-") for p in (prebuilt.parent / ".releases").iterdir())


def test_a_locked_checkout_is_a_clean_error(tmp_path, monkeypatch, capsys):
    import fcntl

    from wfu import build as build_module
    from wfu import releases

    monkeypatch.setattr(releases, "DEFAULT_LOCK_WAIT", 0.2)
    monkeypatch.setattr(releases.publish_tree, "__defaults__", (releases.DEFAULT_KEEP, 0.2))
    handle = os.open(tmp_path / ".build.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        status = build_module.main(
            ["build", "--content", str(SAMPLE_CONTENT), "--output", str(tmp_path / "output")]
        )
    finally:
        os.close(handle)
    err = capsys.readouterr().err
    assert status == 1 and "[build-locked]" in err and "Traceback" not in err
    assert not (tmp_path / "output").exists()


def _chattr(flag: str, path: Path) -> bool:
    try:
        return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


def test_an_immutable_releases_folder_is_a_clean_error(prebuilt, small):
    """A real immutable folder (chattr +i, which even root cannot write): nothing switched, a key, no traceback."""
    assert run_build(small, prebuilt, "build").returncode == 0
    releases = prebuilt.parent / ".releases"
    before = snapshot(prebuilt)
    if not _chattr("+i", releases):
        reason = "chattr +i is not available on this file system (e2fsprogs, ext4)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    try:
        result = run_build(small, prebuilt, "build")
    finally:
        _chattr("-i", releases)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[output-not-writable]" in result.stderr
    assert snapshot(prebuilt) == before
