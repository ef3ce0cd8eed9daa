"""The privacy guard: table-driven true positives and negatives, plus property tests."""

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.common.errors import ContentError
from plugins.common.privacy import (
    BANK_CARD,
    HOME_ADDRESS,
    ID_NUMBER,
    MOBILE,
    PERSONAL_EMAIL,
    PRIVACY_DEFAULTS,
    UNREADABLE,
    PrivacyPolicy,
    find_personal_data,
    kinds_found,
    scan_output_tree,
)
from plugins.common.privacyerrors import (
    output_errors,
    personal_data_errors,
    personal_data_in_data,
    policy_from_settings,
)
from plugins.common.settings import SettingsError

TODAY = datetime.date(2026, 11, 26)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(area: str = "370702", born: str = "19900307", seq: str = "123") -> str:
    """A resident ID number with a correct check digit (synthetic, not a real person)."""
    body = area + born + seq
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def make_card(prefix: str = "622202", length: int = 16) -> str:
    """A Luhn-valid card number."""
    body = (prefix + "1234567890123456789")[: length - 1]
    for check in "0123456789":
        digits = body + check
        total = 0
        for index, char in enumerate(reversed(digits)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits
    raise AssertionError


ID = make_id()
ID_X = next(make_id(seq=f"{n:03d}") for n in range(1000) if make_id(seq=f"{n:03d}").endswith("X"))
CARD = make_card()
CARD19 = make_card("621700", 19)


def wrong_check(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"身份证号：{ID}", ID_NUMBER),
        (f"身份证{ID_X}，", ID_NUMBER),
        (f"身份证{ID_X.lower()}。", ID_NUMBER),
        (f"{ID[:6]} {ID[6:14]} {ID[14:]}", ID_NUMBER),
        (ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}), ID_NUMBER),  # full-width
        ("老身份证370702900307123号", ID_NUMBER),  # 15 digits, 1990-03-07
        ("13812345678", MOBILE),
        ("手机13812345678。", MOBILE),
        ("电话：138 1234 5678", MOBILE),
        ("138-1234-5678", MOBILE),
        ("+86 138 1234 5678", MOBILE),
        ("+86-138-1234-5678", MOBILE),
        ("+8613812345678", MOBILE),
        ("008613812345678", MOBILE),
        ("0086 13812345678", MOBILE),
        ("(+86) 199 8765 4321", MOBILE),
        ("１３８１２３４５６７８", MOBILE),
        ("＋８６ １３８－１２３４－５６７８", MOBILE),
        ("联系tel:+8617712345678", MOBILE),
        ("请联系 zhangsan@qq.com 报名", PERSONAL_EMAIL),
        ("Li.Si_1990@163.com", PERSONAL_EMAIL),
        ("wang@126.com", PERSONAL_EMAIL),
        ("someone@gmail.com", PERSONAL_EMAIL),
        ("boss@some-company.cn", PERSONAL_EMAIL),
        ("ｚｈａｎｇ＠ｑｑ．ｃｏｍ", PERSONAL_EMAIL),
        (f"工资卡 {CARD}", BANK_CARD),
        (f"卡号{CARD19}", BANK_CARD),
        (f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}", BANK_CARD),
        (f"{CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:]}", BANK_CARD),
        (make_card("4", 16), BANK_CARD),
        (make_card("9558", 19), BANK_CARD),
        ("家住奎文区幸福小区3号楼2单元301室", HOME_ADDRESS),
        ("5栋1202室", HOME_ADDRESS),
        ("12幢3单元502", HOME_ADDRESS),
        ("三号楼二单元", HOME_ADDRESS),
        ("2单元301室", HOME_ADDRESS),
        ("3-2-301室", HOME_ADDRESS),
        ("门牌号：东关街18号", HOME_ADDRESS),
        ("家庭住址：潍坊市奎文区某小区", HOME_ADDRESS),
        ("住址：寒亭区开元街道", HOME_ADDRESS),
    ],
)
def test_finds(text, kind):
    assert kinds_found(text, today=TODAY) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "潍坊学院位于东风东街5147号",
        "地址：山东省潍坊市奎文区东风东街5147号，邮编261061",
        "办公电话 0536-8785000",
        "0536-8785000转801",
        "010-12345678",
        "400-800-1234",
        "2024年3月15日，20240315",
        "2024-03-15 09:30",
        "已筹 12,345.67 元，目标 1,000,000 元",
        "ISBN 978-7-115-54608-1",
        "ISBN 9787115546081",
        "订单号 202403151234567890",  # 18 digits, no plausible check
        wrong_check(ID),
        "370702203013011234",  # impossible birth date
        "https://mp.weixin.qq.com/s/138123456789012345678",
        "https://example.edu.cn/news?id=62220212345678901234567",
        "/photos/1a2b3c4d5e6f7a8b-1024.webp",
        "xiaoyou@wfu.edu.cn",
        "cs-xiaoyou@example.edu.cn",
        "office@mail.wfu.edu.cn",
        "logo@2x.png",
        wrong_check(CARD),
        "1111 1111 1111 1111",
        "0000000000000000",
        "学院3号楼报告厅",
        "行政楼301会议室",
        "他家住寿光，1987年毕业",
        "全校共有12个学院、3万余名学生，7栋教学楼",
        "1380元",
        "138123456789",  # 12 digits: not a mobile
        "第12345678901期",  # not starting with 1[3-9]
        "QQ群号 123456789",
        "",
    ],
)
def test_passes(text):
    assert find_personal_data(text, today=TODAY) == []


