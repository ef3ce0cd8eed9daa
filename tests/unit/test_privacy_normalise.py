"""The one normaliser in front of every detector: hostile spellings of personal data.

Each row is a spelling seen in pasted text (WeChat, web pages, phones) that a
plain pattern misses; the second table holds look-alikes from ordinary content
(dates, amounts, ISBNs, years, office addresses) that must stay publishable.
"""

import pytest

from plugins.common.privacy import (
    HOME_ADDRESS,
    ID_NUMBER,
    MOBILE,
    PERSONAL_EMAIL,
    QQ_NUMBER,
    find_personal_data,
    kinds_found,
    normalise,
    strip_format_characters,
)
from plugins.common.privacyerrors import personal_data_errors
from tests.unit.test_privacy import ID, TODAY

ZWSP, WJ, SHY, BOM = "\u200b", "\u2060", "\u00ad", "\ufeff"
MATH = {ord(d): 0x1D7CE + int(d) for d in "0123456789"}  # 𝟎-𝟗 (mathematical bold digits)
ARABIC = {ord(d): 0x0660 + int(d) for d in "0123456789"}  # ٠-٩
DEVANAGARI = {ord(d): 0x0966 + int(d) for d in "0123456789"}  # ०-९
G = [ID[i : i + 4] for i in range(0, 18, 4)]  # 4-4-4-4-2


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # format characters between digit groups (invisible in a browser)
        (f"138{ZWSP}1234{ZWSP}5678", MOBILE),
        (f"138{WJ}1234{WJ}5678", MOBILE),
        (f"138{SHY}1234{SHY}5678", MOBILE),
        (f"1{ZWSP}3{ZWSP}8{ZWSP}1{ZWSP}2{ZWSP}3{ZWSP}4{ZWSP}5{ZWSP}6{ZWSP}7{ZWSP}8", MOBILE),
        (f"{BOM}13812345678", MOBILE),
        (ID[:9] + ZWSP + ID[9:], ID_NUMBER),
        # digits of other scripts and mathematical digits
        ("13812345678".translate(MATH), MOBILE),
        ("13812345678".translate(ARABIC), MOBILE),
        ("13812345678".translate(DEVANAGARI), MOBILE),
        (ID.translate(MATH), ID_NUMBER),
        ("①③⑧12345678", MOBILE),
        ("138—1234—5678", MOBILE),  # em dashes
        ("138\u20121234\u20125678", MOBILE),  # figure dashes
        # ID numbers grouped 4-4-4-4-2, with dots or slashes
        (" ".join(G), ID_NUMBER),
        ("-".join(G), ID_NUMBER),
        (f"{ID[:6]}.{ID[6:14]}.{ID[14:]}", ID_NUMBER),
        (f"{ID[:6]}/{ID[6:10]}/{ID[10:14]}/{ID[14:]}", ID_NUMBER),
        (".".join(G), ID_NUMBER),
        # mobiles after letters, or grouped 4-4-3
        ("wx13812345678", MOBILE),
        ("WX:13812345678", MOBILE),
        ("vx13812345678", MOBILE),
        ("Tel13812345678", MOBILE),
        ("TEL13812345678", MOBILE),
        ("phone13812345678", MOBILE),
        ("1381 2345 678", MOBILE),
        ("1381-2345-678", MOBILE),
        ("联系电话：1381.2345.678", MOBILE),
        # mail obfuscations
        ("zhangsan@qq。com", PERSONAL_EMAIL),
        ("zhangsan@qq｡com", PERSONAL_EMAIL),
        ("zhangsan(at)163.com", PERSONAL_EMAIL),
        ("zhangsan (at) 163.com", PERSONAL_EMAIL),
        ("zhangsan（at）163.com", PERSONAL_EMAIL),
        ("zhangsan[at]163.com", PERSONAL_EMAIL),
        ("zhangsan【at】126.com", PERSONAL_EMAIL),
        ("zhangsan[AT]gmail[dot]com", PERSONAL_EMAIL),
        ("zhangsan at 163 dot com".replace(" dot ", "(dot)"), PERSONAL_EMAIL),
        ("zhangsan#qq.com", PERSONAL_EMAIL),
        ("zhangsan﹫163.com", PERSONAL_EMAIL),
        ("QQ：12345678", QQ_NUMBER),
        ("qq号 1234567890", QQ_NUMBER),
        ("QQ:12345678", QQ_NUMBER),
        # addresses with a lettered building, or building-unit-room numbers
        ("阳光小区C栋1202室", HOME_ADDRESS),
        ("金融大厦D座1801室", HOME_ADDRESS),
        ("D座5层501室", HOME_ADDRESS),
        ("b栋3单元", HOME_ADDRESS),
        ("住在5-1-302", HOME_ADDRESS),
        ("12-3-1502", HOME_ADDRESS),
        ("５－１－３０２", HOME_ADDRESS),
    ],
)
def test_hostile_spellings_are_found(text, kind):
    assert kinds_found(text, today=TODAY) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-12",
        "2024.05.12",
        "2024/05/12 14:30",
        "2024年5月12日",
        "1987级，1991届，2003—2007年",
        "2019-2023学年",
        "已筹 ¥1,234,567.89 元（１２３４５６７８元目标）",
        "金额 13,812,345.67 元",
        "ISBN 978-7-5327-4512-3",
        "ISBN 978-7-302-12345-6",
        "ISBN：9787302123456",
        "0536-8785000",
        "(0536) 878 5000",
        "400-800-1234",
        "第5-1期",
        "图书馆A座报告厅",
        "行政楼A座",
        "教学楼B区302教室",
        "2号教学楼",
        "QQ群：123456789",
        "xiaoyou@wfu.edu.cn",
        "xiaoyou(at)wfu.edu.cn",
        "Hello。World",
        "fa13812345678cd",  # hexadecimal digests carry no label letters
        "https://mp.weixin.qq.com/s/AbC_13812345",
        "/theme/css/site.13a8b9c0.css",
        "第1381期 2345 678号",
        "邮编261061",
        "1-2-3",
    ],
)
def test_lookalikes_are_not_personal_data(text):
    assert find_personal_data(text, today=TODAY) == []


