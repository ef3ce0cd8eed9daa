"""The fast paths of the privacy guard find exactly what the plain scan finds.

Prefilters skip a detector only when its hint is absent; one call scans a
built file's texts joined by a separator; a cache keyed by the file's bytes
skips unchanged files.  None of them may hide personal data.
"""

import datetime
import json
import re
import threading
import time
import unicodedata
from types import SimpleNamespace
from unittest import mock
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import plugins.common.privacy as privacy
from plugins.common.cache import write_verified
from plugins.common.errors import ContentErrors
from plugins.common.privacy import (
    BANK_CARD,
    HOME_ADDRESS,
    ID_NUMBER,
    MOBILE,
    PERSONAL_EMAIL,
    find_personal_data,
    kinds_found,
    output_kinds,
    scan_output_tree,
)
from plugins.common.privacyerrors import policy_from_settings
from tests.unit.test_privacy import CARD, ID, ID_X, TODAY, make_card, make_id
from wfu.build import check_output_privacy


def full_width(text: str) -> str:
    return text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})


CARD_AMEX = make_card("37", 15)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (full_width(ID_X), ID_NUMBER),  # full-width digits and "Ｘ"
        (f"身份证 {full_width(ID_X.lower())}", ID_NUMBER),
        (f"{ID[:6]}-{ID[6:14]}-{ID[14:]}", ID_NUMBER),
        (full_width("13812345678"), MOBILE),
        ("138.1234.5678", MOBILE),
        ("138\u00a01234\u20095678", MOBILE),  # no-break and thin spaces are folded
        ("+86\u3000138 1234 5678", MOBILE),  # ideographic space
        ("＋８６－１３８－１２３４－５６７８", MOBILE),
        ("(+86)13812345678", MOBILE),
        ("0086-13812345678", MOBILE),
        ("86 13812345678", MOBILE),
        ("138—1234—5678", MOBILE),  # em dashes are folded to "-"
        (f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}", BANK_CARD),
        (full_width(f"{CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:]}"), BANK_CARD),
        (f"{CARD_AMEX[:4]} {CARD_AMEX[4:10]} {CARD_AMEX[10:]}", BANK_CARD),  # 4-6-5
        ("zhang３＠ｑｑ.com", PERSONAL_EMAIL),
        ("３号楼２单元３０１室", HOME_ADDRESS),
        ("3 号楼 2 单元 301 室", HOME_ADDRESS),
        ("十二幢三单元五零二", HOME_ADDRESS),
        ("7座1801号房", HOME_ADDRESS),
        ("５号院３０１户", HOME_ADDRESS),
        ("３－２－３０１室", HOME_ADDRESS),
        ("12-3-1201 号", HOME_ADDRESS),
        ("门牌 A12", HOME_ADDRESS),
        ("家庭地址：奎文区某小区", HOME_ADDRESS),
        ("住址：寒亭区开元街道", HOME_ADDRESS),
    ],
)
def test_hostile_spellings_pass_the_prefilters(text, kind):
    assert kinds_found(text, today=TODAY) == [kind]
    assert kinds_found(f"<p>正文</p>{text}<p>结尾</p>", today=TODAY) == [kind]


# Characters the detectors care about, and some they do not.
_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９ -.－—+＋()@＠Xxa.comq\u3000\u00a0:：\x00")
    + "号楼 栋 幢 座 号院 单元 门 牌 门牌 住址 家庭 地址 室 户 号房 号".split()
    + list("一二三十零两〇学院")
    + ["86", "138", "1234", "5678", "@qq.com", ID, CARD, ID_X]
    # spellings the normaliser folds, and the newer detectors' words
    + [
        "\u200b",
        "\u00ad",
        "𝟏",
        "٣",
        "(at)",
        "[at]",
        "。com",
        "QQ",
        "qq号",
        "QQ群",
        "wx",
        "Tel",
        "C",
        "D",
        "/",
        "-1-",
    ]
)
_TEXTS = st.lists(_ALPHABET, max_size=40).map("".join)
_EVERYWHERE = re.compile("")


