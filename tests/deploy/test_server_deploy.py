"""`invoke deploy` / `invoke rollback` to a server: a real sshd on 127.0.0.1, rsync, nginx serving `current`."""

from __future__ import annotations

import http.client
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.deploy.conftest import ADDED_TEXT, run_deploy, settings_file
from wfu.buildinfo import write_build_info

pytestmark = pytest.mark.servers


def build_id(output: Path) -> str:
    return json.loads((output / "build-info.json").read_text())["build_id"]


def current(srv: Path) -> str:
    return os.readlink(srv / "current")


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def rebuilt(output: Path, folder: Path, when: str) -> Path:
    """The same site built again later: identical pages, a new build id."""
    from datetime import datetime

    copy = folder / when / "output"
    shutil.copytree(output, copy)
    write_build_info(
        str(copy),
        {"PUBLISH": True, "SITEURL": "https://xiaoyou.wfu.edu.cn"},
        datetime.fromisoformat(when),
        staging=True,  # like the build it copies (tests/conftest.py run_build)
    )
    return copy


@pytest.fixture
def server_settings(sshd, tmp_path):
    srv = tmp_path / "srv" / "wfu-alumni-site"

    def make(**extra) -> Path:
        return settings_file(tmp_path, {"default": "web", "targets": {"web": sshd.target(srv, **extra)}})

    return srv, make


def test_deploy_switches_current_atomically_and_rollback_goes_back(
    deploy_builds, sshd, server_settings, start_nginx
):
    srv, make = server_settings
    first, second = deploy_builds["first"], deploy_builds["second"]
    pid = srv.parent / "nginx.pid"
    settings = make(keep=3, after_switch=f"test ! -f {pid} || kill -HUP $(cat {pid})")

    result = run_deploy(settings, "deploy", "--output", str(first), env=sshd.env)
    assert result.returncode == 0, result.stderr
    assert current(srv) == f"releases/{build_id(first)}"
    assert (srv / "current" / "index.html").read_bytes() == (first / "index.html").read_bytes()
    assert (srv / "current" / "index.html.gz").is_file()

    nginx = start_nginx(srv / "current")
    os.symlink(nginx.pid, pid)  # lets after_switch reload this nginx, as the real one is reloaded
    status, page = get(nginx.port, deploy_builds["edited_url"])
    assert status == 200 and ADDED_TEXT not in page

    result = run_deploy(settings, "deploy", "--output", str(second), env=sshd.env)
    assert result.returncode == 0, result.stderr
    assert current(srv) == f"releases/{build_id(second)}"
    edited = deploy_builds["edited_url"].lstrip("/") + "index.html"
    removed = deploy_builds["removed_url"].lstrip("/") + "index.html"
    assert f"更 {edited}" in result.stdout and f"删 {removed}" in result.stdout
    status, page = get(nginx.port, deploy_builds["edited_url"])
    assert status == 200 and ADDED_TEXT in page
    assert get(nginx.port, deploy_builds["removed_url"])[0] == 404

    # Unchanged files are hard links into the previous release; changed ones are new files.
    old, new = srv / "releases" / build_id(first), srv / "releases" / build_id(second)
    photo = next(p.relative_to(first) for p in (first / "photos").iterdir())
    assert (old / photo).stat().st_ino == (new / photo).stat().st_ino
    assert (old / edited).stat().st_ino != (new / edited).stat().st_ino
    assert oct((new / edited).stat().st_mode & 0o777) == "0o644"

    result = run_deploy(settings, "rollback", env=sshd.env)
    assert result.returncode == 0, result.stderr
    assert build_id(first) in result.stdout
    assert current(srv) == f"releases/{build_id(first)}"
    status, page = get(nginx.port, deploy_builds["edited_url"])
    assert status == 200 and ADDED_TEXT not in page

    result = run_deploy(settings, "rollback", env=sshd.env)
    assert result.returncode == 1 and "[rollback-no-previous]" in result.stderr
    assert "Traceback" not in result.stderr
    assert current(srv) == f"releases/{build_id(first)}"