# Digests that spell a mobile, in the names the photo pipeline and Pagefind make from them.
GENERATED_NAMES = [
    "/photos/13812345678abcde-1024.jpg",
    "/photos/13812345678abcde-1024.webp",
    "/covers/13912345678fedcb-500x500.jpg",
    "wechat/images/15012345678abcde-q85.jpg",
    "pagefind/2019/pagefind.zh-cn_13812345678a7.pf_meta",
    "pagefind/2019/pagefind.zh-cn_13812345678a7.pf_meta.gz",
    '<img src="https://xiaoyou.wfu.edu.cn/photos/13812345678abcde-640.jpg">',
]


@pytest.mark.parametrize("text", GENERATED_NAMES)
def test_a_generated_name_is_no_finding_in_built_output_only(text):
    """The output scan drops a finding inside such a digest; an editor's text is checked as written."""
    assert kinds_found(text, today=TODAY, generated=True) == []
    assert kinds_found(text, today=TODAY) == [MOBILE]


@pytest.mark.parametrize(
    "text",
    [
        "wx_13812345678",
        "微信号 li-ming_13812345678ab",  # a language-like prefix, but not Pagefind's file name
        "zh-cn_13812345678a7",
        "pagefind.zh-cn_13812345678a7b.pf_meta",  # 14 characters: not Pagefind's hash
        "13812345678abcde-640.jpg",  # in prose: not a path
        "/photos/13812345678-1024.jpg",
        "/photos/13812345678abcdef-1024.jpg",  # 17 characters: not a photo digest
        "/photos/13812345678abcde-1024.png",  # the pipeline writes .jpg and .webp only
        "电话13812345678，/photos/1a2b3c4d5e6f7a8b-1024.jpg",
    ],
)
def test_near_the_generated_shapes_a_mobile_is_still_found_in_built_output(text):
    assert kinds_found(text, today=TODAY, generated=True) == [MOBILE]


def test_pagefinds_entry_file_names_its_index_as_a_generated_name():
    """``pagefind-entry.json`` gives the hash alone; only that field is read as the file name it names."""
    from plugins.common.privacy import _kinds_of_texts, read_output_file

    def kinds(entry):
        return _kinds_of_texts(
            read_output_file(json.dumps(entry).encode(), "pagefind-entry.json"), today=TODAY
        )

    assert (
        kinds({"version": "1.5.2", "languages": {"zh-cn": {"hash": "zh-cn_13812345678a7", "wasm": None}}})
        == []
    )
    assert kinds({"languages": {"zh-cn": {"hash": "zh-cn_1a", "page_count": 13812345678}}}) == [MOBILE]
    assert kinds({"languages": {"zh-cn": {"hash": "13812345678"}}}) == [MOBILE]  # not Pagefind's shape
    assert _kinds_of_texts(
        read_output_file(b'{"hash":"zh-cn_13812345678a7"}', "other.json"), today=TODAY
    ) == [MOBILE]


def test_positions_point_at_the_value_and_never_overlap():
    text = f"甲{ID}乙13812345678丙"
    found = find_personal_data(text, today=TODAY)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [(ID_NUMBER, ID), (MOBILE, "13812345678")]


def test_id_is_not_reported_twice_as_card():
    assert kinds_found(ID, today=TODAY) == [ID_NUMBER]


