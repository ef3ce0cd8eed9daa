"""The ``ALUMNI_SERVICES`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

from .model import ServiceEntry, ServicesConfig, check_link

NAME = "ALUMNI_SERVICES"

# The seven services alumni look for, in the order the grid shows them. ``icon`` names
# theme/static/img/services/<icon>.svg (self-hosted). The links are the site's own:
# ``links`` in pelicanconf.py; an entry without a link is not shown.
ENTRIES: tuple[dict[str, str], ...] = (
    {"id": "register", "name": "信息登记", "summary": "登记或更新毕业去向与联系方式", "icon": "register"},
    {"id": "visit", "name": "返校预约", "summary": "预约返校参观、入校登记", "icon": "visit"},
    {"id": "card", "name": "校友卡", "summary": "申领校友卡，入校、借阅凭卡办理", "icon": "card"},
    {"id": "mail", "name": "校友邮箱", "summary": "申请终身校友邮箱", "icon": "mail"},
    {
        "id": "certificate",
        "name": "证明查询",
        "summary": "学历学位、成绩与在校证明查询",
        "icon": "certificate",
    },
    {"id": "learning", "name": "终身学习", "summary": "继续教育、讲座回放与图书馆资源", "icon": "learning"},
    {"id": "jobs", "name": "招聘", "summary": "校友企业招聘岗位", "icon": "jobs"},
)

DEFAULTS: dict[str, Any] = {
    # id -> link: "https://…" (the university's secure form) or a page of this site ("jobs/").
    "links": {},
    "intro": "校友办理常用事务的入口。表单由学校相关部门的系统提供，本网站不收集任何个人信息。",
    "home_title": "校友服务",
}


def alumni_services_config(user: Mapping[str, Any] | None) -> ServicesConfig:
    """Merge ``ALUMNI_SERVICES`` over :data:`DEFAULTS`; every link checked."""
    merged = merge_settings(NAME, DEFAULTS, user)
    links = merged["links"]
    if not isinstance(links, Mapping):
        raise SettingsError(NAME, "'links' 应为字典：{'register': 'https://…', 'jobs': 'jobs/'}")
    known = [e["id"] for e in ENTRIES]
    unknown = sorted(set(links) - set(known))
    if unknown:
        raise SettingsError(NAME, f"'links' 中有未知的服务 {unknown}；可用：{'、'.join(known)}")
    entries = []
    for entry in ENTRIES:
        url = links.get(entry["id"]) or ""
        problem = check_link(url)
        if problem:
            raise SettingsError(NAME, f"links['{entry['id']}']（{entry['name']}）{problem}")
        entries.append(ServiceEntry(url=url, **entry))
    return ServicesConfig(
        entries=tuple(entries), intro=str(merged["intro"]), home_title=str(merged["home_title"])
    )
