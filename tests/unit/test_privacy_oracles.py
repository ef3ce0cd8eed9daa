"""The scan's fast paths against their plain versions (kept here, small, as oracles).

The detectors read a fold computed without offset maps; the Pagefind CBOR reader
gathers distinct values at C speed; the output walk lists folders with
``os.scandir``.  Each must give exactly what the plain version gave.
"""

import os
import unicodedata
from collections.abc import Mapping

import cbor2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import plugins.common.privacy as privacy
from plugins.common.privacy import (
    MOBILE,
    PERSONAL_EMAIL,
    UNREADABLE,
    Finding,
    PrivacyPolicy,
    find_personal_data,
    scan_output_tree,
)
from plugins.common.privacyerrors import policy_from_settings
from tests.unit import test_privacy, test_privacy_normalise
from tests.unit.test_privacy import TODAY
from tests.unit.test_privacy_scan import _ALPHABET

# ---- The fold ---------------------------------------------------------------------


def _category(*names: str) -> list[str]:
    """Every character below U+30000 of these general categories."""
    return [chr(c) for c in range(0x30000) if unicodedata.category(chr(c)) in names]


_FORMAT = sorted(privacy._FORMAT_CHARS)  # every format character (Cf), all planes
_DIGITS = [c for c in _category("Nd") if not c.isascii()]
_DASHES_SPACES = [*_category("Pd", "Zs"), "\u2212"]
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_FULL_WIDTH = st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF)
_PUNCTUATION = st.sampled_from(list("，：（）。｡、；！？《》【】「」『』〔〕\u3000"))
_FOLD_TEXTS = st.lists(
    st.characters(max_codepoint=0x7F)
    | _CJK
    | _FULL_WIDTH
    | _PUNCTUATION
    | st.sampled_from(_FORMAT)
    | st.sampled_from(_DIGITS)
    | st.sampled_from(_DASHES_SPACES)
    | _ALPHABET
    | st.sampled_from(
        ["zhang(at)163.com", "a [at] qq.com", "b at qq.com", "c#qq.com", "qq(dot)com", "d。com"]
    ),
    max_size=40,
).map("".join)


@given(_FOLD_TEXTS)
@settings(deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
def test_fold_equals_normalises_text(text):
    assert privacy.fold(text) == privacy.normalise(text)[0]


def test_every_special_character_folds_as_normalise_folds_it():
    """Each character normalise may change, alone and between ASCII (format characters are deleted)."""
    for char in sorted(privacy._SPECIAL):
        assert privacy.fold(char) == privacy.normalise(char)[0], hex(ord(char))
    text = "1".join(sorted(privacy._SPECIAL))
    assert privacy.fold(text) == privacy.normalise(text)[0]
    assert privacy.fold("".join(_FORMAT)) == ""


def _find_with_maps(text, policy=None, today=TODAY):
    """find_personal_data as it was: the detectors on normalise's text, every position mapped back."""
    folded, original = privacy.normalise(text)
    chosen = privacy._folded_findings(folded, policy or PrivacyPolicy(), today)
    return [Finding(original(f.start), original(f.end - 1) + 1, f.kind) for f in chosen]


def _table(test):
    """The texts of a parametrized test's table."""
    (mark,) = [mark for mark in test.pytestmark if mark.name == "parametrize"]
    return [row[0] if isinstance(row, tuple) else row for row in mark.args[1]]


_TABLES = [
    *_table(test_privacy.test_finds),
    *_table(test_privacy.test_passes),
    *_table(test_privacy_normalise.test_hostile_spellings_are_found),
    *_table(test_privacy_normalise.test_lookalikes_are_not_personal_data),
    *_table(test_privacy_normalise.test_spaced_at_is_folded_only_before_a_free_mailbox),
]
_DUTY = policy_from_settings({"allowed_values": ["13812345678", "3号楼2单元301室"]})


def test_the_tables_are_read():
    assert len(_TABLES) > 80 and any(find_personal_data(text, today=TODAY) for text in _TABLES)


@pytest.mark.parametrize("text", _TABLES)
def test_findings_and_positions_are_those_of_the_mapped_scan(text):
    for policy in (None, _DUTY):
        assert find_personal_data(text, policy, TODAY) == _find_with_maps(text, policy)
        padded = f"第一行\u200b，（ａｔ）\n{text}\u3000。"
        assert find_personal_data(padded, policy, TODAY) == _find_with_maps(padded, policy)


@given(_FOLD_TEXTS)
@settings(deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow])
def test_generated_findings_are_those_of_the_mapped_scan(text):
    for policy in (None, _DUTY):
        assert find_personal_data(text, policy, TODAY) == _find_with_maps(text, policy)
        assert privacy.kinds_found(text, policy, TODAY) == [
            kind for kind in privacy.KINDS if kind in {f.kind for f in _find_with_maps(text, policy)}
        ]


# ---- The Pagefind CBOR reader -------------------------------------------------------------


def _cbor_strings_walk(data: bytes) -> list[str]:
    """The reader's rule as a plain definition (the old walk's, with floats and other values read
    as they print since): every value turned into a text, repeats included."""
    return _texts_of(cbor2.loads(data))