@given(_TEXTS)
@settings(deadline=None, max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
def test_prefilters_never_change_the_findings(text):
    for policy in (None, policy_from_settings({"allowed_values": ["13812345678", "3号楼2单元301室"]})):
        fast = find_personal_data(text, policy, TODAY)
        with (
            mock.patch.object(privacy, "_DIGITS_HINT", _EVERYWHERE),
            mock.patch.object(privacy, "_HOME_HINT", _EVERYWHERE),
            mock.patch.object(privacy, "_EMAIL_HINT", ""),
            mock.patch.object(privacy, "_QQ_HINT", _EVERYWHERE),
        ):
            assert find_personal_data(text, policy, TODAY) == fast


@given(st.lists(_TEXTS, max_size=6), st.sampled_from([privacy._TEXT_SEPARATOR, *privacy.BARRIERS]))
@settings(deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
def test_joined_texts_have_the_findings_of_each_text(texts, separator):
    """The separator, and each barrier, is never part of a finding and never changes one on either side."""
    joined = separator.join(texts)
    expected, offset = [], 0
    for text in texts:
        expected += [
            privacy.Finding(f.start + offset, f.end + offset, f.kind)
            for f in find_personal_data(text, today=TODAY)
        ]
        offset += len(text) + len(separator)
    assert find_personal_data(joined, today=TODAY) == expected


# Percent-escapes of what the detectors read (digits, "@", spaces, dashes, 住址, full-width
# digits), of barriers and separators, and broken ones; with the barriers themselves.
_ESCAPED = [
    "%31",
    "%33",
    "%38",
    "%2d",
    "%2D",
    "%20",
    "%40",
    "%2C",
    "%22",
    "%27",
    "%3B",
    "%00",
    "%E4%BD%8F%E5%9D%80",
    "%EF%BC%91",
    "%E5%8F%B7%E6%A5%BC",
    "%",
    "%2",
    "%zz",
    "%%31",
    "%25",
]
_ENCODED_TEXTS = st.lists(
    _ALPHABET
    | st.sampled_from([*_ESCAPED, "13", "%381234", "1%3"])
    | st.sampled_from(list(privacy.BARRIERS)),
    max_size=40,
).map("".join)
_POLICIES = [
    None,
    policy_from_settings({"allowed_values": ["13812345678"]}),
    policy_from_settings({"allowed_values": ["a,13812345678", "3号楼2单元301室;"]}),  # values with barriers
]


@given(_ENCODED_TEXTS, st.sampled_from(_POLICIES))
@example("13%3812345678", None)  # an escape inside a mobile: its digits before the escape count
@example("1381234%35678,", None)  # ... and after it
@example("a%2C13812345678", None)  # a decoded comma lets the mobile begin
@example("x%E4%BD%8F%E5%9D%80：寒亭区开元街道", None)  # a decoded 住址
@example("%31%33%38%31%32%33%34%35%36%37%38", _POLICIES[1])
@example("a,%31%33812345678", _POLICIES[2])
@settings(deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
def test_decoding_the_stretches_around_escapes_finds_what_decoding_everything_finds(text, policy):
    """A script is scanned with its percent-decoded stretches, not decoded whole twice its size."""
    stretches = privacy._percent_decoded(text, policy)
    assert privacy._kinds_of_texts([text, *stretches], policy, TODAY) == privacy._kinds_of_texts(
        [text, unquote(text)], policy, TODAY
    )
    assert sum(map(len, stretches)) <= len(unquote(text))


def test_an_allowed_value_with_a_barrier_keeps_its_stretch_whole():
    """Cut at the comma, "a,%31%33812345678" would show a mobile that the allowed value covers."""
    policy = policy_from_settings({"allowed_values": ["a,13812345678"]})
    assert output_kinds("x a,%31%33812345678 y", "a.js", policy, TODAY) == []
    assert output_kinds("x b,%31%33812345678 y", "a.js", policy, TODAY) == [MOBILE]
    assert output_kinds("x b,%31%33812345678 y", "a.js", today=TODAY) == [MOBILE]


def test_a_long_script_is_decoded_only_around_its_escapes():
    script = ("var a=1,b=2;" * 100_000) + 'u="tel:%2B86%20138%201234%205678";' + ("c(d);" * 100_000)
    stretches = privacy._percent_decoded(script)
    assert stretches == ["tel:+86 138 1234 5678"]
    assert output_kinds(script, "app.js", today=TODAY) == [MOBILE]


_HOMES = ["2单元301室", "3号楼2单元301室", "C栋1202室", "5号院301户", "十二幢三单元五零二", "7座1801号房"]
_HOMES += ["12-3-1201 号", "门牌 A12", "住址：寒亭区开元街道", "家庭地址：奎文区某小区", "家庭住址：某小区"]


@given(_TEXTS)
@settings(deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow])
def test_homes_without_their_words_match_as_the_dashed_rooms_do(text):
    for case in (text, *(f"{text}{home}" for home in _HOMES)):
        folded = privacy.fold(case)
        found = [(f.start, f.end) for f in privacy._homes(folded)]
        assert found == [m.span() for m in privacy._HOME.finditer(folded)]
        assert privacy._home_hint(folded) or not found


@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=200) | _TEXTS)
@settings(deadline=None, max_examples=500)
def test_normalised_text_has_no_format_character_nor_foreign_digit(text):
    """What the detectors read: no Cf character, only ASCII digits, and a valid map back."""
    folded, original = privacy.normalise(text)
    assert not any(unicodedata.category(c) == "Cf" for c in folded)
    assert all(c.isascii() for c in folded if unicodedata.category(c) == "Nd")
    positions = [original(i) for i in range(len(folded))]
    assert positions == sorted(positions)
    assert all(0 <= p < len(text) for p in positions)