def test_future_birth_date_is_not_an_id():
    future = make_id(born="20300101")
    assert kinds_found(future, today=TODAY) == []


def test_allowed_values_and_domains():
    policy = policy_from_settings({"allowed_values": ["13800000000", "行政楼3号楼2单元301室"],
                                   "allowed_email_domains": ["wfu.edu.cn", "partner.com"]})  # fmt: skip
    assert kinds_found("值班手机 13800000000", policy, TODAY) == []
    assert kinds_found("值班手机 １３８００００００００", policy, TODAY) == []
    assert kinds_found("值班手机 13800000001", policy, TODAY) == [MOBILE]
    assert kinds_found("办公室在行政楼3号楼2单元301室", policy, TODAY) == []
    assert kinds_found("a@partner.com b@x.partner.com", policy, TODAY) == []
    assert kinds_found("a@notpartner.com", policy, TODAY) == [PERSONAL_EMAIL]
    assert kinds_found("cs@example.edu.cn", policy, TODAY) == [PERSONAL_EMAIL]  # replaced, not merged


def test_default_policy_matches_declared_defaults():
    assert policy_from_settings(None) == PrivacyPolicy(
        frozenset(PRIVACY_DEFAULTS["allowed_email_domains"]), ()
    )


@pytest.mark.parametrize(
    "value",
    [
        {"allowed_domains": ["wfu.edu.cn"]},
        {"allowed_email_domains": "wfu.edu.cn"},
        {"allowed_email_domains": ["@wfu.edu.cn"]},
        {"allowed_email_domains": [42]},
        {"allowed_values": "0536-8785000"},
        {"allowed_values": [""]},
        {"allowed_values": [None]},
    ],
)
def test_bad_settings(value):
    with pytest.raises(SettingsError):
        policy_from_settings(value)


def test_errors_name_kind_and_line_never_value():
    body = "第一行\n联系电话 138 1234 5678\n\n身份证 " + ID
    errors = personal_data_errors(body, "content/news/2024/a.md", 10, "正文", today=TODAY)
    assert [(e.line, e.key) for e in errors] == [(11, "personal-data"), (13, "personal-data")]
    assert "手机号" in errors[0].message and "身份证号" in errors[1].message
    for error in errors:
        assert isinstance(error, ContentError)
        assert "1234" not in error.format() and ID not in error.format()
        assert error.format().startswith("content/news/2024/a.md:1")


def test_no_errors_for_clean_text():
    assert personal_data_errors("潍坊学院东风东街5147号", "a.md", 3, "地址", today=TODAY) == []


def test_scan_output_tree(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "index.html").write_text(
        '<p class="x" data-id="138123456789012">办公电话 0536-8785000</p><img width="1380" height="1234">',
        encoding="utf-8",
    )
    (tmp_path / "news" / "a.html").write_text(
        '<a href="tel:%2B86%20138%201234%205678">电话</a>', encoding="utf-8"
    )
    (tmp_path / "news" / "b.html").write_text("<p>邮箱&#65306;zhang&#64;qq.com</p>", encoding="utf-8")
    (tmp_path / "feed.atom.xml").write_text(
        f"<feed><content type='html'>&lt;p&gt;{ID}&lt;/p&gt;</content></feed>", encoding="utf-8"
    )
    (tmp_path / "meta.json").write_text(
        json.dumps({"title": "3号楼2单元301室", "n": [1, 2]}), encoding="utf-8"
    )
    (tmp_path / "urls.txt").write_text("/news/2024/xiao-you/\n/news/tag/13812345678/\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"13812345678")  # not an image: the scan cannot read it
    found = scan_output_tree(str(tmp_path), today=TODAY)
    assert found == [
        ("feed.atom.xml", ID_NUMBER),
        ("meta.json", HOME_ADDRESS),
        ("news/a.html", MOBILE),
        ("news/b.html", PERSONAL_EMAIL),
        ("photo.jpg", UNREADABLE),
        ("urls.txt", MOBILE),
    ]
    errors = output_errors(found)
    assert errors[0].format().startswith("output/feed.atom.xml: ") and errors[0].key == "personal-data-output"


def test_markup_attributes_do_not_join_digits(tmp_path):
    (tmp_path / "a.html").write_text('<span>138</span><span>1234</span><span>5678</span>'
                                     '<div data-x="1">3</div>', encoding="utf-8")  # fmt: skip
    # Tags become spaces, so "138 1234 5678" spelled across spans is still found ...
    assert scan_output_tree(str(tmp_path), today=TODAY) == [("a.html", MOBILE)]
    (tmp_path / "a.html").write_text('<img width="1200" height="800" src="/a-1380.jpg">', encoding="utf-8")
    assert scan_output_tree(str(tmp_path), today=TODAY) == []


CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=20)

