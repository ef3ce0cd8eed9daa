"""Check the whole release before anything is uploaded: the deploy never trusts ``output/``.

``output/`` is written by the build, but a plugin bug, an editor's file name
or someone's hand can leave things in it that must not go public: a symlink
(an upload would follow it and publish its target, ``/etc/passwd`` or a key),
a device or socket, a name with a newline (which aborts an S3 upload after
part of the site is public, and splits rsync's and our reports).  So both
targets first walk the tree without following anything and refuse the deploy
when any entry is not a regular file or folder with a safe name
(:func:`plugins.common.safenames.name_problem`).  Nothing has been uploaded
at that point, so the previous site stays served.

Hidden entries (``.name``) are skipped exactly as both uploaders skip them.
"""

from __future__ import annotations

import os
import stat

from plugins.common.safenames import MAX_PATH_BYTES, name_problem

from .report import DeployFailed


def tree_problems(output: str) -> list[str]:
    """Every problem of the release at ``output`` as ``output/relative: message [key]`` lines."""
    problems: list[str] = []
    # ``output`` itself may be a symlink (wfu.releases switches it atomically): resolved once, here only.
    root = os.fsencode(os.path.realpath(output))
    try:
        if not stat.S_ISDIR(os.lstat(root).st_mode):
            return [f"{output}: 不是文件夹 [deploy-unsafe-file]"]
    except OSError as exc:
        return [f"{output}: 无法读取：{exc.strerror} [deploy-read-failed]"]
    stack = [b""]
    while stack:
        relative = stack.pop()
        try:
            entries = sorted(
                os.scandir(os.path.join(root, relative) if relative else root), key=lambda e: e.name
            )
        except OSError as exc:
            problems.append(
                f"{output}/{os.fsdecode(relative)}: 无法读取：{exc.strerror} [deploy-read-failed]"
            )
            continue
        for entry in entries:
            name = os.fsdecode(entry.name)
            path = os.path.join(relative, entry.name) if relative else entry.name
            shown = f"{output}/{_printable(os.fsdecode(path))}"
            if name.startswith("."):
                continue  # never uploaded (rsync --exclude=.*, manifest.site_files)
            problem = name_problem(name)
            if problem:
                problems.append(f"{shown}: {problem}，不能发布 [deploy-unsafe-name]")
                continue
            if len(path) > MAX_PATH_BYTES:
                problems.append(f"{shown}: 路径太长（最多 {MAX_PATH_BYTES} 字节） [deploy-unsafe-name]")
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                problems.append(f"{shown}: 无法读取：{exc.strerror} [deploy-read-failed]")
                continue
            if stat.S_ISLNK(mode):
                problems.append(
                    f"{shown}: 是符号链接，发布时不会跟随它：请把真正的文件放进网站 [deploy-unsafe-file]"
                )
            elif stat.S_ISDIR(mode):
                stack.append(path)
            elif not stat.S_ISREG(mode):
                problems.append(f"{shown}: 不是普通文件（设备、管道或套接字） [deploy-unsafe-file]")
    return sorted(problems)


def _printable(text: str) -> str:
    """A name with its control characters shown as ``\\n``/``\\x1b``, so a message stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def verify_release(output: str) -> None:
    """:class:`DeployFailed` listing every problem of the tree; called before any upload."""
    problems = tree_problems(output)
    if problems:
        raise DeployFailed(
            "\n".join(
                [*problems, f"共 {len(problems)} 个问题：网站文件夹里有不能发布的文件，什么也没有上传。"]
            )
        )
