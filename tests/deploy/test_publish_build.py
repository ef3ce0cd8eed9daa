"""What `invoke build --publish` adds for publishing: build-info.json and deterministic .gz/.br files."""

from __future__ import annotations

import gzip
import json

import brotli

from wfu.precompress import TEXT_SUFFIXES


def test_every_text_file_has_its_precompressed_variants(deploy_builds):
    first = deploy_builds["first"]
    texts = [p for p in first.rglob("*") if p.is_file() and p.name.endswith(TEXT_SUFFIXES)]
    large = [p for p in texts if p.stat().st_size >= 512]
    assert len(large) > 150
    for path in large:
        data = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
    for path in texts:
        if path.stat().st_size < 512:
            assert not path.with_name(path.name + ".gz").exists(), path
    assert not [p for p in first.rglob("*.jpg.gz")] and not [p for p in first.rglob("*.gz.gz")]


def test_unchanged_pages_give_identical_compressed_bytes(deploy_builds):
    first, second = deploy_builds["first"], deploy_builds["second"]
    same = [p.relative_to(first) for p in first.rglob("*.html") if (second / p.relative_to(first)).is_file()
            and (second / p.relative_to(first)).read_bytes() == p.read_bytes()]  # fmt: skip
    assert len(same) > 100
    for path in same:
        gz = first / (str(path) + ".gz")
        if gz.exists():
            assert gz.read_bytes() == (second / (str(path) + ".gz")).read_bytes(), path


def test_build_info_says_how_the_site_was_built(deploy_builds, sample_site):
    info = json.loads((deploy_builds["first"] / "build-info.json").read_text())
    assert info["publish"] is True and info["siteurl"] == "https://xiaoyou.wfu.edu.cn"
    assert (
        info["build_id"] != json.loads((deploy_builds["second"] / "build-info.json").read_text())["build_id"]
    )
    preview = json.loads((sample_site / "build-info.json").read_text())
    assert preview["publish"] is False
    assert not list(sample_site.rglob("*.gz"))  # the preview is not precompressed
    urls = (deploy_builds["first"] / "urls.txt").read_text()
    sitemap = (deploy_builds["first"] / "sitemap.xml").read_text()
    # the data API's documents are public URLs (locked like pages); no other JSON is
    assert not [
        u
        for u in urls.split()
        if u.endswith((".gz", ".br")) or u.endswith(".json") and not u.startswith("/api/")
    ]
    assert "/api/v1/index.json" in urls.split()
    assert "build-info" not in sitemap and ".gz</loc>" not in sitemap and ".br</loc>" not in sitemap
