"""The ``CMS`` setting: defaults merged once into an immutable config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.common.settings import SettingsError, merge_settings

DEFAULTS: dict[str, Any] = {
    "enabled": True,  # write /admin/ (the web editor) into the site
    # Where the editor saves.  None: the local backend of `invoke cms` (decap-server on
    # 127.0.0.1:local_port, editing the working copy).  publishconf.py sets the university's
    # Gitea or GitLab, e.g. {"name": "gitlab", "repo": "xiaoyou/site", "branch": "main",
    # "base_url": "https://git.wfu.edu.cn", "api_root": "https://git.wfu.edu.cn/api/v4",
    # "auth_type": "pkce", "app_id": "…"}; see docs/开发说明.md.
    "backend": None,
    "local_port": 8081,
    # "editorial_workflow": every change waits for review (GitLab merge requests);
    # "simple": saving commits to the branch.
    "publish_mode": "simple",
    "vendor": "tools/cms/node_modules/decap-cms/dist",  # the npm package's files, from the repository root
}


@dataclass(frozen=True)
class CmsConfig:
    enabled: bool
    backend: Mapping[str, Any] | None
    local_port: int
    publish_mode: str
    vendor: str


def cms_config(user: Mapping[str, Any] | None) -> CmsConfig:
    """Merge ``CMS`` from the settings over :data:`DEFAULTS`, checking every key."""
    merged = merge_settings("CMS", DEFAULTS, user)
    backend = merged["backend"]
    if backend is not None and not (isinstance(backend, Mapping) and backend.get("name")):
        raise SettingsError(
            "CMS", "'backend' 应为 None（本地编辑）或写明 name 的字典，例如 {'name': 'gitlab', …}"
        )
    port = merged["local_port"]
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise SettingsError("CMS", "'local_port' 应为 1 到 65535 之间的端口号")
    if merged["publish_mode"] not in ("simple", "editorial_workflow"):
        raise SettingsError("CMS", "'publish_mode' 只能是 'simple' 或 'editorial_workflow'")
    return CmsConfig(
        enabled=bool(merged["enabled"]),
        backend=dict(backend) if backend else None,
        local_port=port,
        publish_mode=merged["publish_mode"],
        vendor=str(merged["vendor"]),
    )