# A digest as the photo pipeline and Pagefind write it; half of them spell a mobile from their start.
HEX = "0123456789abcdef"
MOBILE_LIKE_DIGEST = st.builds(
    lambda number, tail: number + tail,
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.text(alphabet="abcdef", min_size=1, max_size=1).flatmap(
        lambda letter: st.text(alphabet=HEX, min_size=4, max_size=4).map(lambda rest: letter + rest)
    ),
)
DIGEST = st.one_of(st.text(alphabet=HEX, min_size=16, max_size=16), MOBILE_LIKE_DIGEST)


@given(DIGEST, st.sampled_from(["-320.jpg", "-1024.webp", "-500x500.jpg", "-q85.jpg"]), CJK)
def test_a_photo_name_made_from_a_digest_is_never_personal_data(digest, suffix, text):
    """The photo pipeline names every derivative ``<16 hex>-…``: its digest may spell a mobile, and
    no editor can change it. A mobile in the text around the name is still found."""
    url = f"/photos/{digest}{suffix}"
    assert kinds_found(f'<img src="{url}">{text}', today=TODAY, generated=True) == []
    assert kinds_found(f"{text}{url} 电话13812345678", today=TODAY, generated=True) == [MOBILE]


@given(st.one_of(st.text(alphabet=HEX, min_size=13, max_size=13), MOBILE_LIKE_DIGEST.map(lambda d: d[:13])))
def test_pagefinds_index_names_are_never_personal_data(digest):
    """Pagefind names its index ``pagefind.zh-cn_<13 hex>.pf_meta`` and lists it in its entry file."""
    from plugins.common.privacy import _kinds_of_texts, read_output_file

    assert kinds_found(f"pagefind/2019/pagefind.zh-cn_{digest}.pf_meta.gz", today=TODAY, generated=True) == []
    entry = json.dumps({"languages": {"zh-cn": {"hash": f"zh-cn_{digest}"}}}).encode()
    assert _kinds_of_texts(read_output_file(entry, "pagefind-entry.json"), today=TODAY) == []


def test_a_tree_with_digests_that_spell_mobiles_passes_the_scan(tmp_path):
    """The whole output scan (names, markup, JSON, feeds) over names made from such digests: nothing
    found, while the same digits in a name of another shape still are."""
    digest = "13812345678abcde"
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / f"{digest}-1024.webp").write_bytes(b"RIFF")  # read as an image below
    (tmp_path / "news.html").write_text(
        f'<img src="/photos/{digest}-1024.jpg" srcset="/photos/{digest}-320.webp 320w">'
        f'<meta property="og:image" content="https://example.edu.cn/covers/{digest}-500x500.jpg">',
        encoding="utf-8",
    )
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text(
        json.dumps({"version": "1.5.2", "languages": {"zh-cn": {"hash": "zh-cn_13812345678a7"}}}),
        encoding="utf-8",
    )
    (tmp_path / "feed.json").write_text(
        json.dumps({"image": f"/covers/{digest}-500x500.jpg"}), encoding="utf-8"
    )
    found = scan_output_tree(str(tmp_path), today=TODAY)
    assert found == [("photos/13812345678abcde-1024.webp", UNREADABLE)]  # damaged image: unread, not personal
    (tmp_path / "photos" / f"{digest}-1024.webp").unlink()
    (tmp_path / "photos" / "13812345678-1024.jpg.txt").write_text("", encoding="utf-8")
    assert scan_output_tree(str(tmp_path), today=TODAY) == [("photos/13812345678-1024.jpg.txt", MOBILE)]


@given(st.text(max_size=300))
@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_never_crashes(text):
    for finding in find_personal_data(text, today=TODAY):
        assert 0 <= finding.start < finding.end <= len(text)


@given(
    CJK,
    CJK,
    st.sampled_from(["11", "13", "32", "37", "44", "65"]),
    st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2020, 12, 31)),
    st.integers(0, 999),
)
def test_generated_id_in_cjk_text_is_found(before, after, province, born, seq):
    number = make_id(province + "0702", born.strftime("%Y%m%d"), f"{seq:03d}")
    text = before + number + after
    found = find_personal_data(text, today=TODAY)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [(ID_NUMBER, number)]


