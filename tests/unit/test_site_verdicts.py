"""Cached validation verdicts: the same errors as an uncached load, and never a stale "ok"."""

from __future__ import annotations

import builtins
import hashlib
import os
import shutil
import time

import pytest

import plugins.site.loader as loader_module
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
    return _loaded(content, cache, bodies=True)[1]


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


def test_a_news_file_is_read_for_its_key_once_per_load(content, tmp_path, loads, monkeypatch):
    """The verdict is keyed by the bytes the guard read (its stamp and digest), not by a second read;
    an unchanged file is not read at all (the guard knows its digest by its stamp)."""
    monkeypatch.setattr(sources_module, "RACY_NS", 0)  # the guard shares only settled files
    cache = tmp_path / "cache"
    assert _warm(content, cache) == []
    opened: list[str] = []
    real = builtins.open

    def counting(file, *args, **kwargs):
        if isinstance(file, str | os.PathLike) and str(content / "news") in os.fspath(file):
            opened.append(os.fspath(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting)
    assert _errors(content, cache) == [] and loads[-1].computed == 0 and opened == []
    _edit(content / NAMES_MECH, "college: mech", "college: cs")
    assert _errors(content, cache) == [] and loads[-1].computed == 1
    assert opened == [str(content / NAMES_MECH)] * 2  # by the guard, by the verdict's parse


def test_only_a_settled_file_shares_its_digest(tmp_path):
    """A file changed within RACY_NS of the guard's stat is read again by its verdict (real RACY_NS)."""
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: x\n---\n")
    memo = sources_module.SourceFiles()
    before = time.time_ns()
    memo.note_read(str(path), os.stat(path), path.read_bytes(), before)
    assert memo.read_digest(str(path)) is None  # changed this tick: not shared
    later = before + 2 * verdicts_module.RACY_NS
    memo.note_read(str(path), os.stat(path), b"---\n", later)
    assert memo.read_digest(str(path)) is None  # not the whole file
    memo.note_read(str(path), os.stat(path), path.read_bytes(), later)
    stamp, digest = memo.read_digest(str(path))
    assert stamp == verdicts_module._stamp("stat", str(path))
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert memo.read_digest(str(path)) is None  # once


def test_a_file_saved_between_the_guard_and_its_verdict_is_cached_under_neither_bytes(
    content, tmp_path, loads, monkeypatch
):
    """A save while a load runs: the verdict computed from the new bytes is never reused for the old ones."""
    monkeypatch.setattr(sources_module, "RACY_NS", 0)
    cache = tmp_path / "cache"
    assert _warm(content, cache) == []
    article = content / NAMES_MECH
    good = article.read_text(encoding="utf-8")
    other = good.replace("college: mech", "college: cs")  # valid, and a key no load has seen
    broken = good.replace("college: mech", "college: nosuch")
    real_guard = loader_module.guard_content

    def guard_then_save(*args, **kwargs):
        result = real_guard(*args, **kwargs)
        article.write_text(broken, encoding="utf-8")  # the editor saves after the guard read
        return result

    article.write_text(other, encoding="utf-8")
    monkeypatch.setattr(loader_module, "guard_content", guard_then_save)
    _errors(content, cache)  # keyed by the bytes the guard read, computed from the saved ones
    monkeypatch.setattr(loader_module, "guard_content", real_guard)
    article.write_text(other, encoding="utf-8")  # the bytes the guard read: their own verdict
    assert _errors(content, cache) == [] and loads[-1].computed == 1
    article.write_text(broken, encoding="utf-8")
    expected = _errors(content, tmp_path / "empty-cache")
    assert [e.key for e in expected] == ["unknown-college"]
    assert _errors(content, cache) == expected


def test_a_body_saved_between_the_guard_and_its_verdict_is_rendered_and_kept_under_no_key(
    content, tmp_path, loads, monkeypatch
):
    """A text kept under a verdict's key is the text of the bytes in that key, never of bytes saved later.

    The review's race: the guard hashes the old bytes (the key), the verdict reads the new ones.
    Had the new text been kept under the old key, a later load of the old bytes (an undo) that
    reuses that key's verdict would render the newer body.
    """
    monkeypatch.setattr(sources_module, "RACY_NS", 0)
    cache = tmp_path / "cache"
    _loaded(content, cache, bodies=True)
    article = content / NAMES_MECH
    old = article.read_text(encoding="utf-8").replace(
        "college: mech", "college: cs"
    )  # a key no load has seen
    new = old.replace("\n\n", "\n\n保存于检查之后的一段。\n\n", 1)
    article.write_text(old, encoding="utf-8")
    real_guard = loader_module.guard_content

    def guard_then_save(*args, **kwargs):
        result = real_guard(*args, **kwargs)
        article.write_text(new, encoding="utf-8")  # the editor saves after the guard read
        return result

    monkeypatch.setattr(loader_module, "guard_content", guard_then_save)
    site, _ = _loaded(content, cache, bodies=True)
    monkeypatch.setattr(loader_module, "guard_content", real_guard)
    rendered = _bodies(site)["content/" + NAMES_MECH]
    assert "保存于检查之后的一段。" in rendered  # this load renders what it read: the file now
    from plugins.common.cache import read_keyed_entries

    kept = read_keyed_entries(str(cache / CACHE_FOLDER / verdicts_module.TEXTS_FILE), loads[-1].settings_key)
    assert kept and rendered not in kept.values()  # under no key: the key was the old bytes'
    article.write_text(old, encoding="utf-8")  # an undo
    site, _ = _loaded(content, cache, bodies=True)
    assert "保存于检查之后的一段。" not in _bodies(site)["content/" + NAMES_MECH]
    assert _bodies(site) == {p: _file_bodies(content)[p] for p in _bodies(site)}


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


def _loaded(content, cache, bodies):
    """The site of a load with ``cache`` that gives news bodies (a build) or not (``invoke check``)."""
    if not cache.exists():
        seed_pure_caches(cache)
    return load_site(load_settings(PATH=str(content), PHOTO_CACHE_PATH=str(cache)), bodies=bodies)


def _bodies(site) -> dict[str, str]:
    return {a.path: a.source.body for a in site.news}


def _file_bodies(content) -> dict[str, str]:
    """Each valid news file's body as the file has it (what a build must render)."""
    from plugins.common.frontmatter import split_front_matter

    found = {}
    for path in sorted((content / "news").rglob("*.md")):
        shown = "content/" + path.relative_to(content).as_posix()
        found[shown] = split_front_matter(path.read_text(encoding="utf-8"), shown).body
    return found


def test_check_and_build_loads_give_the_same_errors_and_only_a_build_reads_the_bodies(
    content, tmp_path, loads, monkeypatch
):
    """``invoke check`` (``bodies=False``) never reads the texts file, and finds what a build finds.

    Links and images of the bodies (the check's part) travel with the verdict; a
    body that links a draft and one that shows a missing image keep their errors.
    """
    _edit(content / "news/2024/alumni-forest.md", "tree-planting.jpg)", "missing-photo.jpg)")
    _edit(
        content / NAMES_MECH, "\n\n", "\n\n见[冬季聚会]({filename}/news/2026/draft-winter-reunion.md)。\n\n"
    )
    cache = tmp_path / "cache"
    build_site, build_errors = _loaded(content, cache, bodies=True)
    assert {"image-not-found", "link-to-draft"} <= {e.key for e in build_errors}
    texts = cache / CACHE_FOLDER / verdicts_module.TEXTS_FILE
    assert texts.is_file()
    expected = _file_bodies(content)
    assert _bodies(build_site) == {p: expected[p] for p in _bodies(build_site)}
    assert any(_bodies(build_site).values())
    read: list[str] = []
    real = verdicts_module.read_keyed_entries

    def reading(path, key):
        read.append(os.path.basename(path))
        return real(path, key)

    monkeypatch.setattr(verdicts_module, "read_keyed_entries", reading)
    check_site, check_errors = _loaded(content, cache, bodies=False)
    assert check_errors == build_errors
    assert loads[-1].computed == 0 and verdicts_module.TEXTS_FILE not in read
    assert set(_bodies(check_site)) == set(_bodies(build_site)) and not any(_bodies(check_site).values())
    # The same facts, cold: no cache at all.
    assert load_site(load_settings(PATH=str(content)), bodies=False)[1] == build_errors


def test_a_check_after_an_edit_keeps_every_other_body_for_the_next_build(content, tmp_path, loads):
    """The check stores the edited article's new verdict: the texts file keeps the others' texts and gets the new one."""
    cache = tmp_path / "cache"
    _loaded(content, cache, bodies=True)
    path = content / NAMES_MECH
    _edit(path, "\n\n", "\n\n新增的一段正文。\n\n")
    _, errors = _loaded(content, cache, bodies=False)
    assert loads[-1].computed == 1
    site, again = _loaded(content, cache, bodies=True)
    assert again == errors and loads[-1].computed == 0
    assert _bodies(site) == {p: _file_bodies(content)[p] for p in _bodies(site)}
    assert "新增的一段正文。" in _bodies(site)["content/" + NAMES_MECH]


@pytest.mark.parametrize("damage", ["missing", "corrupt", "empty"])
def test_a_lost_texts_file_gives_the_bodies_again_from_the_files(content, tmp_path, loads, damage):
    """A text is found by its verdict's key or computed again: never an empty or another file's body."""
    cache = tmp_path / "cache"
    site, errors = _loaded(content, cache, bodies=True)
    texts = cache / CACHE_FOLDER / verdicts_module.TEXTS_FILE
    if damage == "missing":
        texts.unlink()
    elif damage == "corrupt":
        texts.write_bytes(texts.read_bytes()[:-40] + b"x" * 40)
    else:  # verified, but holding no text: as if an older load had written it
        from plugins.common.cache import write_keyed_entries

        write_keyed_entries(str(texts), loads[-1].settings_key, {})
    again, errors_again = _loaded(content, cache, bodies=True)
    assert errors_again == errors
    assert _bodies(again) == _bodies(site) == {p: _file_bodies(content)[p] for p in _bodies(site)}
    assert loads[-1].computed == len(_bodies(site))  # every article with a body computed again
    assert _bodies(_loaded(content, cache, bodies=True)[0]) == _bodies(site) and loads[-1].computed == 0


def test_an_empty_body_is_kept_like_any_other(content, tmp_path, loads):
    """A news file with nothing under its front matter: its empty text is stored, not computed on every load."""
    path = content / NAMES_MECH
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("---", 3) + 4], encoding="utf-8")
    cache = tmp_path / "cache"
    _loaded(content, cache, bodies=True)
    site, _ = _loaded(content, cache, bodies=True)
    assert loads[-1].computed == 0 and _bodies(site)["content/" + NAMES_MECH] == ""
