"""The content guard and the hardening settings, through ``load_site`` (no Pelican)."""

from __future__ import annotations

import shutil

import pytest

from plugins.common.limits import Limits
from plugins.common.privacy import PrivacyPolicy
from plugins.site.guard import guard_content
from plugins.site.loader import load_config, load_site
from tests.conftest import SAMPLE_CONTENT
from wfu.build import load_settings

NEWS = "news/2023/council-election.md"


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


def test_settings_are_read_once_into_the_site_config():
    config, errors = load_config(load_settings(PATH=str(SAMPLE_CONTENT)))
    assert errors == []
    assert isinstance(config.privacy, PrivacyPolicy) and "wfu.edu.cn" in config.privacy.allowed_email_domains
    assert config.limits == Limits()
    assert config.sanitize.video_hosts == frozenset()
    assert config.publish is False


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("PRIVACY", {"allowed_values": "0536"}, "allowed_values"),
        ("PRIVACY", {"allowed_email_domains": ["not a domain"]}, "not a domain"),
        ("PRIVACY", {"phones": ()}, "未知的键"),
        ("LIMITS", {"title_chars": 0}, "title_chars"),
        ("LIMITS", {"title_chars": True}, "title_chars"),
        ("SANITIZE", {"video_hosts": ["Bad Host"]}, "Bad Host"),
        ("PUBLISH", "yes", "PUBLISH"),
    ],
)
def test_bad_hardening_settings_are_settings_errors(name, value, words):
    config, errors = load_config(load_settings(PATH=str(SAMPLE_CONTENT), **{name: value}))
    assert config is None
    assert [e.key for e in errors] == ["invalid-setting"]
    assert errors[0].path == "pelicanconf.py" and errors[0].line > 0
    assert name in errors[0].message and words in errors[0].message


def test_allowed_values_let_a_public_number_through(content):
    path = content / NEWS
    path.write_text(path.read_text(encoding="utf-8") + "\n值班手机 13800000000。\n", encoding="utf-8")
    _, errors = load_site(load_settings(PATH=str(content)))
    assert [e.key for e in errors] == ["personal-data"]
    _, errors = load_site(
        load_settings(PATH=str(content), PRIVACY={"allowed_values": ("值班手机 13800000000",)})
    )
    assert errors == []


def test_limits_come_from_settings(content):
    _, errors = load_site(load_settings(PATH=str(content), LIMITS={"title_chars": 5}))
    assert errors and {e.key for e in errors} == {"too-long"}
    assert all("标题" in e.message for e in errors)


def test_guard_passes_the_fixture_and_the_sample_content():
    assert guard_content(str(SAMPLE_CONTENT), Limits(), PrivacyPolicy()).errors == []
    assert (
        guard_content(str(SAMPLE_CONTENT.parent.parent.parent / "content"), Limits(), PrivacyPolicy()).errors
        == []
    )


def test_guard_blocks_on_resource_errors_only(content):
    path = content / NEWS
    path.write_text(path.read_text(encoding="utf-8") + "\n手机 13812345678\n", encoding="utf-8")
    result = guard_content(str(content), Limits(), PrivacyPolicy())
    assert [e.key for e in result.errors] == ["personal-data"] and not result.blocking
    (content / "data" / "honours.yml").write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    result = guard_content(str(content), Limits(), PrivacyPolicy())
    assert result.blocking and "yaml-alias" in {e.key for e in result.errors}


def test_a_missing_front_matter_is_left_to_the_section(content):
    (content / NEWS).write_text("no front matter\n", encoding="utf-8")
    assert guard_content(str(content), Limits(), PrivacyPolicy()).errors == []
    _, errors = load_site(load_settings(PATH=str(content)))
    assert [e.key for e in errors if e.path.endswith(NEWS)] == ["missing-front-matter"]
