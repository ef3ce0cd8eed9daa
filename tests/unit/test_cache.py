"""Caches: keys from everything that shapes a result, atomic writes, corrupt entries discarded."""

from __future__ import annotations

import importlib
import sys

from plugins.common.cache import atomic_write, cache_key, code_hash, read_verified, write_verified


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