def test_positions_and_lines_are_those_of_the_original_text():
    """Removed and folded characters do not shift the reported line."""
    text = f"第一行{ZWSP * 5}\n第二行 zhang(at)163.com\n第三行 138{ZWSP}1234{ZWSP}5678"
    findings = find_personal_data(text, today=TODAY)
    assert [(text[f.start : f.start + 5], f.kind) for f in findings] == [
        ("zhang", PERSONAL_EMAIL),
        ("138\u200b1", MOBILE),
    ]
    errors = personal_data_errors(text, "news/a.md", 10, "正文", today=TODAY)
    assert [(e.line, e.key) for e in errors] == [(11, "personal-data"), (12, "personal-data")]
    assert all("163" not in e.message and "5678" not in e.message for e in errors)


def test_normalise_maps_every_position_back():
    text = f"ａ{ZWSP}𝟏(at)b"
    folded, original = normalise(text)
    assert folded == "a1@b"
    assert [original(i) for i in range(len(folded))] == [0, 2, 3, 7]


def test_strip_format_characters_keeps_everything_else():
    assert strip_format_characters(f"校友{ZWSP}会{SHY}{WJ}{BOM}，１３８") == "校友会，１３８"
    assert strip_format_characters("plain ascii") == "plain ascii"


def test_content_readers_strip_format_characters(tmp_path):
    """Published text never carries them: both readers of content/ remove them (line numbers unchanged)."""
    from plugins.common.files import read_text
    from plugins.common.yamlio import read_data_file

    page = tmp_path / "a.md"
    page.write_text(f"{BOM}---\ntitle: 校友{ZWSP}会\n---\n\n正{SHY}文{WJ}\n", encoding="utf-8")
    assert read_text(str(page), "a.md") == "---\ntitle: 校友会\n---\n\n正文\n"
    data = tmp_path / "a.yml"
    data.write_text(f"- name: 张{ZWSP}三\n  note: 13{WJ}8\n", encoding="utf-8")
    loaded = read_data_file(str(data), "a.yml")
    assert loaded == [{"name": "张三", "note": 138}] and loaded[0].line_of("note") == 2


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("zhang at 163.com", True),
        ("zhang AT qq(dot)com", True),
        ("published at nature.com", False),  # prose: " at " folds only before a free mail provider
        ("see you at wfu.edu.cn", False),
        ("Meet us (at) the gate", False),
    ],
)
def test_spaced_at_is_folded_only_before_a_free_mailbox(text, found):
    assert (kinds_found(text, today=TODAY) == [PERSONAL_EMAIL]) is found
