"""The ``DONATIONS`` setting: channels, recognition tiers and folders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    # (minimum yearly total in yuan, label), highest first; the last should start at 0.
    "tiers": ((100000, "10万元及以上"), (10000, "1万元至10万元"), (0, "1万元以下")),
    "projects_folder": "donors/projects",
    "gifts_folder": "donors/gifts",
    "graduates_file": "data/graduates.yml",
    "recent_count": 10,  # recent gifts on /donate/
    # How to give: shown on /donate/. Public channels of the education foundation only.
    "channels": {},
}
CHANNEL_KEYS = ("bank", "online", "post", "contact")


@dataclass(frozen=True)
class Tier:
    minimum: Decimal
    label: str


@dataclass(frozen=True)
class DonationsConfig:
    tiers: tuple[Tier, ...]
    projects_folder: str
    gifts_folder: str
    graduates_file: str
    recent_count: int
    channels: Mapping[str, Any]

    def tier_for(self, total: Decimal) -> Tier:
        return tier_for(self.tiers, total)


def tier_for(tiers: tuple[Tier, ...], total: Decimal) -> Tier:
    """The highest tier whose minimum ``total`` reaches (the lowest one otherwise)."""
    return next((tier for tier in tiers if total >= tier.minimum), tiers[-1])


def donations_config(user: Mapping[str, Any] | None) -> DonationsConfig:
    merged = merge_settings("DONATIONS", DEFAULTS, user)
    tiers = tuple(Tier(Decimal(str(minimum)), str(label)) for minimum, label in merged["tiers"])
    if not tiers or [t.minimum for t in tiers] != sorted((t.minimum for t in tiers), reverse=True):
        raise SettingsError("DONATIONS", "'tiers' 应为（最低年度金额, 名称）对的列表，金额从高到低")
    unknown = sorted(set(merged["channels"]) - set(CHANNEL_KEYS))
    if unknown:
        raise SettingsError("DONATIONS", f"'channels' 中未知的键 {unknown}；可用的键：{list(CHANNEL_KEYS)}")
    return DonationsConfig(
        tiers=tiers,
        projects_folder=str(merged["projects_folder"]),
        gifts_folder=str(merged["gifts_folder"]),
        graduates_file=str(merged["graduates_file"]),
        recent_count=int(merged["recent_count"]),
        channels=merged["channels"],
    )
