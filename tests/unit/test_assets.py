"""Fingerprinted asset names change exactly when the content changes."""

import pytest

from plugins.assets.model import AssetManifest, fingerprinted


def test_fingerprint_follows_content(tmp_path):
    (tmp_path / "css").mkdir()
    css = tmp_path / "css" / "site.css"
    css.write_text("body { color: #000 }")
    first = AssetManifest(str(tmp_path))("css/site.css")
    assert (
        first.startswith("css/site.") and first.endswith(".css") and len(first) == len("css/site..css") + 10
    )
    assert AssetManifest(str(tmp_path))("css/site.css") == first  # same bytes, same name
    css.write_text("body { color: #111 }")
    assert AssetManifest(str(tmp_path))("css/site.css") != first
    with pytest.raises(KeyError):
        AssetManifest(str(tmp_path))("css/missing.css")
    assert fingerprinted("a/b.js", b"x") == fingerprinted("a/b.js", b"x") != fingerprinted("a/b.js", b"y")
