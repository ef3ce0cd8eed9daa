"""Deploy to a server over SSH with rsync: releases side by side, one atomic symlink switch.

Layout on the server (``path`` of the target)::

    releases/<build-id>/   one folder per deployed build
    releases/<build-id>.partial/   an upload in progress (or interrupted)
    current -> releases/<build-id>    what nginx serves (root .../current)

A deploy uploads into ``releases/<build-id>.partial/`` with ``rsync
--link-dest`` to the current release, so unchanged files become hard links
(a new release costs only the changed files); once complete it is renamed
to ``releases/<build-id>`` and ``current`` is replaced with ``ln -sfn`` to a
temporary name plus ``mv -T`` (``rename(2)``: readers see the old or the new
site, never a mix or nothing); then releases beyond ``keep`` are removed.
Until the switch nothing served has changed, so an interrupted upload is
harmless, and a half-uploaded folder is never a release ``rollback`` could
pick.  ``rollback`` points ``current`` at the release before it.

Commands are built as argument lists by pure functions (tested without a
server) and run by an injectable ``run`` so tests can interrupt a deploy.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import manifest as mf
from .report import DeployFailed, DeployReport
from .targets import ServerTarget
from .verify import verify_release

Runner = Callable[[Sequence[str]], str]
PARTIAL = ".partial"  # suffix of a release folder still being uploaded
RSYNC_FLAGS = (
    "--recursive",  # no --links: a symlink is refused by verify_release and skipped by rsync anyway
    "--checksum",  # every build rewrites every file: compare content, not times
    "--perms",
    "--chmod=D755,F644",  # readable by nginx whatever the build machine's umask
    "--delete",
    "--exclude=.*",
)


def ssh_command(target: ServerTarget, identity: str = "") -> list[str]:
    """``ssh`` with key-only, non-interactive options; host keys must be known."""
    command = ["ssh", "-p", str(target.port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"]
    command += ["-o", "PasswordAuthentication=no", "-o", "ConnectTimeout=20"]
    if target.known_hosts:
        command += ["-o", f"UserKnownHostsFile={target.known_hosts}"]
    if identity:
        command += ["-i", identity, "-o", "IdentitiesOnly=yes"]
    return command


def remote(target: ServerTarget, identity: str, script: str) -> list[str]:
    return [*ssh_command(target, identity), f"{target.user}@{target.host}", script]


def rsync_command(target: ServerTarget, identity: str, output: str, release: str, link_dest: str | None,
                  dry_run: bool = False) -> list[str]:  # fmt: skip
    """rsync ``output/`` into ``releases/<release>.partial/``; ``link_dest`` is the current release's id.

    The basis is named by its absolute path (``target.path`` is checked to be
    absolute): a relative ``--link-dest=../<id>`` makes Debian 12's rsync
    (3.2.7-1+deb12u6, with the 2025 CVE backports; fixed upstream in 3.4.3)
    discard every updated file on the second deploy ("failed verification --
    update discarded", exit 23).
    """
    command = ["rsync", *RSYNC_FLAGS, "--itemize-changes", "-e", shlex.join(ssh_command(target, identity))]
    if link_dest:
        command.append(f"--link-dest={target.path}/releases/{link_dest}")
    if dry_run:
        command.append("--dry-run")
    destination = f"{target.user}@{target.host}:{target.path}/releases/{release}{PARTIAL}/"
    return [*command, output.rstrip("/") + "/", destination]


def compare_command(target: ServerTarget, identity: str, output: str, current: str) -> list[str]:
    """A dry run against the current release: what this deploy adds, updates and deletes."""
    command = [
        "rsync",
        *RSYNC_FLAGS,
        "--itemize-changes",
        "--dry-run",
        "-e",
        shlex.join(ssh_command(target, identity)),
    ]
    return [
        *command,
        output.rstrip("/") + "/",
        f"{target.user}@{target.host}:{target.path}/releases/{current}/",
    ]


def parse_itemized(lines: str) -> tuple[list[str], list[str], list[str]]:
    """rsync ``--itemize-changes`` output → (added, updated, deleted) file paths."""
    added, updated, deleted = [], [], []
    for line in lines.splitlines():
        if line.startswith("*deleting "):
            path = line[len("*deleting ") :].strip()
            if not path.endswith("/"):
                deleted.append(path)
            continue
        if len(line) < 13 or line[11] != " " or line[1] != "f":
            continue  # directories, symlinks and messages
        flags, path = line[:11], line[12:]
        if flags[0] not in "<>ch":
            continue
        (added if "+++++++++" in flags else updated).append(path)
    return sorted(added), sorted(updated), sorted(deleted)


def switch_script(target: ServerTarget, release: str) -> str:
    """Complete an upload (``.partial`` → release) if there is one, then point ``current`` at it atomically."""
    base = shlex.quote(target.path)
    folder = shlex.quote(f"releases/{release}")
    partial = shlex.quote(f"releases/{release}{PARTIAL}")
    temporary = shlex.quote(f".current-{release}")
    script = (
        f"set -e; cd {base}; "
        f"if [ -d {partial} ]; then rm -rf -- {folder}; mv -T {partial} {folder}; fi; test -d {folder}; "
        f"ln -sfn {folder} {temporary}; mv -T {temporary} current"
    )
    return f"{script}; {target.after_switch}" if target.after_switch else script


def nginx_check_config(map_path: str) -> str:
    """A private nginx configuration that loads ``map_path`` the way deploy/nginx/ does (http level + ``if``).

    Relative paths (pid, temporary folders) resolve under ``-p``, a fresh
    temporary folder: the check needs no root and touches nothing of the
    running nginx.
    """
    return (
        "pid nginx.pid;\nerror_log stderr;\nevents { worker_connections 16; }\nhttp {\n"
        "    client_body_temp_path body; proxy_temp_path proxy; fastcgi_temp_path fastcgi;\n"
        "    uwsgi_temp_path uwsgi; scgi_temp_path scgi; access_log off;\n"
        f"    include {map_path};\n"
        "    server { listen 127.0.0.1:9; if ($wfu_redirect) { return 301 $wfu_redirect; } }\n}\n"
    )


def nginx_check_script(target: ServerTarget, release: str) -> str:
    """``nginx -t`` of the uploaded (not yet current) release's redirect map, on the server."""
    nginx = shlex.quote(target.nginx_check)
    config = nginx_check_config(f"{target.path}/releases/{release}{PARTIAL}/redirects.nginx.conf")
    return (
        f"set -e; command -v {nginx} >/dev/null || {{ echo 'nginx not found: {target.nginx_check}' >&2; exit 127; }}; "
        "t=$(mktemp -d); trap 'rm -rf \"$t\"' EXIT; "
        f"printf '%s' {shlex.quote(config)} > \"$t/nginx.conf\"; "
        f'{nginx} -t -q -p "$t/" -c "$t/nginx.conf" -e stderr'
    )


# Read-only (a dry run changes nothing on the server): a missing folder is a first deploy.
STATE_SCRIPT = 'if cd {base} 2>/dev/null; then echo "current=$(readlink current || true)"; ls -1 releases 2>/dev/null || true; fi'


@dataclass(frozen=True)
class ServerState:
    current: str | None  # release id that ``current`` points to
    releases: tuple[str, ...]  # sorted oldest first (build ids start with the build time)


def parse_state(text: str) -> ServerState:
    current = None
    releases = []
    for line in text.splitlines():
        if line.startswith("current="):
            link = line[len("current=") :].strip()
            current = link.rsplit("/", 1)[-1] or None
        elif line.strip() and not line.strip().endswith(PARTIAL):
            releases.append(line.strip())
    return ServerState(current, tuple(sorted(releases)))


def releases_to_remove(releases: Sequence[str], current: str, keep: int) -> list[str]:
    """The oldest releases beyond ``keep``; never the current one."""
    ordered = sorted(releases)
    excess = [r for r in ordered if r != current][: max(0, len(ordered) - keep)]
    return excess


def previous_release(state: ServerState) -> str | None:
    """The release just before the current one (what ``rollback`` switches to)."""
    if state.current not in state.releases:
        return None
    index = state.releases.index(state.current)
    return state.releases[index - 1] if index > 0 else None


def run_command(command: Sequence[str]) -> str:
    """Run a command; its stdout, or ``DeployFailed`` with the tool's own message."""
    try:
        proc = subprocess.run(list(command), capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise DeployFailed(
            f"找不到命令 {command[0]}：请安装 openssh-client 和 rsync [deploy-tool-missing]"
        ) from None
    except subprocess.TimeoutExpired:
        raise DeployFailed(f"{command[0]} 超时 [deploy-server-failed]") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise DeployFailed(
            f"{command[0]} 失败（退出码 {proc.returncode}）：{' / '.join(detail)} [deploy-server-failed]"
        )
    return proc.stdout


def read_state(target: ServerTarget, identity: str, run: Runner) -> ServerState:
    return parse_state(run(remote(target, identity, STATE_SCRIPT.format(base=shlex.quote(target.path)))))


def remote_urls(target: ServerTarget, identity: str, release: str | None, run: Runner) -> set[str]:
    if not release:
        return set()
    path = shlex.quote(f"{target.path}/releases/{release}/urls.txt")
    text = run(remote(target, identity, f"cat {path} 2>/dev/null || true"))
    return {line.strip() for line in text.splitlines() if line.strip()}


def deploy_server(
    target: ServerTarget,
    output: str,
    build_id: str,
    identity: str = "",
    dry_run: bool = False,
    run: Runner = run_command,
    log: Callable[[str], None] = print,
) -> DeployReport:
    """Upload ``output`` as release ``build_id``, switch ``current`` to it, prune old releases.

    The whole tree is verified first (:func:`verify.verify_release`): nothing
    reaches the server unless every entry is a regular file or folder with a safe name.
    """
    output = os.path.realpath(output)  # one release: a build switching ``output`` meanwhile changes nothing
    verify_release(output)
    state = read_state(target, identity, run)
    report = DeployReport(target=target.name, build_id=build_id, dry_run=dry_run)
    if state.current:
        added, updated, deleted = parse_itemized(
            run(compare_command(target, identity, output, state.current))
        )
    else:
        added, updated, deleted = sorted(mf.site_files(output)), [], []

    def pages(paths: list[str]) -> list[str]:  # name.gz/name.br follow name: not worth listing
        return [p for p in paths if not p.endswith(mf.PRECOMPRESSED_SUFFIXES)]

    report.added, report.updated, report.deleted = pages(added), pages(updated), pages(deleted)
    previous = remote_urls(target, identity, state.current, run)
    report.new_urls = [u for u in mf.read_urls(output) if u not in previous]
    if state.current == build_id:
        report.notes.append(f"服务器上的当前版本已经是 {build_id}，无需发布")
        return report
    upload = rsync_command(target, identity, output, build_id, state.current)
    if dry_run:
        report.notes.append("将要运行：" + shlex.join(upload))
        if target.nginx_check:
            report.notes.append(f"然后在服务器上用 {target.nginx_check} -t 检查新版本的 redirects.nginx.conf")
        report.notes.append("然后切换：" + switch_script(target, build_id))
        return report
    run(remote(target, identity, f"mkdir -p {shlex.quote(target.path + '/releases')}"))
    run(upload)
    log(f"  已上传到 {target.path}/releases/{build_id}/")
    if target.nginx_check:
        try:
            run(remote(target, identity, nginx_check_script(target, build_id)))
        except DeployFailed as exc:
            raise DeployFailed(
                f"新版本的 redirects.nginx.conf 没有通过服务器上的 nginx -t（{exc}）：current 没有切换，"
                "网站仍是上一个版本；请检查 content/redirects.yml，重新构建后再发布；服务器不用 nginx 时把 "
                'nginx_check 设为 "" [deploy-nginx-check-failed]'
            ) from None
        log("  nginx -t：新版本的跳转配置可以加载")
    run(remote(target, identity, switch_script(target, build_id)))
    log(f"  current → releases/{build_id}")
    stale = releases_to_remove(sorted({*state.releases, build_id}), build_id, target.keep)
    folders = " ".join(shlex.quote(f"releases/{r}") for r in stale)
    # Interrupted uploads of other builds go too (*.partial).
    run(
        remote(
            target,
            identity,
            f"set -e; cd {shlex.quote(target.path)}; rm -rf -- {folders} releases/*{PARTIAL}",
        )
    )
    if stale:
        report.notes.append("已删除旧版本：" + "、".join(stale))
    return report


def rollback_server(target: ServerTarget, identity: str = "", run: Runner = run_command) -> tuple[str, str]:
    """Switch ``current`` back to the previous release; return (from, to)."""
    state = read_state(target, identity, run)
    previous = previous_release(state)
    if not state.current or not previous:
        raise DeployFailed(
            f"{target.name}: 没有可以回滚到的上一个版本（当前：{state.current or '无'}） [rollback-no-previous]"
        )
    run(remote(target, identity, switch_script(target, previous)))
    return state.current, previous
