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


def test_stylesheets_are_published_minified_and_named_by_what_is_served(tmp_path):
    from plugins.assets.model import published_bytes

    css = b"/* theme notes */\n.a {\n  color: red;\n}\n\n.b { margin: 0 }\n"
    assert published_bytes("css/site.css", css) == b".a{color:red}.b{margin:0}"
    assert published_bytes("js/a.js", b"// kept\n") == b"// kept\n"  # scripts as written
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_bytes(css)
    assert AssetManifest(str(tmp_path))("css/site.css") == fingerprinted(
        "css/site.css", b".a{color:red}.b{margin:0}"
    )
