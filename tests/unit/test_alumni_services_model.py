"""校友服务 settings and links (plugins/alumni_services): table-driven, no build."""

from __future__ import annotations

import pytest

from plugins.alumni_services.model import check_link
from plugins.alumni_services.settings import ENTRIES, alumni_services_config
from plugins.common.settings import SettingsError


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://xiaoyou.wfu.edu.cn/register/",
        "https://mail.wfu.edu.cn/?a=1#x",
        "jobs/",
        "about/register/",
        "jobs",
    ],
)
def test_acceptable_links(url):
    assert check_link(url) == ""


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://xiaoyou.wfu.edu.cn/register/", "只接受 https://"),
        ("javascript:alert(1)", "无效"),
        ("/jobs/", "不以 / 开头"),
        ("//evil.example/x", "无效"),
        ("../secret/", "无效"),
        ("about/../../x", "无效"),
        ("https://", "不完整"),
        ("https://user:pw@example.com/", "用户名"),
        ("https://example.com/a b", "空格"),
        ("data:text/html,x", "无效"),
        (42, "应为文字网址"),
    ],
)
def test_refused_links_say_why(url, says):
    assert says in check_link(url)


def test_entries_without_a_link_are_not_shown_and_keep_their_order():
    config = alumni_services_config({"links": {"jobs": "jobs/", "register": "https://x.wfu.edu.cn/r/"}})
    assert [e.id for e in config.entries] == [e["id"] for e in ENTRIES]  # all seven are known
    assert [(e.name, e.url, e.external) for e in config.shown] == [
        ("信息登记", "https://x.wfu.edu.cn/r/", True),
        ("招聘", "jobs/", False),
    ]
    assert alumni_services_config(None).shown == ()  # nothing configured: no grid, no page
    assert alumni_services_config({"links": {"card": ""}}).shown == ()


@pytest.mark.parametrize(
    ("user", "says"),
    [
        ({"links": {"alumni-card": "https://x.cn/"}}, "未知的服务 ['alumni-card']"),
        ({"links": {"visit": "http://x.cn/"}}, "links['visit']（返校预约）"),
        ({"links": ["jobs/"]}, "'links' 应为字典"),
        ({"link": {}}, "未知的键"),
    ],
)
def test_setting_errors_name_the_setting(user, says):
    with pytest.raises(SettingsError) as raised:
        alumni_services_config(user)
    (error,) = raised.value.errors
    assert error.path == "pelicanconf.py" and error.key == "invalid-setting"
    assert "ALUMNI_SERVICES" in error.message and says in error.message


def test_every_entry_has_a_self_hosted_icon():
    from pathlib import Path

    icons = Path(__file__).resolve().parents[2] / "theme" / "static" / "img" / "services"
    for entry in ENTRIES:
        svg = (icons / f"{entry['icon']}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "http://www.w3.org/2000/svg" in svg and "href" not in svg
