"""Staging cannot leak into production: its address, its locks, its build info and where it may go."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tests.conftest import FIXTURE_LOCK, ROOT, SAMPLE_CONTENT
from wfu.build import PUBLISH_SETTINGS, check_site, load_settings
from wfu.buildinfo import BuildInfoError, read_build_info, write_build_info
from wfu.deploy.cli import check_build
from wfu.deploy.report import DeployFailed
from wfu.deploy.targets import DeploySettingsError, deploy_config

NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
REAL = "https://xiaoyou.wfu.edu.cn"


# ---------------------------------------------------------------- the address


def test_a_staging_publish_never_defaults_to_the_real_address(monkeypatch):
    monkeypatch.delenv("SITEURL", raising=False)
    monkeypatch.delenv("SITE_STAGING", raising=False)
    assert load_settings(PUBLISH_SETTINGS)["SITEURL"] == REAL  # the real publication
    monkeypatch.setenv("SITE_STAGING", "1")
    settings = load_settings(PUBLISH_SETTINGS, PATH=str(SAMPLE_CONTENT))
    assert settings["SITEURL"] == ""  # STAGING_SITEURL is empty in publishconf.py
    [error] = check_site(settings)
    assert error.key == "missing-staging-siteurl" and error.path == "SITEURL" and error.line == 0
    assert error.format().startswith("SITEURL: 测试版（SITE_STAGING=1）需要自己的网址")
    assert "STAGING_SITEURL" in error.message and "[missing-staging-siteurl]" in error.format()


def test_a_configured_staging_address_is_used(monkeypatch):
    monkeypatch.setenv("SITE_STAGING", "1")
    monkeypatch.setenv("SITEURL", "https://test.xiaoyou.wfu.edu.cn")
    settings = load_settings(PUBLISH_SETTINGS, PATH=str(SAMPLE_CONTENT))
    assert settings["SITEURL"] == "https://test.xiaoyou.wfu.edu.cn"
    assert not [e for e in check_site(settings) if e.key == "missing-staging-siteurl"]


# ---------------------------------------------------------------- build-info.json


def test_build_info_records_staging_and_an_older_one_without_it_is_refused(tmp_path):
    info = write_build_info(str(tmp_path), {"PUBLISH": True, "SITEURL": REAL}, NOW, staging=True)
    assert info["staging"] is True and read_build_info(str(tmp_path))["staging"] is True
    assert write_build_info(str(tmp_path), {"PUBLISH": True}, NOW)["staging"] is False
    older = {k: v for k, v in info.items() if k != "staging"}
    (tmp_path / "build-info.json").write_text(json.dumps(older), encoding="utf-8")
    with pytest.raises(BuildInfoError, match=r"\[build-info-invalid\]"):
        read_build_info(str(tmp_path))


# ---------------------------------------------------------------- the locks


def lock_urls(output, lock, env: dict) -> subprocess.CompletedProcess:
    """``invoke build --publish``'s second step, through the real command line."""
    return subprocess.run(
        [sys.executable, "-m", "wfu.build", "lock-urls", "--publish", "--output", str(output),
         "--lock", str(lock), "--content", str(SAMPLE_CONTENT)],
        cwd=ROOT, capture_output=True, text=True,
        env={k: v for k, v in {**os.environ, "SITEURL": REAL, **env}.items() if v is not None},
    )  # fmt: skip


@pytest.fixture
def built(tmp_path):
    """A finished build with one page that is not yet in the lock."""
    output = tmp_path / "output"
    (output / "news/2099/test-article").mkdir(parents=True)
    (output / "news/2099/test-article/index.html").write_text("<p>测试文章</p>", encoding="utf-8")
    lock = tmp_path / "locks" / "urls.lock"
    lock.parent.mkdir()
    lock.write_bytes(FIXTURE_LOCK.read_bytes())
    return output, lock


