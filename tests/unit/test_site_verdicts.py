"""Cached validation verdicts: the same errors as an uncached load, and never a stale "ok"."""

from __future__ import annotations

import os
import shutil
import time

import pytest

import plugins.site.sources as sources_module
import plugins.site.verdicts as verdicts_module
from plugins.site.loader import load_site
from plugins.site.verdicts import CACHE_FILE, CACHE_FOLDER, Verdicts, traced_reads
from tests.conftest import SAMPLE_CONTENT, seed_pure_caches
from wfu.build import load_settings

NAMES_MECH = "news/2023/internship-base.md"  # college: mech
COVER = "images/news/alumni-reunion.jpg"  # the cover of news/2023/class-2003-reunion.md only


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


@pytest.fixture
def loads(monkeypatch):
    """Every load's verdicts: how many were computed (the rest were reused)."""
    seen: list[Verdicts] = []
    real = sources_module.SourceFiles.save

    def save(self):
        seen.append(self.verdicts)
        real(self)

    monkeypatch.setattr(sources_module.SourceFiles, "save", save)
    # Files of a test are seconds old: without this, the racy-time rule would store no verdict.
    monkeypatch.setattr(verdicts_module, "RACY_NS", 0)
    return seen


def _errors(content, cache):
    """The errors of a load with ``cache``; a new cache starts with the pure caches only.

    They (image derivatives, the scan's verdicts) are pure functions of bytes and code (tests.conftest.seed_pure_caches): made
    again, they cost seconds per load and tell nothing about the cache under test here.
    """
    if not cache.exists():
        seed_pure_caches(cache)
    site, errors = load_site(load_settings(PATH=str(content), PHOTO_CACHE_PATH=str(cache)))
    return errors


def _warm(content, cache):
    """Two loads: the first also writes the photo derivatives the magazine's verdict then reads."""
    first = _errors(content, cache)
    assert _errors(content, cache) == first
    return first


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_cached_and_uncached_loads_give_the_same_errors_on_the_fixture_site(content, tmp_path, loads):
    # A mixture of per-file problems, so that error verdicts are cached too.
    _edit(content / NAMES_MECH, "college: mech", "college: nosuch")
    _edit(content / "news/2023/visit-qingdao.md", "title:", "title: [unclosed\ntitle_again:")
    _edit(content / "news/2024/alumni-forest.md", "tree-planting.jpg)", "missing-photo.jpg)")
    cache = tmp_path / "cache"
    cold = _warm(content, cache)
    assert {"unknown-college", "image-not-found"} <= {e.key for e in cold}
    assert loads[-2].computed > 30 and (cache / CACHE_FOLDER / CACHE_FILE).is_file()
    warm = _errors(content, cache)
    assert loads[-1].computed == 0  # every verdict reused
    assert warm == cold == _errors(content, tmp_path / "empty-cache")
    stored = cache / CACHE_FOLDER / CACHE_FILE
    stored.write_bytes(stored.read_bytes()[:-5] + b"xxxxx")  # corrupt: ignored, recomputed
    assert _errors(content, cache) == cold and loads[-1].computed > 30


def test_a_removed_college_invalidates_the_verdict_of_an_article_naming_it(content, tmp_path, loads):
    cache = tmp_path / "cache"
    assert _warm(content, cache) == []
    assert _errors(content, cache) == [] and loads[-1].computed == 0
    (content / "colleges" / "mech.md").unlink()
    errors = _errors(content, cache)
    named = [e for e in errors if e.path.endswith(NAMES_MECH)]
    assert [e.key for e in named] == ["unknown-college"]  # no stale "ok" from the warm cache
    assert errors == _errors(content, tmp_path / "empty-cache")
    shutil.copyfile(SAMPLE_CONTENT / "colleges" / "mech.md", content / "colleges" / "mech.md")
    assert _errors(content, cache) == []  # and no stale error once it is back


