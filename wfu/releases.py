"""Crash-safe publishing of the built tree: a build lock and atomic release switching.

Readers (the preview server, nginx, an rsync to the web server) must never see
``output/`` missing, half-written or unreadable, whatever happens to a build:
an editor's mistake, a second build started at the same time, ``kill -9``, a
full disk or a read-only folder.  So:

* one build at a time per checkout: an exclusive ``fcntl.flock`` on
  ``.build.lock`` next to ``output``; a second build waits a bounded time, then
  stops with ``[build-locked]``.  The kernel releases the lock when a build
  dies, so a killed build never blocks the next one;
* each build writes into ``.releases/.staging-<id>/``; only a finished build
  is renamed to ``.releases/<id>/`` and published by pointing the ``output``
  symlink at it.  The symlink is replaced with ``os.replace`` of a temporary
  symlink, a single atomic ``rename(2)``: every reader opens either the old or
  the new tree;
* the previous releases are kept (``keep``) for :func:`rollback`; staging
  folders left by killed builds are removed when the next build starts;
* an existing real ``output/`` directory (the old layout) is exchanged for
  the symlink atomically with ``renameat2(RENAME_EXCHANGE)`` and kept as a
  release, so even the migration leaves no gap;
* a full disk, a read-only or immutable folder and permission errors become a
  :class:`ReleaseError` with a Chinese message and a key (``disk-full``,
  ``output-not-writable``), and the published tree is left as it was.

With ``rsync`` publish ``output/`` (trailing slash: the tree the link points
to); nginx follows the symlink by default (``disable_symlinks off``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

from plugins.common.errors import ContentError

RELEASES_FOLDER = ".releases"
STAGING_PREFIX = ".staging-"
TRASH_PREFIX = ".trash-"  # pruned releases waiting to be deleted
SEARCH_MIRROR_PREFIX = (
    ".search-pages-"  # wfu.search: the pages of one Pagefind run, beside the staging folder
)
LOCK_FILE = ".build.lock"
DEFAULT_KEEP = 3  # the published release and two to roll back to
DEFAULT_LOCK_WAIT = 60.0  # seconds a second build waits for the first

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY}


class ReleaseError(Exception):
    """The new tree was not published; ``error`` says why.  The old tree is still served."""

    def __init__(self, path: str, key: str, message: str):
        self.error = ContentError(path, 0, key, message)
        super().__init__(self.error.format())


def os_error(exc: OSError, where: str) -> ReleaseError:
    """A file-system failure as an editor-readable :class:`ReleaseError`."""
    if exc.errno in _DISK_FULL:
        return ReleaseError(
            where,
            "disk-full",
            "磁盘空间不足，网站没有更新（仍是上一次成功构建的内容）：请清理磁盘（例如删除旧的 .releases 或缓存）后重新构建",
        )
    if exc.errno in _NOT_WRITABLE or isinstance(exc, PermissionError):
        return ReleaseError(
            where,
            "output-not-writable",
            "无法写入网站输出文件夹（只读、被锁定或没有权限），网站没有更新：请检查该文件夹的权限"
            "（chmod/chown，或 lsattr 查看是否设置了 i 属性）后重新构建",
        )
    return ReleaseError(
        where, "output-not-writable", f"写入网站输出文件夹失败（{exc.strerror or exc}），网站没有更新"
    )


# ---- The lock ----------------------------------------------------------------------


@contextlib.contextmanager
def build_lock(lock_path: str, wait: float | None = None, poll: float = 0.05) -> Iterator[None]:
    """Hold the exclusive build lock; :class:`ReleaseError` ``[build-locked]`` after ``wait`` seconds.

    ``wait`` defaults to :data:`DEFAULT_LOCK_WAIT`, read at the call.
    """
    wait = DEFAULT_LOCK_WAIT if wait is None else wait
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise os_error(exc, os.path.basename(lock_path)) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
                    raise ReleaseError(
                        os.path.basename(lock_path),
                        "build-locked",
                        f"另一个构建正在进行（进程 {holder}），等待 {wait:g} 秒后仍未结束：请等它完成后再构建；"
                        "若确认没有构建在运行，请重新执行（锁会在进程结束时自动释放）",
                    ) from None
                time.sleep(poll)
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(handle)  # closing releases the flock


# ---- Atomic switching ------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: str, b: str) -> bool:
    """Atomically swap the names ``a`` and ``b`` (Linux ``renameat2``); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(code, os.strerror(code), b)


