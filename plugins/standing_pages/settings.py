"""The ``STANDING_PAGES`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    "folder": "pages",  # under PATH; must equal PAGE_PATHS[0]
    # The university's secure form for 校友信息登记/更新: the static site collects nothing.
    "register_form": None,  # {"url": "https://…", "label": "…"}
    # 终身学习: each {"name", "provider", "url", "summary"}.
    "programmes": (),
    # 联系我们: a WeChat QR image (under PATH) and a map link shown as text.
    "contact": {},
}


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Programme:
    name: str
    provider: str
    url: str
    summary: str


@dataclass(frozen=True)
class StandingPagesConfig:
    folder: str
    register_form: Link | None
    programmes: tuple[Programme, ...]
    wechat_qr: str | None
    map_link: Link | None


def _https(name: str, url: Any) -> str:
    if not isinstance(url, str) or not url.startswith("https://"):
        raise SettingsError("STANDING_PAGES", f"{name} 的网址必须以 https:// 开头（现在是 {url!r}）")
    return url


def standing_pages_config(user: Mapping[str, Any] | None) -> StandingPagesConfig:
    merged = merge_settings("STANDING_PAGES", DEFAULTS, user)
    form = merged["register_form"]
    register_form = None
    if form is not None:
        register_form = Link(
            str(form.get("label") or "填写校友信息登记表"), _https("register_form", form.get("url"))
        )
    programmes = []
    for item in merged["programmes"]:
        unknown = sorted(set(item) - {"name", "provider", "url", "summary"})
        if unknown or not item.get("name"):
            raise SettingsError("STANDING_PAGES", f"programmes 的每一项都要有 name；未知的键 {unknown}")
        programmes.append(
            Programme(
                str(item["name"]),
                str(item.get("provider", "")),
                _https("programmes", item.get("url")),
                str(item.get("summary", "")),
            )
        )
    contact = dict(merged["contact"])
    unknown = sorted(set(contact) - {"wechat_qr", "map_url", "map_label"})
    if unknown:
        raise SettingsError(
            "STANDING_PAGES", f"contact 中有未知的键 {unknown}；可用：wechat_qr、map_url、map_label"
        )
    map_link = None
    if contact.get("map_url"):
        map_link = Link(
            str(contact.get("map_label") or "在地图上查看"), _https("contact", contact["map_url"])
        )
    return StandingPagesConfig(
        folder=str(merged["folder"]),
        register_form=register_form,
        programmes=tuple(programmes),
        wechat_qr=str(contact["wechat_qr"]).lstrip("/") if contact.get("wechat_qr") else None,
        map_link=map_link,
    )