def test_a_changed_or_removed_image_invalidates_the_verdict_that_read_it(content, tmp_path, loads):
    cache = tmp_path / "cache"
    assert _warm(content, cache) == []
    image = content / COVER
    image.write_bytes(b"not an image any more")
    errors = _errors(content, cache)
    assert {(e.path.rsplit("/", 1)[-1], e.key) for e in errors} == {("class-2003-reunion.md", "image-type")}
    # The article that read the image (the registered sections are validated on every load).
    assert loads[-1].computed == 1
    assert _errors(content, cache) and loads[-1].computed == 0  # the new stamps were stored
    image.unlink()
    assert [e.key for e in _errors(content, cache)] == ["image-not-found"]
    shutil.copyfile(SAMPLE_CONTENT / COVER, image)
    assert _errors(content, cache) == []
    os.utime(image)  # touched, same bytes: the article that read it is validated again, once
    assert _errors(content, cache) == [] and loads[-1].computed == 1  # (published before and after)
    assert _errors(content, cache) == [] and loads[-1].computed == 0


def test_a_file_changed_just_before_is_not_trusted(tmp_path):
    """The racy-time rule (real RACY_NS): a verdict that read a file changed this tick is not stored."""
    image = tmp_path / "a.txt"
    image.write_text("one", encoding="utf-8")
    memo = Verdicts(str(tmp_path / "v.pickle"))
    calls = []

    def compute():
        calls.append(1)
        return image.read_text(encoding="utf-8")

    assert memo.get("k", compute) == "one" and memo.get("k", compute) == "one"
    assert len(calls) == 2  # not stored: the file is younger than RACY_NS


def test_traced_reads_records_what_was_read_and_refuses_what_changed_meanwhile(tmp_path):
    (tmp_path / "a").write_text("x", encoding="utf-8")
    real = (os.stat, os.lstat, os.listdir, os.scandir, open)
    with traced_reads() as reads:
        os.path.isfile(tmp_path / "a")
        os.path.exists(tmp_path / "missing")
        os.listdir(tmp_path)
        with open(tmp_path / "a", encoding="utf-8") as handle:
            handle.read()
    assert reads[("stat", str(tmp_path / "missing"))] == "missing"
    assert reads[("list", str(tmp_path))] == ("a",)
    assert reads[("stat", str(tmp_path / "a"))][1] == 1  # its size, among type, times and inode
    with traced_reads() as reads:
        os.stat(tmp_path / "a")
        time.sleep(0.02)
        (tmp_path / "a").write_text("changed", encoding="utf-8")
    assert ("unstorable", "") in reads
    with traced_reads() as reads:
        os.stat(0)  # a descriptor: nothing a later load could check
    assert ("unstorable", "") in reads
    with traced_reads() as outer:
        with traced_reads() as inner:  # a verdict inside a verdict: both record the read
            os.path.isfile(tmp_path / "a")
    assert ("stat", str(tmp_path / "a")) in inner and ("stat", str(tmp_path / "a")) in outer
    assert (os.stat, os.lstat, os.listdir, os.scandir, open) == real  # put back


def test_sections_beside_cached_verdicts_follow_their_files_and_the_ids_they_are_given(
    content, tmp_path, loads
):
    """Gifts (→ projects, colleges) and the magazine (its YAML, PDF and cover) are validated on every
    load (registered sections): with warm news verdicts their errors are those of an uncached load."""
    cache = tmp_path / "cache"
    assert _warm(content, cache) == []
    assert _errors(content, cache) == [] and loads[-1].computed == 0
    (content / "donors" / "projects" / "teacher-fund.md").unlink()  # a project id named by a gift
    errors = _errors(content, cache)
    assert ("2025.yml", "unknown-project") in {(e.path.rsplit("/", 1)[-1], e.key) for e in errors}
    assert errors == _errors(content, tmp_path / "empty-cache")
    shutil.copyfile(
        SAMPLE_CONTENT / "donors/projects/teacher-fund.md", content / "donors/projects/teacher-fund.md"
    )
    assert _errors(content, cache) == []
    pdf = content / "files" / "magazine" / "2026-1.pdf"  # the PDF (magazine/2026-1.yml)
    pdf.write_bytes(b"not a pdf")
    errors = _errors(content, cache)
    assert [e.key for e in errors] == ["pdf-unreadable"]
    assert errors == _errors(content, tmp_path / "empty-cache-2")
