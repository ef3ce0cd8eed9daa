"""Associations and honours: YAML in, objects or errors out; coverage; maps."""

from __future__ import annotations

import re
from datetime import date

import pytest

from plugins.associations.divisions import Divisions
from plugins.associations.maps import (
    TILES,
    Region,
    china_map_svg,
    load_geodata,
    province_map_svg,
    tile_grid_svg,
)
from plugins.associations.model import by_province, coverage, parse_associations, parse_honours, summary
from plugins.associations.settings import associations_config
from plugins.common.registries import Registries

DIVISIONS = Divisions.load()
CONFIG = associations_config({"extra_awards": ("校友工作贡献奖",)})
REGISTRIES = Registries(colleges={"cs": "计算机工程学院"}, associations={"qingdao": "青岛校友会"},
                        achievements={"ai-platform-founder": "带领团队研发工业智能平台"})  # fmt: skip
QINGDAO = """- id: qingdao
  name: 潍坊学院青岛校友会
  type: regional
  province: 山东省
  city: 青岛市
  founded: 2023-11-18
  filing:
    date: 2023-11-28
    number: WFUXY-2023-R11
  officers:
    - role: 会长
      name: 郑强
  contact: qingdao@example.edu.cn
"""


def parse(text: str):
    return parse_associations(text, "content/data/associations.yml", DIVISIONS, REGISTRIES)


def keys(text: str) -> list[tuple[int, str]]:
    return [(e.line, e.key) for e in parse(text)[1]]


def test_divisions_are_current():
    shandong = DIVISIONS.provinces["山东省"]
    assert len(shandong) == 16 and "莱芜市" not in shandong and "济南市" in shandong
    assert len(DIVISIONS.provinces) == 34
    assert {"台湾省", "香港特别行政区", "澳门特别行政区"} <= set(DIVISIONS.provinces)
    assert (
        DIVISIONS.suggest_province("山东") == "山东省"
        and DIVISIONS.suggest_city("山东省", "青岛") == "青岛市"
    )
    assert Divisions.short("内蒙古自治区") == "内蒙古" and Divisions.short("香港特别行政区") == "香港"


def test_valid_association():
    [assoc], errors = parse(QINGDAO)
    assert errors == []
    assert (assoc.id, assoc.type, assoc.province, assoc.city, assoc.place) == (
        "qingdao",
        "regional",
        "山东省",
        "青岛市",
        "山东省青岛市",
    )
    assert assoc.filing.date == date(2023, 11, 28) and assoc.filing.number == "WFUXY-2023-R11"
    assert assoc.officers[0].role == "会长" and assoc.line == 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("type: regional", "type: city", [(3, "unknown-association-type")]),
        ("province: 山东省", "province: 山东", [(4, "unknown-province")]),
        ("city: 青岛市", "city: 莱芜市", [(5, "unknown-city")]),
        ("city: 青岛市", "city: 青岛", [(5, "unknown-city")]),
        ("  province: 山东省\n  city: 青岛市\n", "", [(3, "missing-city")]),
        ("id: qingdao", "id: 青岛", [(1, "invalid-id")]),
        ("name: 潍坊学院青岛校友会", "name:", [(2, "missing-name")]),
        ("founded: 2023-11-18", "founded: 2023年", [(6, "invalid-date")]),
        ("    number: WFUXY-2023-R11\n", "", [(8, "invalid-filing")]),
        ("      name: 郑强\n", "", [(11, "invalid-officers")]),
        ("contact: qingdao@example.edu.cn", "contact: 13905321234", [(13, "private-contact")]),
        ("contact: qingdao@example.edu.cn", "contact: zq@163.com", [(13, "private-contact")]),
        ("contact: qingdao@example.edu.cn", "wechat: zq123", [(13, "unknown-field")]),
        ("contact: qingdao@example.edu.cn", "charter: 章程.pdf", [(13, "invalid-charter")]),
        # protocol-relative and backslash forms are other hosts, not site paths (plugins.common.urlpolicy)
        ("contact: qingdao@example.edu.cn", "charter: //evil.example/charter.pdf", [(13, "invalid-charter")]),
        ("contact: qingdao@example.edu.cn", "charter: /\\evil.example/x.pdf", [(13, "invalid-charter")]),
        ("contact: qingdao@example.edu.cn", "charter: 'javascript:alert(1)'", [(13, "invalid-charter")]),
        ("contact: qingdao@example.edu.cn", "charter: https:///x.pdf", [(13, "invalid-charter")]),
        ("contact: qingdao@example.edu.cn", "status: 筹建", [(13, "invalid-association-status")]),
    ],
)
def test_association_errors(old, new, expected):
    assert old in QINGDAO
    assert keys(QINGDAO.replace(old, new, 1)) == expected


