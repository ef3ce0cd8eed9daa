"""The ``DONATIONS`` setting: channels, recognition tiers and folders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
    # Giving from a phone (issue 24): amounts suggested beside the payment codes (a project's
    # ``amounts:`` replaces them) and what happens after a gift. The site collects nothing.
    "preset_amounts": (100, 500, 1000, 5000),
    "after_giving": {},  # {"receipt": "…", "certificate": "…", "contact": "…"}
}
CHANNEL_KEYS = ("bank", "online", "post", "contact")
ONLINE_KEYS = ("label", "image", "alt", "hint")
AFTER_KEYS = ("receipt", "certificate", "contact")


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
    preset_amounts: tuple[int, ...] = (100, 500, 1000, 5000)
    after_giving: Mapping[str, str] = field(default_factory=dict)

    def tier_for(self, total: Decimal) -> Tier:
        return tier_for(self.tiers, total)


def tier_for(tiers: tuple[Tier, ...], total: Decimal) -> Tier:
    """The highest tier whose minimum ``total`` reaches (the lowest one otherwise)."""
    return next((tier for tier in tiers if total >= tier.minimum), tiers[-1])


# Preset amounts: one rule for DONATIONS["preset_amounts"] and a project's `amounts:` (the model imports it).
MAX_PRESET_AMOUNTS = 6


def preset_amounts_problem(value: object) -> str:
    """ "" when ``value`` is a short list of whole yuan amounts, else what to write instead."""
    example = "请写成 amounts: [100, 500, 1000]（整数元，最多 6 个，从小到大）"
    if not isinstance(value, (list, tuple)) or not value or len(value) > MAX_PRESET_AMOUNTS:
        return f"预设金额格式不对：{example}"
    if any(isinstance(v, bool) or not isinstance(v, int) or not 0 < v <= 10_000_000 for v in value):
        return f"预设金额只能是 1 到 10000000 之间的整数：{example}"
    if list(value) != sorted(set(value)):
        return f"预设金额要从小到大、不重复：{example}"
    return ""


def donations_config(user: Mapping[str, Any] | None) -> DonationsConfig:
    merged = merge_settings("DONATIONS", DEFAULTS, user)
    tiers = tuple(Tier(Decimal(str(minimum)), str(label)) for minimum, label in merged["tiers"])
    if not tiers or [t.minimum for t in tiers] != sorted((t.minimum for t in tiers), reverse=True):
        raise SettingsError("DONATIONS", "'tiers' 应为（最低年度金额, 名称）对的列表，金额从高到低")
    unknown = sorted(set(merged["channels"]) - set(CHANNEL_KEYS))
    if unknown:
        raise SettingsError("DONATIONS", f"'channels' 中未知的键 {unknown}；可用的键：{list(CHANNEL_KEYS)}")
    for channel in merged["channels"].get("online", ()):
        if not isinstance(channel, Mapping) or not channel.get("image") or set(channel) - set(ONLINE_KEYS):
            raise SettingsError(
                "DONATIONS",
                f"'channels' 的 online 每一项都要有 image（收款码图片），可用的键：{list(ONLINE_KEYS)}",
            )
    problem = preset_amounts_problem(merged["preset_amounts"])
    if problem:
        raise SettingsError("DONATIONS", f"'preset_amounts' {problem}")
    after = merged["after_giving"]
    if not isinstance(after, Mapping) or set(after) - set(AFTER_KEYS):
        raise SettingsError("DONATIONS", f"'after_giving' 应为字典，可用的键：{list(AFTER_KEYS)}")
    return DonationsConfig(
        preset_amounts=tuple(merged["preset_amounts"]),
        after_giving={k: str(v) for k, v in after.items() if v},
        tiers=tiers,
        projects_folder=str(merged["projects_folder"]),
        gifts_folder=str(merged["gifts_folder"]),
        graduates_file=str(merged["graduates_file"]),
        recent_count=int(merged["recent_count"]),
        channels=merged["channels"],
    )