def _fsync_dir(path: str) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def new_build_id() -> str:
    """Sortable by time: ``20261126T104233-123456789-4242``."""
    now = time.time_ns()
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(now // 1_000_000_000))}-{now % 1_000_000_000:09d}-{os.getpid()}"


class Releases:
    """The ``output`` symlink and the ``.releases/`` folder beside it."""

    def __init__(self, output: str, keep: int = DEFAULT_KEEP):
        if keep < 1:
            raise ValueError("keep must be at least 1")
        self.output = os.path.abspath(output)
        self.parent = os.path.dirname(self.output)
        self.root = os.path.join(self.parent, RELEASES_FOLDER)
        self.keep = keep
        self.label = os.path.basename(self.output)

    @property
    def lock_path(self) -> str:
        return os.path.join(self.parent, LOCK_FILE)

    def current(self) -> str | None:
        """The release folder ``output`` points to (``None`` if it is not a release symlink)."""
        if not os.path.islink(self.output):
            return None
        target = os.path.join(self.parent, os.readlink(self.output))
        return os.path.normpath(target)

    def releases(self) -> list[str]:
        """Published release folders, oldest first."""
        if not os.path.isdir(self.root):
            return []
        names = [n for n in os.listdir(self.root) if not n.startswith(".")]
        return [
            os.path.join(self.root, n) for n in sorted(names) if os.path.isdir(os.path.join(self.root, n))
        ]

    def remove_stale(self) -> list[str]:
        """Remove staging folders and temporary links left by killed builds (call under the lock)."""
        removed = []
        if os.path.isdir(self.root):
            for name in os.listdir(self.root):
                if name.startswith(STAGING_PREFIX):
                    shutil.rmtree(os.path.join(self.root, name), ignore_errors=True)
                    removed.append(name)
                elif name.startswith(TRASH_PREFIX):  # a deletion that did not finish
                    discard(os.path.join(self.root, name))
                    removed.append(name)
                elif name.startswith(SEARCH_MIRROR_PREFIX):  # Pagefind's pages of a killed build
                    shutil.rmtree(os.path.join(self.root, name), ignore_errors=True)
                    removed.append(name)
        # Also the leftovers of the old layout (a build folder and a renamed-aside tree).
        prefixes = (f".{self.label}.switch-", f"{self.label}.old-", ".building-")
        for name in os.listdir(self.parent):
            if name.startswith(prefixes):
                full = os.path.join(self.parent, name)
                if os.path.islink(full) or not os.path.isdir(full):
                    os.unlink(full)
                else:
                    shutil.rmtree(full, ignore_errors=True)
                removed.append(name)
        return removed

    def new_staging(self) -> str:
        os.makedirs(self.root, exist_ok=True)
        staging = os.path.join(self.root, STAGING_PREFIX + new_build_id())
        os.mkdir(staging, 0o755)
        return staging

    def publish(self, staging: str) -> str:
        """Make the finished ``staging`` tree the served one; return the release folder."""
        os.chmod(staging, 0o755)  # mkdtemp-style 0700 would make the site unreadable to nginx
        release = os.path.join(self.root, os.path.basename(staging)[len(STAGING_PREFIX) :])
        os.rename(staging, release)
        self._point_to(release)
        self.prune()
        return release

    def rollback(self) -> str:
        """Serve the release before the current one again; return it."""
        current = self.current()
        older = [r for r in self.releases() if current is None or r < current]
        if not older:
            raise ReleaseError(self.label, "no-previous-release", "没有可以回退的上一个版本")
        self._point_to(older[-1])
        return older[-1]

    def prune(self) -> None:
        """Keep the newest ``keep`` releases and always every served one.

        Two outputs side by side (``output`` and ``--output preview``) share
        ``.releases/``: a release another output's link points to is served too.
        Pruned releases are renamed out of the way at once and deleted by
        :func:`discard` in the background.
        """
        served = self.served()
        for old in self.releases()[: -self.keep]:
            if old not in served:
                discard(old, os.path.join(self.root, TRASH_PREFIX + new_build_id()))

    def served(self) -> set[str]:
        """Every release a symlink beside ``output`` points to."""
        found = set()
        for name in os.listdir(self.parent):
            full = os.path.join(self.parent, name)
            if os.path.islink(full):
                target = os.path.normpath(os.path.join(self.parent, os.readlink(full)))
                if os.path.dirname(target) == self.root:
                    found.add(target)
        return found

    def _point_to(self, release: str) -> None:
        link = os.path.join(self.parent, f".{self.label}.switch-{new_build_id()}")
        os.symlink(os.path.relpath(release, self.parent), link)
        try:
            if os.path.isdir(self.output) and not os.path.islink(self.output):
                self._migrate(link)
            else:
                os.replace(link, self.output)  # atomic: the old link or the new one, never none
        except BaseException:
            if os.path.lexists(link) and os.path.islink(link):
                os.unlink(link)
            raise
        _fsync_dir(self.parent)

    def _migrate(self, link: str) -> None:
        """Replace a real ``output/`` directory by the symlink; keep the old tree as a release."""
        # Named to sort before every timestamped release: it is the oldest one.
        kept = os.path.join(self.root, f"00000000T000000-{time.time_ns()}-migrated")
        if _exchange(link, self.output):
            # ``link`` is now the old directory: file it as the oldest release.
            os.rename(link, kept)
        else:  # no renameat2 (old kernel, some file systems): a gap of one rename
            os.rename(self.output, kept)
            os.replace(link, self.output)


def discard(folder: str, trash: str | None = None) -> None:
    """Delete ``folder`` without making the build wait: renamed to ``trash`` now, removed in the background.

    A release holds tens of thousands of files; deleting one took as long as
    writing it (up to half of a warm build on a busy disk), while nothing needs
    it gone before the build ends.  The rename is atomic, so no reader or later
    build sees a half-deleted release under a release name; a deletion that is
    interrupted is finished by the next build (``remove_stale``).  Where no
    process can be started, the folder is deleted here.
    """
    if trash:
        try:
            os.rename(folder, trash)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return
        folder = trash
    try:
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                folder,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # outlives the build, never receives its terminal's signals
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def publish_tree(
    output: str,
    build: Callable[[str], None],
    keep: int = DEFAULT_KEEP,
    lock_wait: float = DEFAULT_LOCK_WAIT,
) -> str:
    """Under the build lock, ``build(staging)`` and publish the result; return the release folder.

    Any exception from ``build`` leaves the served tree untouched and removes
    the staging folder; file-system failures become :class:`ReleaseError`.
    """
    releases = Releases(output, keep)
    try:
        os.makedirs(releases.parent, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, releases.label) from None
    with build_lock(releases.lock_path, lock_wait):
        staging = None
        try:
            try:
                releases.remove_stale()
                staging = releases.new_staging()
            except OSError as exc:
                raise os_error(exc, releases.label) from None
            try:
                build(staging)
                make_world_readable(staging)
            except OSError as exc:
                if _about_the_output(exc, releases):
                    raise os_error(exc, releases.label) from None
                raise  # not ours to explain (e.g. an unreadable content file)
            try:
                published = releases.publish(staging)
            except OSError as exc:
                raise os_error(exc, releases.label) from None
            staging = None
            return published
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)


FILE_MODE, FOLDER_MODE = 0o644, 0o755


def make_world_readable(tree: str) -> None:
    """Every file 0644 and every folder 0755, whatever the umask and whichever writer made it.

    nginx (and rsync ``--perms``) serve ``output/`` as another user: a file
    written 0600 (``tempfile.mkstemp``, a umask of 077) answers 403.  One pass
    over the finished release, before it is switched in, covers every writer,
    present and future.  Symlinks are left alone (the deploy refuses them).
    """
    os.chmod(tree, FOLDER_MODE)
    for root, dirs, files in os.walk(tree):
        for name in dirs:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, FOLDER_MODE)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, FILE_MODE)


def _about_the_output(exc: OSError, releases: Releases) -> bool:
    """A full disk anywhere, or a write refused inside the output area, is reported as ours."""
    if exc.errno in _DISK_FULL:
        return True
    if exc.errno not in _NOT_WRITABLE and not isinstance(exc, PermissionError):
        return False
    name = os.fsdecode(exc.filename) if exc.filename is not None else ""
    return not name or os.path.abspath(name).startswith(releases.parent + os.sep)
