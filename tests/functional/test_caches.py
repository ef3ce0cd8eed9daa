"""Build caches: a corrupt entry is rebuilt (never published); new code means new entries.

Built from the small content tree (:mod:`tests.small_site`): an article with a cover
and a photo fills both kinds of entry, and three builds of the fixture site would
prove nothing more.
"""

from __future__ import annotations

from pathlib import Path

import plugins.wechat.section as wechat_section
from tests.small_site import make_small_content
from tools.diff_output import compare
from wfu.build import build, load_settings


def _build(tmp_path: Path, name: str, cache: Path) -> Path:
    content = tmp_path / "content"
    if not content.exists():
        make_small_content(content)
    settings = load_settings(PATH=str(content), PHOTO_CACHE_PATH=str(cache))
    return Path(build(settings, str(tmp_path / name / "output")))


def test_corrupt_entries_are_rebuilt_and_new_code_makes_new_entries(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = _build(tmp_path, "first", cache)
    fragments = sorted((cache / "wechat" / "fragments").glob("*.json"))
    manifests = sorted(cache.glob("*/manifest.json"))
    assert fragments and manifests
    fragments[0].write_bytes(fragments[0].read_bytes()[:40])  # a half-written entry
    manifests[0].write_text("[]")  # a hand-edited one
    second = _build(tmp_path, "second", cache)
    assert compare(first, second) == []  # the same site, not a broken export or photo list
    assert len(list((cache / "wechat" / "fragments").glob("*.json"))) == len(fragments)

    monkeypatch.setattr(wechat_section, "code_hash", lambda *modules: "changed-code")
    _build(tmp_path, "third", cache)
    assert len(list((cache / "wechat" / "fragments").glob("*.json"))) == 2 * len(fragments)