def test_separator_is_matched_by_no_separator_class():
    for pattern in (r"\s", r"[ \-.]", r"\w", r"\d", r"[ \-]", privacy._N):
        assert not re.match(pattern, privacy._TEXT_SEPARATOR)
    assert privacy.fold(privacy._TEXT_SEPARATOR) == privacy._TEXT_SEPARATOR


def test_an_allowed_value_spanning_the_separator_is_not_applied_across_texts():
    """Joined, the texts "x" and " a 13812345678 " would contain this allowed value; apart, neither does."""
    page = '<a href="x">a 13812345678</a>'
    value = "x" + privacy._TEXT_SEPARATOR + " a 13812345678"
    assert value in privacy._TEXT_SEPARATOR.join(privacy.output_texts(page, "a.html"))
    policy = policy_from_settings({"allowed_values": [value]})
    assert output_kinds(page, "a.html", policy, TODAY) == [MOBILE]


def test_repeated_texts_are_scanned_once_and_still_found():
    page = '<a href="tel:13812345678">a</a>' * 3 + '<a href="/about/">关于</a>' * 40
    assert output_kinds(page, "a.html", today=TODAY) == [MOBILE]


# ---- The scan cache ---------------------------------------------------------------


def _scan_counter():
    return mock.patch.object(privacy, "read_output_file", wraps=privacy.read_output_file)


def test_warm_scan_skips_unchanged_files_and_catches_a_changed_one(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "a.html").write_text("<p>办公电话 0536-8785000</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>你好</p>", encoding="utf-8")
    assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == []
    assert (cache / "output-scan.json").is_file()

    with _scan_counter() as scanned:
        assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == []
    assert scanned.call_count == 0  # nothing changed: nothing scanned

    (site / "b.html").write_text("<p>你好，请联系 138 1234 5678</p>", encoding="utf-8")
    with _scan_counter() as scanned:
        assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == [("b.html", MOBILE)]
    assert scanned.call_count == 1
    with _scan_counter() as scanned:  # a finding is cached like a clean result
        assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == [("b.html", MOBILE)]
    assert scanned.call_count == 0