@pytest.mark.parametrize(
    ("staging_build", "environment"), [(True, None), (True, "1"), (False, "1")], ids=["info", "both", "env"]
)
def test_a_staging_build_never_writes_urls_lock_or_events_lock(built, staging_build, environment):
    output, lock = built
    write_build_info(str(output), {"PUBLISH": True, "SITEURL": REAL}, NOW, staging=staging_build)
    before = lock.read_bytes()
    result = lock_urls(output, lock, {"SITE_STAGING": environment})
    assert result.returncode == 0, result.stderr
    assert "测试版构建（SITE_STAGING=1）：urls.lock 和 events.lock 保持不变" in result.stdout
    assert lock.read_bytes() == before
    assert not (lock.parent / "events.lock").exists()


def test_a_real_build_writes_both_locks(built):
    output, lock = built
    write_build_info(str(output), {"PUBLISH": True, "SITEURL": REAL}, NOW, staging=False)
    result = lock_urls(output, lock, {"SITE_STAGING": None})
    assert result.returncode == 0, result.stderr
    assert "/news/2099/test-article/" in lock.read_text(encoding="utf-8").split()
    assert (lock.parent / "events.lock").is_file()


def test_a_folder_without_build_info_locks_nothing(built):
    output, lock = built
    before = lock.read_bytes()
    result = lock_urls(output, lock, {"SITE_STAGING": None})
    assert (
        result.returncode == 1
        and "[build-info-missing]" in result.stderr
        and "Traceback" not in result.stderr
    )
    assert lock.read_bytes() == before and not (lock.parent / "events.lock").exists()


# ---------------------------------------------------------------- deploy

TARGETS = {
    "web": {"kind": "server", "host": "xiaoyou.wfu.edu.cn", "user": "deploy", "path": "/srv/wfu-alumni-site"},
    "test": {"kind": "server", "host": "test.xiaoyou.wfu.edu.cn", "user": "deploy", "path": "/srv/test",
             "staging": True},
    "oss": {"kind": "s3", "bucket": "wfu-site", "endpoint_url": "https://oss-cn-qingdao.aliyuncs.com"},
    "oss-test": {"kind": "s3", "bucket": "wfu-site-test", "endpoint_url": "https://oss-cn-qingdao.aliyuncs.com",
                 "staging": True},
}  # fmt: skip


@pytest.mark.parametrize(
    ("staging_build", "target", "refusal"),
    [
        (True, "web", "deploy-staging-to-production"),
        (True, "oss", "deploy-staging-to-production"),
        (False, "test", "deploy-production-to-staging"),
        (False, "oss-test", "deploy-production-to-staging"),
        (True, "test", None),
        (True, "oss-test", None),
        (False, "web", None),
        (False, "oss", None),
    ],
)
def test_deploy_sends_staging_only_to_staging_and_real_only_to_real(tmp_path, staging_build, target, refusal):
    write_build_info(str(tmp_path), {"PUBLISH": True, "SITEURL": REAL}, NOW, staging=staging_build)
    config = deploy_config({"DEPLOY": {"targets": TARGETS}})
    settings = {"SITEURL": REAL}
    if refusal is None:
        assert check_build(str(tmp_path), settings, config.target(target))["staging"] is staging_build
        return
    with pytest.raises(DeployFailed) as info:
        check_build(str(tmp_path), settings, config.target(target))
    message = str(info.value)
    assert message.endswith(f"[{refusal}]") and target in message and "Traceback" not in message
    assert ("测试版构建" if staging_build else "正式构建") in message


def test_the_staging_flag_of_a_target_is_checked():
    bad = dict(TARGETS["web"], staging="yes")
    with pytest.raises(DeploySettingsError) as info:
        deploy_config({"DEPLOY": {"targets": {"web": bad}}})
    assert any("['staging']" in m and "[deploy-setting-invalid]" in m for m in info.value.messages)
    real = deploy_config(load_settings(PUBLISH_SETTINGS))
    assert not any(t.staging for t in real.targets.values())  # publishconf.py ships only real targets
