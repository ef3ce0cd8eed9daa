"""Crash-safe publishing: lock, atomic switch under a polling reader, crashes, kill -9, disk errors."""

import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from wfu import releases as releases_module
from wfu.releases import ReleaseError, Releases, build_lock, publish_tree

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def writer(text: str, pages: int = 1):
    def build(staging: str) -> None:
        for index in range(pages):
            with open(os.path.join(staging, "index.html" if index == 0 else f"p{index}.html"), "w") as handle:
                handle.write(text)

    return build


def served(output) -> str:
    with open(os.path.join(output, "index.html")) as handle:
        return handle.read()


def test_publish_switches_a_symlink_and_keeps_releases(tmp_path):
    output = tmp_path / "output"
    first = publish_tree(str(output), writer("v1"))
    assert os.path.islink(output) and served(output) == "v1"
    assert not os.path.isabs(os.readlink(output))  # relative: the checkout can move
    assert oct(os.stat(output).st_mode & 0o777) == "0o755"
    for version in range(2, 6):
        publish_tree(str(output), writer(f"v{version}"), keep=3)
    rel = Releases(str(output), keep=3)
    assert served(output) == "v5"
    assert len(rel.releases()) == 3 and first not in rel.releases()
    assert rel.current() == rel.releases()[-1]
    assert not [n for n in os.listdir(rel.root) if n.startswith(".staging-")]
    assert_trash_emptied(rel.root)


def assert_trash_emptied(root, seconds: float = 30.0) -> None:
    """Pruned releases are deleted in the background: gone within a bounded wait."""
    deadline = time.monotonic() + seconds
    while [n for n in os.listdir(root) if n.startswith(".trash-")] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [n for n in os.listdir(root) if n.startswith(".")]