def _texts_of(value) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, bytes):
        return [value.decode("utf-8", errors="replace")]
    if isinstance(value, str | int):
        return [str(value)]
    if isinstance(value, cbor2.CBORTag):
        return _texts_of(value.value)
    if isinstance(value, Mapping):
        return [text for pair in value.items() for part in pair for text in _texts_of(part)]
    if isinstance(value, list | tuple | set | frozenset):
        return [text for item in value for text in _texts_of(item)]
    return [str(value)]


# Few distinct values, so documents repeat them; 1, True, 1.0 and simple value 1 are equal in Python.
_SCALARS = (
    st.sampled_from(
        [0, 1, -1, 2, True, False, 1.0, 0.0, 2.5, None, "", "1", "孔子", b"1", b"\xff\xfe", 2**70]
    )
    | st.builds(cbor2.CBORSimpleValue, st.sampled_from([0, 1, 2, 16]))
    | st.integers(-(2**64), 2**64)
    | st.text(max_size=8)
    | st.binary(max_size=8)
)
_KEYS = st.sampled_from([0, 1, "a", "1", b"k", -5, 2**70])
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=6)
        | st.dictionaries(_KEYS, inner, max_size=4)
        | st.builds(cbor2.CBORTag, st.integers(40000, 40100), inner)
    ),
    max_leaves=60,
)


@given(_DOCUMENTS)
@settings(deadline=None, max_examples=800, suppress_health_check=[HealthCheck.too_slow])
def test_the_cbor_reader_finds_the_texts_of_the_plain_walk(document):
    data = cbor2.dumps(document)
    assert privacy._cbor_strings(data) == sorted(set(_cbor_strings_walk(data)))


def test_a_pagefind_shaped_index_keeps_its_integers_beside_equal_booleans():
    document = [[["孔", [[8, [-25, 85, 299], []], [1, [-25, 954], []]], []]], [True, 1, 1.0], [False, 0]]
    data = cbor2.dumps(document)
    texts = privacy._cbor_strings(data)
    assert texts == sorted(set(_cbor_strings_walk(data)))
    assert {"0", "1", "8", "-25", "954", "孔"} <= set(texts) and "True" not in texts


# ---- The walk over the output ---------------------------------------------------------


def _walk_as_it_was(folder):
    """(relative, name, full path or None) as scan_output_tree's os.walk loop produced them."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(root, d))]):
            full = os.path.join(root, name)
            relative = os.path.relpath(full, folder).replace(os.sep, "/")
            regular = not os.path.islink(full) and os.path.isfile(full)
            yield relative, name, (full if regular else None)


def test_the_walk_lists_what_os_walk_listed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("13812345678", encoding="utf-8")
    site = tmp_path / "site"
    (site / "a" / "b" / "c").mkdir(parents=True)
    (site / "a-b").mkdir()
    (site / "index.html").write_text("<p>潍坊学院</p>", encoding="utf-8")
    (site / "a" / "b" / "c" / "deep.txt").write_text("联系 138 1234 5678", encoding="utf-8")
    (site / "a" / "b" / "list.json").write_text('{"mail": "zhang@qq.com"}', encoding="utf-8")
    (site / "a-b" / "zhang%40qq.com.txt").write_text("x", encoding="utf-8")
    (site / "a" / "data.xlsx").write_bytes(b"PK\x03\x04")  # an unknown suffix
    os.symlink(outside / "secret.txt", site / "a" / "linked.txt")
    os.symlink(outside, site / "a" / "linked-folder")
    os.symlink(tmp_path / "missing", site / "broken.txt")
    os.mkfifo(site / "a" / "b" / "pipe.txt")

    assert sorted(privacy._output_files(str(site))) == sorted(_walk_as_it_was(str(site)))
    assert scan_output_tree(str(site), today=TODAY) == [
        ("a-b/zhang%40qq.com.txt", PERSONAL_EMAIL),
        ("a/b/c/deep.txt", MOBILE),
        ("a/b/list.json", PERSONAL_EMAIL),
        ("a/b/pipe.txt", UNREADABLE),
        ("a/data.xlsx", UNREADABLE),
        ("a/linked-folder", UNREADABLE),
        ("a/linked.txt", UNREADABLE),
        ("broken.txt", UNREADABLE),
    ]
    assert scan_output_tree(str(tmp_path / "no-such-folder"), today=TODAY) == []


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(tmp_path, monkeypatch):
    """Fail closed: what cannot be listed cannot be scanned (as root, permissions would not stop
    the listing, so the listing itself fails here)."""
    (tmp_path / "site" / "locked").mkdir(parents=True)
    (tmp_path / "site" / "locked" / "a.txt").write_text("13812345678", encoding="utf-8")
    (tmp_path / "site" / "ok.txt").write_text("潍坊学院", encoding="utf-8")
    listing = os.scandir

    def refusing(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return listing(path)

    monkeypatch.setattr(privacy.os, "scandir", refusing)
    assert scan_output_tree(str(tmp_path / "site"), today=TODAY) == [("locked", UNREADABLE)]


def test_values_pagefind_does_not_write_are_read_not_skipped():
    mobile = "13812345678"
    for document in (
        {frozenset({mobile}): 1},  # a set as a map key (cbor2's FrozenDict/frozenset)
        [{mobile, "潍坊"}],  # a CBOR set
        [13812345678.0],  # a float
    ):
        texts = privacy._cbor_strings(cbor2.dumps(document))
        assert any(mobile in text for text in texts), document
