"""``invoke deploy`` refuses a staging build on a real target, through the real command line."""

from __future__ import annotations

import json

import pytest

from tests.deploy.conftest import run_deploy, settings_file

pytestmark = pytest.mark.servers


def test_a_staging_build_never_reaches_a_real_target(deploy_builds, tmp_path):
    """Refused before any connection: nothing is created on the target, nothing is sent."""
    first = deploy_builds["first"]
    assert (
        json.loads((first / "build-info.json").read_text())["staging"] is True
    )  # tests/conftest.py run_build
    srv = tmp_path / "srv"
    real = {"kind": "server", "host": "127.0.0.1", "user": "deploy", "path": str(srv)}
    bucket = {"kind": "s3", "bucket": "wfu-site", "endpoint_url": "http://127.0.0.1:9"}
    settings = settings_file(tmp_path, {"default": "web", "targets": {"web": real, "oss": bucket}})
    for target in ("web", "oss"):
        result = run_deploy(settings, "deploy", "--target", target, "--output", str(first))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert (
            f"不能发布到正式目标 {target}" in result.stderr
            and "[deploy-staging-to-production]" in result.stderr
        )
    assert not srv.exists()
