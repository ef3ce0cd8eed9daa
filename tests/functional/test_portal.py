"""The portal sections of issue 24 in the shared fixture build: 校友服务, giving, media, about."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

SERVICES = ["信息登记", "返校预约", "校友卡", "校友邮箱", "证明查询", "终身学习", "招聘"]


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_services_page_and_home_grid_link_every_configured_entry(sample_site):
    page = soup(sample_site, "services/index.html")
    entries = page.select(".service-grid a.service-entry")
    assert [a.select_one(".service-name").get_text() for a in entries] == SERVICES
    hrefs = {a.select_one(".service-name").get_text(): a["href"] for a in entries}
    assert hrefs["招聘"] == "/jobs/" and hrefs["信息登记"] == "/about/register/"
    assert hrefs["返校预约"].startswith("https://")
    for a in entries:
        icon = a.select_one("img.service-icon")
        assert icon["alt"] == "" and re.fullmatch(
            r"/theme/img/services/[a-z]+\.[0-9a-f]{10}\.svg", icon["src"]
        )
        assert (sample_site / icon["src"].lstrip("/")).is_file()  # self-hosted
        if a["href"].startswith("https://"):
            assert a["rel"] == ["external", "noopener"]
        else:
            assert (sample_site / a["href"].lstrip("/") / "index.html").is_file()  # a page of this site
    home = soup(sample_site, "index.html")
    grid = [a.get_text(strip=True) for a in home.select(".home-services a.service-entry")]
    assert grid == SERVICES
    assert home.select_one(".home-services .more a")["href"] == "/services/"
