"""The publish guard: a real publication carries no sample content and full 备案 details.

The repository ships sample content (示例 names, sample QR codes, a 0000 bank
account, a placeholder emblem) so the site builds out of the box; publishing
that to the university's domain would be an embarrassment at best and a wrong
bank account at worst.  ``invoke build --publish`` (``PUBLISH = True``) therefore
refuses while any marker remains, naming the file and line or the setting, unless
``SITE_STAGING=1`` says this is a staging copy (then every page is ``noindex`` and
shows a 测试版 banner).  Pure: no Pelican import.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

from plugins.common.errors import ContentError, setting_line
from plugins.common.files import display_path
from plugins.common.placeholders import EXAMPLE_EMAIL

SAMPLE_WORD = "示例"
STAGING_VARIABLE = "SITE_STAGING"
# Settings whose text reaches readers; each is scanned for markers.
PUBLIC_SETTINGS = (
    "SITENAME",
    "SITE_DESCRIPTION",
    "SITE_IDENTITY",
    "FOOTER",
    "DONATIONS",
    "WECHAT",
    "ALUMNI_SERVICES",
    "ABOUT_ASSOCIATION",
)
CONTENT_SUFFIXES = (".md", ".yml", ".yaml")
_SAMPLE_IMAGE = re.compile(r"[\w./-]*\bsample[\w-]*\.(?:jpe?g|png|webp|gif|svg)", re.IGNORECASE)
_PLACEHOLDER_EMAIL = EXAMPLE_EMAIL  # one registry of placeholders (plugins.common.placeholders)
_ZERO_ACCOUNT = re.compile(r"0{4}[\s-]*0{4}")


def staging_requested(environ: Mapping[str, str] | None = None) -> bool:
    """``SITE_STAGING=1``: publish a staging copy (allowed with sample content).

    Raises ``ValueError`` for any other non-empty value, so a typo never
    publishes sample content silently.
    """
    value = (os.environ if environ is None else environ).get(STAGING_VARIABLE, "").strip()
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    raise ValueError(value)


def staging_error(environ: Mapping[str, str] | None = None) -> list[ContentError]:
    try:
        staging_requested(environ)
    except ValueError as exc:
        return [
            ContentError(
                STAGING_VARIABLE,
                0,
                "invalid-site-staging",
                f"环境变量 {STAGING_VARIABLE}=“{exc}”无效：测试版发布请写 {STAGING_VARIABLE}=1，正式发布请不设置",
            )
        ]
    return []


def publish_errors(settings: Mapping[str, Any], content_root: str, emblem: str = "") -> list[ContentError]:
    """Every reason the site may not be published yet, at its file and line or its setting."""
    errors = _setting_errors(settings)
    errors += _emblem_errors(emblem, content_root)
    errors += _content_errors(content_root)
    return errors


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)


def _setting_error(name: str, key: str, message: str) -> ContentError:
    return ContentError(
        "pelicanconf.py", setting_line(name), key, f"发布前请修改设置 {name}：{message}", name
    )


def _setting_errors(settings: Mapping[str, Any]) -> list[ContentError]:
    errors = []
    for name in PUBLIC_SETTINGS:
        texts = list(_strings(settings.get(name)))
        marked = [t for t in texts if SAMPLE_WORD in t]
        if marked:
            errors.append(_setting_error(name, "sample-marker", f"仍有示例内容“{marked[0]}”"))
        images = [m.group(0) for t in texts for m in _SAMPLE_IMAGE.finditer(t)]
        if images:
            errors.append(
                _setting_error(
                    name,
                    "sample-image",
                    f"仍在使用示例图片 {images[0]}（示例二维码、示例照片等）：请换成真实图片",
                )
            )
        emails = [m.group(0) for t in texts for m in _PLACEHOLDER_EMAIL.finditer(t)]
        if emails:
            errors.append(_setting_error(name, "placeholder-contact", f"邮箱 {emails[0]} 是占位地址"))
    bank = ((settings.get("DONATIONS") or {}).get("channels") or {}).get("bank") or {}
    account = str(bank.get("account", "")) if isinstance(bank, Mapping) else ""
    if account and (_ZERO_ACCOUNT.search(account) or set(re.sub(r"\D", "", account)) <= {"0"}):
        errors.append(
            _setting_error(
                "DONATIONS", "placeholder-account", f"银行账号“{account}”是占位账号：请填写基金会的真实账号"
            )
        )
    footer = settings.get("FOOTER") or {}
    required = (
        ("icp", "missing-icp", "ICP 备案号（FOOTER['icp']，例如 鲁ICP备XXXXXXXX号）不能为空"),
        (
            "police",
            "missing-police-filing",
            "公安备案号（FOOTER['police']，例如 鲁公网安备 XXXXXXXXXXXXXX号）不能为空",
        ),
    )
    for key, error_key, message in required:
        if not str(footer.get(key, "")).strip():
            errors.append(_setting_error("FOOTER", error_key, message))
    if not any(str(footer.get(k, "")).strip() for k in ("phone", "email")):
        errors.append(
            _setting_error(
                "FOOTER",
                "missing-site-contact",
                "网站联系方式（FOOTER['phone'] 或 FOOTER['email']）不能都为空",
            )
        )
    return errors


def _emblem_errors(emblem: str, content_root: str) -> list[ContentError]:
    if not emblem:
        return []
    placeholder = "placeholder" in os.path.basename(emblem).lower()
    if not placeholder and emblem.lower().endswith(".svg"):
        try:
            with open(os.path.join(content_root, emblem), encoding="utf-8") as handle:
                placeholder = "占位" in handle.read()
        except (OSError, UnicodeDecodeError):
            placeholder = False
    if not placeholder:
        return []
    return [
        _setting_error(
            "SITE_IDENTITY",
            "placeholder-emblem",
            f"标志 {emblem} 是占位图：请换成学校授权使用的标志（SITE_IDENTITY['emblem']）",
        )
    ]


def _content_errors(content_root: str) -> list[ContentError]:
    """One error per content file that still holds a marker, at its first line."""
    errors = []
    for folder, dirs, files in os.walk(content_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if name.startswith((".", "_")) or not name.endswith(CONTENT_SUFFIXES):
                continue
            source = os.path.join(folder, name)
            try:
                with open(source, encoding="utf-8") as handle:
                    lines = handle.read().splitlines()
            except (OSError, UnicodeDecodeError):
                continue  # unreadable files are reported by their section's loader
            path = display_path(source, content_root)
            found: dict[str, int] = {}
            for number, text in enumerate(lines, start=1):
                if SAMPLE_WORD in text:
                    found.setdefault("sample-marker", number)
                if _SAMPLE_IMAGE.search(text):
                    found.setdefault("sample-image", number)
                # Markdown files: the content guard reports each example address at its field
                # (plugins.site.guard), reading values, not the comments that show an example.
                if not name.endswith(".md") and _PLACEHOLDER_EMAIL.search(text):
                    found.setdefault("placeholder-contact", number)
            for key, number in found.items():
                count = sum(1 for t in lines if _MATCHERS[key](t))
                what = {
                    "sample-marker": "仍有“示例”字样",
                    "sample-image": "仍在使用示例图片",
                    "placeholder-contact": "仍有占位邮箱（example.…）",
                }[key]
                errors.append(
                    ContentError(
                        path,
                        number,
                        key,
                        f"{what}（共 {count} 行）：发布前请换成真实内容，或删除这个示例文件",
                    )
                )
    return errors


_MATCHERS = {
    "sample-marker": lambda t: SAMPLE_WORD in t,
    "sample-image": lambda t: bool(_SAMPLE_IMAGE.search(t)),
    "placeholder-contact": lambda t: bool(_PLACEHOLDER_EMAIL.search(t)),
}