@given(
    CJK,
    CJK,
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(
        [
            "{}",
            "{0}{1}{2} {3}{4}{5}{6} {7}{8}{9}{10}",
            "{0}{1}{2}-{3}{4}{5}{6}-{7}{8}{9}{10}",
            "+86 {}",
            "0086{}",
            "+86-{0}{1}{2}-{3}{4}{5}{6}-{7}{8}{9}{10}",
        ]
    ),  # fmt: skip
    st.booleans(),
)
def test_generated_mobile_in_cjk_text_is_found(before, after, number, spelling, full_width):
    written = spelling.format(number) if spelling.count("{") == 1 else spelling.format(*number)
    if full_width:
        written = written.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert kinds_found(before + written + after, today=TODAY) == [MOBILE]


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100_000,
        "三" * 50_000 + "单元",
        "1 " * 50_000,
        "a@" + "a-" * 20_000,
        "13812345678 " * 5_000,
        "<" * 50_000,
    ],
)
def test_hostile_long_texts_are_scanned(text):
    """Long runs must not make the regexes backtrack for ever (behaviour checked, not time)."""
    found = find_personal_data(text, today=TODAY)
    assert all(f.kind == MOBILE for f in found)
    assert len(found) == (5_000 if text.startswith("138") else 0)


def test_personal_data_in_parsed_yaml():
    from plugins.common.yamlio import load_yaml

    text = (
        "- name: 北京校友会\n"
        "  officers:\n"
        "    - role: 会长\n"
        "      name: 张三\n"
        "    - role: 秘书长\n"
        "      phone: 13812345678\n"  # unquoted: YAML reads an int
        "  contact: zhang@qq.com\n"
        "  office: 0536-8785000\n"
        f'  note: [正常, "身份证 {ID}"]\n'
    )
    data = load_yaml(text, "content/data/associations.yml")
    errors = personal_data_in_data(data, "content/data/associations.yml", today=TODAY)
    assert [(e.line, e.key) for e in errors] == [
        (6, "personal-data"),
        (7, "personal-data"),
        (9, "personal-data"),
    ]
    assert "“[1].officers[2].phone”中发现疑似手机号" in errors[0].message
    assert "个人邮箱" in errors[1].message and "“[1].note[2]”" in errors[2].message
    assert all("13812345678" not in e.format() and ID not in e.format() for e in errors)


def test_card_and_id_fields_in_front_matter():
    from plugins.common.frontmatter import split_front_matter

    meta = split_front_matter(f"---\ntitle: 捐赠\ntags: [校友, 卡号{CARD}]\n---\n正文", "a.md").meta
    errors = personal_data_in_data(meta, "a.md", today=TODAY)
    assert [(e.line, e.message.split("：")[0]) for e in errors] == [(3, "“tags[2]”中发现疑似银行卡号")]


def test_folded_calendar_lines_are_unfolded_before_scanning(tmp_path):
    """A UID's mail-like domain split by RFC 5545 folding is the allowlisted domain, not a new one."""
    (tmp_path / "a.ics").write_text(
        "BEGIN:VEVENT\r\nUID:event-2026-some-long-slug-for-folding@xiaoyou.wfu.ed\r\n u.cn\r\n"
        "DESCRIPTION:联系 138 1234\r\n  5678\r\nEND:VEVENT\r\n",
        encoding="utf-8",
    )
    assert scan_output_tree(str(tmp_path), policy_from_settings(None)) == [("a.ics", "手机号")]


def test_the_generated_unicode_table_is_what_the_normaliser_computes(tmp_path):
    """The table spares every process 0.1 s; it must be the computation, for this Python's Unicode."""
    import unicodedata

    from plugins.common import privacy, unicode_ranges
    from tools.make_unicode_ranges import table_source

    assert unicode_ranges.UNIDATA_VERSION == unicodedata.unidata_version, (
        "Python's Unicode version changed: run .venv/bin/python tools/make_unicode_ranges.py"
    )
    computed = privacy.compute_special_characters()
    assert (privacy._FORMAT_CHARS, privacy._SPECIAL) == computed
    with open(unicode_ranges.__file__, encoding="utf-8") as handle:
        assert handle.read() == table_source(*computed)  # the file is the tool's output, unedited
