"""Pinyin remembered between builds (plugins/common/pinyin.py): same words, pypinyin not loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pypinyin import Style, lazy_pinyin

from plugins.common import pinyin
from plugins.common.slugs import slugify
from tests.conftest import ROOT

TEXTS = ["重庆校友会", "重要通知", "2024 AI 论坛", "校友大讲堂第3期", "吕布", "Zhang 三", "〇一二", "ABC"]


@pytest.fixture(autouse=True)
def no_store():
    yield
    pinyin.use_cache(None)


def test_words_are_exactly_lazy_pinyin_with_and_without_the_cache(tmp_path):
    expected = [tuple(lazy_pinyin(t, style=Style.NORMAL, errors="default", v_to_u=False)) for t in TEXTS]
    assert [pinyin.pinyin_words(t) for t in TEXTS] == expected
    pinyin.use_cache(str(tmp_path))
    assert [pinyin.pinyin_words(t) for t in TEXTS] == expected  # fills the store
    pinyin.save_cache()
    pinyin.use_cache(None)
    pinyin.use_cache(str(tmp_path))
    assert [pinyin.pinyin_words(t) for t in TEXTS] == expected  # read back
    assert pinyin.pinyin_words("重庆") == ("chong", "qing")


def test_a_warm_cache_gives_slugs_without_loading_pypinyin(tmp_path):
    pinyin.use_cache(str(tmp_path))
    slugs = [slugify(t) for t in TEXTS]
    pinyin.save_cache()
    script = (
        "import sys\n"
        "from plugins.common import pinyin\n"
        "from plugins.common.slugs import slugify\n"
        f"pinyin.use_cache({str(tmp_path)!r})\n"
        f"print([slugify(t) for t in {TEXTS!r}])\n"
        "print('pypinyin' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shown, loaded = result.stdout.splitlines()
    assert shown == repr(slugs) and loaded == "False"


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path):
    pinyin.use_cache(str(tmp_path))
    pinyin.pinyin_words("重庆")
    pinyin.save_cache()
    (entry,) = tmp_path.glob("pinyin-*.json")
    entry.write_bytes(entry.read_bytes().replace(b"chong", b"zhong"))  # digest no longer matches
    pinyin.use_cache(None)
    pinyin.use_cache(str(tmp_path))
    assert pinyin.pinyin_words("重庆") == ("chong", "qing")


def test_an_unwritable_cache_only_costs_speed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    pinyin.use_cache(str(blocker / "sub"))
    assert pinyin.pinyin_words("重庆") == ("chong", "qing")
    pinyin.save_cache()  # no exception
