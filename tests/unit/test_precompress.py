"""wfu/precompress.py and wfu/buildinfo.py: deterministic variants, settings, the build's info file."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import brotli
import pytest

from wfu.buildinfo import BuildInfoError, read_build_info, write_build_info
from wfu.precompress import (
    PrecompressSettingsError,
    config_from,
    gzip_bytes,
    precompress_site,
    precompress_tree,
)

PAGE = ("<p>潍坊学院校友会</p>\n" * 200).encode("utf-8")


def test_gzip_is_deterministic_with_mtime_zero():
    first, second = gzip_bytes(PAGE), gzip_bytes(PAGE)
    assert first == second
    assert first[4:8] == b"\0\0\0\0"  # MTIME field of the gzip header
    assert gzip.decompress(first) == PAGE


def test_tree_gets_gz_and_br_beside_text_files_only(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "index.html").write_bytes(PAGE)
    (tmp_path / "feed.atom.xml").write_bytes(PAGE)
    (tmp_path / "tiny.css").write_bytes(b"a{}")
    (tmp_path / "photo.jpg").write_bytes(PAGE)  # not a text type, whatever its bytes
    written = precompress_tree(str(tmp_path), config_from({"PRECOMPRESS": {"enabled": True}}))
    assert written == 4
    assert gzip.decompress((tmp_path / "news" / "index.html.gz").read_bytes()) == PAGE
    assert brotli.decompress((tmp_path / "news" / "index.html.br").read_bytes()) == PAGE
    assert (tmp_path / "feed.atom.xml.gz").is_file()
    assert not (tmp_path / "tiny.css.gz").exists() and not (tmp_path / "photo.jpg.gz").exists()
    before = (tmp_path / "news" / "index.html.gz").read_bytes()
    precompress_tree(str(tmp_path), config_from({"PRECOMPRESS": {"enabled": True}}))
    assert (tmp_path / "news" / "index.html.gz").read_bytes() == before
    assert not (tmp_path / "news" / "index.html.gz.gz").exists()


def test_disabled_by_default_and_formats_selectable(tmp_path):
    (tmp_path / "index.html").write_bytes(PAGE)
    assert precompress_site(str(tmp_path), {}) == 0 and not (tmp_path / "index.html.gz").exists()
    assert precompress_site(str(tmp_path), {"PRECOMPRESS": {"enabled": True, "formats": ["gz"]}}) == 1
    assert not (tmp_path / "index.html.br").exists()


@pytest.mark.parametrize(
    "user",
    [
        {"enable": True},
        {"enabled": "yes"},
        {"min_size": -1},
        {"min_size": True},
        {"formats": ["zstd"]},
        {"formats": []},
    ],
)
def test_bad_settings_are_refused(user):
    with pytest.raises(PrecompressSettingsError, match="PRECOMPRESS"):
        config_from({"PRECOMPRESS": user})


def test_a_bad_setting_fails_the_build_with_a_message(tmp_path):
    from plugins.common.errors import ContentErrors

    with pytest.raises(ContentErrors) as caught:
        precompress_site(str(tmp_path), {"PRECOMPRESS": {"enabled": True, "level": 3}})
    (error,) = caught.value.errors
    assert error.format().endswith("[precompress-setting-invalid]") and "level" in error.message


def test_build_info_round_trip_and_refusals(tmp_path):
    now = datetime(2026, 11, 26, 8, 30, tzinfo=UTC)
    info = write_build_info(str(tmp_path), {"PUBLISH": True, "SITEURL": "https://xiaoyou.wfu.edu.cn"}, now)
    assert info["build_id"].startswith("20261126T083000Z-") and info["publish"] is True
    assert read_build_info(str(tmp_path)) == info
    assert write_build_info(str(tmp_path), {}, now)["publish"] is False  # PUBLISH defaults to False
    (tmp_path / "build-info.json").write_text("{not json")
    with pytest.raises(BuildInfoError, match=r"\[build-info-invalid\]"):
        read_build_info(str(tmp_path))
    (tmp_path / "build-info.json").write_text(json.dumps({"build_id": "../../etc", "publish": True}))
    with pytest.raises(BuildInfoError, match=r"\[build-info-invalid\]"):
        read_build_info(str(tmp_path))
    with pytest.raises(BuildInfoError, match=r"\[build-info-missing\]"):
        read_build_info(str(tmp_path / "nowhere"))