def test_deploy_interrupted_before_the_switch_leaves_current_alone(deploy_builds, sshd, server_settings):
    from wfu.deploy.report import DeployFailed
    from wfu.deploy.server import deploy_server, rollback_server, run_command
    from wfu.deploy.targets import deploy_config

    srv, make = server_settings
    make()
    target = deploy_config({"DEPLOY": {"targets": {"web": sshd.target(srv)}}}).target("web")
    first, second = deploy_builds["first"], deploy_builds["second"]
    deploy_server(target, str(first), build_id(first), str(sshd.key), log=lambda _: None)

    def connection_lost_before_switch(command):
        if "mv -T" in command[-1]:
            raise DeployFailed("ssh: connection lost [deploy-server-failed]")
        return run_command(command)

    with pytest.raises(DeployFailed):
        deploy_server(
            target,
            str(second),
            build_id(second),
            str(sshd.key),
            run=connection_lost_before_switch,
            log=lambda _: None,
        )
    assert current(srv) == f"releases/{build_id(first)}"
    assert (srv / "releases" / f"{build_id(second)}.partial" / "index.html").is_file()  # uploaded, not served
    assert not (srv / "releases" / build_id(second)).exists()
    assert (srv / "current" / "index.html").read_bytes() == (first / "index.html").read_bytes()
    # The unfinished upload is not a release: nothing to roll back to yet.
    with pytest.raises(DeployFailed, match=r"\[rollback-no-previous\]"):
        rollback_server(target, str(sshd.key))

    # Running the deploy again finishes the job and cleans up.
    deploy_server(target, str(second), build_id(second), str(sshd.key), log=lambda _: None)
    assert current(srv) == f"releases/{build_id(second)}"
    assert sorted(p.name for p in (srv / "releases").iterdir()) == sorted([build_id(first), build_id(second)])


def test_only_the_last_releases_are_kept(deploy_builds, sshd, server_settings, tmp_path):
    srv, make = server_settings
    settings = make(keep=2)
    builds = [rebuilt(deploy_builds["first"], tmp_path, f"2026-0{m}-01T00:00:00+00:00") for m in (1, 2, 3)]
    for output in builds:
        result = run_deploy(settings, "deploy", "--output", str(output), env=sshd.env)
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (srv / "releases").iterdir()) == sorted(build_id(b) for b in builds[1:])
    assert current(srv) == f"releases/{build_id(builds[2])}"
    # The same pages: only build-info.json differs (its .gz too, which the report leaves out).
    assert "新增 0 个文件\n更新 1 个文件\n  更 build-info.json\n删除 0 个文件" in result.stdout


def test_dry_run_changes_nothing_on_the_server(deploy_builds, sshd, server_settings):
    srv, make = server_settings
    result = run_deploy(make(), "deploy", "--dry-run", "--output", str(deploy_builds["first"]), env=sshd.env)
    assert result.returncode == 0, result.stderr
    assert "将要运行：rsync" in result.stdout and "--link-dest" not in result.stdout
    assert not srv.exists()


def test_refuses_a_preview_build_and_an_unknown_host_key(
    sample_site, deploy_builds, sshd, server_settings, tmp_path
):
    srv, make = server_settings
    result = run_deploy(make(), "deploy", "--output", str(sample_site), env=sshd.env)
    assert result.returncode == 1 and "[deploy-not-publish-build]" in result.stderr
    assert not srv.exists()

    stranger = tmp_path / "empty_known_hosts"
    stranger.write_text("")
    result = run_deploy(
        make(known_hosts=str(stranger)), "deploy", "--output", str(deploy_builds["first"]), env=sshd.env
    )
    assert result.returncode == 1 and "[deploy-server-failed]" in result.stderr
    assert "Traceback" not in result.stderr and not srv.exists()


def test_an_unsafe_tree_reaches_nothing_on_the_server(deploy_builds, sshd, server_settings, tmp_path):
    from tests.deploy.test_s3_deploy import hostile_copy

    srv, make = server_settings
    hostile = hostile_copy(deploy_builds["first"], tmp_path)
    result = run_deploy(make(), "deploy", "--output", str(hostile), env=sshd.env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[deploy-unsafe-file]" in result.stderr and "[deploy-unsafe-name]" in result.stderr
    assert not srv.exists()


def test_a_redirect_map_nginx_refuses_never_becomes_current(deploy_builds, sshd, server_settings, tmp_path):
    """``nginx -t`` of the uploaded release's map runs on the server before the switch."""
    srv, make = server_settings
    settings = make()
    first = deploy_builds["first"]
    assert run_deploy(settings, "deploy", "--output", str(first), env=sshd.env).returncode == 0
    broken = tmp_path / "broken" / "output"
    shutil.copytree(deploy_builds["second"], broken, symlinks=True)
    with (broken / "redirects.nginx.conf").open("a", encoding="utf-8") as handle:
        handle.write("map $uri $other {\n    /a;b/ /c/;\n}\n")  # what an unchecked editor path could make
    result = run_deploy(settings, "deploy", "--output", str(broken), env=sshd.env)
    assert result.returncode == 1 and "[deploy-nginx-check-failed]" in result.stderr
    assert "Traceback" not in result.stderr
    assert current(srv) == f"releases/{build_id(first)}"
    assert not (srv / "releases" / build_id(broken)).exists()

    result = run_deploy(make(nginx_check="/nonexistent/nginx"), "deploy", "--output", str(deploy_builds["second"]),
                        env=sshd.env)  # fmt: skip
    assert result.returncode == 1 and "[deploy-nginx-check-failed]" in result.stderr  # fails closed
    assert current(srv) == f"releases/{build_id(first)}"