def test_pruning_renames_at_once_and_deletes_here_when_no_process_can_start(tmp_path, monkeypatch):
    import wfu.releases as releases

    output = tmp_path / "output"
    for version in range(3):
        publish_tree(str(output), writer(f"v{version}"), keep=1)
    root = Releases(str(output)).root
    assert_trash_emptied(root)

    def no_process(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(releases.subprocess, "Popen", no_process)
    publish_tree(str(output), writer("v3"), keep=1)
    assert os.listdir(root) == [os.path.basename(Releases(str(output)).current())]


def test_an_unfinished_deletion_is_finished_by_the_next_build(tmp_path):
    output = tmp_path / "output"
    publish_tree(str(output), writer("v1"))
    root = Releases(str(output)).root
    left = os.path.join(root, ".trash-20260101T000000-dead")
    os.makedirs(os.path.join(left, "news"))
    publish_tree(str(output), writer("v2"))
    assert_trash_emptied(root)
    assert served(output) == "v2"


def test_the_search_pages_of_a_killed_build_are_removed_by_the_next_build(tmp_path):
    """A build killed while Pagefind's mirrors exist (every shard's, while the scan runs beside
    Pagefind: wfu.search.plan_index) leaves them beside its staging folder; the next build removes them."""
    output = tmp_path / "output"
    publish_tree(str(output), writer("v1"))
    root = Releases(str(output)).root
    left = os.path.join(root, releases_module.SEARCH_MIRROR_PREFIX + "abc123")
    os.makedirs(os.path.join(left, "news", "2024"))
    with open(os.path.join(left, "news", "2024", "index.html"), "w") as handle:
        handle.write("page")
    publish_tree(str(output), writer("v2"))
    assert not os.path.exists(left) and served(output) == "v2"


def test_two_outputs_side_by_side_never_prune_each_others_served_release(tmp_path):
    output, preview = tmp_path / "output", tmp_path / "preview"
    publish_tree(str(output), writer("site"), keep=2)
    for version in range(4):
        publish_tree(str(preview), writer(f"preview {version}"), keep=2)
    assert served(output) == "site" and served(preview) == "preview 3"
    publish_tree(str(output), writer("site 2"), keep=2)
    assert served(output) == "site 2" and served(preview) == "preview 3"


def test_rollback(tmp_path):
    output = tmp_path / "output"
    publish_tree(str(output), writer("v1"))
    publish_tree(str(output), writer("v2"))
    Releases(str(output)).rollback()
    assert served(output) == "v1"
    with pytest.raises(ReleaseError) as exc:
        Releases(str(output)).rollback()
    assert exc.value.error.key == "no-previous-release"


def test_a_reader_never_sees_a_missing_or_unreadable_tree(tmp_path):
    output = tmp_path / "output"
    publish_tree(str(output), writer("v0", pages=3))
    failures, reads, stop = [], [0], threading.Event()

    def poll():
        while not stop.is_set():
            try:
                text = served(output)
                assert text.startswith("v"), text
                reads[0] += 1
            except Exception as exc:  # noqa: BLE001 - any failure is what this test counts
                failures.append(repr(exc))

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        for version in range(1, 41):
            publish_tree(str(output), writer(f"v{version}", pages=3), keep=2)
    finally:
        stop.set()
        reader.join()
    assert failures == [] and reads[0] > 0
    assert served(output) == "v40"


def test_failing_build_leaves_the_served_tree_and_no_staging(tmp_path):
    output = tmp_path / "output"
    publish_tree(str(output), writer("good"))
    before = os.readlink(output)

    def broken(staging):
        writer("half")(staging)
        raise RuntimeError("pelican failed")

    with pytest.raises(RuntimeError):
        publish_tree(str(output), broken)
    assert os.readlink(output) == before and served(output) == "good"
    assert [n for n in os.listdir(tmp_path / ".releases") if n.startswith(".")] == []


def test_crash_between_steps_keeps_the_previous_release(tmp_path, monkeypatch):
    output = tmp_path / "output"
    publish_tree(str(output), writer("good"))

    def crash(self, release):
        raise KeyboardInterrupt  # the process dies after renaming the release, before switching

    monkeypatch.setattr(Releases, "_point_to", crash)
    with pytest.raises(KeyboardInterrupt):
        publish_tree(str(output), writer("new"))
    monkeypatch.undo()
    assert served(output) == "good"
    publish_tree(str(output), writer("next"))
    assert served(output) == "next"


CHILD = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {root!r})
    from wfu.releases import publish_tree

    def build(staging):
        with open(os.path.join(staging, "index.html"), "w") as handle:
            handle.write("from child")
        open({ready!r}, "w").close()
        time.sleep(60)

    publish_tree({output!r}, build)
    """
)


def start_child(tmp_path, output):
    ready = tmp_path / "ready"
    script = CHILD.format(root=ROOT, ready=str(ready), output=str(output))
    child = subprocess.Popen([sys.executable, "-c", script])
    for _ in range(400):
        if ready.exists():
            return child
        time.sleep(0.05)
    child.kill()
    raise AssertionError("child build did not start")


def test_kill_9_mid_build(tmp_path):
    output = tmp_path / "output"
    publish_tree(str(output), writer("good"))
    child = start_child(tmp_path, output)
    staging = [n for n in os.listdir(tmp_path / ".releases") if n.startswith(".staging-")]
    assert len(staging) == 1
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert served(output) == "good"
    # The next build gets the lock at once (the kernel released it) and removes the stale staging.
    publish_tree(str(output), writer("after"), lock_wait=5)
    assert served(output) == "after"
    assert [n for n in os.listdir(tmp_path / ".releases") if n.startswith(".")] == []


def test_second_build_waits_then_gives_up_with_a_message(tmp_path):
    output = tmp_path / "output"
    child = start_child(tmp_path, output)
    try:
        with pytest.raises(ReleaseError) as exc:
            publish_tree(str(output), writer("second"), lock_wait=0.3)
        assert exc.value.error.key == "build-locked"
        assert f"进程 {child.pid}" in exc.value.error.message
    finally:
        child.kill()
        child.wait()
    publish_tree(str(output), writer("second"), lock_wait=5)
    assert served(output) == "second"


def test_second_build_waits_for_the_first(tmp_path):
    lock = str(tmp_path / ".build.lock")
    order = []
    holding = threading.Event()

    def first():
        with build_lock(lock):
            holding.set()
            time.sleep(0.3)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    holding.wait()
    with build_lock(lock, wait=10):
        order.append("second got lock")
    thread.join()
    assert order == ["first done", "second got lock"]


def test_migrates_a_real_output_directory_without_a_gap(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("old layout")
    (tmp_path / "output.old-1-2").mkdir()  # left by the old two-rename swap
    publish_tree(str(output), writer("new layout"))
    assert os.path.islink(output) and served(output) == "new layout"
    rel = Releases(str(output))
    assert len(rel.releases()) == 2 and not (tmp_path / "output.old-1-2").exists()
    rel.rollback()
    assert served(output) == "old layout"


def test_migration_without_renameat2(tmp_path, monkeypatch):
    monkeypatch.setattr(releases_module, "_exchange", lambda a, b: False)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("old layout")
    publish_tree(str(output), writer("new"))
    assert served(output) == "new" and len(Releases(str(output)).releases()) == 2


@pytest.mark.parametrize(
    ("code", "key"),
    [
        (errno.ENOSPC, "disk-full"),
        (errno.EDQUOT, "disk-full"),
        (errno.EROFS, "output-not-writable"),
        (errno.EACCES, "output-not-writable"),
        (errno.EPERM, "output-not-writable"),
    ],  # fmt: skip
)
def test_disk_errors_while_building(tmp_path, code, key):
    output = tmp_path / "output"
    publish_tree(str(output), writer("good"))

    def fails(staging):
        writer("partial")(staging)
        raise OSError(code, os.strerror(code))

    with pytest.raises(ReleaseError) as exc:
        publish_tree(str(output), fails)
    assert exc.value.error.key == key
    assert exc.value.error.format().startswith("output: ") and exc.value.error.format().endswith(f"[{key}]")
    assert served(output) == "good"
    assert [n for n in os.listdir(tmp_path / ".releases") if n.startswith(".")] == []


def test_unrelated_os_errors_in_the_build_are_not_blamed_on_the_output(tmp_path):
    output = tmp_path / "output"
    publish_tree(str(output), writer("good"))

    def unreadable_content(staging):
        raise PermissionError(errno.EACCES, "Permission denied", "/elsewhere/content/news/a.md")

    with pytest.raises(PermissionError):
        publish_tree(str(output), unreadable_content)
    assert served(output) == "good"

    def refused_in_staging(staging):
        raise PermissionError(errno.EACCES, "Permission denied", os.path.join(staging, "index.html"))

    with pytest.raises(ReleaseError) as exc:
        publish_tree(str(output), refused_in_staging)
    assert exc.value.error.key == "output-not-writable"


@pytest.mark.parametrize("step", ["symlink", "replace", "rename", "mkdir"])
def test_read_only_at_every_step_leaves_output_untouched(tmp_path, monkeypatch, step):
    output = tmp_path / "output"
    publish_tree(str(output), writer("good"))
    before = os.readlink(output)
    real = getattr(os, step)

    def refuse(*args, **kwargs):
        if any(".releases" in str(a) or "switch" in str(a) or str(a) == str(output) for a in args):
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, step, refuse)
    with pytest.raises(ReleaseError) as exc:
        publish_tree(str(output), writer("new"))
    monkeypatch.undo()
    assert exc.value.error.key == "output-not-writable"
    assert os.readlink(output) == before and served(output) == "good"
    assert not [n for n in os.listdir(tmp_path) if ".switch-" in n]


def test_immutable_old_output_directory(tmp_path, monkeypatch):
    """``chattr +i output`` makes renaming it fail with EPERM: reported, nothing changed."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("old")

    def immutable(a, b):
        raise OSError(errno.EPERM, "Operation not permitted", b)

    monkeypatch.setattr(releases_module, "_exchange", immutable)
    with pytest.raises(ReleaseError) as exc:
        publish_tree(str(output), writer("new"))
    assert exc.value.error.key == "output-not-writable"
    assert output.is_dir() and not output.is_symlink() and served(output) == "old"