def test_policy_date_and_code_are_part_of_the_key(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    duty = policy_from_settings({"allowed_values": ["13800000000"]})
    (site / "a.html").write_text("<p>值班手机 13800000000</p>", encoding="utf-8")
    assert scan_output_tree(str(site), duty, TODAY, str(cache)) == []
    assert scan_output_tree(str(site), None, TODAY, str(cache)) == [("a.html", MOBILE)]
    assert scan_output_tree(str(site), duty, TODAY, str(cache)) == []

    born = make_id(born="20261101")
    (site / "a.html").write_text(f"<p>{born}</p>", encoding="utf-8")
    assert scan_output_tree(str(site), None, datetime.date(2026, 10, 1), str(cache)) == []  # not born yet
    assert scan_output_tree(str(site), None, TODAY, str(cache)) == [("a.html", ID_NUMBER)]

    with mock.patch.object(privacy, "code_hash", lambda *modules: "changed-code"), _scan_counter() as scanned:
        assert scan_output_tree(str(site), None, TODAY, str(cache)) == [("a.html", ID_NUMBER)]
    assert scanned.call_count == 1


def test_the_text_kind_is_part_of_the_key(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    escaped = json.dumps({"phone": "13812345678"}, ensure_ascii=True).replace("1", "\\u0031").encode()
    (site / "a.json").write_bytes(escaped)
    assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == [("a.json", MOBILE)]
    (site / "a.json").unlink()
    (site / "a.txt").write_bytes(escaped)  # the same bytes, read as plain text: escapes stay escaped
    assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[:-30]),  # cut short
        lambda path: path.write_bytes(b"not a cache"),
        lambda path: write_verified(str(path), b"{not json"),
        lambda path: write_verified(str(path), b"[]"),
        lambda path: write_verified(str(path), json.dumps({"k": ["bogus"]}).encode()),
        lambda path: write_verified(str(path), json.dumps({"k": "手机号"}).encode()),
    ],
)
def test_a_corrupt_cache_is_ignored(tmp_path, damage):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "a.html").write_text("<p>联系 138 1234 5678</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>你好</p>", encoding="utf-8")
    assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == [("a.html", MOBILE)]
    damage(cache / "output-scan.json")
    with _scan_counter() as scanned:
        assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == [("a.html", MOBILE)]
    assert scanned.call_count == 2  # everything scanned again, and stored again
    with _scan_counter() as scanned:
        assert scan_output_tree(str(site), today=TODAY, cache=str(cache)) == [("a.html", MOBILE)]
    assert scanned.call_count == 0


