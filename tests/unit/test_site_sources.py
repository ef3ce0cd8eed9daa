"""The per-load memo and the cache between loads: they change the speed of a load, never its errors."""

from __future__ import annotations

import datetime
import os
import shutil

import pytest

import plugins.site.guard as guard_module
import plugins.site.sources as sources_module
from plugins.common.cache import stable_repr, write_verified
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.limits import Limits
from plugins.common.privacy import PrivacyPolicy
from plugins.site.loader import load_site
from plugins.site.sources import CACHE_FILE, CACHE_FOLDER, SourceFiles
from tests.conftest import SAMPLE_CONTENT, seed_pure_caches
from wfu.build import load_settings

NEWS = "news/2023/council-election.md"
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    path = target / NEWS
    path.write_text(path.read_text(encoding="utf-8") + "\n手机 13812345678\n", encoding="utf-8")
    return target


def _errors(content, cache, **settings):
    """The errors of a load with ``cache``; a new cache starts with the pure caches only.

    They (image derivatives, the scan's verdicts) are pure functions of bytes and code (tests.conftest.seed_pure_caches): made
    again, they cost seconds per load and tell nothing about the cache under test here.
    """
    if not cache.exists():
        seed_pure_caches(cache)
    return load_site(load_settings(PATH=str(content), PHOTO_CACHE_PATH=str(cache), **settings))[1]


def test_a_cold_warm_corrupt_or_stale_cache_gives_the_same_errors(content, tmp_path):
    cache = tmp_path / "cache"
    expected = _errors(content, tmp_path / "other-cache")
    assert [e.key for e in expected] == ["personal-data"]
    assert _errors(content, cache) == expected  # cold
    stored = cache / CACHE_FOLDER / CACHE_FILE
    assert stored.is_file()
    assert _errors(content, cache) == expected  # warm
    stored.write_bytes(stored.read_bytes()[:-10] + b"0123456789")  # corrupt: fails its digest
    assert _errors(content, cache) == expected
    write_verified(str(stored), b"not a pickle")  # verified but unreadable
    assert _errors(content, cache) == expected
    write_verified(str(stored), __import__("pickle").dumps(("other settings", {})))  # stale
    assert _errors(content, cache) == expected


def test_a_changed_file_or_setting_is_seen_through_a_warm_cache(content, tmp_path):
    cache = tmp_path / "cache"
    assert [e.key for e in _errors(content, cache)] == ["personal-data"]
    path = content / NEWS
    path.write_text(
        path.read_text(encoding="utf-8").replace("手机 13812345678", "手机号已删除"), encoding="utf-8"
    )
    assert _errors(content, cache) == []
    path.write_text(path.read_text(encoding="utf-8") + "\n值班手机 13800000000。\n", encoding="utf-8")
    assert [e.key for e in _errors(content, cache)] == ["personal-data"]
    allowed = {"allowed_values": ("值班手机 13800000000",)}
    assert _errors(content, cache, PRIVACY=allowed) == []
    too_short = _errors(content, cache, LIMITS={"title_chars": 3})
    assert "too-long" in {e.key for e in too_short}