def test_messages_suggest_the_official_name():
    [error] = parse(QINGDAO.replace("city: 青岛市", "city: 青岛"))[1]
    assert "山东省没有“青岛”，是不是“青岛市”？" in error.message
    [error] = parse(QINGDAO.replace("province: 山东省", "province: 山东"))[1]
    assert "是不是“山东省”" in error.message


def test_type_specific_rules_and_duplicates():
    college = "- id: cs-alumni\n  name: 计算机校友分会\n  type: college\n"
    assert keys(college) == [(1, "missing-college")]
    assert keys(college + "  college: math\n") == [(4, "unknown-college")]
    assert keys("- id: it\n  name: IT校友会\n  type: industry\n") == [(1, "missing-industry")]
    assert keys("- id: au\n  name: 澳洲校友会\n  type: regional\n  country: 澳大利亚\n") == []
    assert keys(QINGDAO + QINGDAO.replace("name: 潍坊学院青岛校友会", "name: 另一个")) == [
        (14, "duplicate-id")
    ]
    assert keys("id: x\n") == [(1, "not-a-list")]


def test_honours():
    text = """- year: 2025
  award: 优秀校友会
  recipient: 潍坊学院青岛校友会
  association: qingdao
- year: 2024
  award: 杰出校友
  recipient: 李明
  college: cs
  achievement: ai-platform-founder
- year: 2026
  award: 校友工作贡献奖
  recipient: 某某
"""
    honours, errors = parse_honours(text, "h.yml", CONFIG, REGISTRIES, this_year=2026)
    assert errors == [] and [h.line for h in honours] == [1, 5, 10]
    cases = {
        ("award: 优秀校友会", "award: 最佳校友会"): (2, "unknown-award"),
        ("association: qingdao", "association: jinan"): (4, "unknown-association"),
        ("college: cs", "college: math"): (8, "unknown-college"),
        ("achievement: ai-platform-founder", "achievement: nobody"): (9, "unknown-achievement"),
        ("year: 2025", "year: 2030"): (1, "invalid-year"),
        ("  recipient: 潍坊学院青岛校友会\n", ""): (1, "missing-recipient"),
        ("  association: qingdao\n", "  association: qingdao\n  phone: 13900000000\n"): (5, "unknown-field"),
    }
    for (old, new), expected in cases.items():
        assert old in text
        _, errors = parse_honours(text.replace(old, new, 1), "h.yml", CONFIG, REGISTRIES, this_year=2026)
        assert [(e.line, e.key) for e in errors] == [expected], old


def test_coverage_and_grouping():
    text = (
        QINGDAO
        + QINGDAO.replace("id: qingdao", "id: qd2").replace("name: 潍坊学院青岛校友会", "name: 第二个")
        + (
            "- id: rizhao\n  name: 日照校友会（筹）\n  type: regional\n  province: 山东省\n  city: 日照市\n  status: preparing\n"
            "- id: beijing\n  name: 北京校友会\n  type: regional\n  province: 北京市\n  city: 北京市\n"
            "- id: au\n  name: 澳洲校友会\n  type: regional\n  country: 澳大利亚\n"
        )
    )
    associations, errors = parse(text)
    assert errors == []
    cov = coverage(associations, "山东省", DIVISIONS)
    assert len(cov.cities) == 16
    assert [c.name for c in cov.covered] == ["青岛市"] and len(cov.covered[0].associations) == 2
    assert [c.name for c in cov.preparing] == ["日照市"] and len(cov.uncovered) == 14
    groups = by_province(associations, "山东省", list(DIVISIONS.provinces))
    assert [p for p, _ in groups] == ["山东省", "北京市", "海外"]
    figures = summary(associations)
    assert figures["total"] == 5 and figures["filed"] == 2 and figures["preparing"] == 1


