"""Caches: keys from everything that shapes a result, atomic writes, corrupt entries discarded."""

from __future__ import annotations

import importlib
import os
import sys

from plugins.common.cache import (
    _project_imports,
    atomic_write,
    cache_key,
    code_closure,
    code_hash,
    json_memo,
    read_verified,
    write_verified,
)
from plugins.site.sources import CACHED_BY


def test_cache_key_separates_its_parts():
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key("x", b"y") == cache_key(b"x", "y")


def test_code_hash_follows_the_source(tmp_path, monkeypatch):
    module = tmp_path / "shaped_by.py"
    module.write_text('CSS = "p { color: red }"\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    before = code_hash("shaped_by")
    module.write_text('CSS = "p { color: blue }"\n')
    code_hash.cache_clear()
    sys.modules.pop("shaped_by", None)
    importlib.invalidate_caches()
    assert code_hash("shaped_by") != before
    code_hash.cache_clear()


def _write_package(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _fresh(*names):
    code_hash.cache_clear()
    _project_imports.cache_clear()
    for name in names:
        sys.modules.pop(name, None)
    importlib.invalidate_caches()


def test_code_hash_follows_every_project_import_at_any_depth(tmp_path, monkeypatch):
    """A cache names only its entry module; helpers it imports, in any form, are in its key."""
    _write_package(
        tmp_path,
        {
            "pkg/__init__.py": "other = 1  # a name, not a module\n",
            "pkg/entry.py": (
                "import json\n"
                "from . import direct\n"
                "from .sub.deep import (\n    one,\n    two as other,\n)\n"
                "def late():\n    import pkg.lazy as lazy  # a function-level import counts\n"
                "from pkg import (  # helpers\n    commented,\n    other,  # the second\n    last,\n)\n"
            ),
            "pkg/commented.py": "A = 1\n",  # named on the line after a comment
            "pkg/last.py": "B = 1\n",  # named on the line after a trailing comment
            "pkg/direct.py": "from pkg.chain import VALUE\n",
            "pkg/chain.py": "VALUE = 1\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/deep.py": "one = two = 1\n",
            "pkg/lazy.py": "X = 1\n",
            "pkg/unrelated.py": "Y = 1\n",
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    _fresh("pkg", "pkg.entry")
    closure = {os.path.relpath(path, tmp_path) for path in code_closure("pkg.entry")}
    assert closure == {
        "pkg/__init__.py",  # ``from . import direct`` runs it
        "pkg/entry.py",
        "pkg/direct.py",
        "pkg/chain.py",
        "pkg/sub/deep.py",
        "pkg/lazy.py",
        "pkg/commented.py",
        "pkg/last.py",
    }
    before = code_hash("pkg.entry")
    for helper, expected_change in (
        ("pkg/unrelated.py", False),
        ("pkg/chain.py", True),
        ("pkg/lazy.py", True),
    ):
        (tmp_path / helper).write_text("CHANGED = 2\n")
        _fresh()
        assert (code_hash("pkg.entry") != before) is expected_change, helper
        before = code_hash("pkg.entry")
    _fresh("pkg", "pkg.entry")


def test_the_project_caches_cover_what_they_used_to_list():
    """The modules each cache once listed by hand are inside its key now that imports are followed."""
    listed = {
        "plugins.common.markdown_images": (
            "plugins.common.sanitize",
            "plugins.common.images",
            "plugins.common.urlpolicy",
        ),
        "plugins.common.privacy": ("plugins.common.videometa",),
    }
    for entry, helpers in listed.items():
        closure = set(code_closure(entry))
        for helper in helpers:
            assert importlib.import_module(helper).__file__ in closure, (entry, helper)
    closure = set(code_closure(*CACHED_BY))
    for helper in (
        "errors",
        "frontmatter",
        "yamlio",
        "limits",
        "privacy",
        "privacyerrors",
        "settings",
        "placeholders",
    ):
        assert importlib.import_module(f"plugins.common.{helper}").__file__ in closure, helper


def test_json_memo_recomputes_what_it_cannot_read(tmp_path):
    """A hit returns the stored value; a torn or unreadable entry is computed again, never an error."""
    calls = []

    def compute():
        calls.append(1)
        return [("key", "message")]

    cache = str(tmp_path / "cache")
    assert json_memo(cache, "f", "k", compute) == [["key", "message"]]  # JSON's shape, hit or miss
    assert json_memo(cache, "f", "k", compute) == [["key", "message"]] and len(calls) == 1
    entry = tmp_path / "cache" / "f" / "k.json"
    entry.write_bytes(entry.read_bytes()[:-2])
    assert json_memo(cache, "f", "k", compute) == [["key", "message"]] and len(calls) == 2
    entry.unlink()
    entry.mkdir()  # a folder where the entry should be: unreadable, and not writable either
    assert json_memo(cache, "f", "k", compute) == [["key", "message"]] and len(calls) == 3
    assert json_memo(None, "f", "k", compute) == [["key", "message"]] and len(calls) == 4


def test_verified_entries_round_trip_and_corrupt_ones_are_dropped(tmp_path):
    entry = tmp_path / "a" / "entry.json"
    write_verified(str(entry), b'{"html": "<p>x</p>"}')
    assert read_verified(str(entry)) == b'{"html": "<p>x</p>"}'
    raw = entry.read_bytes()
    entry.write_bytes(raw[:-3])  # truncated, as by a full disk
    assert read_verified(str(entry)) is None
    assert not entry.exists()  # discarded, so it is made anew
    assert read_verified(str(tmp_path / "missing")) is None
    entry.write_bytes(b"not even a digest")
    assert read_verified(str(entry)) is None


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "x.bin"
    atomic_write(str(target), b"1")
    atomic_write(str(target), b"22")
    assert target.read_bytes() == b"22"
    assert [p.name for p in tmp_path.iterdir()] == ["x.bin"]
