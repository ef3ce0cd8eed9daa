"""Donations: exact amounts, gift validation, progress, donor wall and statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pelicanconf import DONATIONS
from plugins.common.charts import Bar, bar_chart_svg
from plugins.common.errors import ContentErrors
from plugins.common.registries import Registries
from plugins.common.yamlio import load_yaml
from plugins.donations.disclosure import ZERO, Figure
from plugins.donations.model import (
    GraduateCount,
    Project,
    donor_wall,
    format_yuan,
    parse_amount,
    parse_gift,
    parse_gift_file,
    parse_project,
    pinyin_key,
    progress,
    public,
    statistics,
)
from plugins.donations.settings import SettingsError, donations_config

CONFIG = donations_config(DONATIONS)
REGISTRIES = Registries(
    colleges={"cs": "计算机工程学院", "econ": "经济管理学院"}, news={"2025/story": "news/2025/story/"}
)


def project(pid="fund", start=date(2020, 1, 1), end=None, target=Decimal("1000")) -> Project:
    return Project(
        pid, "测试基金", "school", None, target, start, end, "open", None, None, None, "", 1, "p.md", "p.md"
    )


PROJECTS = {"fund": project(), "old": project("old", date(2019, 1, 1), date(2020, 12, 31))}


def gift(text: str, projects=PROJECTS):
    records = load_yaml(text, "content/donors/gifts/2024.yml")
    return parse_gift(
        records[0], "content/donors/gifts/2024.yml", records.line_of(0), projects, REGISTRIES, this_year=2026
    )


def gifts(text: str):
    found, errors = parse_gift_file(text, "g.yml", PROJECTS, REGISTRIES, this_year=2026)
    assert errors == []
    return found


BASE = """
- donor: 张伟
  donor_type: alumnus
  class_year: 2006
  college: cs
  project: fund
  kind: money
  amount: 1000
  date: 2024-05-12
