"""A missing server program skips a publishing test locally and fails it under CI=true."""

import pytest

from tests.deploy.conftest import require


def test_missing_tool_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true: nginx is missing"):
        require(False, "nginx is missing")


def test_missing_tool_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="nginx is missing"):
        require(False, "nginx is missing")
    require(True, "never shown")