def test_build_step_keeps_its_cache_under_the_cache_root(tmp_path):
    """The build's second pass: the next (warm) build still refuses a page that now holds a mobile."""
    built, cache_root = tmp_path / "staging", tmp_path / "cache"
    built.mkdir()
    (built / "index.html").write_text("<p>潍坊学院</p>", encoding="utf-8")
    config = SimpleNamespace(privacy=policy_from_settings(None))  # the graph's SiteConfig
    check_output_privacy(config, str(built), str(cache_root))
    assert (cache_root / "privacy" / "output-scan.json").is_file()
    (built / "index.html").write_text("<p>潍坊学院 手机 13812345678</p>", encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        check_output_privacy(config, str(built), str(cache_root))
    assert [(e.path, e.key) for e in raised.value.errors] == [("output/index.html", "personal-data-output")]
    assert "13812345678" not in raised.value.report()


# ---- The scan on two processes, and the scan beside Pagefind --------------------------


def _tree_with_findings(site):
    """Files of each reader, clean and not, with repeated bytes and an unreadable one."""
    import gzip

    (site / "news").mkdir(parents=True)
    for number in range(12):
        (site / "news" / f"{number}.html").write_text(
            f"<p>第 {number} 篇，潍坊学院校友会。</p>" * (number + 1), encoding="utf-8"
        )
    (site / "news" / "same.html").write_text("<p>第 0 篇，潍坊学院校友会。</p>", encoding="utf-8")
    (site / "news" / "mobile.html").write_text("<p>联系 138 1234 5678</p>", encoding="utf-8")
    (site / "api.json").write_text(json.dumps({"t": "3号楼2单元301室"}), encoding="utf-8")
    (site / "feed.xml.gz").write_bytes(gzip.compress(f"<feed>{ID}</feed>".encode()))
    (site / "tag").mkdir()
    (site / "tag" / "13912345678.html").write_text("<p>标签</p>", encoding="utf-8")
    (site / "broken.png").write_bytes(b"not a png")
    return [
        ("api.json", HOME_ADDRESS),
        ("broken.png", privacy.UNREADABLE),
        ("feed.xml.gz", ID_NUMBER),
        ("news/mobile.html", MOBILE),
        ("tag/13912345678.html", MOBILE),
    ]


def test_a_scan_on_two_processes_finds_what_one_process_finds(tmp_path, monkeypatch):
    """Above PARALLEL_BYTES half of the new bytes are scanned in a spawned process: the same problems,
    the same cache, and this process scans only its share."""
    expected = _tree_with_findings(tmp_path / "site")
    assert scan_output_tree(str(tmp_path / "site"), today=TODAY, cache=str(tmp_path / "one")) == expected
    monkeypatch.setattr(privacy, "PARALLEL_BYTES", 0)
    with _scan_counter() as here:  # counts this process's reads only, not the spawned one's
        assert scan_output_tree(str(tmp_path / "site"), today=TODAY, cache=str(tmp_path / "two")) == expected
    assert 0 < here.call_count < 17  # 17 distinct byte strings in the tree, the unreadable one included
    one, two = (
        json.loads((tmp_path / name / "output-scan.json").read_bytes().split(b"\n", 1)[1])
        for name in ("one", "two")
    )
    assert one == two and len(one) == 16  # the unreadable file is not cached


class _BrokenPool:
    """A process pool whose process never starts (as when spawning fails)."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, *args, **kwargs):
        import concurrent.futures

        failed = concurrent.futures.Future()
        failed.set_exception(concurrent.futures.process.BrokenProcessPool("no process"))
        return failed


def test_when_the_second_process_fails_its_share_is_scanned_here(tmp_path, monkeypatch):
    import concurrent.futures.process

    expected = _tree_with_findings(tmp_path / "site")
    monkeypatch.setattr(privacy, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _BrokenPool)
    with mock.patch.object(privacy, "_scan_files", wraps=privacy._scan_files) as here:
        assert scan_output_tree(str(tmp_path / "site"), today=TODAY) == expected
    assert sum(len(call.args[0]) for call in here.call_args_list) == 17  # every new byte string, here


def test_a_file_changed_after_it_was_hashed_is_unreadable(tmp_path):
    """The bytes scanned must be the bytes hashed: a file rewritten in between fails closed."""
    page = tmp_path / "a.html"
    page.write_text("<p>潍坊学院</p>", encoding="utf-8")
    scan = privacy.OutputScan(today=TODAY)
    key = scan._key(page.read_bytes(), "a.html")
    page.write_text("<p>潍坊学院 13812345678</p>", encoding="utf-8")
    assert privacy._scan_files([(key, str(page), "a.html")], scan.context, scan.policy, TODAY) == {key: None}


def test_a_scan_beside_pagefind_leaves_its_folder_to_the_last_scan(tmp_path):
    """The build scans while Pagefind writes its folder, then scans everything: files scanned
    first are read and hashed again but not scanned again; what the folder holds is found."""
    site = tmp_path / "site"
    expected = _tree_with_findings(site)
    (site / "pagefind").mkdir()
    scan = privacy.OutputScan(today=TODAY)
    assert scan.scan(str(site), skip=("pagefind",)) == expected
    (site / "pagefind" / "pagefind-entry.json").write_text(json.dumps({"x": "13712345678"}), encoding="utf-8")
    (site / "build.txt").write_text("20261207", encoding="utf-8")
    with _scan_counter() as scanned:
        assert scan.scan(str(site)) == sorted([*expected, ("pagefind/pagefind-entry.json", MOBILE)])
    # New bytes only, and the unreadable file, which is never remembered as scanned.
    assert sorted(call.args[1] for call in scanned.call_args_list) == [
        "broken.png",
        "build.txt",
        "pagefind-entry.json",
    ]


def test_an_indexing_error_stops_the_scan_and_is_the_builds_error(tmp_path, monkeypatch):
    """Pagefind's failure is the build's error, as before the scan ran beside it, and the scan stops
    at its next file (its result is no longer needed: a cold build's scan is ≈ 45 s)."""
    import wfu.build as build
    import wfu.search as search

    site = tmp_path / "site"
    _tree_with_findings(site)
    failure = search.SearchError([])
    plan = mock.Mock(
        config=SimpleNamespace(bundle_dir="pagefind"),
        run=mock.Mock(side_effect=failure),
        mirrors={"a": 1, "b": 2},
    )
    monkeypatch.setattr(search, "plan_index", lambda settings, folder, memo: plan)
    scan = privacy.OutputScan(today=TODAY)
    ran = threading.Event()
    plan.run.side_effect = lambda: (ran.set(), (_ for _ in ()).throw(failure))
    real_scan_files = privacy._scan_files

    def slow_scan_files(items, *args):  # each file waits until Pagefind has failed
        ran.wait(5)
        time.sleep(0.01)
        return real_scan_files(items, *args)

    monkeypatch.setattr(privacy, "_scan_files", slow_scan_files)
    with pytest.raises(search.SearchError) as raised:
        build.index_while_scanning({}, str(site), None, scan)
    assert raised.value is failure and len(scan.scanned) < 16  # stopped before the end
    plan.discard.assert_called_once()
    plan.finish.assert_not_called()


def test_one_shard_to_index_waits_for_no_scan(tmp_path, monkeypatch):
    """An edit re-indexes one shard: Pagefind runs alone, the scan comes after (the peak is lower)."""
    import wfu.build as build
    import wfu.search as search

    site = tmp_path / "site"
    _tree_with_findings(site)
    scan = privacy.OutputScan(today=TODAY)
    plan = mock.Mock(config=SimpleNamespace(bundle_dir="pagefind"), mirrors={"2024-01": "mirror"})
    plan.run.side_effect = lambda: None if not scan.scanned else pytest.fail("scanned beside Pagefind")
    plan.complete.side_effect = lambda say=print: search.IndexPlan.complete(plan, say)
    monkeypatch.setattr(search, "plan_index", lambda settings, folder, memo: plan)
    build.index_while_scanning({}, str(site), None, scan)
    assert (
        scan.scanned == {} and plan.run.call_count == plan.discard.call_count == plan.finish.call_count == 1
    )


def test_no_second_scanning_process_while_pagefind_runs(tmp_path, monkeypatch):
    """``busy`` (Pagefind running): every file is scanned here, one by one, and a second process is
    started only for what is left when ``busy`` turns false; the same problems either way."""
    import concurrent.futures

    expected = _tree_with_findings(tmp_path / "site")
    monkeypatch.setattr(privacy, "PARALLEL_BYTES", 0)
    pools = []

    class NoPool(_BrokenPool):
        def __init__(self, *args, **kwargs):
            pools.append(args)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    assert privacy.OutputScan(today=TODAY).scan(str(tmp_path / "site"), busy=lambda: True) == expected
    assert pools == []  # busy throughout: never a second process
    calls = iter([True] * 5)
    assert (
        privacy.OutputScan(today=TODAY).scan(str(tmp_path / "site"), busy=lambda: next(calls, False))
        == expected
    )
    assert len(pools) == 1  # started once busy turned false (its share then scanned here: NoPool fails)