def test_unwritable_lock_folder(tmp_path, monkeypatch):
    real = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".build.lock"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ReleaseError) as exc:
        publish_tree(str(tmp_path / "output"), writer("x"))
    assert exc.value.error.key == "output-not-writable"


def test_real_exchange_is_used_on_linux(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.symlink_to("a")
    assert releases_module._exchange(str(b), str(a)), "renameat2(RENAME_EXCHANGE) unavailable"
    assert a.is_symlink() and (tmp_path / "b").is_dir() and not (tmp_path / "b").is_symlink()


def test_a_release_is_world_readable_whatever_the_umask(tmp_path):
    """Files made 0600 (mkstemp, umask 077) are 0644 once published, folders 0755 (nginx is another user)."""
    import tempfile

    def private_writer(staging: str) -> None:
        os.makedirs(os.path.join(staging, "news", "a"))
        with open(os.path.join(staging, "news", "a", "index.html"), "w") as handle:
            handle.write("x")
        handle, _ = tempfile.mkstemp(dir=staging, suffix=".jpg")
        os.close(handle)

    old = os.umask(0o077)
    try:
        published = publish_tree(str(tmp_path / "output"), private_writer)
    finally:
        os.umask(old)
    modes = {
        os.path.relpath(os.path.join(root, name), published): os.stat(os.path.join(root, name)).st_mode
        & 0o777
        for root, dirs, files in os.walk(published)
        for name in dirs + files
    }
    assert len(modes) == 4
    assert all(
        mode == (0o755 if os.path.isdir(os.path.join(published, p)) else 0o644) for p, mode in modes.items()
    )
    assert os.stat(published).st_mode & 0o777 == 0o755


def test_builds_into_two_outputs_sharing_a_cache_never_copy_from_each_other(tmp_path):
    """The memo of the release pages are copied from is per output folder; the rest of .cache is shared.

    Builds into ``a/output`` and ``b/output`` with one ``.cache`` (each under its own output lock) once
    published a release without an article's QR figure: b copied from a's release while a pruned it.
    """
    from plugins.site.incremental import OutputMemo, manifest_name

    cache = str(tmp_path / "cache")
    first, second = str(tmp_path / "a" / "output"), str(tmp_path / "b" / "output")
    assert manifest_name(first) != manifest_name(second)
    publish_tree(first, writer("a"))
    memo = OutputMemo.open(cache, first)
    memo.plan({"index.html": "k1"})
    memo.save(os.path.realpath(first))
    assert OutputMemo.open(cache, first).previous_release == os.path.realpath(first)
    assert OutputMemo.open(cache, first).page_unchanged("index.html") is False  # no keys planned yet
    other = OutputMemo.open(cache, second)
    other.plan({"index.html": "k1"})
    assert other.previous_release == "" and not other.page_unchanged("index.html")
    assert not other.reuse("index.html", str(tmp_path / "b-staging"))  # nothing copied from a's release
    # The same output folder, in a fresh process: the memo is found by the output path, not the release.
    code = (
        f"import sys; sys.path.insert(0, {ROOT!r}); from plugins.site.incremental import OutputMemo; "
        f"m = OutputMemo.open({cache!r}, {first!r}); m.plan({{'index.html': 'k1'}}); "
        "print(m.previous_release, m.page_unchanged('index.html'))"
    )
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.split() == [os.path.realpath(first), "True"]