@pytest.fixture
def guard_reads(monkeypatch):
    """The content files the guard opens (its ``open``), by name."""
    opened: list[str] = []

    def counting(file, *args, **kwargs):
        opened.append(os.path.basename(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(guard_module, "open", counting, raising=False)
    return opened


def test_a_file_unchanged_since_the_last_load_is_not_read_again(content, tmp_path, monkeypatch, guard_reads):
    monkeypatch.setattr(sources_module, "RACY_NS", 0)  # the test's files are younger than the racy time
    cache = tmp_path / "cache"
    expected = _errors(content, tmp_path / "other-cache")
    assert _errors(content, cache) == expected and len(guard_reads) > 30
    guard_reads.clear()
    assert _errors(content, cache) == expected and guard_reads == []  # by stamp and digest
    path = content / NEWS  # a same-size rewrite, its modification time set back: the change time tells
    before = os.stat(path)
    path.write_text(path.read_text(encoding="utf-8").replace("13812345678", "一二三xy"), encoding="utf-8")
    assert os.stat(path).st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _errors(content, cache) == [] and guard_reads == [os.path.basename(NEWS)]
    guard_reads.clear()
    assert _errors(content, cache) == [] and guard_reads == []


def test_a_file_changed_within_the_racy_time_is_read_on_every_load(
    content, tmp_path, guard_reads, monkeypatch
):
    """A stamp taken in the same tick as a write could hide a second write: a young file is always read.

    The window is made 60 s (the real one is 2 s): the rule is the same for any window, and on a
    loaded machine the pure caches' copy and the settings alone took longer than 2 s between the
    write and the guard's ``stat`` (the file was then settled, and the test failed for no bug).
    The cache is seeded before the write for the same reason.
    """
    monkeypatch.setattr(sources_module, "RACY_NS", 60_000_000_000)
    cache = tmp_path / "cache"
    seed_pure_caches(cache)
    path = content / NEWS
    path.write_text(path.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    expected = _errors(content, cache)
    guard_reads.clear()
    assert _errors(content, cache) == expected and os.path.basename(NEWS) in guard_reads


def _counting(calls):
    def compute():
        calls.append(1)
        return [ContentError("content/a.md", 3, "personal-data", "x")]

    return compute


def test_guard_errors_are_computed_once_per_bytes_path_settings_and_code(tmp_path, monkeypatch):
    limits, policy = Limits(), PrivacyPolicy()
    calls: list[int] = []
    first = SourceFiles.open(str(tmp_path), limits, policy, TODAY)
    errors = first.guard_errors("content/a.md", b"abc", _counting(calls))
    assert first.guard_errors("content/a.md", b"abc", _counting(calls)) == errors and len(calls) == 1
    first.save()
    again = SourceFiles.open(str(tmp_path), limits, policy, TODAY)
    assert again.guard_errors("content/a.md", b"abc", _counting(calls)) == errors and len(calls) == 1
    assert again.guard_errors("content/a.md", b"abd", _counting(calls)) and len(calls) == 2  # bytes
    assert again.guard_errors("content/b.md", b"abc", _counting(calls)) and len(calls) == 3  # path
    for changed in (
        SourceFiles.open(str(tmp_path), Limits(title_chars=5), policy, TODAY),
        SourceFiles.open(str(tmp_path), limits, PrivacyPolicy(allowed_values=("x",)), TODAY),
        SourceFiles.open(str(tmp_path), limits, policy, TODAY + datetime.timedelta(days=1)),
    ):
        changed.guard_errors("content/a.md", b"abc", _counting(calls))
    assert len(calls) == 6
    monkeypatch.setattr(sources_module, "code_hash", lambda *modules: "edited")
    SourceFiles.open(str(tmp_path), limits, policy, TODAY).guard_errors(
        "content/a.md", b"abc", _counting(calls)
    )
    assert len(calls) == 7


def test_front_matter_is_parsed_once_and_its_errors_are_kept_too(tmp_path, monkeypatch):
    parsed = []
    real = sources_module.split_front_matter
    monkeypatch.setattr(sources_module, "split_front_matter", lambda *a: parsed.append(a) or real(*a))
    memo = SourceFiles.open(str(tmp_path), Limits(), PrivacyPolicy(), TODAY)
    good = "---\ntitle: 标题\n---\n正文\n"
    assert memo.front_matter(good, "content/a.md").meta == {"title": "标题"}
    assert memo.front_matter(good, "content/a.md") is memo.front_matter(good, "content/a.md")
    for _ in range(2):
        with pytest.raises(ContentErrors) as raised:
            memo.front_matter("no header\n", "content/b.md")
        assert [e.key for e in raised.value.errors] == ["missing-front-matter"]
    assert len(parsed) == 2
    memo.save()
    warm = SourceFiles.open(str(tmp_path), Limits(), PrivacyPolicy(), TODAY)
    front = warm.front_matter(good, "content/a.md")
    assert front.meta.line_of("title") == 2 and front.body_line == 4 and len(parsed) == 2
    with pytest.raises(ContentErrors):
        warm.front_matter("no header\n", "content/b.md")
    assert len(parsed) == 2


def test_no_cache_root_still_memoises_and_writes_nothing(tmp_path):
    memo = SourceFiles.open(None, Limits(), PrivacyPolicy(), None)
    memo.front_matter("---\na: 1\n---\n", "content/a.md")
    memo.save()
    assert not os.listdir(tmp_path)


def test_the_settings_key_does_not_depend_on_set_order():
    policy = PrivacyPolicy(allowed_email_domains=frozenset({"b.cn", "a.cn", "c.cn"}))
    assert stable_repr(policy) == stable_repr(
        PrivacyPolicy(allowed_email_domains=frozenset(["c.cn", "a.cn", "b.cn"]))
    )
    assert "a.cn" in stable_repr(policy) and stable_repr(Limits()) != stable_repr(Limits(title_chars=5))
