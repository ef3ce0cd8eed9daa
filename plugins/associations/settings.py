"""The ``ASSOCIATIONS`` setting, ``MAP_APPROVAL_NUMBER`` and ``PROVINCE_MAP_APPROVAL_NUMBER``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    "associations_file": "data/associations.yml",
    "honours_file": "data/honours.yml",
    "awards": ("优秀校友会", "优秀校友工作者", "校友工作先进集体", "杰出校友"),
    "extra_awards": (),  # editors' additions, e.g. ("校友工作贡献奖",)
    "home_province": "山东省",  # the province whose every city should have an association
}


@dataclass(frozen=True)
class AssociationsConfig:
    associations_file: str
    honours_file: str
    awards: tuple[str, ...]
    home_province: str
    map_approval_number: str  # 审图号: without it no geographic map of China is drawn
    province_map_approval_number: str = ""  # 审图号 of the home-province map: without it, a schematic


def associations_config(
    user: Mapping[str, Any] | None, approval: str | None = None, province_approval: str | None = None
) -> AssociationsConfig:
    merged = merge_settings("ASSOCIATIONS", DEFAULTS, user)
    awards = tuple(dict.fromkeys(str(a) for a in (*merged["awards"], *merged["extra_awards"])))
    if not awards:
        raise SettingsError("ASSOCIATIONS", "'awards' 不能为空")
    return AssociationsConfig(
        associations_file=str(merged["associations_file"]),
        honours_file=str(merged["honours_file"]),
        awards=awards,
        home_province=str(merged["home_province"]),
        map_approval_number=str(approval or "").strip(),
        province_map_approval_number=str(province_approval or "").strip(),
    )