"""


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1000, Decimal("1000")), (Decimal("1200.50"), Decimal("1200.50")), ("88.8", Decimal("88.8")),
     (0, "invalid-amount"), (-5, "invalid-amount"), ("一千", "invalid-amount"), (True, "invalid-amount"),
     ("1e5", "invalid-amount"), (Decimal("10.005"), "amount-precision"), (None, "invalid-amount")],
)  # fmt: skip
def test_parse_amount(value, expected):
    amount, problem = parse_amount(value)
    if isinstance(expected, Decimal):
        assert amount == expected and problem is None
    else:
        assert amount is None and problem[0] == expected


def test_totals_are_exact_where_floats_are_not():
    assert 0.1 + 0.2 != 0.3  # the trap
    public_base = BASE.replace("date: 2024-05-12", "date: 2024-05-12\n  show_amount: true")
    found = gifts(
        public_base.replace("amount: 1000", "amount: 0.1")
        + public_base.replace("amount: 1000", "amount: 0.2")
    )
    made = progress(found)
    assert made.raised == Decimal("0.3") and format_yuan(made.raised) == "0.30 元"
    three = gifts("".join(public_base.replace("amount: 1000", "amount: 333.33") for _ in range(3)))
    assert progress(three).total == Decimal("999.99")
    assert progress(three).percent(Decimal("1000")) == 99  # floor, never rounds up to "done"


def test_format_yuan():
    assert format_yuan(Decimal("1234567")) == "1,234,567 元"
    assert format_yuan(Decimal("1200.5")) == "1,200.50 元"
    assert format_yuan(None) == ""


def test_valid_gift():
    found, errors = gift(BASE)
    assert errors == []
    assert (found.donor, found.amount, found.date, found.line) == (
        "张伟",
        Decimal("1000"),
        date(2024, 5, 12),
        2,
    )
    assert found.value == Decimal("1000") and not found.anonymous and not found.show_amount


@pytest.mark.parametrize(
    ("old", "new", "line", "key"),
    [
        ("project: fund", "project: nope", 6, "unknown-project"),
        ("college: cs", "college: math", 5, "unknown-college"),
        ("amount: 1000", "amount: -100", 8, "invalid-amount"),
        ("amount: 1000", "amount: 一千元", 8, "invalid-amount"),
        ("amount: 1000", "amount: 100.001", 8, "amount-precision"),
        ("  amount: 1000\n", "", 2, "missing-amount"),
        ("kind: money\n  amount: 1000", "kind: in_kind", 2, "missing-item"),
        ("kind: money", "kind: cash", 7, "invalid-kind"),
        ("donor_type: alumnus", "donor_type: student", 3, "invalid-donor-type"),
        ("donor_type: alumnus", "donor_type: friend", 3, "invalid-donor-type"),
        ("class_year: 2006", "class_year: 06", 4, "invalid-class-year"),
        ("date: 2024-05-12", "date: 2024-5-12", 9, "invalid-date"),
        ("date: 2024-05-12", "date: 2019-06-01", 9, "date-outside-project"),
        ("date: 2024-05-12", "date: 2024-05-12\n  phone: 13900000000", 10, "unknown-field"),
        ("date: 2024-05-12", "date: 2024-05-12\n  story: nope", 10, "unknown-story"),
        ("date: 2024-05-12", "date: 2024-05-12\n  anonymous: 是", 10, "invalid-anonymous"),
        ("- donor: 张伟", "- donor_: 张伟", 2, "unknown-field"),
        ("- donor: 张伟", "- donor_: 张伟", 2, "missing-donor"),
    ],
)
def test_gift_errors(old, new, line, key):
    assert old in BASE
    found, errors = gift(BASE.replace(old, new, 1))
    assert found is None
    assert (line, key) in [(e.line, e.key) for e in errors], errors


def test_gift_outside_a_closed_project_and_in_kind_rules():
    old = BASE.replace("project: fund", "project: old").replace("date: 2024-05-12", "date: 2021-01-01")
    assert [e.key for e in gift(old)[1]] == ["date-outside-project"]
    goods = BASE.replace(
        "kind: money\n  amount: 1000", "kind: in_kind\n  item: 图书 500 册\n  valuation: 25000"
    )
    found, errors = gift(goods)
    assert errors == [] and found.value == Decimal("25000") and found.item == "图书 500 册"
    both = BASE.replace("amount: 1000", "amount: 1000\n  item: 图书")
    assert [e.key for e in gift(both)[1]] == ["invalid-kind"]


def test_gift_file_must_be_a_list_and_every_record_checked():
    found, errors = parse_gift_file("donor: 张伟\n", "g.yml", PROJECTS, REGISTRIES)
    assert [e.key for e in errors] == ["gifts-not-list"]
    text = BASE + BASE.replace("amount: 1000", "amount: -1") + BASE.replace("project: fund", "project: x")
    found, errors = parse_gift_file(text, "g.yml", PROJECTS, REGISTRIES, this_year=2026)
    assert len(found) == 1 and [(e.line, e.key) for e in errors] == [
        (17, "invalid-amount"),
        (24, "unknown-project"),
    ]


def test_anonymity_and_show_amount():
    secret = gifts(
        BASE.replace("date: 2024-05-12", "date: 2024-05-12\n  anonymous: true\n  show_amount: true")
    )[0]
    shown = public(secret)
    assert shown.name == "匿名校友" and shown.class_year is None and shown.college is None
    assert "张伟" not in repr(shown) and shown.amount == Decimal("1000")
    org = gifts(
        BASE.replace(
            "donor_type: alumnus\n  class_year: 2006\n  college: cs", "donor_type: organisation"
        ).replace("date: 2024-05-12", "date: 2024-05-12\n  anonymous: true")
    )[0]
    assert public(org).name == "匿名单位" and public(org).amount is None  # amount hidden by default


def test_donor_wall_tiers_pinyin_and_anonymous_last():
    def g(name, amount, dtype="alumnus", anonymous=False, day="2024-03-01", cls="2006"):
        extra = f"\n  anonymous: {'true' if anonymous else 'false'}"
        head = (
            f"  donor_type: {dtype}\n  class_year: {cls}\n  college: cs"
            if dtype == "alumnus"
            else f"  donor_type: {dtype}"
        )
        return f"- donor: {name}\n{head}\n  project: fund\n  kind: money\n  amount: {amount}\n  date: {day}{extra}\n"

    text = (g("赵六", 60000) + g("赵六", 50000) + g("安然", 20000) + g("白云", 500) + g("陈晨", 15000)
            + g("某某集团", 200000, "organisation") + g("神秘人", 300000, anonymous=True) + g("钱七", 100, day="2023-01-01"))  # fmt: skip
    wall = donor_wall(gifts(text), CONFIG.tiers)
    assert [y.year for y in wall] == [2024, 2023]
    tiers = {t.label: [(e.name, e.organisation) for e in t.entries] for t in wall[0].tiers}
    assert tiers == {
        "10万元及以上": [
            ("某某集团", True),
            ("赵六", False),
            ("匿名校友", False),
        ],  # 赵六: 60000 + 50000 in one year
        "1万元至10万元": [("安然", False), ("陈晨", False)],  # an-ran before chen-chen
        "1万元以下": [("白云", False)],
    }
    assert [t.label for t in wall[1].tiers] == ["1万元以下"]
    assert pinyin_key("重庆") < pinyin_key("张三")  # chong < zhang


def test_statistics_and_participation():
    shown = "date: 2024-05-12\n  show_amount: true"
    text = (
        BASE.replace("date: 2024-05-12", shown)
        + BASE.replace("张伟", "李娜")
        .replace("amount: 1000", "amount: 500")
        .replace("date: 2024-05-12", shown)
        + BASE.replace("date: 2024-05-12", "date: 2025-01-01").replace("amount: 1000", "amount: 0.5")
    )
    found = gifts(text)
    stats = statistics(found, list(PROJECTS.values()), [GraduateCount(2006, "cs", 200), GraduateCount(2006, "econ", 100),
                                                        GraduateCount(2010, None, 50)], ["econ", "cs"])  # fmt: skip
    # The hidden 0.5 is in no sum, only in the counts of hidden amounts.
    assert stats.total == Figure(Decimal("1500"), 1)
    assert stats.by_year == ((2025, Figure(ZERO, 1), 1), (2024, Figure(Decimal("1500"), 0), 2))
    assert stats.by_project == (("fund", Figure(Decimal("1500"), 1)), ("old", Figure(ZERO, 0)))
    assert stats.by_college == (("cs", Figure(Decimal("1500"), 1), 2),)
    row2006, row2010 = stats.by_class_year
    assert (row2006.alumni_donors, row2006.graduates, row2006.rate) == (2, 300, Decimal("0.7"))
    assert (row2010.total, row2010.alumni_donors, row2010.rate) == (Figure(ZERO, 0), 0, Decimal("0.0"))


def test_project_validation(tmp_path):
    root = tmp_path / "content"
    good = "---\nname: 励学基金\nlevel: college\ncollege: cs\ntarget: 100000\nstart: 2020-01-01\nend: 2022-12-31\n---\n说明\n"

    def errors_of(text, name="fund"):
        with pytest.raises(ContentErrors) as info:
            parse_project(
                text, f"content/donors/projects/{name}.md", str(root / f"{name}.md"), str(root), REGISTRIES
            )
        return [(e.line, e.key) for e in info.value.errors]

    made = parse_project(good, "p.md", str(root / "fund.md"), str(root), REGISTRIES)
    assert (made.id, made.college, made.target, made.end) == (
        "fund",
        "cs",
        Decimal("100000"),
        date(2022, 12, 31),
    )
    assert errors_of(good.replace("college: cs\n", "")) == [(1, "missing-college")]
    assert errors_of(good.replace("college: cs", "college: math")) == [(4, "unknown-college")]
    assert errors_of(good.replace("level: college", "level: 校级")) == [(3, "invalid-level")]
    assert errors_of(good.replace("target: 100000", "target: 十万")) == [(5, "invalid-amount")]
    assert errors_of(good.replace("end: 2022-12-31", "end: 2019-12-31")) == [(7, "invalid-date")]
    assert errors_of(good.replace("name: 励学基金", "name: 励学基金\nid: other")) == [(3, "id-mismatch")]
    assert errors_of(good.replace("end: 2022-12-31", "status: 开放")) == [(7, "invalid-project-status")]


def test_settings_and_chart():
    assert CONFIG.tier_for(Decimal("100000")).label == "10万元及以上"
    assert CONFIG.tier_for(Decimal("9999.99")).label == "1万元以下"
    with pytest.raises(SettingsError):
        donations_config({"tiers": ((0, "其他"), (100, "100元以上"))})
    with pytest.raises(SettingsError):
        donations_config({"channels": {"alipay_secret": "x"}})
    svg = bar_chart_svg(
        [Bar("2006届", Decimal("2.5"), "2.5%"), Bar("2010届", Decimal("0"), "0%")], "参与率", "说明"
    )
    assert svg.startswith("<svg") and svg.count("<rect") == 1 and "<title>2006届：2.5%</title>" in svg
    assert 'class="chart-value chart-zero">0%</text>' in svg  # a zero is written, never drawn as a bar
    assert 'role="img"' in svg and "<desc" in svg


def test_graduate_counts(tmp_path):
    from plugins.donations.model import load_graduates

    root = tmp_path / "content"
    (root / "data").mkdir(parents=True)
    target = root / "data" / "graduates.yml"

    def load(text):
        target.write_text(text, encoding="utf-8")
        return load_graduates(str(root), CONFIG, REGISTRIES)

    counts, errors = load(
        "- class_year: 2006\n  college: cs\n  count: 320\n- class_year: 2006\n  count: 100\n"
    )
    assert errors == [] and [(c.class_year, c.college, c.count) for c in counts] == [
        (2006, "cs", 320),
        (2006, None, 100),
    ]
    cases = {
        "- class_year: 2006\n  college: cs\n  count: 0\n": [(3, "invalid-count")],
        "- class_year: 2006\n  college: cs\n": [(1, "missing-count")],
        "- count: 5\n": [(1, "missing-class-year")],
        "- class_year: 06\n  count: 5\n": [(1, "invalid-class-year")],
        "- class_year: 2006\n  college: math\n  count: 5\n": [(2, "unknown-college")],
        "- class_year: 2006\n  count: 5\n- class_year: 2006\n  count: 6\n": [(3, "duplicate-graduates")],
        "class_year: 2006\n": [(1, "graduates-not-list")],
        "- 2006\n": [(1, "graduates-not-list")],
        "- class_year: 2006\n  count: 5\n  names: [张三]\n": [(3, "unknown-field")],
    }
    for text, expected in cases.items():
        assert [(e.line, e.key) for e in load(text)[1]] == expected, text
    assert load_graduates(str(tmp_path / "nowhere"), CONFIG) == ([], [])


def test_project_required_fields(tmp_path):
    text = "---\nname: 基金\n---\n"
    with pytest.raises(ContentErrors) as info:
        parse_project(text, "p.md", str(tmp_path / "fund.md"), str(tmp_path), REGISTRIES)
    assert [(e.line, e.key) for e in info.value.errors] == [(1, "missing-level"), (1, "missing-start")]
    school = "---\nname: 基金\nlevel: school\ncollege: cs\nstart: 2020-01-01\n---\n"
    with pytest.raises(ContentErrors) as info:
        parse_project(school, "p.md", str(tmp_path / "fund.md"), str(tmp_path), REGISTRIES)
    assert [(e.line, e.key) for e in info.value.errors] == [(4, "invalid-level")]


def test_disclosure_rule_for_hidden_amounts_and_anonymous_donors():
    """Hidden amounts are counted, never summed; anonymous gifts never reach college or class rows."""
    shown = BASE.replace("date: 2024-05-12", "date: 2024-05-12\n  show_amount: true")
    secret = BASE.replace("amount: 1000", "amount: 77777.77").replace(
        "date: 2024-05-12", "date: 2024-05-12\n  anonymous: true"
    )
    one_hidden = gifts(shown + shown.replace("张伟", "李娜") + secret)
    stats = statistics(one_hidden, list(PROJECTS.values()), [])
    assert stats.total == Figure(Decimal("2000"), 1) and stats.by_year == (
        (2024, Figure(Decimal("2000"), 1), 3),
    )
    assert stats.by_project[0] == ("fund", Figure(Decimal("2000"), 1))
    assert stats.by_college == (("cs", Figure(Decimal("2000"), 0), 2),)  # the anonymous gift is not in it
    assert [(r.class_year, r.total, r.alumni_donors) for r in stats.by_class_year] == [
        (2006, Figure(Decimal("2000"), 0), 2)
    ]
    made = progress(one_hidden)
    assert (made.total, made.hidden, made.gifts, made.percent(Decimal("100000"))) == (
        Decimal("2000"),
        1,
        3,
        2,
    )
    three_hidden = gifts(secret + secret.replace("77777.77", "5") + secret.replace("77777.77", "6"))
    assert (progress(three_hidden).total, progress(three_hidden).hidden) == (ZERO, 3)


def test_a_story_on_an_anonymous_gift_is_refused():
    text = BASE.replace("date: 2024-05-12", "date: 2024-05-12\n  anonymous: true\n  story: 2025/story")
    found, errors = parse_gift_file(text, "g.yml", PROJECTS, REGISTRIES, this_year=2026)
    assert found == [] and [(e.path, e.line, e.key) for e in errors] == [("g.yml", 11, "anonymous-story")]
    assert "story" in errors[0].message
    named = BASE.replace("date: 2024-05-12", "date: 2024-05-12\n  story: 2025/story")
    assert parse_gift_file(named, "g.yml", PROJECTS, REGISTRIES, this_year=2026)[1] == []