def test_province_map_has_16_named_cities_and_links_only_covered_ones():
    geodata = load_geodata("shandong")
    assert len(geodata["cities"]) == 16
    regions = {"青岛市": Region("covered", "/associations/qingdao/", "青岛市：青岛校友会")}
    with pytest.raises(ValueError):  # boundaries need a 审图号
        province_map_svg(geodata, regions, "标题", "说明", "")
    svg = province_map_svg(geodata, regions, "标题", "说明", "鲁SG（2026）001号")
    assert "审图号：鲁SG（2026）001号" in svg
    assert len(svg.encode()) < 60 * 1024
    assert svg.count("<path") == 16
    assert re.findall(r'<a href="([^"]+)"', svg) == ["/associations/qingdao/"]
    for name in DIVISIONS.provinces["山东省"]:
        assert f"<title>{name}：" in svg
    assert "<title>济南市：暂无校友会</title>" in svg


def test_tile_grid_has_all_34_divisions_and_no_geography():
    assert set(TILES) == set(DIVISIONS.provinces)
    assert len(set(TILES.values())) == 34  # no two tiles overlap
    svg = tile_grid_svg(
        {"北京市": Region("covered", "/associations/#province-北京市", "北京市：1 个校友会")}, "全国", "示意"
    )
    assert svg.count("<rect") == 34 and "<path" not in svg
    assert ">台湾</text>" in svg and ">香港</text>" in svg and ">澳门</text>" in svg


def test_province_schematic_has_16_tiles_and_no_geography():
    from plugins.associations.maps import PROVINCE_TILES

    tiles = PROVINCE_TILES["山东省"]
    assert set(tiles) == set(DIVISIONS.provinces["山东省"])
    assert len(set(tiles.values())) == 16  # no two tiles overlap
    svg = tile_grid_svg(
        {"青岛市": Region("covered", "/associations/qingdao/", "青岛市：青岛校友会")},
        "山东",
        "示意",
        tiles=tiles,
        kind="province",
    )
    assert svg.count("<rect") == 16 and "<path" not in svg and 'class="map map-province"' in svg
    assert re.findall(r'<a href="([^"]+)"', svg) == ["/associations/qingdao/"]


def test_geographic_china_map_only_with_an_approval_number():
    geodata = load_geodata("china")
    with pytest.raises(ValueError):
        china_map_svg(geodata, {}, "全国", "")
    svg = china_map_svg(geodata, {}, "全国", "GS（2026）1234号")
    assert svg.count("<path") == 35 and "审图号：GS（2026）1234号" in svg


def test_map_labels_do_not_collide():
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("make_maps", ROOT / "tools" / "make_maps.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    cities = load_geodata("shandong")["cities"]
    assert tool.label_collisions(cities) == []
    # the check does detect an overlap
    moved = [dict(cities[0]), dict(cities[1], label=cities[0]["label"])]
    assert tool.label_collisions(moved) == [(cities[0]["name"], cities[1]["name"])]


def test_honours_by_year_and_award_lists_each_honour_once_in_award_order():
    from plugins.associations.model import Honour, honours_by_year_and_award

    def h(year, award, who, line):
        return Honour(year, award, who, None, None, None, None, line)

    honours = [
        h(2024, "杰出校友", "甲", 1),
        h(2025, "优秀校友会", "乙", 2),
        h(2024, "优秀校友会", "丙", 3),
        h(2024, "杰出校友", "丁", 4),
    ]
    grouped = honours_by_year_and_award(honours, ("优秀校友会", "杰出校友"))
    assert [
        (year, [(award, [x.recipient for x in items]) for award, items in groups]) for year, groups in grouped
    ] == [
        (2025, [("优秀校友会", ["乙"])]),
        (2024, [("优秀校友会", ["丙"]), ("杰出校友", ["甲", "丁"])]),
    ]
    assert sum(len(items) for _, groups in grouped for _, items in groups) == len(honours)
