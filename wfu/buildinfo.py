"""``build-info.json``: what a deploy needs to know about the build it uploads.

``invoke deploy`` refuses an output that was not built with ``--publish``
(relative URLs, no lock check); it reads that here instead of guessing from
the HTML.  The build id names the server release folder.  The file is public
and harmless: a build id, two flags, the site URL and a time.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime

BUILD_INFO_FILE = "build-info.json"  # default of BUILD_INFO_SAVE_AS
BUILD_ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$")  # also a folder name on the server

DEFAULTS = {"PUBLISH": False, "BUILD_INFO_SAVE_AS": BUILD_INFO_FILE}  # publishconf.py sets PUBLISH = True


class BuildInfoError(ValueError):
    """``build-info.json`` is missing or unreadable: the folder is not a finished build."""


def new_build_id(now: datetime) -> str:
    """Sortable by time (releases are pruned oldest first), unique by a random suffix."""
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def write_build_info(
    output: str, settings: Mapping, now: datetime | None = None, staging: bool = False
) -> dict:
    """Write ``build-info.json`` into ``output`` and return its content.

    ``staging``: a staging publish (``SITE_STAGING=1``).  ``invoke deploy`` sends
    it only to a target marked ``"staging": True`` and ``lock-urls`` leaves the
    locks alone: a test article must never become a URL the real site owes.
    """
    now = now or datetime.now(UTC)
    info = {
        "build_id": new_build_id(now),
        "publish": bool(settings.get("PUBLISH", DEFAULTS["PUBLISH"])),
        "staging": bool(staging),
        "siteurl": settings.get("SITEURL", ""),
        "built_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    save_as = settings.get("BUILD_INFO_SAVE_AS", DEFAULTS["BUILD_INFO_SAVE_AS"])
    with open(os.path.join(output, save_as), "w", encoding="utf-8") as handle:
        json.dump(info, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    return info


def read_build_info(output: str, save_as: str = BUILD_INFO_FILE) -> dict:
    path = os.path.join(output, save_as)
    try:
        with open(path, encoding="utf-8") as handle:
            info = json.load(handle)
    except FileNotFoundError:
        raise BuildInfoError(
            f"{path}: 没有找到构建信息：请先运行 invoke build --publish [build-info-missing]"
        ) from None
    except (OSError, ValueError) as exc:
        raise BuildInfoError(
            f"{path}: 构建信息无法读取（{exc}）：请重新运行 invoke build --publish [build-info-invalid]"
        ) from None
    if (
        not isinstance(info, dict)
        or not BUILD_ID.match(str(info.get("build_id")))
        or not isinstance(info.get("publish"), bool)
        or not isinstance(info.get("staging"), bool)  # fail closed: an older build may be a staging one
    ):
        raise BuildInfoError(
            f"{path}: 构建信息不完整：请重新运行 invoke build --publish [build-info-invalid]"
        )
    return info
