"""校友服务 entries: which are shown and whether their links are safe.

Pure (no Pelican import).  A link is either the university's secure form
(``https://`` only: alumni type personal data there) or a page of this site
written as its URL path (``jobs/``, ``about/register/``).  Nothing else is
accepted: no ``http://``, no ``javascript:``, no ``..``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_SITE_PATH = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*/?(#[a-z0-9-]+)?$")


@dataclass(frozen=True)
class ServiceEntry:
    id: str
    name: str
    summary: str
    icon: str  # theme/static/img/services/<icon>.svg
    url: str = ""  # "" = not shown

    @property
    def external(self) -> bool:
        return self.url.startswith("https://")


@dataclass(frozen=True)
class ServicesConfig:
    entries: tuple[ServiceEntry, ...]
    intro: str
    home_title: str

    @property
    def shown(self) -> tuple[ServiceEntry, ...]:
        """The entries with a link, in the configured order; the others are not shown."""
        return tuple(e for e in self.entries if e.url)


def check_link(url: object) -> str:
    """ "" when ``url`` is acceptable (empty included), else what is wrong, in Chinese."""
    if not isinstance(url, str):
        return f"应为文字网址，现在是 {type(url).__name__}"
    if not url:
        return ""
    if url.startswith("https://"):
        parts = urlsplit(url)
        if not parts.hostname or parts.username or parts.password or any(c.isspace() for c in url):
            return f"的网址 {url!r} 不完整或含有空格、用户名：请从浏览器地址栏复制完整的 https:// 网址"
        return ""
    if url.startswith("http://"):
        return f"的网址 {url!r} 不安全：校友要在表单里填写个人信息，只接受 https:// 开头的网址"
    if ".." in url or not _SITE_PATH.match(url):
        return (
            f"的网址 {url!r} 无效：外部表单写 https:// 开头的完整网址；"
            "本站页面写网址路径，例如 jobs/ 或 about/register/（不以 / 开头）"
        )
    return ""
