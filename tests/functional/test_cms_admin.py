"""/admin/ in the shared builds: ours, generated, and kept out of everything public."""

from __future__ import annotations

import os

import pytest
import yaml

from plugins.cms.generator import HERE, JS_YAML, ROOT, vendor_files
from plugins.cms.model import decap_config
from plugins.cms.settings import cms_config
from plugins.urls.model import site_urls

VENDOR = os.path.join(ROOT, cms_config(None).vendor)


def _need_vendor():
    if not os.path.isfile(os.path.join(VENDOR, "decap-cms.js")):
        reason = "the web editor is not installed (npm ci --prefix tools/cms)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)


def test_admin_is_served_from_our_site(sample_site):
    _need_vendor()
    admin = sample_site / "admin"
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<script src="decap-cms.js"></script>' in html and "http" not in html
    for name in vendor_files(VENDOR):  # the bundle, its chunks and wasm, byte for byte
        with open(os.path.join(VENDOR, name), "rb") as handle:
            assert (admin / name).read_bytes() == handle.read(), name
    # the data files' list format and its YAML library (pinned in tools/cms), loaded before admin.js
    with open(os.path.normpath(os.path.join(VENDOR, JS_YAML)), "rb") as handle:
        assert (admin / "js-yaml.min.js").read_bytes() == handle.read()
    with open(os.path.join(HERE, "list-format.js"), "rb") as handle:
        assert (admin / "list-format.js").read_bytes() == handle.read()
    scripts = [line for line in html.splitlines() if line.startswith("<script")]
    assert scripts == [
        f'<script src="{name}"></script>'
        for name in ("decap-cms.js", "js-yaml.min.js", "list-format.js", "admin.js")
    ]
    css = (admin / "admin.js").read_text(encoding="utf-8").split('"')[1]
    assert (sample_site / css.lstrip("/")).is_file()  # the preview's stylesheet is the site's


def test_config_is_the_generated_one(sample_site):
    _need_vendor()
    config = yaml.safe_load((sample_site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "zh_Hans" and config["backend"]["name"] == "proxy"
    assert config["backend"]["proxy_url"].startswith("http://127.0.0.1:")
    assert [c["name"] for c in config["collections"]] == [
        c["name"] for c in decap_config({}, cms_config(None))["collections"]
    ]
    assert {f["file"] for f in config["collections"][-1]["files"]} == {
        "content/data/associations.yml",
        "content/data/honours.yml",
        "content/data/graduates.yml",
        "content/data/milestones.yml",
    }


def test_admin_stays_out_of_public_lists(sample_site):
    assert "Disallow: /admin/" in (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert "/admin/" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert not [url for url in site_urls(str(sample_site)) if url.startswith("/admin")]
    assert b"/admin/" not in (sample_site / "index.html").read_bytes()  # no link from the site


def test_publish_without_a_git_server_has_no_admin(published_site):
    """The published site's editor needs the university's Git server (publishconf.py CMS)."""
    assert not (published_site / "admin").exists()
